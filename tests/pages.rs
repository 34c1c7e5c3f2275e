//! Rendered pages: the unknown-type error page, the sign-in form and the header parts.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::App;
use agent_adapter::components::adapter_error::AdapterError;
use agent_adapter::components::connection_indicator::ConnectionIndicator;
use agent_adapter::components::login_form::LoginForm;
use agent_adapter::stream::ConnectionState;
use common::{by_testid, mount, text_of};
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn the_widget_without_a_type_shows_the_error_page() {
    // The test page's URL has no `?type=`.
    let (root, _mounted) = mount(App);
    tick().await;
    let page = text_of(&root, "adapter-error");
    assert!(page.contains("type is missing"), "{page}");
    assert!(by_testid(&root, "login-form").is_none());
}

#[wasm_bindgen_test]
async fn an_unknown_type_is_named_and_the_valid_values_are_listed() {
    let (root, _mounted) = mount(|| view! { <AdapterError value=Some("fax".to_owned()) /> });
    tick().await;
    let page = text_of(&root, "adapter-error");
    assert!(page.contains("“fax” is not an adapter type"), "{page}");
    for valid in ["call", "chat", "supervisor"] {
        assert!(page.contains(valid), "{valid} not listed: {page}");
    }
}

#[wasm_bindgen_test]
async fn an_unknown_type_is_shown_as_text_not_markup() {
    let (root, _mounted) =
        mount(|| view! { <AdapterError value=Some("<b id='injected'>x</b>".to_owned()) /> });
    tick().await;
    assert!(
        root.query_selector("#injected")
            .expect("selector")
            .is_none()
    );
    assert!(text_of(&root, "adapter-error").contains("<b id='injected'>x</b>"));
}

#[wasm_bindgen_test]
async fn the_sign_in_form_asks_for_both_fields_before_calling_the_gateway() {
    let (root, _mounted) = mount(|| {
        view! { <LoginForm notice=None on_signed_in=Callback::new(|_| panic!("signed in without credentials")) /> }
    });
    tick().await;
    let submit: web_sys::HtmlElement = by_testid(&root, "login-submit")
        .expect("submit button")
        .unchecked_into();
    submit.click();
    tick().await;
    assert_eq!(
        text_of(&root, "login-error"),
        agent_adapter::text::t().missing_credentials
    );
}

#[wasm_bindgen_test]
async fn the_connection_indicator_shows_its_state_in_words_and_as_an_attribute() {
    let state = RwSignal::new(ConnectionState::Connecting);
    let (root, _mounted) = mount(move || view! { <ConnectionIndicator state=state /> });
    tick().await;
    let indicator = by_testid(&root, "connection-indicator").expect("indicator");
    assert_eq!(
        indicator.get_attribute("data-state").as_deref(),
        Some("connecting")
    );

    state.set(ConnectionState::Reconnecting);
    tick().await;
    assert_eq!(
        indicator.get_attribute("data-state").as_deref(),
        Some("reconnecting")
    );
    assert_eq!(text_of(&root, "connection-indicator"), "Reconnecting…");
}
