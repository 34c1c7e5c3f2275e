//! The chat shown in the chat adapter: who, the transcript, the composer, and its actions.

use leptos::prelude::*;
use protocol::chat::{ChatState, ClosedBy};

use crate::adapters::chat_actions::ChatJob;
use crate::components::chat_action_button::ChatActionButton;
use crate::components::chat_attributes::ChatAttributes;
use crate::components::chat_composer::ChatComposer;
use crate::components::chat_transcript::ChatTranscript;
use crate::components::chat_transfer_panel::ChatTransferPanel;
use crate::components::crm_strip::CrmStrip;
use crate::state::chat_desk::{ChatAction, ChatDesk};
use crate::text;

/// The client's name and destination, the pre-chat attributes, the transcript and, while the
/// chat is in progress, the composer (its draft kept in the desk), Transfer and End chat; once
/// closed, who closed it and Close tab; the chat's CRM line when the adapter follows it. Every
/// request goes out through `on_job`.
#[component]
pub fn ChatSession(
    /// The chats.
    desk: RwSignal<ChatDesk>,
    /// The chat shown.
    chat_id: u64,
    /// The request about this chat in flight, if any.
    #[prop(into)]
    busy: Signal<Option<ChatAction>>,
    /// Why the last request about this chat failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// A request to make about this chat.
    on_job: Callback<ChatJob>,
    /// The chat's CRM state (live), when the adapter follows it.
    #[prop(default = None)]
    crm: Option<Signal<Option<protocol::crm::CrmSessionView>>>,
) -> impl IntoView {
    let chat = Memo::new(move |_| desk.with(|desk| desk.chat(chat_id)));
    let state = Memo::new(move |_| chat.with(|c| c.as_ref().map(|c| c.state)));
    let closed = move || state.get() == Some(ChatState::Closed);
    let transfer_open = RwSignal::new(false);
    let draft = Memo::new(move |_| desk.with(|desk| desk.draft(chat_id)));
    let Some(shown) = chat.get_untracked() else {
        return ().into_any();
    };
    let crm_strip = crm.map(|view| {
        view! { <CrmStrip session=protocol::crm::CrmSessionRef::Chat(chat_id) view=view /> }
    });
    let job = move |job: ChatJob| Callback::new(move |()| on_job.run(job.clone()));
    let closed_note = move || {
        chat.with(|c| c.as_ref().and_then(|c| c.closed_by))
            .map(|by| {
                view! {
                    <p class="aa-chat-session__closed" data-testid="chat-closed-note" role="status">
                        {text::chat_closed_by(by == ClosedBy::Customer)}
                    </p>
                }
            })
    };
    view! {
        <section class="aa-chat-session" data-testid="chat-session" data-chat-id=chat_id>
            <header class="aa-chat-session__head">
                <div class="aa-chat-session__who">
                    <h2 class="aa-chat-session__name" data-testid="chat-name">{shown.user_name.clone()}</h2>
                    <p class="aa-queue" data-testid="chat-queue">{shown.queue.path.clone()}</p>
                </div>
                <Show
                    when=closed
                    fallback=move || view! {
                        <div class="aa-chat-session__actions">
                            <button
                                type="button"
                                class="aa-btn aa-btn--ghost"
                                data-testid="chat-transfer"
                                disabled=move || busy.get().is_some()
                                on:click=move |_| transfer_open.set(true)
                            >
                                {text::TRANSFER_CHAT}
                            </button>
                            <ChatActionButton
                                action=ChatAction::Close
                                busy=busy
                                class="aa-btn--decline"
                                test_id="chat-close"
                                label=text::CLOSE_CHAT
                                busy_label=text::CLOSING_CHAT
                                on_click=job(ChatJob::Close)
                            />
                        </div>
                    }
                >
                    <div class="aa-chat-session__actions">
                        <span class="aa-badge aa-badge--closed">{text::CHAT_CLOSED}</span>
                        <ChatActionButton
                            action=ChatAction::Dismiss
                            busy=busy
                            class="aa-btn--ghost"
                            test_id="chat-dismiss"
                            label=text::DISMISS_CHAT
                            busy_label=text::DISMISSING
                            on_click=job(ChatJob::Dismiss)
                        />
                    </div>
                </Show>
            </header>
            {crm_strip}
            <ChatAttributes attributes=shown.attributes.clone() />
            <ChatTranscript desk=desk chat_id=chat_id />
            {move || error.get().map(|message| view! { <p class="aa-notice aa-notice--error" role="alert" data-testid="chat-error">{message}</p> })}
            <Show when=move || !closed() fallback=closed_note>
                <ChatComposer
                    draft=draft
                    on_draft=Callback::new(move |text: String| desk.update(|d| d.set_draft(chat_id, &text)))
                    on_send=Callback::new(move |text| on_job.run(ChatJob::Send(text)))
                    on_file=Callback::new(move |file| on_job.run(ChatJob::SendFile(file)))
                    busy=busy
                />
            </Show>
            <Show when=move || transfer_open.get() && !closed()>
                <ChatTransferPanel
                    current=shown.queue.clone()
                    busy=busy
                    error=error
                    on_transfer=Callback::new(move |queue_id| on_job.run(ChatJob::Transfer(queue_id)))
                    on_close=Callback::new(move |()| transfer_open.set(false))
                />
            </Show>
        </section>
    }
    .into_any()
}
