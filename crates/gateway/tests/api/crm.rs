//! The CRM flows against the CRM simulator over HTTP: lookup and record pop on answer,
//! comments and updates, each authentication method, retries and dead letters, and that no
//! CRM secret reaches the widget.

use std::time::Duration;

use gateway::crm::settings::{CrmAuth, CrmHeader, CrmSettings};
use protocol::crm::{CrmDeadLetter, CrmLookupState, CrmSessionRef, CrmSessionView};
use protocol::stream::StreamEvent;
use reqwest::Method;
use secrecy::SecretString;
use serde_json::{Value, json};
use upstream_sim::{CrmAuthMode, CrmControl, CrmCredentials, CrmSim};

use crate::chat_support::eventually;
use crate::helpers::{SseReader, TestApp, spawn_with, test_settings};

/// The caller of [`crate::helpers::ringing`], in E.164.
const CALLER: &str = "+33612345678";

/// Secrets of the CRM configuration; none may ever reach the widget.
const SECRETS: [&str; 3] = [
    "demo-crm-password",
    "demo-crm-key",
    "demo-crm-client-secret",
];

struct CrmApp {
    app: TestApp,
    sim: CrmSim,
    sim_url: String,
}

/// Starts the CRM simulator on `listener` (or a new port).
async fn serve_sim(listener: Option<tokio::net::TcpListener>) -> (CrmSim, String) {
    let listener = match listener {
        Some(listener) => listener,
        None => tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind"),
    };
    let sim = CrmSim::new(CrmCredentials::demo());
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let router = sim.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (sim, url)
}

/// The demo CRM configuration pointed at `sim_url`, with fast retries.
fn crm_settings(sim_url: &str, adjust: impl FnOnce(&mut CrmSettings)) -> CrmSettings {
    let mut crm = gateway::config::Settings::demo()
        .crm
        .expect("the demo config has a CRM");
    crm.replace_origin("http://127.0.0.1:8701", sim_url);
    crm.retry.min_delay_ms = 20;
    crm.retry.max_delay_ms = 200;
    adjust(&mut crm);
    crm
}

async fn spawn_with_crm(adjust: impl FnOnce(&mut CrmSettings)) -> CrmApp {
    let (sim, sim_url) = serve_sim(None).await;
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    settings.routing.ring_timeout_secs = 600;
    settings.crm = Some(crm_settings(&sim_url, adjust));
    CrmApp {
        app: spawn_with(settings, db_dir).await,
        sim,
        sim_url,
    }
}

impl CrmApp {
    /// Kim answers a call in `sales-fr`; returns her token, the call id and her stream (opened
    /// before the call rang).
    async fn answered_call(&self, external_id: &str) -> (String, u64, SseReader) {
        let kim = self.app.login("kim@example.com").await;
        let stream = self.app.stream(&kim.token, None).await;
        let call_id = self.app.ring(external_id, "sales-fr").await;
        let answer = self
            .app
            .post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
            .await;
        assert_eq!(answer.status(), 200, "answer");
        (kim.token, call_id, stream)
    }

    async fn hang_up(&self, token: &str, call_id: u64) {
        let hangup = self
            .app
            .post(&format!("/api/v1/calls/{call_id}/hangup"), token)
            .await;
        assert_eq!(hangup.status(), 200, "hang up");
    }

    async fn wrap_up(&self, token: &str, call_id: u64, disposition: &str, notes: &str) {
        let response = self
            .app
            .send_json(
                Method::PUT,
                &format!("/api/v1/calls/{call_id}/wrap-up"),
                token,
                &json!({"disposition": disposition, "notes": notes}),
            )
            .await;
        assert_eq!(response.status(), 200, "wrap-up");
    }

    async fn dead_letters(&self) -> Vec<CrmDeadLetter> {
        let sam = self.app.login("sam@example.com").await;
        let response = self
            .app
            .client
            .get(self.app.url("/api/v1/crm/dead"))
            .bearer_auth(&sam.token)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);
        response.json().await.expect("dead letters")
    }

    /// Comments stored on `record_id`, in order, once `count` are there.
    async fn comments(&self, record_id: &str, count: usize) -> Vec<String> {
        eventually(
            &format!("{count} comments on record {record_id}"),
            || async {
                let comments: Vec<String> = self.sim.snapshot()["comments"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|c| c["record_id"].as_str() == Some(record_id))
                    .filter_map(|c| c["comment"].as_str().map(str::to_owned))
                    .collect();
                (comments.len() >= count).then_some(comments)
            },
        )
        .await
    }
}

/// The next `crm_updated` event of the stream in state `state` (others are skipped).
async fn crm_event(stream: &mut SseReader, state: CrmLookupState) -> CrmSessionView {
    for _ in 0..50 {
        if let StreamEvent::CrmUpdated { crm } = stream.next().await.event
            && crm.state == state
        {
            return crm;
        }
    }
    panic!("no crm_updated event in state {state:?}");
}

fn record(sim: &CrmSim, id: &str) -> Value {
    sim.snapshot()["records"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["id"].as_u64().map(|n| n.to_string()).as_deref() == Some(id))
        .cloned()
        .expect("the record exists")
}

impl CrmApp {
    async fn live(&self, token: &str, kind: &str, id: u64) -> reqwest::Response {
        self.app
            .client
            .get(self.app.url(&format!("/api/v1/crm/sessions/{kind}/{id}")))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }
}

#[tokio::test]
async fn the_agent_is_told_at_once_that_the_lookup_is_pending() {
    let crm = spawn_with_crm(|_| {}).await;
    let (_token, call_id, mut stream) = crm.answered_call("crm-1").await;

    let pending = crm_event(&mut stream, CrmLookupState::Pending).await;

    assert_eq!(pending.session, CrmSessionRef::Call(call_id));
    assert_eq!(pending.record_url, None);
    assert_eq!(pending.lookup_url, None, "stream events keep no lookup URL");
}

#[tokio::test]
async fn the_custom_lookup_url_leaves_empty_parameters_out_and_encodes_values() {
    let crm = spawn_with_crm(|_| {}).await;
    let (token, call_id, _stream) = crm.answered_call("crm-1b").await;

    let response = crm.live(&token, "call", call_id).await;

    assert_eq!(response.status(), 200);
    let live: CrmSessionView = response.json().await.expect("view");
    assert_eq!(
        live.lookup_url.as_deref(),
        Some(
            format!(
                "{}/crm/search?ani=%2B33612345678&menu=Sales%20%2F%20FR&channel=voice_call\
                 &type=IVR_Call",
                crm.sim_url
            )
            .as_str()
        )
    );
}

#[tokio::test]
async fn the_custom_lookup_url_is_gone_once_the_call_ended() {
    let crm = spawn_with_crm(|_| {}).await;
    let (token, call_id, _stream) = crm.answered_call("crm-1c").await;
    crm.hang_up(&token, call_id).await;

    let live: CrmSessionView = crm
        .live(&token, "call", call_id)
        .await
        .json()
        .await
        .expect("view");

    assert_eq!(live.lookup_url, None);
}

#[tokio::test]
async fn another_agent_cannot_read_the_crm_side_of_a_call() {
    let crm = spawn_with_crm(|_| {}).await;
    let (_token, call_id, _stream) = crm.answered_call("crm-1d").await;
    let ariel = crm.app.login("ariel@example.com").await;

    let response = crm.live(&ariel.token, "call", call_id).await;

    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn a_transfer_leaves_a_comment_and_the_new_agent_gets_the_record() {
    let crm = spawn_with_crm(|_| {}).await;
    let kim = crm.app.login("kim@example.com").await;
    let ariel = crm.app.login("ariel@example.com").await;
    let mut ariel_stream = crm.app.stream(&ariel.token, None).await;
    let mut kim_stream = crm.app.stream(&kim.token, None).await;
    let call_id = crm.app.ring("crm-22", "sales-fr").await;
    crm.app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    let record_id = crm_event(&mut kim_stream, CrmLookupState::Ready)
        .await
        .record_id
        .expect("record id");

    let transfer = crm
        .app
        .send_json(
            Method::POST,
            &format!("/api/v1/calls/{call_id}/transfer"),
            &kim.token,
            &json!({"to": "agent", "agent_id": 2}),
        )
        .await;
    assert_eq!(transfer.status(), 200, "transfer");
    crm.app
        .post(&format!("/api/v1/calls/{call_id}/answer"), &ariel.token)
        .await;

    let popped = crm_event(&mut ariel_stream, CrmLookupState::Ready).await;
    assert_eq!(popped.record_id.as_deref(), Some(record_id.as_str()));
    let comments = crm.comments(&record_id, 3).await;
    assert!(
        comments[1].contains("Transferred by kim@example.com") && comments[1].contains("Ariel"),
        "{comments:?}"
    );
    assert!(
        comments[2].contains("ariel@example.com joined"),
        "{comments:?}"
    );
}

#[tokio::test]
async fn an_unknown_caller_gets_an_account_a_record_and_a_record_pop() {
    let crm = spawn_with_crm(|_| {}).await;
    let (_token, _call_id, mut stream) = crm.answered_call("crm-2").await;

    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;

    let record_id = ready.record_id.clone().expect("record id");
    let account_id = ready.account_id.clone().expect("account id");
    assert_eq!(
        ready.record_url,
        Some(format!("{}/crm/records/{record_id}", crm.sim_url))
    );
    let stored = record(&crm.sim, &record_id);
    assert_eq!(stored["account_id"].as_str(), Some(account_id.as_str()));
    assert_eq!(stored["phone"].as_str(), Some(CALLER));
    assert_eq!(stored["agent_email"].as_str(), Some("kim@example.com"));
    let accounts = crm.sim.snapshot()["accounts"].clone();
    assert_eq!(accounts.as_array().map(Vec::len), Some(1));
    assert_eq!(accounts[0]["phone"].as_str(), Some(CALLER));
}

#[tokio::test]
async fn no_contact_found_gives_the_open_custom_url_screen_pop() {
    let crm = spawn_with_crm(|_| {}).await;
    let (_token, _call_id, mut stream) = crm.answered_call("crm-3").await;

    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;

    let account_id = ready.account_id.expect("account id");
    assert_eq!(
        ready.screen_pop_url,
        Some(format!(
            "{}/crm/accounts/{account_id}?phone=%2B33612345678",
            crm.sim_url
        ))
    );
}

#[tokio::test]
async fn a_known_caller_is_found_by_phone_and_no_account_is_created() {
    let crm = spawn_with_crm(|_| {}).await;
    let known = crm
        .sim
        .add_account("Kim Caller", CALLER, "caller@example.com");
    let (_token, _call_id, mut stream) = crm.answered_call("crm-4").await;

    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;

    assert_eq!(ready.account_id, Some(known.to_string()));
    assert_eq!(ready.screen_pop_url, None);
    assert_eq!(
        crm.sim.snapshot()["accounts"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn the_phone_number_is_searched_in_the_configured_format() {
    let crm = spawn_with_crm(|crm| {
        crm.phone_format = gateway::crm::template::PhoneFormat::Automatic;
    })
    .await;
    let (_token, _call_id, mut stream) = crm.answered_call("crm-5").await;
    crm_event(&mut stream, CrmLookupState::Ready).await;

    let search = crm
        .sim
        .requests()
        .into_iter()
        .find(|r| r.method == "GET" && r.path == "/crm/api/accounts")
        .expect("an account search");
    assert_eq!(search.query, "phone=*6*12*34*56*78");
    let create = crm
        .sim
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path == "/crm/api/accounts")
        .expect("an account creation");
    assert_eq!(create.body["phone"].as_str(), Some("+33 6 12 34 56 78"));
}

#[tokio::test]
async fn the_create_account_body_is_nested_in_its_container() {
    let crm = spawn_with_crm(|_| {}).await;
    let (_token, _call_id, mut stream) = crm.answered_call("crm-6").await;
    crm_event(&mut stream, CrmLookupState::Ready).await;

    let create = crm
        .sim
        .requests()
        .into_iter()
        .find(|r| r.method == "POST" && r.path == "/crm/api/accounts")
        .expect("an account creation");
    assert_eq!(create.container.as_deref(), Some("account"));
    // `=DEFAULT_VALUE({NAME}, {PHONE_NUMBER})`: a caller has no name, so the phone number.
    assert_eq!(create.body["name"].as_str(), Some(CALLER));
    // `{EMAIL}` is empty for a call: the parameter is removed.
    assert!(create.body.get("email").is_none(), "{:?}", create.body);
}

#[tokio::test]
async fn an_open_record_of_the_account_is_reused() {
    let crm = spawn_with_crm(|_| {}).await;
    let (token, first_call, mut stream) = crm.answered_call("crm-7a").await;
    let first = crm_event(&mut stream, CrmLookupState::Ready).await;
    crm.hang_up(&token, first_call).await;
    crm.wrap_up(&token, first_call, "resolved", "").await;

    let second_call = crm.app.ring("crm-7b", "sales-fr").await;
    let answer = crm
        .app
        .post(&format!("/api/v1/calls/{second_call}/answer"), &token)
        .await;
    assert_eq!(answer.status(), 200);
    let second = loop {
        let view = crm_event(&mut stream, CrmLookupState::Ready).await;
        if view.session == CrmSessionRef::Call(second_call) {
            break view;
        }
    };

    assert_eq!(second.record_id, first.record_id);
    assert_eq!(
        crm.sim.snapshot()["records"].as_array().map(Vec::len),
        Some(1)
    );
}

#[tokio::test]
async fn a_new_record_is_created_per_session_when_reuse_is_off() {
    let crm = spawn_with_crm(|crm| crm.reuse_open_record = false).await;
    let (token, first_call, mut stream) = crm.answered_call("crm-8a").await;
    let first = crm_event(&mut stream, CrmLookupState::Ready).await;
    crm.hang_up(&token, first_call).await;
    crm.wrap_up(&token, first_call, "resolved", "").await;
    let second_call = crm.app.ring("crm-8b", "sales-fr").await;
    crm.app
        .post(&format!("/api/v1/calls/{second_call}/answer"), &token)
        .await;

    let second = loop {
        let view = crm_event(&mut stream, CrmLookupState::Ready).await;
        if view.session == CrmSessionRef::Call(second_call) {
            break view;
        }
    };

    assert_ne!(second.record_id, first.record_id);
    assert_eq!(second.account_id, first.account_id);
}

#[tokio::test]
async fn start_end_and_wrap_up_comments_reach_the_record_in_order() {
    let crm = spawn_with_crm(|_| {}).await;
    let (token, call_id, mut stream) = crm.answered_call("crm-9").await;
    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;
    let record_id = ready.record_id.expect("record id");

    crm.hang_up(&token, call_id).await;
    crm.wrap_up(&token, call_id, "resolved", "Refund <promised>")
        .await;

    // The metadata upload may add a fourth ("Attached call-….json") after these three.
    let comments = crm.comments(&record_id, 3).await;
    assert!(
        comments[0].starts_with(&format!("Call {call_id} started")),
        "{comments:?}"
    );
    assert!(
        comments[1].starts_with(&format!("Call {call_id} ended")),
        "{comments:?}"
    );
    assert!(
        comments[2].contains("Notes: Refund <promised>"),
        "{comments:?}"
    );
}

#[tokio::test]
async fn the_wrap_up_updates_the_record_with_disposition_notes_and_duration() {
    let crm = spawn_with_crm(|_| {}).await;
    let (token, call_id, mut stream) = crm.answered_call("crm-10").await;
    let record_id = crm_event(&mut stream, CrmLookupState::Ready)
        .await
        .record_id
        .expect("record id");

    crm.hang_up(&token, call_id).await;
    crm.wrap_up(&token, call_id, "resolved", "Sent the invoice")
        .await;

    let updated = eventually("the record update", || async {
        let stored = record(&crm.sim, &record_id);
        (!stored["disposition"]
            .as_str()
            .unwrap_or_default()
            .is_empty())
        .then_some(stored)
    })
    .await;
    assert_eq!(updated["disposition"].as_str(), Some("resolved"));
    assert!(
        updated["description"]
            .as_str()
            .is_some_and(|d| d.contains("Notes: Sent the invoice")),
        "{updated}"
    );
    assert!(
        updated["duration"]
            .as_str()
            .is_some_and(|d| d.len() == 5 && d.as_bytes()[2] == b':'),
        "{updated}"
    );
}

#[tokio::test]
async fn html_comments_are_escaped() {
    let crm = spawn_with_crm(|crm| crm.comment_html = true).await;
    let (token, call_id, mut stream) = crm.answered_call("crm-11").await;
    let record_id = crm_event(&mut stream, CrmLookupState::Ready)
        .await
        .record_id
        .expect("record id");
    crm.hang_up(&token, call_id).await;
    crm.wrap_up(&token, call_id, "resolved", "<b>late</b>")
        .await;

    let comments = crm.comments(&record_id, 3).await;

    assert!(
        comments[2].contains("&lt;b&gt;late&lt;/b&gt;"),
        "{comments:?}"
    );
}

async fn ready_with_auth(auth: CrmAuth, mode: CrmAuthMode) -> CrmApp {
    let crm = spawn_with_crm(|crm| crm.auth = auth).await;
    crm.sim.set_control(CrmControl {
        auth: mode,
        ..CrmControl::default()
    });
    crm
}

#[tokio::test]
async fn basic_authentication_is_accepted_by_the_crm() {
    let crm = ready_with_auth(
        CrmAuth::Basic {
            username: "demo-crm-user".into(),
            password: SecretString::from("demo-crm-password"),
        },
        CrmAuthMode::Basic,
    )
    .await;
    let (_token, _call_id, mut stream) = crm.answered_call("crm-12").await;

    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;

    assert!(ready.record_id.is_some());
    assert!(crm.sim.requests().iter().all(|r| r.authenticated));
}

#[tokio::test]
async fn custom_header_authentication_is_accepted_by_the_crm() {
    let crm = ready_with_auth(
        CrmAuth::CustomHeaders {
            headers: vec![CrmHeader {
                name: "X-Api-Key".into(),
                value: SecretString::from("demo-crm-key"),
            }],
        },
        CrmAuthMode::Header,
    )
    .await;
    let (_token, _call_id, mut stream) = crm.answered_call("crm-13").await;

    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;

    assert!(ready.record_id.is_some());
    assert!(crm.sim.requests().iter().all(|r| r.authenticated));
}

#[tokio::test]
async fn an_expired_oauth_token_is_fetched_again_after_a_401() {
    let crm = spawn_with_crm(|_| {}).await;
    crm.sim.set_control(CrmControl {
        auth: CrmAuthMode::Oauth2,
        ..CrmControl::default()
    });
    let (token, call_id, mut stream) = crm.answered_call("crm-14").await;
    let record_id = crm_event(&mut stream, CrmLookupState::Ready)
        .await
        .record_id
        .expect("record id");

    crm.sim.expire_tokens();
    crm.hang_up(&token, call_id).await;

    let comments = crm.comments(&record_id, 2).await;
    assert!(comments[1].starts_with(&format!("Call {call_id} ended")));
    let refused = crm
        .sim
        .requests()
        .iter()
        .filter(|r| !r.authenticated)
        .count();
    assert_eq!(
        refused, 1,
        "one request with the expired token, then a new token"
    );
}

#[tokio::test]
async fn wrong_credentials_fail_the_lookup_without_retrying() {
    let crm = ready_with_auth(
        CrmAuth::Basic {
            username: "demo-crm-user".into(),
            password: SecretString::from("not-the-password"),
        },
        CrmAuthMode::Basic,
    )
    .await;
    let (_token, call_id, mut stream) = crm.answered_call("crm-15").await;

    let failed = crm_event(&mut stream, CrmLookupState::Failed).await;

    assert_eq!(failed.error.as_deref(), Some("the CRM answered HTTP 401"));
    assert_eq!(crm.sim.requests().len(), 1, "a 401 is not retried");
    let dead = crm.dead_letters().await;
    assert!(
        dead.iter()
            .any(|d| d.session == CrmSessionRef::Call(call_id) && d.step == "link"),
        "{dead:?}"
    );
}

#[tokio::test]
async fn a_crm_answering_400_is_retried_until_it_accepts() {
    let crm = spawn_with_crm(|_| {}).await;
    crm.sim.set_control(CrmControl {
        fail_status: Some(400),
        fail_count: 3,
        ..CrmControl::default()
    });
    let (_token, _call_id, mut stream) = crm.answered_call("crm-16").await;

    let retrying = crm_event(&mut stream, CrmLookupState::Retrying).await;
    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;

    assert_eq!(retrying.error.as_deref(), Some("the CRM answered HTTP 400"));
    assert!(ready.record_id.is_some());
    assert_eq!(
        crm.sim
            .requests()
            .iter()
            .filter(|r| r.status == 400)
            .count(),
        3
    );
}

#[tokio::test]
async fn a_retried_crm_call_past_its_retry_window_is_listed_as_a_dead_letter() {
    let crm = spawn_with_crm(|crm| crm.retry.window_secs = 0).await;
    crm.sim.set_control(CrmControl {
        fail_status: Some(400),
        fail_count: 10,
        ..CrmControl::default()
    });
    let (_token, call_id, mut stream) = crm.answered_call("crm-20").await;

    let failed = crm_event(&mut stream, CrmLookupState::Failed).await;

    assert_eq!(failed.error.as_deref(), Some("the CRM answered HTTP 400"));
    let dead = crm.dead_letters().await;
    let link = dead
        .iter()
        .find(|d| d.session == CrmSessionRef::Call(call_id) && d.step == "link")
        .expect("the lookup is a dead letter");
    assert_eq!(
        link.last_error.as_deref(),
        Some("the CRM answered HTTP 400")
    );
    assert_eq!(
        link.attempts, 1,
        "a 400 is retryable, but the window is over"
    );
}

#[tokio::test]
async fn a_crm_answering_500_is_not_retried_per_the_seed() {
    let crm = spawn_with_crm(|_| {}).await;
    crm.sim.set_control(CrmControl {
        fail_status: Some(500),
        fail_count: 1,
        ..CrmControl::default()
    });
    let (_token, _call_id, mut stream) = crm.answered_call("crm-17").await;

    let failed = crm_event(&mut stream, CrmLookupState::Failed).await;

    assert_eq!(failed.error.as_deref(), Some("the CRM answered HTTP 500"));
    assert_eq!(crm.sim.requests().len(), 1);
}

#[tokio::test]
async fn a_slow_crm_times_out_and_is_retried() {
    let crm = spawn_with_crm(|crm| crm.timeout_secs = 1).await;
    crm.sim.set_control(CrmControl {
        delay_ms: 1_500,
        ..CrmControl::default()
    });
    let (_token, _call_id, mut stream) = crm.answered_call("crm-18").await;

    let retrying = crm_event(&mut stream, CrmLookupState::Retrying).await;
    crm.sim.set_control(CrmControl::default());
    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;

    assert_eq!(
        retrying.error.as_deref(),
        Some("the CRM did not answer within 1 s")
    );
    assert!(ready.record_id.is_some());
}

#[tokio::test]
async fn a_crm_down_then_up_gets_every_call_once_and_in_order() {
    // Reserve a port, then free it: nothing listens there until the CRM "comes up".
    let reserved = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = reserved.local_addr().expect("address");
    drop(reserved);
    let sim_url = format!("http://{address}");
    let db_dir = tempfile::tempdir().expect("temp dir");
    let mut settings = test_settings(&db_dir);
    settings.routing.ring_timeout_secs = 600;
    settings.crm = Some(crm_settings(&sim_url, |crm| {
        crm.auth = CrmAuth::Basic {
            username: "demo-crm-user".into(),
            password: SecretString::from("demo-crm-password"),
        };
    }));
    let app = spawn_with(settings, db_dir).await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    let call_id = app.ring("crm-19", "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    let retrying = crm_event(&mut stream, CrmLookupState::Retrying).await;
    assert_eq!(retrying.error.as_deref(), Some("the CRM is unreachable"));
    app.post(&format!("/api/v1/calls/{call_id}/hangup"), &kim.token)
        .await;

    let listener = tokio::net::TcpListener::bind(address)
        .await
        .expect("rebind");
    let (sim, _) = serve_sim(Some(listener)).await;
    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;
    let record_id = ready.record_id.expect("record id");

    let crm = CrmApp { app, sim, sim_url };
    let comments = crm.comments(&record_id, 2).await;
    // Give a duplicate every chance to show up before counting.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let snapshot = crm.sim.snapshot();
    assert_eq!(snapshot["accounts"].as_array().map(Vec::len), Some(1));
    assert_eq!(snapshot["records"].as_array().map(Vec::len), Some(1));
    let all_comments = crm.comments(&record_id, 2).await;
    assert_eq!(all_comments, comments);
    assert_eq!(all_comments.len(), 2, "{all_comments:?}");
    assert!(all_comments[0].contains("started") && all_comments[1].contains("ended"));
}

#[tokio::test]
async fn accepting_a_chat_links_it_to_an_account_found_by_email() {
    let (sim, sim_url) = serve_sim(None).await;
    let known = sim.add_account("Alex Morgan", "", "alex@example.com");
    let chat = crate::chat_support::spawn_chat_app_with(|settings| {
        settings.crm = Some(crm_settings(&sim_url, |_| {}));
    })
    .await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let mut stream = chat.app.stream(&kim.token, None).await;
    let mut handoff = crate::chat_support::handoff("alex-1", crate::chat_support::SALES);
    handoff
        .attributes
        .get_or_insert_with(Default::default)
        .insert("email".into(), json!("alex@example.com"));
    let reply = chat.bot.select_destination(&handoff).await.expect("reply");
    let chat_id = reply.body["chatId"].as_u64().expect("chat id");
    chat.accept(chat_id, &kim.token).await;

    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;

    assert_eq!(ready.session, CrmSessionRef::Chat(chat_id));
    assert_eq!(ready.account_id, Some(known.to_string()));
    let live: CrmSessionView = chat
        .app
        .client
        .get(
            chat.app
                .url(&format!("/api/v1/crm/sessions/chat/{chat_id}")),
        )
        .bearer_auth(&kim.token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("view");
    assert!(
        live.lookup_url
            .as_deref()
            .is_some_and(|u| u.contains("email=alex%40example.com") && !u.contains("cuid=")),
        "{live:?}"
    );
}

#[tokio::test]
async fn no_response_to_the_widget_contains_a_crm_secret() {
    let crm = ready_with_auth(
        CrmAuth::Basic {
            username: "demo-crm-user".into(),
            password: SecretString::from("demo-crm-password"),
        },
        CrmAuthMode::Basic,
    )
    .await;
    let (token, call_id, mut stream) = crm.answered_call("crm-20").await;
    let mut seen = String::new();
    let ready = crm_event(&mut stream, CrmLookupState::Ready).await;
    seen.push_str(&serde_json::to_string(&ready).expect("json"));
    crm.hang_up(&token, call_id).await;
    for path in ["/api/v1/me", "/api/v1/config", "/api/v1/stream?since=0"] {
        let mut request = crm.app.client.get(crm.app.url(path)).bearer_auth(&token);
        if path.contains("stream") {
            request = request.timeout(Duration::from_millis(500));
        }
        if let Ok(response) = request.send().await {
            let mut response = response;
            while let Ok(Some(chunk)) = response.chunk().await {
                seen.push_str(&String::from_utf8_lossy(&chunk));
            }
        }
    }

    assert!(seen.contains("crm_updated"), "the stream replay was read");
    for secret in SECRETS {
        assert!(!seen.contains(secret), "`{secret}` reached the widget");
    }
}

async fn closed_chat_with_uploads(
    adjust: impl FnOnce(&mut CrmSettings),
) -> (crate::chat_support::ChatApp, CrmSim, String, u64) {
    let (sim, sim_url) = serve_sim(None).await;
    let crm_config = crm_settings(&sim_url, adjust);
    let chat = crate::chat_support::spawn_chat_app_with(move |settings| {
        settings.crm = Some(crm_config);
    })
    .await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let mut stream = chat.app.stream(&kim.token, None).await;
    let chat_id = chat.hand_off("upload-1", crate::chat_support::SALES).await;
    chat.accept(chat_id, &kim.token).await;
    let record_id = crm_event(&mut stream, CrmLookupState::Ready)
        .await
        .record_id
        .expect("record id");
    chat.reply(chat_id, &kim.token, "Here is your tracking number")
        .await;
    let close = chat
        .app
        .post(&format!("/api/v1/chats/{chat_id}/close"), &kim.token)
        .await;
    assert_eq!(close.status(), 200);
    (chat, sim, record_id, chat_id)
}

async fn attachments(sim: &CrmSim, record_id: &str, count: usize) -> Vec<Value> {
    eventually(&format!("{count} attachments"), || async {
        let found: Vec<Value> = sim.snapshot()["attachments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["record_id"].as_str() == Some(record_id))
            .cloned()
            .collect();
        (found.len() >= count).then_some(found)
    })
    .await
}

#[tokio::test]
async fn a_closed_chat_uploads_its_transcript_and_metadata_to_the_record_in_base64() {
    let (_chat, sim, record_id, chat_id) = closed_chat_with_uploads(|_| {}).await;

    let files = attachments(&sim, &record_id, 2).await;

    let mut names: Vec<&str> = files
        .iter()
        .filter_map(|f| f["file_name"].as_str())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            format!("chat-{chat_id}.json"),
            format!("chat-{chat_id}.txt")
        ]
    );
    let transcript = files
        .iter()
        .find(|f| f["file_name"].as_str() == Some(&format!("chat-{chat_id}.txt")))
        .expect("transcript");
    let download = reqwest::get(transcript["url"].as_str().expect("url"))
        .await
        .expect("download")
        .text()
        .await
        .expect("text");
    assert!(
        download.contains("Here is your tracking number"),
        "{download}"
    );
}

#[tokio::test]
async fn an_uploaded_file_is_commented_with_its_link() {
    let (_chat, sim, record_id, chat_id) = closed_chat_with_uploads(|_| {}).await;
    let files = attachments(&sim, &record_id, 2).await;

    let crm = CrmApp {
        app: _chat.app,
        sim,
        sim_url: String::new(),
    };
    let comments = crm.comments(&record_id, 4).await;

    let url = files[0]["url"].as_str().expect("url");
    assert!(
        comments
            .iter()
            .any(|c| c.contains(url) && c.contains(&format!("chat-{chat_id}"))),
        "{comments:?}"
    );
}

#[tokio::test]
async fn multipart_uploads_send_the_file_as_a_form_part() {
    let (_chat, sim, record_id, _chat_id) = closed_chat_with_uploads(|crm| {
        if let Some(upload) = crm.endpoints.upload.as_mut() {
            upload.encoding = gateway::crm::settings::UploadEncoding::Multipart;
        }
    })
    .await;

    attachments(&sim, &record_id, 2).await;

    let upload = sim
        .requests()
        .into_iter()
        .find(|r| r.path.ends_with("/attachments"))
        .expect("an upload");
    assert!(
        upload.body["file"]
            .as_str()
            .is_some_and(|f| f.starts_with("<file chat-")),
        "{:?}",
        upload.body
    );
}

#[tokio::test]
async fn a_wrapped_up_call_uploads_its_metadata_file_to_the_record() {
    let crm = spawn_with_crm(|_| {}).await;
    let (token, call_id, mut stream) = crm.answered_call("crm-21").await;
    let record_id = crm_event(&mut stream, CrmLookupState::Ready)
        .await
        .record_id
        .expect("record id");

    crm.hang_up(&token, call_id).await;
    crm.wrap_up(&token, call_id, "resolved", "ok").await;

    let files = attachments(&crm.sim, &record_id, 1).await;
    assert_eq!(
        files[0]["file_name"].as_str(),
        Some(format!("call-{call_id}.json").as_str())
    );
    let download: Value = reqwest::get(files[0]["url"].as_str().expect("url"))
        .await
        .expect("download")
        .json()
        .await
        .expect("metadata JSON");
    assert_eq!(
        download["crm"]["record_id"].as_str(),
        Some(record_id.as_str())
    );
}

#[tokio::test]
async fn a_crm_call_given_up_is_counted_in_the_metrics() {
    let crm = spawn_with_crm(|_| {}).await;
    crm.sim.set_control(CrmControl {
        fail_status: Some(500),
        fail_count: 1,
        ..CrmControl::default()
    });
    let (_token, _call_id, mut stream) = crm.answered_call("crm-23").await;
    crm_event(&mut stream, CrmLookupState::Failed).await;

    // The lookup, and the start comment that cannot be sent without its record (given up just
    // after the lookup, so the count is read until it is there).
    crate::chat_support::eventually("two CRM dead letters in the metrics", || async {
        let metrics = crm
            .app
            .client
            .get(crm.app.url("/metrics"))
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("text");
        metrics.contains("agent_adapter_crm_dead 2\n").then_some(())
    })
    .await;
}

/// A chat handed off with these pre-chat attributes, accepted by Kim; the `ready` view.
async fn chat_ready_with(
    sim: CrmSim,
    sim_url: &str,
    attributes: Value,
) -> (CrmSim, CrmSessionView) {
    let settings = crm_settings(sim_url, |_| {});
    let chat = crate::chat_support::spawn_chat_app_with(move |s| s.crm = Some(settings)).await;
    chat.set_webhook().await;
    let kim = chat.app.login("kim@example.com").await;
    let mut stream = chat.app.stream(&kim.token, None).await;
    let mut handoff = crate::chat_support::handoff("by-id-1", crate::chat_support::SALES);
    handoff.attributes = attributes.as_object().cloned();
    let reply = chat.bot.select_destination(&handoff).await.expect("reply");
    let chat_id = reply.body["chatId"].as_u64().expect("chat id");
    chat.accept(chat_id, &kim.token).await;
    (sim, crm_event(&mut stream, CrmLookupState::Ready).await)
}

#[tokio::test]
async fn a_known_account_id_is_looked_up_by_id() {
    let (sim, sim_url) = serve_sim(None).await;
    let known = sim.add_account("Alex Morgan", "", "alex@example.com");

    let (sim, ready) =
        chat_ready_with(sim, &sim_url, json!({"account_id": known.to_string()})).await;

    assert_eq!(ready.account_id, Some(known.to_string()));
    assert!(
        sim.requests()
            .iter()
            .any(|r| r.path == format!("/crm/api/accounts/{known}") && r.status == 200)
    );
}

#[tokio::test]
async fn an_account_id_the_crm_does_not_know_falls_back_to_the_query() {
    let (sim, sim_url) = serve_sim(None).await;
    let known = sim.add_account("Alex Morgan", "", "alex@example.com");

    let (sim, ready) = chat_ready_with(
        sim,
        &sim_url,
        json!({"account_id": "999999", "email": "alex@example.com"}),
    )
    .await;

    assert_eq!(ready.account_id, Some(known.to_string()));
    let paths: Vec<(String, u16)> = sim
        .requests()
        .iter()
        .map(|r| (r.path.clone(), r.status))
        .collect();
    assert_eq!(paths[0], ("/crm/api/accounts/999999".to_owned(), 404));
    assert_eq!(paths[1], ("/crm/api/accounts".to_owned(), 200));
}

#[tokio::test]
async fn lookup_urls_alone_work_without_the_crm_api() {
    let crm = spawn_with_crm(|crm| crm.endpoints = Default::default()).await;
    let (token, call_id, mut stream) = crm.answered_call("crm-24").await;

    let view = crm_event(&mut stream, CrmLookupState::NotConfigured).await;
    let live: CrmSessionView = crm
        .live(&token, "call", call_id)
        .await
        .json()
        .await
        .expect("view");

    assert_eq!(view.record_url, None);
    assert!(
        live.lookup_url
            .as_deref()
            .is_some_and(|u| u.contains("ani=%2B33612345678")),
        "{live:?}"
    );
    assert!(crm.sim.requests().is_empty(), "no CRM API call is made");
}

#[tokio::test]
async fn an_attachment_id_is_turned_into_a_link_by_the_builder_url() {
    let (chat, sim, record_id, _chat_id) = closed_chat_with_uploads(|crm| {
        if let Some(upload) = crm.endpoints.upload.as_mut() {
            upload.attachment_type = gateway::crm::settings::AttachmentType::Id;
            upload.attachment_location = "id".into();
            upload.attachment_url =
                Some("https://crm.example.com/records/{RECORD_ID}/files/{ATTACHMENT_ID}".into());
        }
    })
    .await;
    let files = attachments(&sim, &record_id, 2).await;

    let crm = CrmApp {
        app: chat.app,
        sim,
        sim_url: String::new(),
    };
    let comments = crm.comments(&record_id, 4).await;

    let expected = format!(
        "https://crm.example.com/records/{record_id}/files/{}",
        files[0]["id"]
    );
    assert!(
        comments.iter().any(|c| c.contains(&expected)),
        "{comments:?}"
    );
}
