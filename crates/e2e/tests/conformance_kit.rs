//! The integrator's conformance kit (`/conformance/` of the simulator, from
//! `public/conformance/`), opened from the test stack: it must find every event of its scripted
//! session conforming to the host contract, and it must report a message that breaks the
//! contract as failing.

use anyhow::Context;
use e2e::browser::test_id_selector;
use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, log_in};
use e2e::{Browser, Stack, eventually, screenshot_path};
use fantoccini::Locator;
use serde_json::{Value, json};

const CALL_FRAME: &str = "call-adapter";
const CHAT_FRAME: &str = "chat-adapter";

/// Event types the scripted session always causes.
const SCRIPTED_TYPES: &[&str] = &[
    "Adapter_Ready",
    "Agent_Login",
    "Ack",
    "Error",
    "New_Call",
    "End_Call",
    "New_Chat",
    "Chat_Inbound_Message",
    "End_Chat",
];

fn kit_url(stack: &Stack) -> String {
    format!("{}/conformance/", stack.sim_origin)
}

/// What the kit page reports (`window.__conformanceReport`). The browser must be in the kit page.
async fn kit_report(browser: &Browser) -> anyhow::Result<Value> {
    Ok(browser
        .client()
        .execute("return window.__conformanceReport || null;", vec![])
        .await?)
}

/// Waits until the kit's report satisfies `done` and returns it; on a timeout the error shows the
/// last report.
async fn wait_for_report(
    browser: &Browser,
    what: &str,
    done: impl Fn(&Value) -> bool,
) -> anyhow::Result<Value> {
    let last = std::sync::Mutex::new(Value::Null);
    let found = eventually(what, || async {
        let report = kit_report(browser).await?;
        let finished = done(&report);
        if let Ok(mut last) = last.lock() {
            *last = report.clone();
        }
        Ok(finished.then_some(report))
    })
    .await;
    found.with_context(|| {
        let last = last.lock().map(|last| last.clone()).unwrap_or_default();
        format!("the kit's last report: {last:#}")
    })
}

/// Waits until the kit says `adapter`'s frame posted `Adapter_Ready`.
async fn wait_until_ready(browser: &Browser, adapter: &str) -> anyhow::Result<()> {
    let selector = format!(
        "{}:not([data-state=\"loading\"])",
        test_id_selector(&format!("kit-adapter-{adapter}"))
    );
    browser.wait_for_css(&selector).await?;
    Ok(())
}

/// Waits until the kit's step starting with `title` runs, failing with the report when a step
/// failed before.
async fn wait_for_step(browser: &Browser, title: &str) -> anyhow::Result<()> {
    let report = wait_for_report(
        browser,
        &format!("the kit's step “{title}…”"),
        |report| {
            report["steps"].as_array().is_some_and(|steps| {
                steps.iter().any(|step| {
                    step["state"] == "fail"
                        || (step["state"] != "pending"
                            && step["title"].as_str().is_some_and(|t| t.starts_with(title)))
                })
            })
        },
    )
    .await?;
    let failed = report["steps"]
        .as_array()
        .and_then(|steps| steps.iter().find(|step| step["state"] == "fail"));
    anyhow::ensure!(failed.is_none(), "a step of the kit failed: {report:#}");
    Ok(())
}

/// Answers the call ringing in the call adapter. Starts and ends in the kit page. (Not
/// `flows::answer_ringing_call`: the kit hangs the call up as soon as it is answered, so the
/// in-call view may already be gone when the test looks for it.)
async fn answer_the_call(browser: &Browser) -> anyhow::Result<()> {
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.wait_for_test_id("call-ringing").await?;
    browser.click_test_id("call-answer").await?;
    browser.leave_frame().await
}

/// Accepts the chat offered in the chat adapter. Starts and ends in the kit page.
async fn accept_offered_chat(browser: &Browser) -> anyhow::Result<()> {
    browser.enter_frame_named(CHAT_FRAME).await?;
    browser.wait_for_test_id("chat-offer").await?;
    browser.click_test_id("chat-accept").await?;
    browser.leave_frame().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kit_finds_every_event_of_its_scripted_session_conforming() -> anyhow::Result<()> {
    // Arrange: the kit page with Kim signed in in both adapters.
    let browser = Browser::launch(1600, 1000).await?;
    let stack = Stack::start().await?;
    browser.goto(&kit_url(&stack)).await?;
    log_in(&browser, CALL_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    log_in(&browser, CHAT_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;

    // Act: run the script, doing what it asks of the agent (answer the call, accept the chat).
    browser.click_test_id("kit-run").await?;
    wait_for_step(&browser, "A call rings").await?;
    answer_the_call(&browser).await?;
    wait_for_step(&browser, "The bot hands a chat over").await?;
    accept_offered_chat(&browser).await?;
    let report = wait_for_report(&browser, "the kit's scripted session to end", |report| {
        let steps = report["steps"].as_array().cloned().unwrap_or_default();
        !steps.is_empty()
            && steps.iter().all(|step| {
                ["pass", "fail", "skipped"].contains(&step["state"].as_str().unwrap_or(""))
            })
    })
    .await?;
    browser
        .client()
        .execute("window.scrollTo(0, 0);", vec![])
        .await?;
    browser
        .save_screenshot(&screenshot_path("conformance-kit.png")?)
        .await?;

    // Assert: every step passed, every event type received passes, and the verdict is pass.
    let pretty = serde_json::to_string_pretty(&report)?;
    for step in report["steps"].as_array().context("no steps")? {
        assert_eq!(step["state"], "pass", "step failed: {step}\n{pretty}");
    }
    let types = report["types"].as_object().context("no types")?;
    for (event_type, row) in types {
        assert_eq!(
            row["result"], "pass",
            "{event_type} failed: {row}\n{pretty}"
        );
    }
    for event_type in SCRIPTED_TYPES {
        assert!(
            types.contains_key(*event_type),
            "no {event_type} seen\n{pretty}"
        );
    }
    assert_eq!(report["verdict"], "pass", "{pretty}");
    let verdict = browser.wait_for_test_id("kit-verdict").await?;
    assert_eq!(verdict.attr("data-verdict").await?.as_deref(), Some("pass"));
    let failing_rows = browser
        .client()
        .find_all(Locator::Css(
            "[data-testid^=\"kit-type-\"][data-result=\"fail\"]",
        ))
        .await?;
    assert!(failing_rows.is_empty(), "a row of the table says fail");
    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kit_reports_messages_that_break_the_contract_as_failing() -> anyhow::Result<()> {
    // Arrange: the kit page with both adapters loaded, nobody signed in.
    let browser = Browser::launch(1600, 1000).await?;
    let stack = Stack::start().await?;
    browser.goto(&kit_url(&stack)).await?;
    wait_until_ready(&browser, "call").await?;
    wait_until_ready(&browser, "chat").await?;
    let selftest = browser.wait_for_test_id("kit-selftest").await?;
    assert_eq!(selftest.attr("data-state").await?.as_deref(), Some("pass"));

    // Act: from inside the call adapter's window (so origin and source are the adapter's), post
    // a New_Call whose call_id is a string, an Agent_Login as an object instead of a JSON
    // string, and an End_Call with the wrong protocol version after a gap in seq; then, from
    // the kit page itself, a message no adapter sent.
    browser.enter_frame_named(CALL_FRAME).await?;
    let call = json!({
        "agent_id": 1,
        "agent_email": AGENT_EMAIL,
        "call_id": 12,
        "session_type": "Voice Inbound",
    });
    browser
        .client()
        .execute(
            r#"
            const [kitOrigin, call] = arguments;
            const post = (message) => window.parent.postMessage(message, kitOrigin);
            post(JSON.stringify({ type: 'New_Call', data: { ...call, call_id: '12' }, seq: 2, v: 1 }));
            post({ type: 'Agent_Login', data: { agent_id: 1, agent_email: call.agent_email }, seq: 3, v: 1 });
            post(JSON.stringify({ type: 'End_Call', data: call, seq: 9, v: 2 }));
            "#,
            vec![json!(stack.sim_origin), call],
        )
        .await?;
    browser.leave_frame().await?;
    browser
        .client()
        .execute(
            "window.postMessage(JSON.stringify({ type: 'New_Call', seq: 4, v: 1 }), '*');",
            vec![],
        )
        .await?;

    // Assert: each broken message fails its type with the reason; the stranger is ignored.
    let report = wait_for_report(&browser, "the kit to judge the three messages", |report| {
        ["New_Call", "Agent_Login", "End_Call"]
            .iter()
            .all(|event_type| report["types"][event_type].is_object())
            && report["ignored"] == 1
    })
    .await?;
    browser
        .save_screenshot(&screenshot_path("conformance-kit-failing.png")?)
        .await?;
    let pretty = serde_json::to_string_pretty(&report)?;
    let types = &report["types"];
    let reason = |event_type: &str| types[event_type]["firstFailure"].as_str().unwrap_or("");
    assert_eq!(types["New_Call"]["result"], "fail", "{pretty}");
    assert!(
        reason("New_Call").contains("data.call_id: expected integer"),
        "{pretty}"
    );
    assert_eq!(
        types["New_Call"]["call"], 1,
        "the stranger is not counted: {pretty}"
    );
    assert_eq!(types["Agent_Login"]["result"], "fail", "{pretty}");
    assert!(
        reason("Agent_Login").contains("not a JSON string"),
        "{pretty}"
    );
    assert_eq!(types["End_Call"]["result"], "fail", "{pretty}");
    assert!(reason("End_Call").contains("v is 2"), "{pretty}");
    assert_eq!(types["Adapter_Ready"]["result"], "pass", "{pretty}");
    assert_eq!(report["verdict"], "fail", "{pretty}");

    let end_call = browser
        .wait_for_css("[data-testid=\"kit-log\"] li[data-type=\"End_Call\"]")
        .await?;
    let logged = end_call.text().await?;
    assert!(logged.contains("seq gap: 9 after 3"), "{logged}");
    let verdict = browser.wait_for_test_id("kit-verdict").await?;
    assert_eq!(verdict.attr("data-verdict").await?.as_deref(), Some("fail"));
    browser.close().await
}
