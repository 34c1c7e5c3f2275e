//! The transfer dialog of a chat: the other destinations, with whether someone is online.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::QueueRef;
use protocol::chat::DestinationView;

use crate::api;
use crate::auth::Auth;
use crate::state::chat_desk::ChatAction;
use crate::text;

/// Loads `GET /api/v1/chats/destinations` when opened (and on Refresh), lists every
/// destination with `hasOnline` (the chat's own one cannot be chosen), and asks for
/// confirmation naming the destination. Escape or Cancel closes it.
#[component]
pub fn ChatTransferPanel(
    /// The chat's destination now.
    current: QueueRef,
    /// The request about this chat in flight, if any.
    #[prop(into)]
    busy: Signal<Option<ChatAction>>,
    /// Why the last transfer failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Transfer confirmed, to this queue.
    on_transfer: Callback<u64>,
    /// Closed without transferring.
    on_close: Callback<()>,
) -> impl IntoView {
    let auth = Auth::expect();
    let found = RwSignal::new(None::<Result<Vec<DestinationView>, String>>);
    let chosen = RwSignal::new(None::<QueueRef>);
    let load = move || {
        found.set(None);
        let auth = auth.clone();
        spawn_local(async move {
            match api::chat_destinations(auth.token()).await {
                Ok(list) => found.try_set(Some(Ok(list))),
                Err(error) if auth.session_lost(&error) => None,
                Err(error) => found.try_set(Some(Err(text::destinations_failed(&error)))),
            };
        });
    };
    load();
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    let current_id = current.id;
    let list = move || match found.get() {
        None => {
            view! { <p class="aa-muted" role="status">{text::t().transfer_loading}</p> }.into_any()
        }
        Some(Err(message)) => {
            view! { <p class="aa-notice aa-notice--error" role="alert">{message}</p> }.into_any()
        }
        Some(Ok(list)) => view! {
            <ul class="aa-targets" data-testid="chat-destinations">
                {list.into_iter().map(|d| destination(d, current_id, chosen)).collect_view()}
            </ul>
        }
        .into_any(),
    };
    let confirm_label = move || match (busy.get(), chosen.get()) {
        (Some(ChatAction::Transfer), _) => text::t().transferring.to_owned(),
        (_, Some(queue)) => text::transfer_to(&queue.path),
        (_, None) => text::t().transfer_choose_destination.to_owned(),
    };
    view! {
        <div
            class="aa-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="aa-chat-transfer-title"
            data-testid="chat-transfer-panel"
            on:keydown=move |event| {
                if event.key() == "Escape" {
                    event.stop_propagation();
                    on_close.run(());
                }
            }
        >
            <div class="aa-dialog__head">
                <h2 id="aa-chat-transfer-title" class="aa-dialog__title" tabindex="-1" node_ref=heading>
                    {text::t().transfer_chat_title}
                </h2>
                <button type="button" class="aa-link-btn" data-testid="chat-transfer-refresh" on:click=move |_| load()>
                    {text::t().refresh}
                </button>
            </div>
            <div class="aa-dialog__body">{list}</div>
            {move || error.get().map(|message| view! { <p class="aa-notice aa-notice--error" role="alert">{message}</p> })}
            <div class="aa-dialog__actions">
                <button type="button" class="aa-btn" data-testid="chat-transfer-cancel" on:click=move |_| on_close.run(())>
                    {text::t().cancel}
                </button>
                <button
                    type="button"
                    class="aa-btn aa-btn--primary"
                    data-testid="chat-transfer-confirm"
                    disabled=move || chosen.with(Option::is_none) || busy.get().is_some()
                    on:click=move |_| {
                        if let Some(queue) = chosen.get_untracked() {
                            on_transfer.run(queue.id);
                        }
                    }
                >
                    {confirm_label}
                </button>
            </div>
        </div>
    }
}

fn destination(
    found: DestinationView,
    current_id: u64,
    chosen: RwSignal<Option<QueueRef>>,
) -> impl IntoView {
    let is_current = found.queue.id == current_id;
    let (state, detail) = match (is_current, found.has_online) {
        (true, _) => ("unavailable", text::t().destination_current),
        (false, true) => ("free", text::t().destination_online),
        (false, false) => ("unavailable", text::t().destination_offline),
    };
    let id = found.queue.id;
    let queue = found.queue.clone();
    view! {
        <li>
            <button
                type="button"
                class=format!("aa-target aa-target--{state}")
                data-testid="chat-destination"
                data-queue-id=id
                data-online=found.has_online.to_string()
                aria-pressed=move || if chosen.with(|c| c.as_ref().is_some_and(|q| q.id == id)) { "true" } else { "false" }
                disabled=is_current
                on:click=move |_| chosen.set(Some(queue.clone()))
            >
                <span class="aa-target__dot" aria-hidden="true"></span>
                <span class="aa-target__name">{found.queue.path}</span>
                <span class="aa-target__detail">{detail}</span>
            </button>
        </li>
    }
}
