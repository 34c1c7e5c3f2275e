//! Where the agent writes to the client.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::chat_desk::ChatAction;
use crate::text;

/// What a key press in the composer does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComposerKey {
    /// Enter alone: send.
    Send,
    /// Anything else (Shift+Enter writes a new line): the browser's default.
    Type,
}

impl ComposerKey {
    /// Enter without Shift, Ctrl, Alt or Meta sends, unless an input method is composing
    /// text (Enter then confirms the composition).
    pub fn of(key: &str, shift: bool, ctrl: bool, alt: bool, meta: bool, composing: bool) -> Self {
        if key == "Enter" && !shift && !ctrl && !alt && !meta && !composing {
            Self::Send
        } else {
            Self::Type
        }
    }
}

/// A text area bound to the chat's draft (`draft` / `on_draft`), Send (also Enter; Shift+Enter
/// for a new line), and a file picker whose file is sent right away. A blank draft is not
/// sent. Everything is disabled while a request about the chat runs.
#[component]
pub fn ChatComposer(
    /// The draft of this chat.
    #[prop(into)]
    draft: Signal<String>,
    /// The agent typed: the new draft.
    on_draft: Callback<String>,
    /// Send clicked or Enter pressed, with the draft.
    on_send: Callback<String>,
    /// A file was chosen.
    on_file: Callback<web_sys::File>,
    /// The request about this chat in flight, if any.
    #[prop(into)]
    busy: Signal<Option<ChatAction>>,
) -> impl IntoView {
    let file_input = NodeRef::<html::Input>::new();
    let send = move || {
        let text = draft.get_untracked();
        if busy.get_untracked().is_none() && !text.trim().is_empty() {
            on_send.run(text);
        }
    };
    let on_keydown = move |event: web_sys::KeyboardEvent| {
        let key = ComposerKey::of(
            &event.key(),
            event.shift_key(),
            event.ctrl_key(),
            event.alt_key(),
            event.meta_key(),
            event.is_composing(),
        );
        if key == ComposerKey::Send {
            event.prevent_default();
            send();
        }
    };
    let on_input = move |event: web_sys::Event| {
        if let Some(area) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            on_draft.run(area.value());
        }
    };
    let on_pick = move |_| {
        let Some(input) = file_input.get() else {
            return;
        };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            on_file.run(file);
        }
        input.set_value("");
    };
    let sending = move || busy.get() == Some(ChatAction::Send);
    let uploading = move || busy.get() == Some(ChatAction::SendFile);
    view! {
        <div class="aa-chat-composer" data-testid="chat-composer">
            <textarea
                class="aa-textarea aa-chat-composer__input"
                data-testid="chat-composer-input"
                rows="2"
                aria-label=text::t().composer_label
                placeholder=text::t().composer_placeholder
                prop:value=move || draft.get()
                on:input=on_input
                on:keydown=on_keydown
            >
                // The initial text as the element's content too: `prop:value` alone does not
                // reach a text area that is not in the document yet.
                {draft.get_untracked()}
            </textarea>
            <div class="aa-chat-composer__actions">
                <label class="aa-btn aa-btn--ghost aa-chat-composer__file" data-busy=move || uploading().to_string()>
                    <input
                        class="aa-sr-only"
                        type="file"
                        data-testid="chat-file-input"
                        node_ref=file_input
                        disabled=move || busy.get().is_some()
                        on:change=on_pick
                    />
                    {move || if uploading() { text::t().uploading } else { text::t().attach_file }}
                </label>
                <button
                    type="button"
                    class="aa-btn aa-btn--primary"
                    data-testid="chat-send"
                    disabled=move || busy.get().is_some() || draft.with(|d| d.trim().is_empty())
                    on:click=move |_| send()
                >
                    {move || if sending() { text::t().sending } else { text::t().send }}
                </button>
            </div>
        </div>
    }
}
