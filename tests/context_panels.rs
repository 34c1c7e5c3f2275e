//! The caller context (Optico) as the agent sees it: at a glance while ringing, in tabbed
//! panels during the call. Visitor-controlled text stays text and only web URLs become links.
#![cfg(target_arch = "wasm32")]

mod common;

use agent_adapter::components::context_glance::ContextGlance;
use agent_adapter::components::context_panels::ContextPanels;
use agent_adapter::state::caller_context::LiveChange;
use common::{by_testid, click, mount, ready, seed_match, text_of};
use leptos::prelude::*;
use leptos::task::tick;
use protocol::api::{CallerContext, ContextChange, ContextStatus};
use protocol::optico::{CallMatch, RealtimeType, View};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the in-call panels for `context`; returns the root, the live-change setter and the
/// mount guard.
fn panels(context: CallerContext) -> (HtmlElement, RwSignal<Option<LiveChange>>, impl Drop) {
    let change = RwSignal::new(None::<LiveChange>);
    let (root, mounted) = mount(move || {
        let selected = RwSignal::new(0_usize);
        view! {
            <ContextPanels
                id_prefix="test-call".to_owned()
                context=Signal::stored(Some(context))
                selected=selected
                on_select=Callback::new(move |index| selected.set(index))
                change=change
                now=Signal::stored(0_i64)
            />
        }
    });
    (root, change, mounted)
}

fn with_views(views: Vec<View>) -> CallerContext {
    let mut found = seed_match();
    found.views = views;
    ready(vec![found])
}

fn view_of(title: &str, url: &str) -> View {
    View {
        id: 1,
        page_title: Some(title.to_owned()),
        url: Some(url.to_owned()),
        created_at: "2018-01-02 09:25:41".to_owned(),
    }
}

fn all_text(root: &HtmlElement, selector: &str) -> Vec<String> {
    // `querySelectorAll` through JavaScript: the widget's web-sys build has no `NodeList`.
    let texts = js_sys::Function::new_with_args(
        "root, selector",
        "return Array.from(root.querySelectorAll(selector), node => node.textContent)",
    )
    .call2(&wasm_bindgen::JsValue::NULL, root, &selector.into())
    .expect("query");
    js_sys::Array::from(&texts)
        .iter()
        .filter_map(|text| text.as_string())
        .collect()
}

#[wasm_bindgen_test]
async fn the_ringing_card_glance_shows_source_keyword_cart_total_and_open_orders() {
    let (root, _mounted) = mount(|| {
        view! {
            <ContextGlance
                context=Signal::stored(Some(ready(vec![seed_match()])))
                selected=Signal::stored(0_usize)
                on_select=Callback::new(|_| {})
            />
        }
    });
    tick().await;
    assert_eq!(
        text_of(&root, "context-glance-source"),
        "Adwords · “optico tracking”"
    );
    assert_eq!(text_of(&root, "context-glance-cart"), "€1,000.00");
    assert_eq!(text_of(&root, "context-glance-orders"), "1");
}

#[wasm_bindgen_test]
async fn a_lookup_in_flight_or_failed_says_so() {
    let context = RwSignal::new(Some(CallerContext {
        status: ContextStatus::Loading,
        reason: None,
        matches: Vec::new(),
    }));
    let (root, _mounted) = mount(move || {
        view! { <ContextGlance context=context selected=Signal::stored(0_usize) on_select=Callback::new(|_| {}) /> }
    });
    tick().await;
    assert_eq!(text_of(&root, "context-loading"), "Looking up caller…");
    context.set(Some(CallerContext {
        status: ContextStatus::Unavailable,
        reason: Some("Invalid API key `b7e2c8a14f9d`".to_owned()),
        matches: Vec::new(),
    }));
    tick().await;
    assert_eq!(
        text_of(&root, "context-unavailable"),
        "Caller context unavailable: Invalid API key `b7e2c8a14f9d`"
    );
    assert!(by_testid(&root, "context-loading").is_none());
}

#[wasm_bindgen_test]
async fn the_panels_render_the_seed_example() {
    let (root, _change, _mounted) = panels(ready(vec![seed_match()]));
    tick().await;
    // Journey: newest first, http URLs as links opening a new tab safely.
    assert_eq!(
        all_text(&root, "[data-testid='context-view-title']"),
        vec!["Page title 2", "Page title"]
    );
    let link = root
        .query_selector("[data-testid='context-view-link']")
        .expect("selector")
        .expect("a link");
    assert_eq!(link.tag_name(), "A");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("http://www.test.com/test2.html")
    );
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    // Cart.
    click(&root, "context-tab-cart");
    tick().await;
    let cart_tab = by_testid(&root, "context-tab-cart").expect("cart tab");
    assert_eq!(
        cart_tab.get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    assert!(
        by_testid(&root, "context-journey")
            .expect("panel")
            .has_attribute("hidden")
    );
    assert_eq!(text_of(&root, "context-cart-total"), "€1,000.00");
    assert_eq!(
        all_text(&root, "[data-testid='context-cart-line']"),
        vec!["Product 11 × €896.00", "Product 21 × €104.00"]
    );
    // Orders.
    click(&root, "context-tab-orders");
    tick().await;
    assert_eq!(text_of(&root, "context-order-status"), "Info");
    assert_eq!(text_of(&root, "context-order-total"), "€0.00");
    assert!(text_of(&root, "context-order").contains("0 products · by agent@optico.fr"));
    assert!(
        by_testid(&root, "context-order-sale").is_none(),
        "isSale is false"
    );
}

#[wasm_bindgen_test]
async fn html_in_a_page_title_stays_text() {
    let title = "<img src=x onerror=\"window.__pwned=1\"><b id='injected'>Cart</b>";
    let (root, _change, _mounted) =
        panels(with_views(vec![view_of(title, "https://shop.example/")]));
    tick().await;
    assert!(
        root.query_selector("#injected")
            .expect("selector")
            .is_none()
    );
    assert!(
        root.query_selector(".aa-panel img")
            .expect("selector")
            .is_none()
    );
    assert_eq!(text_of(&root, "context-view-title"), title);
}

#[wasm_bindgen_test]
async fn a_javascript_url_is_shown_but_not_linked() {
    let url = "javascript:alert(document.cookie)";
    let (root, _change, _mounted) = panels(with_views(vec![view_of("Promo", url)]));
    tick().await;
    assert!(by_testid(&root, "context-view-link").is_none());
    assert!(
        root.query_selector(".aa-panel a")
            .expect("selector")
            .is_none()
    );
    assert_eq!(text_of(&root, "context-view-url"), url);
}

#[wasm_bindgen_test]
async fn arrow_keys_move_between_tabs_and_focus_them() {
    let (root, _change, _mounted) = panels(ready(vec![seed_match()]));
    tick().await;
    let journey: HtmlElement = by_testid(&root, "context-tab-journey")
        .expect("tab")
        .unchecked_into();
    journey.focus().expect("focus");
    let press = js_sys::Function::new_with_args(
        "element, key",
        "element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))",
    );
    press
        .call2(&wasm_bindgen::JsValue::NULL, &journey, &"ArrowLeft".into())
        .expect("key");
    tick().await;
    let orders = by_testid(&root, "context-tab-orders").expect("tab");
    assert_eq!(
        orders.get_attribute("aria-selected").as_deref(),
        Some("true"),
        "wraps around"
    );
    assert_eq!(orders.get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(journey.get_attribute("tabindex").as_deref(), Some("-1"));
    let focused = common::window().document().and_then(|d| d.active_element());
    assert_eq!(focused.as_ref(), Some(&orders));
    assert!(
        !by_testid(&root, "context-orders")
            .expect("panel")
            .has_attribute("hidden")
    );
    assert_eq!(
        by_testid(&root, "context-orders").and_then(|p| p.get_attribute("aria-labelledby")),
        orders.get_attribute("id")
    );
}

#[wasm_bindgen_test]
async fn several_matches_can_be_switched() {
    let mut second: CallMatch = seed_match();
    second.call.id = 22122999;
    second.views = vec![view_of("Second visit", "https://shop.example/")];
    let (root, _change, _mounted) = panels(ready(vec![seed_match(), second]));
    tick().await;
    assert_eq!(text_of(&root, "context-match-position"), "Match 1 of 2");
    click(&root, "context-match-next");
    tick().await;
    assert_eq!(text_of(&root, "context-match-position"), "Match 2 of 2");
    assert_eq!(
        all_text(&root, "[data-testid='context-view-title']"),
        vec!["Second visit"]
    );
}

#[wasm_bindgen_test]
async fn a_live_change_highlights_the_changed_item() {
    let (root, change, _mounted) = panels(ready(vec![seed_match()]));
    tick().await;
    let flashing = |root: &HtmlElement| all_text(root, ".aa-changed").len();
    assert_eq!(flashing(&root), 0, "nothing changed yet");
    change.set(Some(LiveChange {
        call_id: 7,
        change: ContextChange {
            kind: RealtimeType::Cart,
            id: 80359,
        },
        seq: 1,
    }));
    tick().await;
    assert_eq!(flashing(&root), 1);
    let cart_tab = by_testid(&root, "context-tab-cart").expect("tab");
    assert!(cart_tab.class_list().contains("aa-tab--flash"));
}
