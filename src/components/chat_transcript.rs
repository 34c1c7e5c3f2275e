//! The transcript of the chat shown.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::components::chat_line::ChatLine;
use crate::state::chat_desk::{ChatDesk, TranscriptPosition};
use crate::text;

/// How close to an end of the list (px) scrolling brings the next lines in.
const EDGE_PX: i32 = 48;

/// A window of at most
/// [`TRANSCRIPT_WINDOW`](crate::state::chat_desk::TRANSCRIPT_WINDOW) lines of `chat_id`, so that a chat of ten
/// thousand messages renders, updates and scrolls like a short one.
///
/// The window follows the newest lines while the agent is at the bottom. Scrolling up holds
/// it where it is (new lines are then counted in a "show the newest" control instead of
/// moving the text being read); reaching the top or the bottom of the window moves it by a
/// step, and the browser's scroll anchoring keeps the lines on screen in place. The "show
/// earlier" and "show the newest" controls do the same from the keyboard. Lines are keyed by
/// id and delivery state: a new line or a delivery update renders one line, not the list.
#[component]
pub fn ChatTranscript(
    /// The chats.
    #[prop(into)]
    desk: Signal<ChatDesk>,
    /// The chat whose transcript is shown.
    chat_id: u64,
) -> impl IntoView {
    let position = RwSignal::new(TranscriptPosition::Newest);
    let window = Memo::new(move |_| desk.with(|desk| desk.transcript(chat_id, position.get())));
    let empty = Memo::new(move |_| desk.with(|desk| desk.message_count(chat_id) == 0));
    let list = NodeRef::<html::Div>::new();
    // Asked for by "show the newest": go to the bottom even though the window was held.
    let jump = StoredValue::new(false);
    // Sync with the DOM: keep the newest line in view while following, once the lines are in
    // (a window that reached the newest lines by scrolling is not jumped to its end).
    Effect::new(move |was_newest: Option<bool>| {
        window.track();
        let newest = position.get() == TranscriptPosition::Newest;
        let follow = newest && (was_newest.unwrap_or(true) || jump.get_value());
        jump.set_value(false);
        if follow && let Some(list) = list.get() {
            request_animation_frame(move || list.set_scroll_top(list.scroll_height()));
        }
        newest
    });
    // A move whose lines are not yet put back in place: scroll positions mean nothing until
    // then.
    let moving = StoredValue::new(false);
    // Moves the window; `anchor` is a line in the window before and after the move, put back
    // where it was on screen before the frame is painted (the browser's own scroll anchoring
    // does not work at the very top of a list).
    let step = move |to: fn(&ChatDesk, u64, TranscriptPosition) -> TranscriptPosition,
                     anchor: Option<u64>| {
        let next = desk.with_untracked(|desk| to(desk, chat_id, position.get_untracked()));
        if next == position.get_untracked() {
            return;
        }
        let kept = anchor.zip(list.get_untracked()).and_then(|(id, list)| {
            let before = line_offset(&list, id)?;
            Some((id, list, before))
        });
        position.set(next);
        if let Some((id, list, before)) = kept {
            moving.set_value(true);
            request_animation_frame(move || {
                if let Some(after) = line_offset(&list, id) {
                    list.set_scroll_top(list.scroll_top() + after - before);
                }
                moving.set_value(false);
            });
        }
    };
    let first_shown = move || window.with_untracked(|w| w.messages.first().map(|m| m.id));
    let last_shown = move || window.with_untracked(|w| w.messages.last().map(|m| m.id));
    let on_scroll = move |_| {
        // A scroll can still be delivered while the view is being taken down.
        let Some(current) = position.try_get_untracked() else {
            return;
        };
        let Some(list) = list.get_untracked().filter(|_| !moving.get_value()) else {
            return;
        };
        let top = list.scroll_top();
        let below = list.scroll_height() - top - list.client_height();
        let (earlier, later) = window.with_untracked(|w| (w.earlier, w.later));
        if top < EDGE_PX && earlier > 0 {
            step(ChatDesk::earlier, first_shown());
        } else if below < EDGE_PX {
            if later > 0 {
                step(ChatDesk::later, last_shown());
            } else if current != TranscriptPosition::Newest {
                position.set(TranscriptPosition::Newest);
            }
        } else if current == TranscriptPosition::Newest {
            step(ChatDesk::hold, None);
        }
    };
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
            // The window is kept in place by `step`; the browser's anchoring would also move it
            // when lines leave the top, and scrolling would read that as the agent's.
            style:overflow-anchor="none"
            on:scroll=on_scroll
        >
            {move || {
                let earlier = window.with(|w| w.earlier);
                (earlier > 0).then(|| view! {
                    <button
                        type="button"
                        class="aa-link-btn aa-chat-transcript__more"
                        data-testid="chat-show-earlier"
                        on:click=move |_| step(ChatDesk::earlier, first_shown())
                    >
                        {text::show_earlier(earlier)}
                    </button>
                })
            }}
            <Show when=move || empty.get()>
                <p class="aa-muted aa-chat-transcript__empty">{text::t().no_messages}</p>
            </Show>
            <ol class="aa-chat-transcript__list">
                <For
                    each=move || window.get().messages
                    key=|message| (message.id, message.delivery.map(|d| d.as_str()))
                    children=move |message| view! { <ChatLine message=message /> }
                />
            </ol>
            {move || {
                let later = window.with(|w| w.later);
                (later > 0).then(|| view! {
                    <button
                        type="button"
                        class="aa-link-btn aa-chat-transcript__newest"
                        data-testid="chat-show-newest"
                        on:click=move |_| {
                            jump.set_value(true);
                            position.set(TranscriptPosition::Newest);
                        }
                    >
                        {text::show_newest(later)}
                    </button>
                })
            }}
        </div>
    }
}

/// Where the line of message `id` is from the top of the list's content (px).
fn line_offset(list: &HtmlElement, id: u64) -> Option<i32> {
    let line = list
        .query_selector(&format!("[data-message-id='{id}']"))
        .ok()??
        .dyn_into::<HtmlElement>()
        .ok()?;
    Some(line.offset_top())
}
