//! The supervisor view with DeepCall's live statistics from the simulator.

use e2e::browser::test_id_selector;
use e2e::flows::AGENT_PASSWORD;
use e2e::{Browser, Stack, eventually, screenshot_path};
use fantoccini::Locator;

const SUPERVISOR: &str = "sam@example.com";

/// Switches the DeepCall simulator's answers.
async fn deepcall_mode(stack: &Stack, mode: &str) -> anyhow::Result<()> {
    reqwest::Client::new()
        .post(format!("{}/deepcall/control", stack.sim_origin))
        .json(&serde_json::json!({ "mode": mode }))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

async fn row_count(browser: &Browser) -> anyhow::Result<usize> {
    Ok(browser
        .client()
        .find_all(Locator::Css(&test_id_selector("stats-row")))
        .await?
        .len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_supervisor_sees_deepcalls_team_then_a_readable_error_when_its_token_is_refused()
-> anyhow::Result<()> {
    // Arrange: DeepCall answers with the document's example; Sam opens the supervisor view.
    let browser = Browser::launch(1280, 800).await?;
    let stack = Stack::start().await?;
    deepcall_mode(&stack, "seed").await?;
    browser
        .goto(&format!(
            "{}/agent/?type=supervisor&from=custom",
            stack.gateway_origin
        ))
        .await?;
    browser.wait_for_test_id("login-form").await?;
    browser.type_into_test_id("login-email", SUPERVISOR).await?;
    browser
        .type_into_test_id("login-password", AGENT_PASSWORD)
        .await?;
    browser.click_test_id("login-submit").await?;

    // Assert: the seed's counts and its ten agents, with the gateway's presence beside them.
    browser.wait_for_test_id("stats-table").await?;
    let logged_in = browser.text_of_test_id("tile-logged-in").await?;
    assert!(logged_in.starts_with('4'), "{logged_in}");
    assert_eq!(row_count(&browser).await?, 10);
    browser.wait_for_test_id("supervisor-presence").await?;
    browser
        .save_screenshot(&screenshot_path("supervisor.png")?)
        .await?;
    browser.set_viewport(600, 600).await?;
    browser
        .save_screenshot(&screenshot_path("supervisor-narrow.png")?)
        .await?;
    browser.set_viewport(1280, 800).await?;

    // Act: filter by name.
    browser
        .type_into_test_id("stats-filter-text", "manoj")
        .await?;
    let filtered = eventually("the filter to apply", || async {
        let n = row_count(&browser).await?;
        Ok((n == 3).then_some(n))
    })
    .await?;
    assert_eq!(filtered, 3);

    // Act: DeepCall starts refusing the gateway's token.
    deepcall_mode(&stack, "invalid_token").await?;

    // Assert: the reason in words (after the gateway's 5 s cache), the last data still shown.
    let problem = eventually("the refusal to be shown", || async {
        let found = browser
            .client()
            .find_all(Locator::Css(&test_id_selector("live-stats-problem")))
            .await?;
        match found.first() {
            Some(element) => Ok(Some(element.text().await?)),
            None => Ok(None),
        }
    })
    .await?;
    assert!(
        problem.contains("the session or token is invalid (code 1014)"),
        "{problem}"
    );
    assert_eq!(row_count(&browser).await?, 3, "the last data stays");

    browser.close().await
}
