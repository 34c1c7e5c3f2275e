//! The chat adapter (450 × 590). Chat routing arrives in a later issue: until then the inbox is
//! honestly empty.

use leptos::prelude::*;

use crate::components::icon::{Icon, IconKind};
use crate::text;

/// The chat inbox: empty until chats are routed to agents.
#[component]
pub fn ChatAdapter() -> impl IntoView {
    view! {
        <section class="aa-chat">
            <div class="aa-section-head">
                <h2 class="aa-section-head__title">{text::CHATS}</h2>
                <span class="aa-count">"0"</span>
            </div>
            <div class="aa-empty" data-testid="chat-inbox">
                <span class="aa-empty__icon">
                    <Icon kind=IconKind::Chat />
                </span>
                <p class="aa-empty__title">{text::NO_CHATS}</p>
                <p class="aa-empty__hint">{text::NO_CHATS_HINT}</p>
            </div>
        </section>
    }
}
