use std::time::Duration;

use protocol::api::AgentStatus;
use protocol::stream::StreamEvent;

use crate::helpers::{spawn_app, spawn_with};

#[tokio::test]
async fn a_ringing_call_reaches_the_agent_stream() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;

    let call_id = app.ring("pbx-10", "sales-fr").await;

    let envelope = stream.next().await;
    let StreamEvent::CallOffered { call } = envelope.event else {
        panic!("expected call_offered, got {:?}", envelope.event)
    };
    assert_eq!(call.id, call_id);
    assert_eq!(call.caller_display, "+33 6 12 34 56 78");
    assert_eq!(call.queue.map(|q| q.path), Some("Sales / FR".to_owned()));
}

#[tokio::test]
async fn reconnecting_with_since_replays_what_was_missed() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let since = app.snapshot(&kim.token).await.last_event_id;

    // Nobody is connected while the call rings and is answered.
    let call_id = app.ring("pbx-11", "sales-fr").await;
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;
    let mut stream = app.stream(&kim.token, Some(since)).await;

    let offered = stream.next().await;
    let answered = stream.next().await;
    assert!(matches!(offered.event, StreamEvent::CallOffered { .. }));
    assert!(matches!(answered.event, StreamEvent::CallAnswered { .. }));
    assert!(answered.id > offered.id && offered.id > since);
}

#[tokio::test]
async fn last_event_id_header_resumes_after_that_event() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let mut first = app.stream(&kim.token, None).await;
    let call_id = app.ring("pbx-12", "sales-fr").await;
    let offered = first.next().await;
    drop(first);
    app.post(&format!("/api/v1/calls/{call_id}/answer"), &kim.token)
        .await;

    let response = app
        .client
        .get(app.url("/api/v1/stream"))
        .bearer_auth(&kim.token)
        .header("Last-Event-ID", offered.id.to_string())
        .send()
        .await
        .expect("stream");
    let mut resumed = crate::helpers::SseReader::from_response(response);

    let next = resumed.next().await;
    assert!(
        matches!(next.event, StreamEvent::CallAnswered { .. }),
        "{next:?}"
    );
}

#[tokio::test]
async fn events_survive_a_gateway_restart() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let since = app.snapshot(&kim.token).await.last_event_id;
    app.ring("pbx-13", "sales-fr").await;
    let settings = app.settings.clone();
    let db_dir = app.stop().await;

    let restarted = spawn_with(settings, db_dir).await;
    let mut stream = restarted.stream(&kim.token, Some(since)).await;

    let event = stream.next().await;
    assert!(
        matches!(event.event, StreamEvent::CallOffered { .. }),
        "{event:?}"
    );
}

#[tokio::test]
async fn a_stream_ticket_opens_the_stream_once() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let ticket: protocol::api::StreamTicket = app
        .post("/api/v1/stream/ticket", &kim.token)
        .await
        .json()
        .await
        .expect("ticket");
    let url = app.url(&format!("/api/v1/stream?ticket={}", ticket.ticket));

    let first = app.client.get(&url).send().await.expect("first use");
    let second = app.client.get(&url).send().await.expect("second use");

    assert_eq!(first.status(), 200);
    assert_eq!(first.headers()["content-type"], "text/event-stream");
    assert_eq!(second.status(), 401);
}

#[tokio::test]
async fn one_agent_never_receives_another_agents_events() {
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let ariel = app.login("ariel@example.com").await;
    let mut ariel_stream = app.stream(&ariel.token, None).await;

    // sales-fr is served by Kim only (Ariel serves support).
    app.ring("pbx-14", "sales-fr").await;

    assert!(
        ariel_stream
            .next_within(Duration::from_millis(700))
            .await
            .is_none()
    );
    assert_eq!(app.snapshot(&kim.token).await.calls.len(), 1);
}

#[tokio::test]
async fn a_stream_that_falls_behind_the_live_channel_reads_the_missed_events_from_the_store() {
    // The test runtime has one thread: the stream's task cannot run while one commit publishes
    // more events than the live channel holds (128), so it finds the channel lagged and must
    // read what it missed from the store.
    const BURST: usize = 300;
    let app = spawn_app().await;
    let kim = app.login("kim@example.com").await;
    let mut stream = app.stream(&kim.token, None).await;
    let call_id = app.ring("pbx-lag", "sales-fr").await;
    let offered = stream.next().await;
    assert!(
        matches!(&offered.event, StreamEvent::CallOffered { call } if call.id == call_id),
        "the stream is live before the burst: {offered:?}"
    );

    let mut tx = app.state.store.begin().await.expect("begin");
    let mut emitted = Vec::with_capacity(BURST);
    for _ in 0..BURST {
        let event = StreamEvent::AgentStatusChanged {
            status: AgentStatus::Break,
        };
        emitted.push(tx.emit(kim.agent.id, event).await.expect("emit"));
    }
    tx.commit(&app.state.hub).await.expect("commit");

    let mut received = Vec::with_capacity(BURST);
    while received.len() < BURST {
        received.push(stream.next().await.id);
    }
    assert_eq!(received, emitted, "every event, once, in order");
}
