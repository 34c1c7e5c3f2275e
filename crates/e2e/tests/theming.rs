//! The host page restyles the adapters with Set_Theme.

use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_telephony_control};
use e2e::host_page::{ReceivedMessage, wait_for_event};
use e2e::{Browser, Stack, eventually, screenshot_path};

const CALL_FRAME_CSS: &str = "iframe[name=\"call-adapter\"]";

/// `data-theme` and the computed primary colour inside the call adapter.
async fn call_adapter_theme(browser: &Browser) -> anyhow::Result<(String, String)> {
    browser.enter_frame_named("call-adapter").await?;
    let value = browser
        .client()
        .execute(
            "const root = document.documentElement; \
             return [root.dataset.theme || '', \
                     getComputedStyle(root).getPropertyValue('--aa-color-primary').trim()];",
            vec![],
        )
        .await?;
    browser.leave_frame().await?;
    let theme = value[0].as_str().unwrap_or_default().to_owned();
    let primary = value[1].as_str().unwrap_or_default().to_owned();
    Ok((theme, primary))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_host_page_switches_the_adapters_to_dark_and_to_its_brand_colour() -> anyhow::Result<()>
{
    // Arrange: a call in progress.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, "call-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    answer_ringing_call(&browser, "call-adapter").await?;
    let (before, _) = call_adapter_theme(&browser).await?;

    // Act: the host page asks for the dark palette, then adds its brand colour.
    browser.click_test_id("theme-dark").await?;
    let dark = eventually("the dark palette", || async {
        let (theme, _) = call_adapter_theme(&browser).await?;
        Ok((theme == "dark").then_some(theme))
    })
    .await?;
    browser
        .save_element_screenshot(CALL_FRAME_CSS, &screenshot_path("call-dark.png")?)
        .await?;
    browser.click_test_id("theme-brand").await?;
    let branded = eventually("the brand colour", || async {
        let (_, primary) = call_adapter_theme(&browser).await?;
        Ok((primary == "#7a2e9e").then_some(primary))
    })
    .await?;

    // Assert: both commands were acknowledged by the call adapter.
    let messages = wait_for_event(&browser, "Ack", ReceivedMessage::is_from_call_adapter).await?;
    let theme_acks = messages
        .iter()
        .filter(|m| m.is_from_call_adapter())
        .filter_map(ReceivedMessage::parsed)
        .filter(|e| e["type"] == "Ack" && e["data"]["command"] == "Set_Theme")
        .count();
    assert_eq!(before, "light", "the headless browser prefers light");
    assert_eq!(dark, "dark");
    assert_eq!(branded, "#7a2e9e");
    assert_eq!(theme_acks, 2);

    browser.close().await
}
