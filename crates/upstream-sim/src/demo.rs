//! The demo CRM host page: what a customer's CRM looks like with both adapters embedded.
//!
//! `GET /` serves the page (`GET /?lang=en|fr` with adapters in that language), `GET /demo.js`, `/demo.css` and `/favicon.svg` its assets. The page
//! has no inline script or style, and is served with a strict `Content-Security-Policy` that
//! proves it: scripts, styles and fetches from its own origin only, frames from the adapter
//! origin only. Integrators copy `assets/demo.js` as the reference host listener.

use axum::Router;
use axum::extract::Query;
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use protocol::host::AdapterKind;
use reqwest::Url;

use crate::config::{SimConfig, url_with_segments};

const PAGE_TEMPLATE: &str = include_str!("../assets/demo.html");
const SCRIPT: &str = include_str!("../assets/demo.js");
const STYLESHEET: &str = include_str!("../assets/demo.css");
const FAVICON: &str = include_str!("../assets/favicon.svg");

/// The languages the adapters can be asked for with the page's `?lang=`.
pub const LANGUAGES: [&str; 2] = ["en", "fr"];

/// The rendered demo page and the headers it is served with.
#[derive(Clone, Debug)]
pub struct DemoPage {
    html: String,
    /// The page with adapters in each of [`LANGUAGES`], in that order.
    localized: Vec<String>,
    content_security_policy: String,
}

/// The page with adapters that speak `lang` (`None`: the agent's browser language).
fn render(config: &SimConfig, lang: Option<&str>) -> String {
    let adapter = |kind| {
        let mut url = adapter_url(&config.adapter_base_url, kind);
        if let Some(lang) = lang {
            url.query_pairs_mut().append_pair("lang", lang);
        }
        escape_html(url.as_str())
    };
    PAGE_TEMPLATE
        .replace("{{ADAPTER_ORIGIN}}", &escape_html(&config.adapter_origin()))
        .replace("{{CALL_ADAPTER_URL}}", &adapter(AdapterKind::Call))
        .replace("{{CHAT_ADAPTER_URL}}", &adapter(AdapterKind::Chat))
        .replace("{{SUPERVISOR_URL}}", &adapter(AdapterKind::Supervisor))
}

impl DemoPage {
    /// Renders the page for the adapters at `config.adapter_base_url`.
    pub fn new(config: &SimConfig) -> Self {
        let origin = config.adapter_origin();
        let html = render(config, None);
        let localized = LANGUAGES
            .iter()
            .map(|lang| render(config, Some(lang)))
            .collect();
        let content_security_policy = format!(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; frame-src {origin} 'self'; base-uri 'none'; form-action 'none'; \
             frame-ancestors 'none'"
        );
        Self {
            html,
            localized,
            content_security_policy,
        }
    }

    /// The page's HTML.
    pub fn html(&self) -> &str {
        &self.html
    }

    /// The page's HTML with adapters in `lang` (one of [`LANGUAGES`]; any other value gets
    /// the page without a language).
    pub fn html_in(&self, lang: Option<&str>) -> &str {
        lang.and_then(|lang| LANGUAGES.iter().position(|known| *known == lang))
            .map_or(&self.html, |index| &self.localized[index])
    }

    /// The `Content-Security-Policy` the page is served with.
    pub fn content_security_policy(&self) -> &str {
        &self.content_security_policy
    }
}

/// `{base}/agent/?type={kind}&from=custom`: where an adapter of `kind` is embedded from.
pub fn adapter_url(base: &Url, kind: AdapterKind) -> Url {
    let mut url = url_with_segments(base, &["agent", ""]);
    url.query_pairs_mut()
        .append_pair("type", kind.as_str())
        .append_pair("from", "custom");
    url
}

/// Escapes text for an HTML text node or a double-quoted attribute.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The demo page's query string.
#[derive(Debug, Default, serde::Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

/// The page and its assets.
pub fn router(page: DemoPage) -> Router {
    let page = std::sync::Arc::new(page);
    Router::new()
        .route(
            "/",
            get(move |Query(query): Query<LangQuery>| {
                let page = page.clone();
                async move {
                    html_response(
                        page.html_in(query.lang.as_deref()),
                        page.content_security_policy(),
                    )
                }
            }),
        )
        .route(
            "/demo.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/demo.css",
            get(|| async { asset("text/css; charset=utf-8", STYLESHEET) }),
        )
        .route(
            "/favicon.svg",
            get(|| async { asset("image/svg+xml", FAVICON) }),
        )
}

/// A host page (`html`) with its `Content-Security-Policy` and the headers every host page of
/// the simulator gets.
pub(crate) fn html_response(html: &str, content_security_policy: &str) -> Response {
    let csp = HeaderValue::from_str(content_security_policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"));
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CONTENT_SECURITY_POLICY, csp),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            // The adapter learns who embeds it from `location.ancestorOrigins`, or from the
            // referrer where that does not exist: keep the origin in cross-origin referrers.
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ),
        ],
        html.to_owned(),
    )
        .into_response()
}

/// A static asset of a host page.
pub(crate) fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("test URL parses")
    }

    #[test]
    fn adapter_urls_carry_the_type_and_from_parameters() {
        let base = url("http://127.0.0.1:8700");
        assert_eq!(
            adapter_url(&base, AdapterKind::Call).as_str(),
            "http://127.0.0.1:8700/agent/?type=call&from=custom"
        );
        assert_eq!(
            adapter_url(&base, AdapterKind::Chat).as_str(),
            "http://127.0.0.1:8700/agent/?type=chat&from=custom"
        );
    }

    #[test]
    fn adapter_urls_keep_a_base_path() {
        let base = url("https://cc.example.com/tenant-a/");
        assert_eq!(
            adapter_url(&base, AdapterKind::Call).as_str(),
            "https://cc.example.com/tenant-a/agent/?type=call&from=custom"
        );
    }

    #[test]
    fn the_page_asked_in_french_embeds_french_adapters() {
        let mut config = SimConfig::new(url("http://127.0.0.1:8700"));
        config.adapter_base_url = url("http://adapter.test:9000/");
        let page = DemoPage::new(&config);
        let french = page.html_in(Some("fr"));
        assert!(french.contains(
            r#"src="http://adapter.test:9000/agent/?type=call&amp;from=custom&amp;lang=fr""#
        ));
        assert!(french.contains(
            r#"src="http://adapter.test:9000/agent/?type=chat&amp;from=custom&amp;lang=fr""#
        ));
    }

    #[test]
    fn an_unknown_page_language_gets_the_page_without_one() {
        let page = DemoPage::new(&SimConfig::new(url("http://127.0.0.1:8700")));
        assert_eq!(page.html_in(Some("<script>")), page.html());
        assert_eq!(page.html_in(None), page.html());
        assert!(!page.html().contains("&amp;lang="));
    }

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(escape_html(r#"a&b<c>"d'"#), "a&amp;b&lt;c&gt;&quot;d&#39;");
    }

    #[test]
    fn the_page_names_the_adapter_origin_and_embeds_both_adapters() {
        let mut config = SimConfig::new(url("http://127.0.0.1:8700"));
        config.adapter_base_url = url("http://adapter.test:9000/");
        let page = DemoPage::new(&config);
        assert!(
            page.html()
                .contains(r#"data-adapter-origin="http://adapter.test:9000""#)
        );
        assert!(
            page.html()
                .contains(r#"src="http://adapter.test:9000/agent/?type=call&amp;from=custom""#)
        );
        assert!(
            page.html()
                .contains(r#"src="http://adapter.test:9000/agent/?type=chat&amp;from=custom""#)
        );
        assert!(!page.html().contains("{{"), "every placeholder is filled");
    }

    #[test]
    fn the_policy_allows_frames_from_the_adapter_origin_only() {
        let mut config = SimConfig::new(url("http://127.0.0.1:8700"));
        config.adapter_base_url = url("http://adapter.test:9000/x/");
        let policy = DemoPage::new(&config).content_security_policy().to_owned();
        assert!(
            policy.contains("frame-src http://adapter.test:9000 'self';"),
            "{policy}"
        );
        assert!(policy.contains("script-src 'self';"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }
}
