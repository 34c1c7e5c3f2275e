//! The chat shown in the chat adapter: who, the transcript, the composer, and its actions.

use leptos::prelude::*;
use protocol::chat::{ChatState, ClosedBy};

use crate::adapters::chat_actions::ChatJob;
use crate::components::assist_card::AssistCard;
use crate::components::chat_action_button::ChatActionButton;
use crate::components::chat_attributes::ChatAttributes;
use crate::components::chat_composer::ChatComposer;
use crate::components::chat_transcript::ChatTranscript;
use crate::components::chat_transfer_panel::ChatTransferPanel;
use crate::components::cobrowse_line::CobrowseLine;
use crate::components::crm_strip::CrmStrip;
use crate::components::customer_tools::{CustomerDetails, CustomerTools};
use crate::state::assist::AssistDesk;
use crate::state::chat_desk::{ChatAction, ChatDesk};
use crate::state::cobrowse::CobrowseDesk;
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
    /// The AI suggestions, when the adapter follows them.
    #[prop(default = None)]
    assist: Option<RwSignal<AssistDesk>>,
    /// Whether the lead and appointment tools are offered.
    #[prop(default = false)]
    tools: bool,
    /// The co-browse sessions, when the adapter follows them.
    #[prop(default = None)]
    cobrowse: Option<RwSignal<CobrowseDesk>>,
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
    let insert = Callback::new(move |suggested: String| {
        desk.update(|d| {
            let draft = d.draft(chat_id);
            let text = if draft.trim().is_empty() {
                suggested
            } else {
                format!("{}\n{suggested}", draft.trim_end())
            };
            d.set_draft(chat_id, &text);
        });
        focus_composer();
    });
    let assist_card = move || {
        let assist = assist.filter(|_| !closed())?;
        let answered_up_to = Signal::derive(move || desk.with(|d| d.last_outbound_id(chat_id)));
        Some(
            view! { <AssistCard assist=assist chat_id=chat_id on_insert=insert answered_up_to=answered_up_to /> },
        )
    };
    let attribute = |names: &[&str]| {
        names
            .iter()
            .find_map(|n| {
                shown
                    .attributes
                    .get(*n)
                    .filter(|v| !v.trim().is_empty())
                    .cloned()
            })
            .unwrap_or_default()
    };
    let details = CustomerDetails {
        name: shown.user_name.clone(),
        email: attribute(&["email", "Email", "e-mail"]),
        phone: attribute(&["phone", "Phone", "telephone", "mobile"]),
    };
    let customer_tools = move || {
        (tools && !closed()).then(|| {
            view! { <CustomerTools session=protocol::crm::CrmSessionRef::Chat(chat_id) details=details.clone() compact=true /> }
        })
    };
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
                                {text::t().transfer_chat}
                            </button>
                            <ChatActionButton
                                action=ChatAction::Close
                                busy=busy
                                class="aa-btn--decline"
                                test_id="chat-close"
                                label=text::t().close_chat
                                busy_label=text::t().closing_chat
                                on_click=job(ChatJob::Close)
                            />
                        </div>
                    }
                >
                    <div class="aa-chat-session__actions">
                        <span class="aa-badge aa-badge--closed">{text::t().chat_closed}</span>
                        <ChatActionButton
                            action=ChatAction::Dismiss
                            busy=busy
                            class="aa-btn--ghost"
                            test_id="chat-dismiss"
                            label=text::t().dismiss_chat
                            busy_label=text::t().dismissing
                            on_click=job(ChatJob::Dismiss)
                        />
                    </div>
                </Show>
            </header>
            {crm_strip}
            <ChatAttributes attributes=shown.attributes.clone() />
            {customer_tools}
            {cobrowse.map(|cobrowse| view! { <CobrowseLine cobrowse=cobrowse session_id=chat_id /> })}
            <ChatTranscript desk=desk chat_id=chat_id />
            {assist_card}
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

/// Puts the focus in the composer with the caret at the end (after a suggestion was inserted).
fn focus_composer() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(Some(element)) = document.query_selector("[data-testid='chat-composer-input']") else {
        return;
    };
    if let Ok(area) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlTextAreaElement>(element) {
        let _ = area.focus();
        let end = area.value().encode_utf16().count() as u32;
        let _ = area.set_selection_range(end, end);
    }
}
