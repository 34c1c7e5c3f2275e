//! Agent assist against the Optimly simulator over HTTP: suggestions for customer messages,
//! errors shown as "assist unavailable", the rate limits, and the lead and appointment tools.

use gateway::config::{OptimlySettings, Settings};
use protocol::assist::{AssistState, AssistView, ToolOutcome};
use protocol::optimly::DOCUMENTED_LIMITS;
use secrecy::SecretString;
use serde_json::{Value, json};
use upstream_sim::{OptimlyControl, OptimlySim};

use crate::chat_support::{ChatApp, SALES, SUPPORT, eventually, spawn_chat_app_with};

/// A key no other test uses, so a leak of it can be searched for.
const KEY: &str = "test-optimly-key-5f1c";

/// The Optimly simulator on port 0 and its base URL.
async fn start_optimly() -> (OptimlySim, String) {
    let sim = OptimlySim::new(KEY);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base_url = format!("http://{}/optimly", listener.local_addr().expect("addr"));
    let router = sim.router();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (sim, base_url)
}

fn optimly_settings(base_url: String) -> OptimlySettings {
    OptimlySettings {
        base_url,
        api_key: SecretString::from(KEY.to_owned()),
        timeout_secs: 2,
        limits: DOCUMENTED_LIMITS.to_vec(),
    }
}

/// A chat gateway with assist on for both demo queues, the Optimly simulator, and `adjust`.
async fn spawn_assisted(adjust: impl FnOnce(&mut Settings)) -> (ChatApp, OptimlySim) {
    let (sim, base_url) = start_optimly().await;
    let chat = spawn_chat_app_with(move |settings| {
        settings.optimly = Some(optimly_settings(base_url));
        for queue in &mut settings.queues {
            queue.assist = true;
        }
        adjust(settings);
    })
    .await;
    chat.set_webhook().await;
    (chat, sim)
}

/// Kim's token and a chat of `user` in `queue` that Kim accepted.
async fn accepted_chat(chat: &ChatApp, user: &str, queue: u64) -> (String, u64) {
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off(user, queue).await;
    eventually("the offer", || async {
        let snapshot = chat.app.snapshot(&kim.token).await;
        snapshot.chats.iter().any(|c| c.id == chat_id).then_some(())
    })
    .await;
    chat.accept(chat_id, &kim.token).await;
    (kim.token, chat_id)
}

/// Waits until the chat's assist state is `state` and returns it.
async fn assist_becomes(
    chat: &ChatApp,
    token: &str,
    chat_id: u64,
    state: AssistState,
) -> AssistView {
    eventually(&format!("assist {state:?}"), || async {
        chat.app
            .snapshot(token)
            .await
            .assist
            .into_iter()
            .find(|a| a.chat_id == chat_id && a.state == state)
    })
    .await
}

async fn customer_writes(chat: &ChatApp, user: &str, text: &str) {
    let reply = chat.bot.send_text(user, text).await.expect("reply");
    assert_eq!(reply.status, 200, "{:?}", reply.body);
}

fn requests_to(sim: &OptimlySim, endpoint: &str) -> Vec<upstream_sim::OptimlyRequest> {
    sim.requests()
        .into_iter()
        .filter(|r| r.endpoint == endpoint)
        .collect()
}

#[tokio::test]
async fn a_customer_message_gets_a_suggestion_that_answers_it() {
    let (chat, _sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-price", SUPPORT).await;

    customer_writes(&chat, "u-price", "What is your pricing?").await;

    let view = assist_becomes(&chat, &token, chat_id, AssistState::Ready).await;
    let suggestion = view.suggestion.expect("a suggestion");
    assert!(suggestion.text.contains("29 EUR"), "{}", suggestion.text);
    assert_eq!(suggestion.tools, ["knowledge search"]);
    assert_eq!(view.language, "en");
    assert!(view.conversation_id.is_some());
}

#[tokio::test]
async fn the_conversation_is_created_with_the_customer_id_and_the_chat_context() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-ctx", SALES).await;

    customer_writes(&chat, "u-ctx", "Où est ma commande ?").await;
    assist_becomes(&chat, &token, chat_id, AssistState::Ready).await;

    let created = requests_to(&sim, "message/new-chat");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].body, json!({"client_id": "u-ctx"}));
    let asked = requests_to(&sim, "agent/v2");
    let metadata = &asked[0].body["metadata"];
    assert_eq!(asked[0].body["content"], "Où est ma commande ?");
    assert_eq!(metadata["queue"], "sales-fr");
    assert_eq!(metadata["language"], "fr");
    assert_eq!(metadata["plan"], "gold", "a visible pre-chat attribute");
    assert!(
        !asked[0].body.to_string().contains("hidden-s3cr3t"),
        "hidden attributes stay with us"
    );
}

#[tokio::test]
async fn every_message_of_a_chat_uses_the_same_conversation() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-same", SUPPORT).await;

    customer_writes(&chat, "u-same", "Hello").await;
    assist_becomes(&chat, &token, chat_id, AssistState::Ready).await;
    customer_writes(&chat, "u-same", "I want a refund").await;
    eventually("the second suggestion", || async {
        let view = chat.app.snapshot(&token).await.assist.pop()?;
        view.suggestion
            .filter(|s| s.text.contains("refund"))
            .map(|_| ())
    })
    .await;

    assert_eq!(requests_to(&sim, "message/new-chat").len(), 1);
    let conversations: Vec<Value> = requests_to(&sim, "agent/v2")
        .into_iter()
        .map(|r| r.body["chat_id"].clone())
        .collect();
    assert_eq!(conversations.len(), 2);
    assert_eq!(conversations[0], conversations[1]);
}

#[tokio::test]
async fn a_message_written_before_acceptance_is_answered_when_the_agent_accepts() {
    let (chat, _sim) = spawn_assisted(|_| {}).await;
    let kim = chat.app.login("kim@example.com").await;
    let chat_id = chat.hand_off("u-early", SUPPORT).await;
    customer_writes(
        &chat,
        "u-early",
        "Is anyone there? I need help with shipping",
    )
    .await;

    chat.accept(chat_id, &kim.token).await;

    let view = assist_becomes(&chat, &kim.token, chat_id, AssistState::Ready).await;
    assert!(view.suggestion.expect("suggestion").text.contains("ship"));
}

#[tokio::test]
async fn a_queue_without_assist_asks_optimly_nothing() {
    let (chat, sim) = spawn_assisted(|settings| {
        for queue in &mut settings.queues {
            queue.assist = queue.id != SUPPORT;
        }
    })
    .await;
    let (token, _) = accepted_chat(&chat, "u-off", SUPPORT).await;

    customer_writes(&chat, "u-off", "What is your pricing?").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;

    assert!(sim.requests().is_empty());
    assert!(chat.app.snapshot(&token).await.assist.is_empty());
}

#[tokio::test]
async fn an_optimly_server_error_shows_assist_unavailable_and_the_chat_goes_on() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-500", SUPPORT).await;
    sim.control(&OptimlyControl {
        fail_next: 1,
        ..OptimlyControl::default()
    });

    customer_writes(&chat, "u-500", "Hello").await;

    let view = assist_becomes(&chat, &token, chat_id, AssistState::Unavailable).await;
    assert_eq!(
        view.error.as_deref(),
        Some("Optimly had an internal error (HTTP 500)")
    );
    let snapshot = chat.app.snapshot(&token).await;
    let shown = snapshot
        .chats
        .iter()
        .find(|c| c.id == chat_id)
        .expect("chat");
    assert!(shown.messages.iter().any(|m| m.text == "Hello"));
}

#[tokio::test]
async fn a_slow_optimly_times_out_as_unavailable() {
    let (chat, sim) = spawn_assisted(|settings| {
        if let Some(optimly) = settings.optimly.as_mut() {
            optimly.timeout_secs = 1;
        }
    })
    .await;
    let (token, chat_id) = accepted_chat(&chat, "u-slow", SUPPORT).await;
    sim.control(&OptimlyControl {
        latency_ms: 3_000,
        ..OptimlyControl::default()
    });

    customer_writes(&chat, "u-slow", "Hello").await;

    let view = assist_becomes(&chat, &token, chat_id, AssistState::Unavailable).await;
    assert_eq!(
        view.error.as_deref(),
        Some("Optimly did not answer within 1 s")
    );
}

#[tokio::test]
async fn a_wrong_api_key_is_reported_as_a_key_problem() {
    let (chat, _sim) = spawn_assisted(|settings| {
        if let Some(optimly) = settings.optimly.as_mut() {
            optimly.api_key = SecretString::from("not-the-key".to_owned());
        }
    })
    .await;
    let (token, chat_id) = accepted_chat(&chat, "u-401", SUPPORT).await;

    customer_writes(&chat, "u-401", "Hello").await;

    let view = assist_becomes(&chat, &token, chat_id, AssistState::Unavailable).await;
    assert!(view.error.expect("error").contains("API key"));
}

#[tokio::test]
async fn asking_again_after_a_failure_brings_the_suggestion() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-again", SUPPORT).await;
    sim.control(&OptimlyControl {
        fail_next: 1,
        ..OptimlyControl::default()
    });
    customer_writes(&chat, "u-again", "What is your pricing?").await;
    assist_becomes(&chat, &token, chat_id, AssistState::Unavailable).await;

    let response = chat
        .agent_post(
            &format!("/api/v1/chats/{chat_id}/assist/retry"),
            &token,
            &json!({}),
        )
        .await;

    assert_eq!(response.status(), 200);
    let view = assist_becomes(&chat, &token, chat_id, AssistState::Ready).await;
    assert!(view.suggestion.expect("suggestion").text.contains("29 EUR"));
}

#[tokio::test]
async fn the_client_side_limit_paces_requests_so_none_is_refused_or_lost() {
    // Optimly allows 5 requests a second; so does the gateway's limiter.
    let (chat, sim) = spawn_assisted(|settings| {
        if let Some(optimly) = settings.optimly.as_mut() {
            optimly.limits = vec![(5, 1)];
        }
    })
    .await;
    sim.control(&OptimlyControl {
        limits: Some(vec![(5, 1)]),
        ..OptimlyControl::default()
    });
    let (token, first) = accepted_chat(&chat, "u-burst-1", SUPPORT).await;
    let second = chat.hand_off("u-burst-2", SUPPORT).await;
    eventually("the second offer", || async {
        let snapshot = chat.app.snapshot(&token).await;
        snapshot.chats.iter().any(|c| c.id == second).then_some(())
    })
    .await;
    chat.accept(second, &token).await;

    for n in 0..4 {
        customer_writes(&chat, "u-burst-1", &format!("question {n} about pricing")).await;
        customer_writes(&chat, "u-burst-2", &format!("question {n} about delivery")).await;
    }

    eventually("eight suggestions", || async {
        let answered = requests_to(&sim, "agent/v2")
            .iter()
            .filter(|r| r.status == 200)
            .count();
        (answered == 8).then_some(())
    })
    .await;
    assert_eq!(
        sim.requests().iter().filter(|r| r.status == 429).count(),
        0,
        "no request over the limit"
    );
    for chat_id in [first, second] {
        assist_becomes(&chat, &token, chat_id, AssistState::Ready).await;
    }
}

#[tokio::test]
async fn a_429_is_waited_out_and_every_suggestion_still_arrives() {
    // The gateway allows the documented limits, but this Optimly only 2 a second.
    let (chat, sim) = spawn_assisted(|_| {}).await;
    sim.control(&OptimlyControl {
        limits: Some(vec![(2, 1)]),
        ..OptimlyControl::default()
    });
    let (token, chat_id) = accepted_chat(&chat, "u-429", SUPPORT).await;

    for n in 0..4 {
        customer_writes(&chat, "u-429", &format!("question {n}")).await;
    }

    eventually("four suggestions", || async {
        let answered = requests_to(&sim, "agent/v2")
            .iter()
            .filter(|r| r.status == 200)
            .count();
        (answered == 4).then_some(())
    })
    .await;
    assert!(
        sim.requests().iter().any(|r| r.status == 429),
        "the limit was hit"
    );
    let view = assist_becomes(&chat, &token, chat_id, AssistState::Ready).await;
    assert!(
        view.suggestion
            .expect("suggestion")
            .text
            .contains("question 3")
    );
}

#[tokio::test]
async fn a_lead_from_a_chat_is_captured_and_its_reference_returned() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-lead", SUPPORT).await;

    let response = chat
        .agent_post(
            "/api/v1/assist/lead",
            &token,
            &json!({
                "session": {"kind": "chat", "id": chat_id},
                "full_name": "Alex Morgan",
                "email": "alex@example.com",
                "phone": "",
                "company": "Acme",
                "message": "Wants the Pro plan"
            }),
        )
        .await;

    assert_eq!(response.status(), 200);
    let outcome: ToolOutcome = response.json().await.expect("outcome");
    assert_eq!(outcome.reference.as_deref(), Some("lead_1"));
    let sent = requests_to(&sim, "tools/lead-form");
    assert_eq!(
        sent[0].body,
        json!({
            "full_name": "Alex Morgan",
            "email": "alex@example.com",
            "company": "Acme",
            "message": "Wants the Pro plan"
        })
    );
}

#[tokio::test]
async fn an_invalid_lead_is_refused_with_the_field_and_not_sent() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-bad-lead", SUPPORT).await;

    let response = chat
        .agent_post(
            "/api/v1/assist/lead",
            &token,
            &json!({"session": {"kind": "chat", "id": chat_id}, "full_name": "Alex", "email": "alex@"}),
        )
        .await;

    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.expect("error");
    assert!(
        body["message"]
            .as_str()
            .expect("message")
            .starts_with("email:")
    );
    assert!(requests_to(&sim, "tools/lead-form").is_empty());
}

#[tokio::test]
async fn a_lead_for_another_agents_chat_is_refused() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (_, chat_id) = accepted_chat(&chat, "u-theirs", SUPPORT).await;
    let ariel = chat.app.login("ariel@example.com").await;

    let response = chat
        .agent_post(
            "/api/v1/assist/lead",
            &ariel.token,
            &json!({"session": {"kind": "chat", "id": chat_id}, "full_name": "Alex", "email": "alex@example.com"}),
        )
        .await;

    assert_eq!(response.status(), 404);
    assert!(requests_to(&sim, "tools/lead-form").is_empty());
}

#[tokio::test]
async fn an_appointment_is_booked_with_the_documented_fields() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-apt", SUPPORT).await;

    let response = chat
        .agent_post(
            "/api/v1/assist/appointment",
            &token,
            &json!({
                "session": {"kind": "chat", "id": chat_id},
                "name": "Alex Morgan",
                "email": "alex@example.com",
                "date": "2099-03-14",
                "time": "10:30",
                "duration_minutes": 30,
                "notes": ""
            }),
        )
        .await;

    assert_eq!(response.status(), 200);
    let outcome: ToolOutcome = response.json().await.expect("outcome");
    assert_eq!(outcome.reference.as_deref(), Some("apt_1"));
    let sent = requests_to(&sim, "tools/appointment");
    assert_eq!(
        sent[0].body,
        json!({
            "name": "Alex Morgan",
            "email": "alex@example.com",
            "date": "2099-03-14",
            "time": "10:30",
            "duration_minutes": 30
        })
    );
}

#[tokio::test]
async fn an_appointment_in_the_past_is_refused() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-past", SUPPORT).await;

    let response = chat
        .agent_post(
            "/api/v1/assist/appointment",
            &token,
            &json!({
                "session": {"kind": "chat", "id": chat_id},
                "name": "Alex", "email": "alex@example.com",
                "date": "2020-01-01", "time": "10:30", "duration_minutes": 30
            }),
        )
        .await;

    assert_eq!(response.status(), 400);
    assert!(requests_to(&sim, "tools/appointment").is_empty());
}

#[tokio::test]
async fn a_tool_failure_at_optimly_is_answered_with_its_reason() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-tool-500", SUPPORT).await;
    sim.control(&OptimlyControl {
        fail_next: 1,
        ..OptimlyControl::default()
    });

    let response = chat
        .agent_post(
            "/api/v1/assist/lead",
            &token,
            &json!({"session": {"kind": "chat", "id": chat_id}, "full_name": "Alex", "email": "alex@example.com"}),
        )
        .await;

    assert_eq!(response.status(), 502);
    let body: Value = response.json().await.expect("error");
    assert_eq!(body["message"], "Optimly had an internal error (HTTP 500)");
}

#[tokio::test]
async fn without_optimly_the_tools_say_they_are_not_configured() {
    let chat = spawn_chat_app_with(|_| {}).await;
    let kim = chat.app.login("kim@example.com").await;

    let response = chat
        .agent_post(
            "/api/v1/assist/lead",
            &kim.token,
            &json!({"full_name": "Alex", "email": "alex@example.com"}),
        )
        .await;

    assert_eq!(response.status(), 503);
    assert!(!chat.app.snapshot(&kim.token).await.tools);
}

#[tokio::test]
async fn no_response_to_the_widget_contains_the_optimly_key() {
    let (chat, _sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-key", SUPPORT).await;
    customer_writes(&chat, "u-key", "What is your pricing?").await;
    assist_becomes(&chat, &token, chat_id, AssistState::Ready).await;

    let snapshot = chat
        .agent_get("/api/v1/me", &token)
        .await
        .text()
        .await
        .expect("body");
    let retry = chat
        .agent_post(
            &format!("/api/v1/chats/{chat_id}/assist/retry"),
            &token,
            &json!({}),
        )
        .await
        .text()
        .await
        .expect("body");
    let mut stream = chat.app.stream(&token, Some(0)).await;
    let mut streamed = String::new();
    for _ in 0..6 {
        streamed.push_str(&format!("{:?}", stream.next().await));
    }

    for body in [&snapshot, &retry, &streamed] {
        assert!(!body.contains(KEY), "the key leaked: {body}");
    }
    assert!(snapshot.contains("\"tools\":true"));
}

#[tokio::test]
async fn a_conversation_optimly_lost_is_started_again_once() {
    let (chat, sim) = spawn_assisted(|_| {}).await;
    let (token, chat_id) = accepted_chat(&chat, "u-lost", SUPPORT).await;
    customer_writes(&chat, "u-lost", "Hello").await;
    let first = assist_becomes(&chat, &token, chat_id, AssistState::Ready).await;
    sim.control(&OptimlyControl {
        forget_conversations: true,
        ..OptimlyControl::default()
    });

    customer_writes(&chat, "u-lost", "I want a refund").await;

    let second = eventually("the suggestion in the new conversation", || async {
        let view = chat.app.snapshot(&token).await.assist.pop()?;
        view.suggestion
            .as_ref()
            .is_some_and(|s| s.text.contains("refund"))
            .then_some(view)
    })
    .await;
    assert_eq!(requests_to(&sim, "message/new-chat").len(), 2);
    assert_ne!(first.conversation_id, second.conversation_id);
    let statuses: Vec<u16> = requests_to(&sim, "agent/v2")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [200, 404, 200]);
}

#[tokio::test]
async fn a_400_from_optimly_is_reported_with_its_reason() {
    let (sim, base_url) = start_optimly().await;
    let client = gateway::connectors::optimly::OptimlyClient::new(&optimly_settings(base_url))
        .expect("client");

    let refused = client
        .lead(&protocol::optimly::LeadFormRequest {
            full_name: "Alex".into(),
            email: Some("not-an-email".into()),
            phone: None,
            company: None,
            message: None,
        })
        .await;

    assert_eq!(
        refused.map_err(|e| e.to_string()),
        Err("Optimly refused the request: email is not valid".to_owned())
    );
    assert_eq!(requests_to(&sim, "tools/lead-form")[0].status, 400);
}

#[tokio::test]
async fn a_suggestion_waiting_when_the_gateway_stops_arrives_after_the_restart() {
    // One request an hour: the second message waits its turn when the gateway stops.
    let (chat, sim) = spawn_assisted(|settings| {
        if let Some(optimly) = settings.optimly.as_mut() {
            optimly.limits = vec![(1, 3_600)];
        }
    })
    .await;
    let (token, chat_id) = accepted_chat(&chat, "u-restart", SUPPORT).await;
    customer_writes(&chat, "u-restart", "What is your pricing?").await;
    assist_becomes(&chat, &token, chat_id, AssistState::Waiting).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(requests_to(&sim, "agent/v2").is_empty(), "still waiting");
    let mut settings = chat.app.settings.clone();
    let db_dir = chat.app.stop().await;

    // The same database, a new gateway with room to ask.
    if let Some(optimly) = settings.optimly.as_mut() {
        optimly.limits = DOCUMENTED_LIMITS.to_vec();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let app = crate::helpers::spawn_on(listener, settings, db_dir).await;
    let token = app.login("kim@example.com").await.token;

    let view = eventually("the suggestion after the restart", || async {
        app.snapshot(&token)
            .await
            .assist
            .into_iter()
            .find(|a| a.chat_id == chat_id && a.state == AssistState::Ready)
    })
    .await;
    assert!(view.suggestion.expect("suggestion").text.contains("29 EUR"));
    assert_eq!(requests_to(&sim, "agent/v2").len(), 1, "asked once");
}

#[tokio::test]
async fn metrics_count_the_suggestions_waiting_for_optimly() {
    let (chat, _sim) = spawn_assisted(|settings| {
        if let Some(optimly) = settings.optimly.as_mut() {
            optimly.limits = vec![(1, 3_600)];
        }
    })
    .await;
    let (token, chat_id) = accepted_chat(&chat, "u-metrics", SUPPORT).await;
    customer_writes(&chat, "u-metrics", "What is your pricing?").await;
    assist_becomes(&chat, &token, chat_id, AssistState::Waiting).await;

    let metrics = chat
        .app
        .client
        .get(chat.app.url("/metrics"))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("body");

    assert!(
        metrics.contains("agent_adapter_assist_waiting 1\n"),
        "{metrics}"
    );
}
