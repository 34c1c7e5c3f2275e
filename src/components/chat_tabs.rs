//! The tab bar of the chat adapter: one tab per accepted chat.

use leptos::prelude::*;

use crate::state::chat_desk::TabSummary;
use crate::text;

/// One tab per chat with the client's name and the number of unread client messages; a closed
/// chat's tab is marked. Clicking a tab shows that chat.
#[component]
pub fn ChatTabs(
    /// The tabs, in order.
    #[prop(into)]
    tabs: Signal<Vec<TabSummary>>,
    /// A tab was chosen.
    on_select: Callback<u64>,
) -> impl IntoView {
    view! {
        <div class="aa-chat-tabs" role="tablist" aria-label=text::CHAT_TABS data-testid="chat-tabs">
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
                            aria-label=text::tab_label(&tab.name, tab.unread, tab.closed)
                            on:click=move |_| on_select.run(id)
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
