//! The REST CRM simulator over HTTP.

use serde_json::{Value, json};
use upstream_sim::{CrmAuthMode, CrmControl, CrmCredentials, CrmSim};

async fn spawn() -> (CrmSim, String) {
    let sim = CrmSim::new(CrmCredentials::demo());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let router = sim.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (sim, url)
}

fn client() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test]
async fn requests_without_credentials_are_refused_with_401() {
    let (sim, url) = spawn().await;

    let response = client()
        .get(format!("{url}/crm/api/accounts?phone=1"))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 401);
    assert!(!sim.requests()[0].authenticated);
}

#[tokio::test]
async fn basic_credentials_are_refused_when_the_crm_demands_oauth() {
    let (sim, url) = spawn().await;
    sim.set_control(CrmControl {
        auth: CrmAuthMode::Oauth2,
        ..CrmControl::default()
    });

    let response = client()
        .get(format!("{url}/crm/api/accounts?phone=1"))
        .basic_auth("demo-crm-user", Some("demo-crm-password"))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn the_token_endpoint_refuses_a_wrong_client_secret() {
    let (_sim, url) = spawn().await;

    let response = client()
        .post(format!("{url}/crm/oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo-crm-client"),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn an_issued_token_opens_the_api() {
    let (_sim, url) = spawn().await;
    let token: Value = client()
        .post(format!("{url}/crm/oauth/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "demo-crm-client"),
            ("client_secret", "demo-crm-client-secret"),
        ])
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");

    let response = client()
        .get(format!("{url}/crm/api/accounts?phone=1"))
        .bearer_auth(token["access_token"].as_str().expect("token"))
        .send()
        .await
        .expect("request");

    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn record_pages_escape_what_was_stored() {
    let (sim, url) = spawn().await;
    let account = sim.add_account("Kim <b>", "+12223334444", "kim@example.com");
    let created: Value = client()
        .post(format!("{url}/crm/api/records"))
        .header("X-Api-Key", "demo-crm-key")
        .json(&json!({"ticket": {"account_id": account.to_string(),
            "subject": "<script>alert(1)</script>"}}))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let id = created["data"]["id"].as_u64().expect("id");

    let page = reqwest::get(format!("{url}/crm/records/{id}"))
        .await
        .expect("page")
        .text()
        .await
        .expect("html");

    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("Kim &lt;b&gt;"), "{page}");
    assert!(!page.contains("<script>"), "{page}");
}

#[tokio::test]
async fn the_lookup_page_lists_the_accounts_of_a_phone_number() {
    let (sim, url) = spawn().await;
    sim.add_account("Kim", "+12223334444", "kim@example.com");

    let page = reqwest::get(format!("{url}/crm/search?ani=%2B1%20222%20333%204444"))
        .await
        .expect("page")
        .text()
        .await
        .expect("html");

    assert!(page.contains(">Kim</a> · +12223334444"), "{page}");
}

#[tokio::test]
async fn the_failure_switch_fails_the_next_requests_then_recovers() {
    let (sim, url) = spawn().await;
    sim.set_control(CrmControl {
        fail_status: Some(400),
        fail_count: 1,
        ..CrmControl::default()
    });
    let get = || {
        client()
            .get(format!("{url}/crm/api/accounts?phone=1"))
            .header("X-Api-Key", "demo-crm-key")
            .send()
    };

    let first = get().await.expect("request").status();
    let second = get().await.expect("request").status();

    assert_eq!((first.as_u16(), second.as_u16()), (400, 200));
}
