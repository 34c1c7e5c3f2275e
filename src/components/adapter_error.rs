//! The page shown for a missing or unknown `?type=`.

use leptos::prelude::*;
use protocol::host::AdapterKind;

use crate::components::screen::{Screen, ScreenTone};
use crate::text;

/// Explains that the link names no adapter and lists the valid `type` values.
#[component]
pub fn AdapterError(
    /// The `type` value that was given (`None` when missing).
    value: Option<String>,
) -> impl IntoView {
    let kinds = [
        (AdapterKind::Call, text::t().type_call),
        (AdapterKind::Chat, text::t().type_chat),
        (AdapterKind::Supervisor, text::t().type_supervisor),
    ];
    view! {
        <main class="aa aa--error">
            <Screen tone=ScreenTone::Error title=text::t().bad_type_title testid="adapter-error">
                <p class="aa-screen__lead">{text::bad_type(value.as_deref())}</p>
                <p>{text::t().bad_type_valid}</p>
                <ul class="aa-typelist">
                    {kinds
                        .into_iter()
                        .map(|(kind, description)| {
                            view! {
                                <li class="aa-typelist__item">
                                    <code class="aa-code">{kind.as_str()}</code>
                                    <span>{description}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p>{text::t().bad_type_example}</p>
                <code class="aa-code aa-code--block">"/agent/?type=call&from=custom"</code>
            </Screen>
        </main>
    }
}
