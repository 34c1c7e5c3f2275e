//! The card of a chat offered to the agent.

use leptos::prelude::*;
use protocol::chat::ChatView;

use crate::components::chat_action_button::ChatActionButton;
use crate::components::icon::{Icon, IconKind};
use crate::format;
use crate::state::chat_desk::ChatAction;
use crate::text;

/// The client's name (`{channel} {userId}` when the bot sent none), the destination, the time
/// waiting (ticking from the handoff), Accept / Decline, and the pre-chat details the bot
/// collected (as text).
#[component]
pub fn ChatOfferCard(
    /// The offered chat.
    chat: ChatView,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
    /// The request about this chat in flight, if any.
    #[prop(into)]
    busy: Signal<Option<ChatAction>>,
    /// Why the last request about this chat failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Accept clicked.
    on_accept: Callback<()>,
    /// Decline clicked.
    on_decline: Callback<()>,
) -> impl IntoView {
    let created_at = chat.created_at;
    let details = (!chat.attributes.is_empty()).then(|| {
        view! {
            <dl class="aa-chat-offer__details" data-testid="chat-offer-details">
                {chat
                    .attributes
                    .iter()
                    .map(|(name, value)| view! {
                        <div class="aa-chat-offer__detail">
                            <dt>{name.clone()}</dt>
                            <dd>{value.clone()}</dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
        }
    });
    view! {
        <article
            class="aa-card aa-card--ringing aa-chat-offer"
            data-testid="chat-offer"
            data-chat-id=chat.id
            aria-label=text::t().incoming_chat
        >
            <div class="aa-chat-offer__main">
                <span class="aa-ring" aria-hidden="true">
                    <Icon kind=IconKind::Chat />
                </span>
                <div class="aa-chat-offer__who">
                    <span class="aa-card__label">{text::t().incoming_chat}</span>
                    <p class="aa-chat-offer__name" data-testid="chat-offer-name">
                        {chat.user_name.clone()}
                    </p>
                    <p class="aa-queue" data-testid="chat-offer-queue">{chat.queue.path.clone()}</p>
                </div>
                <div class="aa-chat-offer__waiting">
                    <span class="aa-eyebrow">{text::t().waiting}</span>
                    <span class="aa-tabular" data-testid="chat-offer-waiting">
                        {move || format::timer(format::elapsed_ms(created_at, now.get()))}
                    </span>
                </div>
            </div>
            {details}
            {move || error.get().map(|message| view! { <p class="aa-notice aa-notice--error" role="alert">{message}</p> })}
            <div class="aa-actions">
                <ChatActionButton
                    action=ChatAction::Accept
                    busy=busy
                    class="aa-btn--answer"
                    test_id="chat-accept"
                    label=text::t().accept
                    busy_label=text::t().accepting
                    on_click=on_accept
                />
                <ChatActionButton
                    action=ChatAction::Decline
                    busy=busy
                    class="aa-btn--decline"
                    test_id="chat-decline"
                    label=text::t().decline
                    busy_label=text::t().declining
                    on_click=on_decline
                />
            </div>
        </article>
    }
}
