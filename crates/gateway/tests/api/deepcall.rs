//! Live agent statistics from the DeepCall simulator over HTTP.

use gateway::config::DeepCallSettings;
use protocol::deepcall::TeamStats;
use secrecy::SecretString;
use serde_json::Value;
use upstream_sim::deepcall::{DeepCallAccount, DeepCallMode, DeepCallSim};

use crate::helpers::{TestApp, spawn_app, spawn_with, test_settings};

const USER_ID: &str = "demo-user";
const TOKEN: &str = "demo-deepcall-token";
const SSID: &str = "demo-deepcall-ssid";

/// How the gateway signs in to DeepCall in a test.
enum Auth {
    Token(&'static str),
    Session(&'static str),
}

/// The DeepCall simulator on port 0 and its `base_url` for the gateway.
async fn start_simulator() -> (DeepCallSim, String) {
    let sim = DeepCallSim::new(DeepCallAccount {
        user_id: USER_ID.into(),
        token: TOKEN.into(),
        ssid: SSID.into(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base_url = format!("http://{}/deepcall", listener.local_addr().expect("addr"));
    let router = sim.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (sim, base_url)
}

/// A gateway whose `[deepcall]` settings are `settings`.
async fn spawn_with_settings(settings: DeepCallSettings) -> TestApp {
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut gateway = test_settings(&db_dir);
    gateway.deepcall = Some(settings);
    spawn_with(gateway, db_dir).await
}

async fn spawn_with_deepcall(auth: Auth, cache_secs: u64) -> (TestApp, DeepCallSim) {
    let (sim, base_url) = start_simulator().await;
    let (ssid, user_id, token) = match auth {
        Auth::Token(token) => (None, Some(USER_ID.to_owned()), Some(token)),
        Auth::Session(ssid) => (Some(ssid), None, None),
    };
    let app = spawn_with_settings(DeepCallSettings {
        base_url,
        ssid: ssid.map(|s| SecretString::from(s.to_owned())),
        user_id,
        token: token.map(|t| SecretString::from(t.to_owned())),
        group_id: None,
        status: None,
        additional: false,
        filter: Vec::new(),
        cache_secs,
        timeout_secs: 2,
    })
    .await;
    (app, sim)
}

async fn live(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .get(app.url("/api/v1/stats/live"))
        .bearer_auth(token)
        .send()
        .await
        .expect("request")
}

async fn supervisor(app: &TestApp) -> String {
    app.login("sam@example.com").await.token
}

#[tokio::test]
async fn token_authentication_sends_user_id_and_token_and_no_ssid() {
    let (app, sim) = spawn_with_deepcall(Auth::Token(TOKEN), 0).await;
    let token = supervisor(&app).await;

    let response = live(&app, &token).await;

    assert_eq!(response.status(), 200);
    let request = &sim.requests()[0];
    assert_eq!(request["userId"], USER_ID);
    assert_eq!(request["token"], TOKEN);
    assert!(request.get("ssid").is_none(), "{request}");
}

#[tokio::test]
async fn session_authentication_sends_only_the_ssid() {
    let (app, sim) = spawn_with_deepcall(Auth::Session(SSID), 0).await;
    let token = supervisor(&app).await;

    let response = live(&app, &token).await;

    assert_eq!(response.status(), 200);
    let request = &sim.requests()[0];
    assert_eq!(request["ssid"], SSID);
    assert!(request.get("token").is_none() && request.get("userId").is_none());
}

#[tokio::test]
async fn a_supervisor_gets_every_agent_of_the_seed_example() {
    let (app, sim) = spawn_with_deepcall(Auth::Token(TOKEN), 0).await;
    sim.set_mode(DeepCallMode::Seed);
    let token = supervisor(&app).await;

    let stats: TeamStats = live(&app, &token).await.json().await.expect("stats");

    assert_eq!(stats.agents.len(), 10);
    assert_eq!(stats.summary.logged_in, 4);
    assert_eq!(stats.agents[0].name, "AAKANSHA");
}

#[tokio::test]
async fn an_agent_gets_the_summary_without_the_table() {
    let (app, sim) = spawn_with_deepcall(Auth::Token(TOKEN), 0).await;
    sim.set_mode(DeepCallMode::Seed);
    let kim = app.login("kim@example.com").await;

    let stats: TeamStats = live(&app, &kim.token).await.json().await.expect("stats");

    assert!(stats.agents.is_empty());
    assert_eq!(stats.summary.logged_in, 4);
}

/// The gateway's 502 message for DeepCall in `mode`.
async fn refusal_in(mode: DeepCallMode, auth: Auth) -> (u16, String) {
    let (app, sim) = spawn_with_deepcall(auth, 0).await;
    sim.set_mode(mode);
    let token = supervisor(&app).await;
    let response = live(&app, &token).await;
    let status = response.status().as_u16();
    let body: Value = response.json().await.expect("error body");
    (
        status,
        body["message"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn a_wrong_token_is_reported_as_invalid_not_as_a_number() {
    let (status, message) = refusal_in(DeepCallMode::Live, Auth::Token("not-the-token")).await;
    assert_eq!(status, 502);
    assert_eq!(
        message,
        "DeepCall refused: the session or token is invalid (code 1014)"
    );
}

#[tokio::test]
async fn an_unknown_group_is_reported_in_words() {
    let (_, message) = refusal_in(DeepCallMode::UnknownGroup, Auth::Token(TOKEN)).await;
    assert!(
        message.contains("the agent group does not exist (code 1006)"),
        "{message}"
    );
}

#[tokio::test]
async fn permission_denied_is_reported_in_words() {
    let (_, message) = refusal_in(DeepCallMode::PermissionDenied, Auth::Token(TOKEN)).await;
    assert!(
        message.contains("permission denied (code 1015)"),
        "{message}"
    );
}

#[tokio::test]
async fn a_15xx_code_is_reported_in_words() {
    let (_, message) = refusal_in(DeepCallMode::Busy, Auth::Token(TOKEN)).await;
    assert!(
        message.contains("data already in processing (code 1501)"),
        "{message}"
    );
}

#[tokio::test]
async fn a_deepcall_server_error_is_reported_by_its_status() {
    let (status, message) = refusal_in(DeepCallMode::ServerError, Auth::Token(TOKEN)).await;
    assert_eq!(status, 502);
    assert!(message.contains("HTTP 500"), "{message}");
}

#[tokio::test]
async fn a_slow_deepcall_times_out_with_a_clear_message() {
    let (_, message) = refusal_in(DeepCallMode::Slow, Auth::Token(TOKEN)).await;
    assert!(message.contains("did not answer within 2 s"), "{message}");
}

#[tokio::test]
async fn answers_are_cached_so_many_readers_cost_one_request() {
    let (app, sim) = spawn_with_deepcall(Auth::Token(TOKEN), 60).await;
    let sam = supervisor(&app).await;
    let kim = app.login("kim@example.com").await.token;

    let reads = futures_util::future::join_all((0..8).map(|i| {
        let token = if i % 2 == 0 { sam.clone() } else { kim.clone() };
        let app = &app;
        async move { live(app, &token).await.status() }
    }))
    .await;

    assert!(reads.iter().all(|s| *s == 200), "{reads:?}");
    assert_eq!(sim.requests().len(), 1);
}

#[tokio::test]
async fn without_a_deepcall_account_the_statistics_say_they_are_not_configured() {
    let app = spawn_app().await;
    let token = supervisor(&app).await;

    let response = live(&app, &token).await;

    assert_eq!(response.status(), 503);
    let body: Value = response.json().await.expect("error body");
    assert_eq!(body["error"], "not_configured");
}

#[tokio::test]
async fn no_response_to_the_widget_contains_the_deepcall_token() {
    let (app, _sim) = spawn_with_deepcall(Auth::Token(TOKEN), 0).await;
    let token = supervisor(&app).await;

    let body = live(&app, &token).await.text().await.expect("body");
    let config = app
        .client
        .get(app.url("/api/v1/config"))
        .send()
        .await
        .expect("config")
        .text()
        .await
        .expect("body");

    assert!(!body.contains(TOKEN) && !config.contains(TOKEN));
}

#[tokio::test]
async fn the_group_status_flag_and_filter_of_the_configuration_are_sent() {
    let (sim, base_url) = start_simulator().await;
    let text = format!(
        "base_url = \"{base_url}\"\nssid = \"{SSID}\"\ngroup_id = \"7\"\n\
         status = \"login\"\nadditional = true\nfilter = [{{ field = \"team\", value = \"FR\" }}]\n"
    );
    let app = spawn_with_settings(toml_settings(&text)).await;
    let token = supervisor(&app).await;

    let response = live(&app, &token).await;

    assert_eq!(response.status(), 200);
    let request = &sim.requests()[0];
    assert_eq!(request["groupid"], "7");
    assert_eq!(request["status"], "login");
    assert_eq!(request["A"], 1);
    assert_eq!(
        request["filter"],
        serde_json::json!([{"field": "team", "value": "FR"}])
    );
}

/// `[deepcall]` settings read from TOML as the gateway reads its file.
fn toml_settings(text: &str) -> DeepCallSettings {
    config::Config::builder()
        .add_source(config::File::from_str(text, config::FileFormat::Toml))
        .build()
        .expect("toml")
        .try_deserialize()
        .expect("deepcall settings")
}

#[tokio::test]
async fn an_answer_older_than_the_cache_interval_is_fetched_again() {
    let (app, sim) = spawn_with_deepcall(Auth::Token(TOKEN), 0).await;
    let token = supervisor(&app).await;

    live(&app, &token).await;
    live(&app, &token).await;

    assert_eq!(sim.requests().len(), 2);
}

#[tokio::test]
async fn every_15xx_code_reads_as_a_sentence_not_a_number() {
    let (app, sim) = spawn_with_deepcall(Auth::Token(TOKEN), 0).await;
    let token = supervisor(&app).await;
    for code in 1501..=1530 {
        sim.set_error(code);

        let body: Value = live(&app, &token).await.json().await.expect("error body");

        let message = body["message"].as_str().unwrap_or_default();
        let meaning = protocol::deepcall::error_meaning(code).expect("documented");
        assert_eq!(
            message,
            format!("DeepCall refused: {meaning} (code {code})")
        );
    }
}
