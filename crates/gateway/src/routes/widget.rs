//! Serves the built widget at `/agent/` with the headers that pin who may frame it.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tower_http::services::ServeDir;

use crate::error::ApiError;
use crate::state::AppState;

/// `/agent` and everything under `/agent/`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/agent", get(|| async { Redirect::permanent("/agent/") }))
        .route(
            "/",
            get(|| async { Redirect::temporary("/agent/?type=call&from=custom") }),
        )
        .route("/agent/", get(serve_widget))
        .route("/agent/{*path}", get(serve_widget))
}

/// The Content-Security-Policy of every widget response: only the allowed origins may frame
/// it; scripts, styles, connections and images come from the gateway itself; WebAssembly may
/// be compiled (`'wasm-unsafe-eval'`); and of inline scripts only those of the built page,
/// pinned by their SHA-256 (`inline_script_hashes`: trunk's one-line loader), may run.
pub fn content_security_policy(
    allowed_origins: &[String],
    inline_script_hashes: &[String],
) -> String {
    let ancestors = if allowed_origins.is_empty() {
        "'none'".to_owned()
    } else {
        allowed_origins.join(" ")
    };
    let hashes: String = inline_script_hashes
        .iter()
        .map(|hash| format!(" 'sha256-{hash}'"))
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self'; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
         frame-ancestors {ancestors}; object-src 'none'; base-uri 'self'; form-action 'none'"
    )
}

/// The base64 SHA-256 of the text of every inline `<script>` (one without `src`) of `html`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body_and_rest = &after[open_end + 1..];
        let Some(close) = body_and_rest.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body_and_rest.as_bytes()[..close]);
            hashes.push(base64::engine::general_purpose::STANDARD.encode(digest));
        }
        rest = &body_and_rest[close + "</script>".len()..];
    }
    hashes
}

async fn serve_widget(State(state): State<AppState>, request: Request) -> Response {
    let dist = state.settings.widget.dist_dir.clone();
    if !dist.join("index.html").is_file() {
        return ApiError::WidgetNotBuilt.into_response();
    }
    let path = request
        .uri()
        .path()
        .strip_prefix("/agent")
        .unwrap_or("/")
        .to_owned();
    let (mut parts, body) = request.into_parts();
    let rewritten = match path.parse() {
        Ok(uri) => uri,
        Err(_) => return ApiError::NotFound("no such file".into()).into_response(),
    };
    parts.uri = rewritten;
    let service = ServeDir::new(&dist).append_index_html_on_directories(true);
    let response = match tower::ServiceExt::oneshot(service, Request::from_parts(parts, body)).await
    {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    with_widget_headers(&state, response)
}

fn with_widget_headers(state: &AppState, mut response: Response) -> Response {
    // Read per response: a rebuilt widget (new loader) is served with its own hashes at once.
    let index = std::fs::read_to_string(state.settings.widget.dist_dir.join("index.html"))
        .unwrap_or_default();
    let csp = content_security_policy(
        &state.settings.allowed_origins,
        &inline_script_hashes(&index),
    );
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = "<script type=\"module\">init()</script><script src=\"/a.js\"></script>";
        // echo -n 'init()' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            inline_script_hashes(html),
            vec!["w4ujnOpjBoH2vcasx+reJRUwYivG8Q3afx/XevGJod8=".to_owned()]
        );
    }

    #[test]
    fn the_policy_allows_no_inline_script_but_the_hashed_ones() {
        let csp = content_security_policy(&["https://crm.example.com".into()], &["abc=".into()]);
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc=';"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(
            csp.contains("frame-ancestors https://crm.example.com;"),
            "{csp}"
        );
    }
}
