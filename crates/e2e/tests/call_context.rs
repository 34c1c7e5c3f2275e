//! The caller's Optico context in the call adapter, updated live while the agent talks.

use e2e::browser::test_id_selector;
use e2e::flows::{
    AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_telephony_control,
    use_visitor_control,
};
use e2e::host_page::{ReceivedMessage, wait_for_event};
use e2e::{Browser, Stack, eventually, screenshot_path};
use upstream_sim::optico::OpticoEndpoint;

const CALL_FRAME: &str = "call-adapter";
const CALL_FRAME_CSS: &str = "iframe[name=\"call-adapter\"]";

/// The host page rings this number by default; Optico answers it with the seed's example,
/// whose cart totals 1000 EUR.
const SEED_CALLER: &str = "0033612345678";

/// The digits of `text`: amounts compare the same whatever the grouping and decimal marks.
fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Waits until the call adapter's cart total, on the Cart tab, shows `amount_digits` (e.g.
/// `100000` for 1,000.00). The browser must be inside the call adapter.
async fn wait_for_cart_total(browser: &Browser, amount_digits: &str) -> anyhow::Result<String> {
    eventually(
        &format!("the cart total to show {amount_digits}"),
        || async {
            let text = browser.text_of_test_id("context-cart-total").await?;
            Ok((digits(&text) == amount_digits).then_some(text))
        },
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitor_adding_to_cart_during_a_call_updates_the_cart_total_then_the_call_is_wrapped_up()
-> anyhow::Result<()> {
    // Arrange: a logged-in agent answers a call from the seed's caller.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, CALL_FRAME, AGENT_EMAIL, AGENT_PASSWORD).await?;
    browser
        .type_into_test_id("ring-caller-phone", SEED_CALLER)
        .await?;
    use_telephony_control(&browser, "ring-button").await?;
    let call_id = stack.latest_gateway_call_id().await?;
    answer_ringing_call(&browser, CALL_FRAME).await?;
    wait_for_event(&browser, "New_Call", |message| {
        message.is_from_call_adapter()
            && message
                .parsed()
                .is_some_and(|event| event["data"]["call_id"] == call_id)
    })
    .await?;
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("context-tab-cart").await?;
    let total_before = wait_for_cart_total(&browser, "100000").await?;
    browser.leave_frame().await?;

    // Act: the caller, still on the shop's site, adds a product to the cart.
    let visitor_status = use_visitor_control(&browser, "visitor-cart").await?;

    // Assert: the cart panel shows the new total (1000 + 129.90) without any reload...
    browser.enter_frame_named(CALL_FRAME).await?;
    let total_after = wait_for_cart_total(&browser, "112990").await?;
    let lines = browser
        .client()
        .find_all(fantoccini::Locator::Css(&test_id_selector(
            "context-cart-line",
        )))
        .await?
        .len();
    browser.leave_frame().await?;
    browser
        .save_element_screenshot(CALL_FRAME_CSS, &screenshot_path("call-context.png")?)
        .await?;
    assert!(
        visitor_status.contains("22122563"),
        "the update went to the seed's Optico call: {visitor_status}"
    );
    assert!(
        total_before.contains("1,000.00"),
        "seed cart total {total_before:?}"
    );
    assert!(
        total_after.contains("1,129.90"),
        "new cart total {total_after:?}"
    );
    assert_eq!(lines, 3, "the seed's two lines and the new one");

    // ...and the call still ends normally: hang up, wrap up, End_Call once.
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("call-hangup").await?;
    browser
        .wait_until_gone(&test_id_selector("call-active"))
        .await?;
    browser.wait_for_test_id("call-wrap-up").await?;
    browser
        .select_in_test_id("wrap-up-disposition", "sale")
        .await?;
    browser
        .type_into_test_id("wrap-up-notes", "Added the 129.90 product during the call")
        .await?;
    browser.leave_frame().await?;
    browser
        .save_element_screenshot(CALL_FRAME_CSS, &screenshot_path("call-wrap-up.png")?)
        .await?;
    browser.enter_frame_named(CALL_FRAME).await?;
    browser.click_test_id("wrap-up-save").await?;
    browser.wait_for_test_id("call-idle").await?;
    browser.leave_frame().await?;
    let messages =
        wait_for_event(&browser, "End_Call", ReceivedMessage::is_from_call_adapter).await?;
    let ended: Vec<_> = messages
        .iter()
        .filter(|message| message.is_from_call_adapter())
        .filter_map(ReceivedMessage::parsed)
        .filter(|event| event["type"] == "End_Call")
        .collect();
    assert_eq!(ended.len(), 1, "one End_Call: {ended:#?}");
    assert_eq!(ended[0]["data"]["call_id"], call_id);
    assert_eq!(ended[0]["data"]["queue_path"], "Sales / FR");
    // The gateway kept the wrap-up: nothing is pending for the agent any more.
    let token = stack.log_in_agent(AGENT_EMAIL, AGENT_PASSWORD).await?;
    let pending = stack.agent_snapshot(&token).await?.wrap_ups;
    assert!(pending.is_empty(), "wrap-up not saved: {pending:?}");

    // The gateway looked the caller up without an agent, then attached the agent who answered
    // (routing strategy 2).
    let optico = stack.optico_requests().await?;
    let call_start = optico
        .iter()
        .find(|request| request.endpoint == OpticoEndpoint::CallStart)
        .ok_or_else(|| anyhow::anyhow!("no callStart: {optico:?}"))?;
    assert_eq!(call_start.field("callerPhone"), Some(SEED_CALLER));
    assert_eq!(call_start.field("agent"), None);
    assert!(
        optico.iter().any(|request| {
            request.endpoint == OpticoEndpoint::SetAgentToCall
                && request.field("callId") == Some("22122563")
                && request.field("agent") == Some(AGENT_EMAIL)
        }),
        "setAgentToCall for the agent who answered: {optico:?}"
    );

    browser.close().await
}
