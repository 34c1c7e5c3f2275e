//! The pre-chat attributes the bot handed over with the chat.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::text;

/// A collapsible list of the chat's pre-chat fields (names and values as text); nothing when
/// the bot sent none. Hidden attributes never reach the widget.
#[component]
pub fn ChatAttributes(
    /// The fields, by name.
    attributes: BTreeMap<String, String>,
) -> impl IntoView {
    (!attributes.is_empty()).then(|| {
        view! {
            <details class="aa-chat-attributes" data-testid="chat-attributes">
                <summary class="aa-chat-attributes__summary" data-testid="chat-attributes-toggle">
                    {text::t().chat_details}
                    <span class="aa-count">{attributes.len()}</span>
                </summary>
                <dl class="aa-chat-attributes__list">
                    {attributes
                        .into_iter()
                        .map(|(name, value)| view! {
                            <div class="aa-chat-attributes__row">
                                <dt>{name}</dt>
                                <dd>{value}</dd>
                            </div>
                        })
                        .collect_view()}
                </dl>
            </details>
        }
    })
}
