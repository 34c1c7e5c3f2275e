//! One line of a chat transcript.

use leptos::prelude::*;
use protocol::chat::{ChatFile, ChatMessage, DeliveryState, MessageDirection};

use crate::clock::local_offset_minutes;
use crate::format;
use crate::text;

/// A client line, an agent line (with its delivery state), or a system line. Everything in it
/// is rendered as text; a file's link is clickable only when it is an `http(s)` URL.
#[component]
pub fn ChatLine(
    /// The line.
    message: ChatMessage,
) -> impl IntoView {
    let direction = match message.direction {
        MessageDirection::Inbound => "inbound",
        MessageDirection::Outbound => "outbound",
        MessageDirection::System => "system",
    };
    let who = match message.direction {
        MessageDirection::Inbound => Some(text::t().from_customer),
        MessageDirection::Outbound => Some(text::t().from_you),
        MessageDirection::System => None,
    };
    let delivery = (message.direction == MessageDirection::Outbound)
        .then_some(message.delivery)
        .flatten();
    let at = format::clock_time(message.created_at, local_offset_minutes());
    let body = (!message.text.is_empty()).then(|| {
        view! { <p class="aa-chat-line__text" data-testid="chat-line-text">{message.text.clone()}</p> }
    });
    view! {
        <li
            class=format!("aa-chat-line aa-chat-line--{direction}")
            data-testid="chat-line"
            data-direction=direction
            data-message-id=message.id
        >
            {who.map(|who| view! { <span class="aa-sr-only">{who}": "</span> })}
            <div class="aa-chat-line__bubble">
                {message.file.map(file_view)}
                {body}
            </div>
            <span class="aa-chat-line__meta">
                <span class="aa-chat-line__time" data-testid="chat-line-time">{at}</span>
                {delivery.map(|delivery| {
                    let (state, label) = delivery_label(delivery);
                    view! {
                        <span
                            class=format!("aa-chat-line__delivery aa-chat-line__delivery--{state}")
                            data-testid="chat-line-delivery"
                            data-state=state
                        >
                            {label}
                        </span>
                    }
                })}
            </span>
        </li>
    }
}

fn delivery_label(delivery: DeliveryState) -> (&'static str, &'static str) {
    let label = match delivery {
        DeliveryState::Pending => text::t().delivery_pending,
        DeliveryState::Delivered => text::t().delivery_delivered,
        DeliveryState::Retrying => text::t().delivery_retrying,
        DeliveryState::Failed => text::t().delivery_failed,
    };
    (delivery.as_str(), label)
}

fn file_view(file: ChatFile) -> impl IntoView {
    let name = file
        .name
        .clone()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| text::t().unnamed_file.to_owned());
    let size = file.size.map(|bytes| {
        view! { <span class="aa-chat-file__size">{text::file_size(bytes)}</span> }
    });
    let target = match format::safe_link(&file.url) {
        Some(url) => view! {
            <a
                class="aa-chat-file__name"
                data-testid="chat-file-link"
                href=url
                target="_blank"
                rel="noopener noreferrer"
                download=""
            >
                {name}
            </a>
        }
        .into_any(),
        None => view! {
            <span class="aa-chat-file__name aa-chat-file__name--plain" data-testid="chat-file-name">
                {name}
            </span>
            <span class="aa-chat-file__url" data-testid="chat-file-url" title=text::t().link_not_opened>
                {file.url.clone()}
            </span>
        }
        .into_any(),
    };
    view! { <div class="aa-chat-file" data-testid="chat-file">{target}{size}</div> }
}
