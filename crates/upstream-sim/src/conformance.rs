//! The integrator's host conformance kit, served next to the demo page.
//!
//! `GET /conformance/` serves `public/conformance/index.html` of the repository with the
//! adapter origin and URLs filled in, `/conformance/kit.js` and `/conformance/kit.css` its
//! assets, and `/conformance/host-contract.schema.json` the repository's
//! `docs/host-contract.schema.json` itself, so the kit always checks against the committed
//! contract. Served by the simulator, the kit has the demo page's origin (one the gateway
//! allows) and reaches the simulators' HTTP endpoints on its own origin; it gets the same
//! strict `Content-Security-Policy` as the demo page.

use axum::Router;
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use protocol::host::AdapterKind;

use crate::config::SimConfig;
use crate::demo::{adapter_url, asset, escape_html, html_response};

const PAGE_TEMPLATE: &str = include_str!("../../../public/conformance/index.html");
const SCRIPT: &str = include_str!("../../../public/conformance/kit.js");
const STYLESHEET: &str = include_str!("../../../public/conformance/kit.css");
const SCHEMA: &str = include_str!("../../../docs/host-contract.schema.json");

/// The rendered kit page and the policy it is served with.
#[derive(Clone, Debug)]
pub struct ConformancePage {
    html: String,
    content_security_policy: String,
}

impl ConformancePage {
    /// Renders the kit for the adapters at `config.adapter_base_url`.
    pub fn new(config: &SimConfig) -> Self {
        let origin = config.adapter_origin();
        let call = adapter_url(&config.adapter_base_url, AdapterKind::Call);
        let chat = adapter_url(&config.adapter_base_url, AdapterKind::Chat);
        let html = PAGE_TEMPLATE
            .replace("{{ADAPTER_ORIGIN}}", &escape_html(&origin))
            .replace("{{CALL_ADAPTER_URL}}", &escape_html(call.as_str()))
            .replace("{{CHAT_ADAPTER_URL}}", &escape_html(chat.as_str()));
        let content_security_policy = format!(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; frame-src {origin}; base-uri 'none'; form-action 'none'; \
             frame-ancestors 'none'"
        );
        Self {
            html,
            content_security_policy,
        }
    }

    /// The page's HTML.
    pub fn html(&self) -> &str {
        &self.html
    }

    /// The `Content-Security-Policy` the page is served with.
    pub fn content_security_policy(&self) -> &str {
        &self.content_security_policy
    }
}

/// The kit page, its assets and the schema, under `/conformance/`.
pub fn router(page: ConformancePage) -> Router {
    let page = std::sync::Arc::new(page);
    Router::new()
        .route(
            "/conformance",
            get(|| async { Redirect::permanent("/conformance/") }),
        )
        .route(
            "/conformance/",
            get(move || {
                let page = page.clone();
                async move { html_response(page.html(), page.content_security_policy()) }
            }),
        )
        .route(
            "/conformance/kit.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/conformance/kit.css",
            get(|| async { asset("text/css; charset=utf-8", STYLESHEET) }),
        )
        .route("/conformance/host-contract.schema.json", get(schema))
}

async fn schema() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/schema+json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        SCHEMA,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use reqwest::Url;

    use super::*;

    fn config() -> SimConfig {
        let mut config = SimConfig::new(Url::parse("http://127.0.0.1:8700").expect("URL parses"));
        config.adapter_base_url = Url::parse("http://adapter.test:9000/").expect("URL parses");
        config
    }

    #[test]
    fn the_kit_names_the_adapter_origin_and_both_adapter_urls() {
        let page = ConformancePage::new(&config());
        assert!(
            page.html()
                .contains(r#"data-adapter-origin="http://adapter.test:9000""#)
        );
        assert!(page.html().contains(
            r#"data-call-url="http://adapter.test:9000/agent/?type=call&amp;from=custom""#
        ));
        assert!(page.html().contains(
            r#"data-chat-url="http://adapter.test:9000/agent/?type=chat&amp;from=custom""#
        ));
        assert!(!page.html().contains("{{"), "every placeholder is filled");
    }

    #[test]
    fn the_kit_runs_no_inline_script_and_frames_only_the_adapter_origin() {
        let page = ConformancePage::new(&config());
        let policy = page.content_security_policy();
        assert!(policy.contains("script-src 'self';"), "{policy}");
        assert!(
            policy.contains("frame-src http://adapter.test:9000;"),
            "{policy}"
        );
        assert!(!policy.contains("unsafe"), "{policy}");
        assert!(!page.html().contains("<script>"), "no inline script");
        assert!(!page.html().contains("style="), "no inline style");
        assert!(!SCRIPT.contains("eval("), "no eval");
    }

    #[test]
    fn the_served_schema_is_the_committed_contract() {
        let schema: serde_json::Value = serde_json::from_str(SCHEMA).expect("the schema is JSON");
        assert!(schema["$defs"]["HostMessage"]["oneOf"].is_array());
    }
}
