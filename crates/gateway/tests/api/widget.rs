use crate::helpers::spawn_app;

#[tokio::test]
async fn the_widget_page_may_be_framed_only_by_the_allowed_origins() {
    let app = spawn_app().await;
    let dist = &app.settings.widget.dist_dir;
    std::fs::create_dir_all(dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>widget</title>",
    )
    .expect("write");

    let response = app
        .client
        .get(app.url("/agent/?type=call&from=custom"))
        .send()
        .await;

    let response = response.expect("request");
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        csp.contains("frame-ancestors https://crm.example.com;"),
        "{csp}"
    );
    assert!(
        response
            .text()
            .await
            .expect("body")
            .contains("<title>widget</title>")
    );
}

#[tokio::test]
async fn an_unbuilt_widget_is_reported_clearly() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/agent/"))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"], "widget_not_built");
}

#[tokio::test]
async fn health_check_answers_ok() {
    let app = spawn_app().await;

    let response = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn the_public_config_lists_the_allowed_origins() {
    let app = spawn_app().await;

    let config: protocol::api::AdapterConfig = app
        .client
        .get(app.url("/api/v1/config"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");

    assert_eq!(
        config.allowed_origins,
        vec!["https://crm.example.com".to_owned()]
    );
    assert_eq!(config.protocol_version, 1);
}

#[tokio::test]
async fn metrics_count_rejected_webhooks_and_ringing_calls() {
    let app = spawn_app().await;
    app.client
        .post(app.url("/webhooks/telephony/wrong"))
        .json(&crate::helpers::ringing("m-1", "sales-fr"))
        .send()
        .await
        .expect("request");
    app.ring("m-2", "sales-fr").await;

    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("request");

    let text = text.text().await.expect("body");
    assert!(
        text.contains("agent_adapter_webhooks_rejected_total 1"),
        "{text}"
    );
    assert!(
        text.contains("agent_adapter_calls{state=\"ringing\"} 1"),
        "{text}"
    );
}

#[tokio::test]
async fn the_widget_page_runs_no_inline_script_but_the_built_loader() {
    let app = spawn_app().await;
    let dist = &app.settings.widget.dist_dir;
    std::fs::create_dir_all(dist).expect("dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><script type=\"module\">init()</script>",
    )
    .expect("write");

    let response = app
        .client
        .get(app.url("/agent/?type=chat&from=custom"))
        .send()
        .await
        .expect("request");

    let csp = response.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        csp.contains(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-w4ujnOpjBoH2vcasx+reJRUwYivG8Q3afx/XevGJod8=';"
        ),
        "{csp}"
    );
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}
