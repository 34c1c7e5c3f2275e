//! The tab bar of the chat adapter: one tab per accepted chat.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::chat_desk::TabSummary;
use crate::text;

/// Which tab a key press in the tab bar moves to, from the tab at `index` of `count`.
pub fn tab_key_target(key: &str, index: usize, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match key {
        "ArrowRight" => Some((index + 1) % count),
        "ArrowLeft" => Some((index + count - 1) % count),
        "Home" => Some(0),
        "End" => Some(count - 1),
        _ => None,
    }
}

/// One tab per chat with the client's name and the number of unread client messages; a closed
/// chat's tab is marked. Clicking a tab (or Left / Right / Home / End in the tab bar) shows that
/// chat, and the keyboard focus stays on the tab shown.
#[component]
pub fn ChatTabs(
    /// The tabs, in order.
    #[prop(into)]
    tabs: Signal<Vec<TabSummary>>,
    /// A tab was chosen.
    on_select: Callback<u64>,
) -> impl IntoView {
    let bar = NodeRef::<html::Div>::new();
    // Tabs are rebuilt when the tab shown changes: give the focus back to the new one.
    let choose = move |chat_id: u64, refocus: bool| {
        on_select.run(chat_id);
        if !refocus {
            return;
        }
        request_animation_frame(move || {
            let selector = format!("[role='tab'][data-chat-id='{chat_id}']");
            let tab = bar
                .get_untracked()
                .and_then(|bar| bar.query_selector(&selector).ok().flatten())
                .and_then(|tab| tab.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(tab) = tab {
                let _ = tab.focus();
            }
        });
    };
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let list = tabs.get_untracked();
        let Some(index) = list.iter().position(|tab| tab.active) else {
            return;
        };
        if let Some(next) = tab_key_target(&event.key(), index, list.len()) {
            event.prevent_default();
            choose(list[next].chat_id, true);
        }
    };
    view! {
        <div
            class="aa-chat-tabs"
            role="tablist"
            aria-label=text::t().chat_tabs
            data-testid="chat-tabs"
            node_ref=bar
            on:keydown=on_keydown
        >
            <For
                each=move || tabs.get()
                key=|tab| tab.clone()
                children=move |tab| {
                    let id = tab.chat_id;
                    let state = if tab.closed { "closed" } else { "open" };
                    let active = if tab.active { " aa-chat-tab--active" } else { "" };
                    view! {
                        <button
                            type="button"
                            role="tab"
                            class=format!("aa-chat-tab aa-chat-tab--{state}{active}")
                            data-testid="chat-tab"
                            data-chat-id=id
                            aria-selected=if tab.active { "true" } else { "false" }
                            tabindex=if tab.active { "0" } else { "-1" }
                            aria-label=text::tab_label(&tab.name, tab.unread, tab.closed)
                            on:click=move |event| {
                                // A click from the keyboard (Enter, Space) keeps the focus.
                                choose(id, event.detail() == 0)
                            }
                        >
                            <span class="aa-chat-tab__name">{tab.name.clone()}</span>
                            {(tab.unread > 0).then(|| view! {
                                <span class="aa-chat-tab__unread" data-testid="chat-tab-unread">
                                    {tab.unread}
                                </span>
                            })}
                        </button>
                    }
                }
            />
        </div>
    }
}
