//! The transcript of the chat shown.

use leptos::html;
use leptos::prelude::*;

use crate::components::chat_line::ChatLine;
use crate::state::chat_desk::{ChatDesk, TRANSCRIPT_PAGE};
use crate::text;

/// The newest [`TRANSCRIPT_PAGE`] lines of `chat_id` (a "show earlier messages" control adds
/// older ones a page at a time), so that a chat of thousands of messages stays smooth. Lines
/// are keyed by id and delivery state: a new line or a delivery update renders one line, not
/// the list. New lines scroll the list to the bottom.
#[component]
pub fn ChatTranscript(
    /// The chats.
    #[prop(into)]
    desk: Signal<ChatDesk>,
    /// The chat whose transcript is shown.
    chat_id: u64,
) -> impl IntoView {
    let limit = RwSignal::new(TRANSCRIPT_PAGE);
    let window = Memo::new(move |_| desk.with(|desk| desk.transcript(chat_id, limit.get())));
    let count = Memo::new(move |_| desk.with(|desk| desk.message_count(chat_id)));
    let list = NodeRef::<html::Div>::new();
    // Sync with the DOM: keep the newest line in view as lines arrive.
    Effect::new(move |_| {
        count.track();
        if let Some(list) = list.get() {
            list.set_scroll_top(list.scroll_height());
        }
    });
    view! {
        <div
            class="aa-chat-transcript"
            role="log"
            // The adapter's own live region announces client messages of every chat.
            aria-live="off"
            aria-label=text::t().transcript
            data-testid="chat-transcript"
            node_ref=list
            tabindex="0"
        >
            {move || {
                let earlier = window.with(|w| w.earlier);
                (earlier > 0).then(|| view! {
                    <button
                        type="button"
                        class="aa-link-btn aa-chat-transcript__earlier"
                        data-testid="chat-show-earlier"
                        on:click=move |_| limit.update(|limit| *limit += TRANSCRIPT_PAGE)
                    >
                        {text::show_earlier(earlier)}
                    </button>
                })
            }}
            <Show when=move || count.get() == 0>
                <p class="aa-muted aa-chat-transcript__empty">{text::t().no_messages}</p>
            </Show>
            <ol class="aa-chat-transcript__list">
                <For
                    each=move || window.get().messages
                    key=|message| (message.id, message.delivery.map(|d| d.as_str()))
                    children=move |message| view! { <ChatLine message=message /> }
                />
            </ol>
        </div>
    }
}
