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

/// `frame-ancestors` and the other headers of every widget response.
pub fn content_security_policy(allowed_origins: &[String]) -> String {
    let ancestors = if allowed_origins.is_empty() {
        "'none'".to_owned()
    } else {
        allowed_origins.join(" ")
    };
    format!("frame-ancestors {ancestors}; object-src 'none'; base-uri 'self'")
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
    let csp = content_security_policy(&state.settings.allowed_origins);
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
