//! The AI suggestion of a chat, under its transcript.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::auth::Auth;
use crate::state::assist::{AssistDesk, AssistShown};
use crate::text;

/// While a suggestion is prepared: a typing indicator. Once there: the suggested text (as
/// text), the tools it used, Insert (into the composer, never sent), Edit (change it here,
/// then insert) and Dismiss. When unavailable: why, and Try again. Nothing when the chat has
/// no assist.
#[component]
pub fn AssistCard(
    /// The suggestions.
    assist: RwSignal<AssistDesk>,
    /// The chat.
    chat_id: u64,
    /// The agent inserts this text into the composer.
    on_insert: Callback<String>,
    /// The id of the chat's newest agent line: a suggestion for an earlier customer message
    /// has been answered already and is not shown.
    #[prop(into)]
    answered_up_to: Signal<u64>,
) -> impl IntoView {
    let auth = Auth::expect();
    let shown = Memo::new(move |_| {
        let shown = assist.with(|a| a.shown(chat_id));
        match shown {
            Some(AssistShown::Ready(s)) if answered_up_to.get() > s.message_id => None,
            other => other,
        }
    });
    let editing = RwSignal::new(None::<String>);
    let retry_error = RwSignal::new(None::<String>);
    let retrying = RwSignal::new(false);
    let editor = NodeRef::<html::Textarea>::new();
    Effect::new(move |_| {
        if editing.with(Option::is_some)
            && let Some(area) = editor.get()
        {
            let _ = area.focus();
        }
    });
    let finish = move |id: u64| {
        editing.set(None);
        assist.update(|a| a.done_with(id));
    };
    let retry = move |_| {
        if retrying.get_untracked() {
            return;
        }
        retrying.set(true);
        retry_error.set(None);
        let auth = auth.clone();
        spawn_local(async move {
            let outcome = api::retry_assist(auth.token(), chat_id).await;
            retrying.try_set(false);
            match outcome {
                Ok(view) => {
                    assist.try_update(|a| a.answered(&view));
                }
                Err(error) if auth.session_lost(&error) => {}
                Err(error) => {
                    retry_error.try_set(Some(text::assist_retry_failed(&error)));
                }
            }
        });
    };
    move || {
        match shown.get() {
        None => ().into_any(),
        Some(AssistShown::Waiting) => view! {
            <div class="aa-assist aa-assist--waiting" data-testid="assist-typing" role="status">
                <span class="aa-typing" aria-hidden="true"><span></span><span></span><span></span></span>
                <span>{text::t().assist_waiting}</span>
            </div>
        }
        .into_any(),
        Some(AssistShown::Unavailable(reason)) => view! {
            <div class="aa-assist aa-assist--unavailable" data-testid="assist-unavailable">
                <p class="aa-assist__reason" data-testid="assist-reason">{text::assist_unavailable(&reason)}</p>
                <button
                    type="button"
                    class="aa-link-btn"
                    data-testid="assist-retry"
                    disabled=move || retrying.get()
                    on:click=retry.clone()
                >
                    {text::t().assist_retry}
                </button>
                {move || retry_error.get().map(|m| view! { <p class="aa-notice aa-notice--error" role="alert">{m}</p> })}
            </div>
        }
        .into_any(),
        Some(AssistShown::Ready(suggestion)) => {
            let id = suggestion.id;
            let suggested = suggestion.text.clone();
            let tools = (!suggestion.tools.is_empty()).then(|| {
                view! {
                    <p class="aa-assist__tools" data-testid="assist-tools">
                        <span>{text::t().assist_tools}</span>
                        {suggestion.tools.iter().map(|t| view! { <span class="aa-chip">{t.clone()}</span> }).collect_view()}
                    </p>
                }
            });
            let body = {
                let suggested = suggested.clone();
                move || match editing.get() {
                    Some(draft) => view! {
                        <textarea
                            class="aa-textarea aa-assist__editor"
                            data-testid="assist-editor"
                            rows="3"
                            aria-label=text::t().assist_edit_label
                            node_ref=editor
                            prop:value=draft.clone()
                            on:input=move |event| editing.set(Some(event_target_value(&event)))
                        >
                            {draft.clone()}
                        </textarea>
                    }
                    .into_any(),
                    None => view! {
                        <p class="aa-assist__text" data-testid="assist-text">{suggested.clone()}</p>
                    }
                    .into_any(),
                }
            };
            let insert = move |_| {
                let chosen = editing.get_untracked().unwrap_or_else(|| suggested.clone());
                finish(id);
                on_insert.run(chosen);
            };
            let edit_or_cancel = {
                let original = suggestion.text.clone();
                move |_| {
                    if editing.with_untracked(Option::is_some) {
                        editing.set(None);
                    } else {
                        editing.set(Some(original.clone()));
                    }
                }
            };
            view! {
                <section class="aa-assist" data-testid="assist-card" data-suggestion-id=id aria-label=text::t().assist_suggestion>
                    <header class="aa-assist__head">
                        <h3 class="aa-assist__title" title=text::t().assist_never_sent>{text::t().assist_suggestion}</h3>
                        {tools}
                    </header>
                    {body}
                    <div class="aa-assist__actions">
                        <button type="button" class="aa-btn aa-btn--primary aa-btn--small" data-testid="assist-insert" on:click=insert>
                            {text::t().assist_insert}
                        </button>
                        <button type="button" class="aa-btn aa-btn--ghost aa-btn--small" data-testid="assist-edit" on:click=edit_or_cancel>
                            {move || if editing.with(Option::is_some) { text::t().cancel } else { text::t().assist_edit }}
                        </button>
                        <button type="button" class="aa-btn aa-btn--ghost aa-btn--small" data-testid="assist-dismiss" on:click=move |_| finish(id)>
                            {text::t().assist_dismiss}
                        </button>
                    </div>
                </section>
            }
            .into_any()
        }
    }
    }
}
