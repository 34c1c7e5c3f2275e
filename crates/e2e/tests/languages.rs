//! The demo page asked in French (`?lang=fr`) embeds adapters that speak French, and the
//! shortcut help opens over the call adapter.

use e2e::flows::use_telephony_control;
use e2e::flows::{AGENT_EMAIL, AGENT_PASSWORD, answer_ringing_call, log_in, use_chat_control};
use e2e::{Browser, Stack, eventually, screenshot_path};

const CALL_FRAME_CSS: &str = "iframe[name=\"call-adapter\"]";
const CHAT_FRAME_CSS: &str = "iframe[name=\"chat-adapter\"]";

/// The `lang` of the current frame's document.
async fn document_lang(browser: &Browser) -> anyhow::Result<String> {
    let value = browser
        .client()
        .execute("return document.documentElement.lang;", vec![])
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// Scrolls the host page to the top (clicks inside a frame may have scrolled it) and saves a
/// picture of the element `css` as `file_name`.
async fn screenshot(browser: &Browser, css: &str, file_name: &str) -> anyhow::Result<()> {
    browser
        .client()
        .execute("window.scrollTo(0, 0);", vec![])
        .await?;
    browser
        .save_element_screenshot(css, &screenshot_path(file_name)?)
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_answered_in_the_french_demo_is_shown_in_french_with_a_national_number()
-> anyhow::Result<()> {
    // Arrange: the demo page asked in French.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser
        .goto(&format!("{}?lang=fr", stack.demo_page_url()))
        .await?;
    browser.enter_frame_named("call-adapter").await?;
    browser.wait_for_test_id("login-form").await?;
    let sign_in = browser.text_of_test_id("login-submit").await?;
    browser.leave_frame().await?;

    // Act: Kim signs in and answers a call.
    log_in(&browser, "call-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_telephony_control(&browser, "ring-button").await?;
    answer_ringing_call(&browser, "call-adapter").await?;

    // Assert: the document, the buttons and the caller's number are French.
    browser.enter_frame_named("call-adapter").await?;
    let lang = document_lang(&browser).await?;
    let hang_up = browser.text_of_test_id("call-hangup").await?;
    let caller = browser.text_of_test_id("call-caller").await?;
    browser.leave_frame().await?;
    screenshot(&browser, CALL_FRAME_CSS, "call-fr.png").await?;
    assert_eq!(sign_in, "Se connecter");
    assert_eq!(lang, "fr");
    assert!(hang_up.contains("Raccrocher"), "{hang_up}");
    assert_eq!(caller, "06 12 34 56 78");

    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chat_in_the_french_demo_with_the_dark_palette_is_shown_in_french() -> anyhow::Result<()>
{
    // Arrange: the demo page asked in French, in the dark palette.
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser
        .goto(&format!("{}?lang=fr", stack.demo_page_url()))
        .await?;
    browser.click_test_id("theme-dark").await?;

    // Act: the bot hands a customer over and Kim accepts the chat.
    log_in(&browser, "chat-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;
    use_chat_control(&browser, "chat-start").await?;
    browser.enter_frame_named("chat-adapter").await?;
    browser.wait_for_test_id("chat-offer").await?;
    let accept = browser.text_of_test_id("chat-accept").await?;
    browser.click_test_id("chat-accept").await?;
    browser.wait_for_test_id("chat-session").await?;
    let placeholder = browser
        .wait_for_test_id("chat-composer-input")
        .await?
        .attr("placeholder")
        .await?
        .unwrap_or_default();
    let theme = eventually("the dark palette", || async {
        let value = browser
            .client()
            .execute(
                "return document.documentElement.dataset.theme || '';",
                vec![],
            )
            .await?;
        Ok(value
            .as_str()
            .filter(|theme| *theme == "dark")
            .map(str::to_owned))
    })
    .await?;
    browser.leave_frame().await?;
    screenshot(&browser, CHAT_FRAME_CSS, "chat-fr-dark.png").await?;

    // Assert
    assert!(accept.contains("Accepter"), "{accept}");
    assert!(
        placeholder.starts_with("Écrivez une réponse"),
        "{placeholder}"
    );
    assert_eq!(theme, "dark");

    browser.close().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shortcut_help_lists_the_call_shortcuts_over_the_call_adapter() -> anyhow::Result<()> {
    let browser = Browser::launch(1400, 900).await?;
    let stack = Stack::start().await?;
    browser.goto(&stack.demo_page_url()).await?;
    log_in(&browser, "call-adapter", AGENT_EMAIL, AGENT_PASSWORD).await?;

    browser.enter_frame_named("call-adapter").await?;
    browser.click_test_id("shortcuts-button").await?;
    let table = browser.text_of_test_id("shortcuts-table").await?;
    browser.leave_frame().await?;
    screenshot(&browser, CALL_FRAME_CSS, "call-shortcuts.png").await?;

    for keys in ["Alt+Shift+A", "Alt+Shift+H", "Alt+Shift+O", "Alt+Shift+K"] {
        assert!(table.contains(keys), "{keys} in {table}");
    }
    browser.close().await
}
