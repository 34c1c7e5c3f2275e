//! The chat adapter (450 × 590): offered chats, one tab per accepted chat, the chat shown.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::adapters::chat_actions::{ChatJob, run, verb};
use crate::adapters::on_shortcut;
use crate::auth::Auth;
use crate::components::chat_offer_card::ChatOfferCard;
use crate::components::chat_session::ChatSession;
use crate::components::chat_tabs::ChatTabs;
use crate::components::icon::{Icon, IconKind};
use crate::host::HostHandle;
use crate::sound::{self, Chime};
use crate::state::assist::AssistDesk;
use crate::state::chat_desk::{AnnouncementKind, ChatAction, ChatDesk, ChatNotice};
use crate::state::cobrowse::CobrowseDesk;
use crate::state::crm_pops::CrmPops;
use crate::state::shortcuts::{ChatShortcut, tab_after};
use crate::text;

/// Shows the agent's chats from `desk` and runs the agent's requests about them, posting the
/// host events the desk returns. A polite live region announces new offers and new client
/// messages.
#[component]
pub fn ChatAdapter(
    /// The agent's chats (also fed by the realtime stream).
    desk: RwSignal<ChatDesk>,
    /// Now (Unix ms), ticking.
    #[prop(into)]
    now: Signal<i64>,
    /// The CRM state of the chats, when the adapter follows it.
    #[prop(optional)]
    crm: Option<RwSignal<CrmPops>>,
    /// The AI suggestions of the chats, when the adapter follows them.
    #[prop(optional)]
    assist: Option<RwSignal<AssistDesk>>,
    /// Whether the lead and appointment tools are offered.
    #[prop(default = false)]
    tools: bool,
    /// The co-browse sessions of the chats, when the adapter follows them.
    #[prop(optional)]
    cobrowse: Option<RwSignal<CobrowseDesk>>,
) -> impl IntoView {
    let host = HostHandle::expect();
    let auth = Auth::expect();
    // The request in flight per chat (one at a time per chat; chats do not wait for each
    // other), and the last failure, tied to its chat.
    let busy = RwSignal::new(BTreeMap::<u64, ChatAction>::new());
    let failure = RwSignal::new(None::<(u64, String)>);
    let act = Callback::new(move |(job, chat_id): (ChatJob, u64)| {
        if busy.with_untracked(|busy| busy.contains_key(&chat_id)) {
            return;
        }
        let action = job.action();
        busy.update(|busy| {
            busy.insert(chat_id, action);
        });
        if failure.with_untracked(|f| f.as_ref().is_some_and(|(id, _)| *id == chat_id)) {
            failure.set(None);
        }
        let auth = auth.clone();
        spawn_local(async move {
            let outcome = run(job, chat_id, auth.token(), desk).await;
            busy.try_update(|busy| busy.remove(&chat_id));
            match outcome {
                Ok(events) => host.emit_all(events),
                Err(error) if auth.session_lost(&error) => {}
                Err(error) => {
                    failure.try_set(Some((
                        chat_id,
                        text::chat_action_failed(verb(action), &error),
                    )));
                }
            }
        });
    });
    let busy_for =
        move |chat_id: u64| Signal::derive(move || busy.with(|busy| busy.get(&chat_id).copied()));
    let failure_for = move |chat_id: u64| {
        Signal::derive(move || {
            failure
                .get()
                .filter(|(id, _)| *id == chat_id)
                .map(|(_, m)| m)
        })
    };
    let offers = Memo::new(move |_| desk.with(|desk| desk.offers().to_vec()));
    let tabs = Memo::new(move |_| desk.with(ChatDesk::tabs));
    let active = Memo::new(move |_| desk.with(ChatDesk::active_id));
    let notice = Memo::new(move |_| desk.with(|desk| desk.notice().cloned()));
    // A chime for each newly offered chat, where the host allows sound.
    Effect::new(move |seen: Option<Vec<u64>>| {
        let ids: Vec<u64> = offers.with(|offers| offers.iter().map(|chat| chat.id).collect());
        let seen = seen.unwrap_or_default();
        if ids.iter().any(|id| !seen.contains(id)) {
            sound::play(Chime::Chat);
        }
        ids
    });
    let announcement = move || {
        desk.with(|desk| match desk.announcement().map(|a| &a.kind) {
            Some(AnnouncementKind::Offer { name }) => text::chat_offered(name),
            Some(AnnouncementKind::Message { name, text: said }) => {
                text::customer_wrote(name, said)
            }
            None => String::new(),
        })
    };
    let select = Callback::new(move |chat_id: u64| {
        let events = desk
            .try_update(|desk| desk.select(chat_id))
            .unwrap_or_default();
        host.emit_all(events);
    });
    on_shortcut(ChatShortcut::from_key, move |shortcut| match shortcut {
        ChatShortcut::Accept => {
            if let Some(offer) = offers.with_untracked(|offers| offers.first().map(|c| c.id)) {
                act.run((ChatJob::Accept, offer));
            }
        }
        ChatShortcut::FocusComposer => focus_composer(),
        ChatShortcut::NextChat | ChatShortcut::PreviousChat => {
            let list = tabs.get_untracked();
            let active = list.iter().position(|tab| tab.active);
            if let Some(next) = tab_after(shortcut, active, list.len()) {
                select.run(list[next].chat_id);
            }
        }
    });

    view! {
        <section class="aa-chat" data-testid="chat-adapter-body">
            <p class="aa-sr-only" aria-live="polite" data-testid="chat-announcer">{announcement}</p>
            <div class="aa-chat__offers">
                <For
                    each=move || offers.get()
                    key=|chat| chat.id
                    children=move |chat| {
                        let id = chat.id;
                        view! {
                            <ChatOfferCard
                                chat=chat
                                now=now
                                busy=busy_for(id)
                                error=failure_for(id)
                                on_accept=Callback::new(move |()| act.run((ChatJob::Accept, id)))
                                on_decline=Callback::new(move |()| act.run((ChatJob::Decline, id)))
                            />
                        }
                    }
                />
            </div>
            {move || notice.get().map(|notice| view! {
                <p class="aa-last aa-chat__notice" data-testid="chat-notice">{notice_text(&notice)}</p>
            })}
            <Show when=move || !tabs.with(Vec::is_empty)>
                <ChatTabs tabs=tabs on_select=select />
            </Show>
            {move || match active.get() {
                Some(id) => view! {
                    <ChatSession
                        desk=desk
                        chat_id=id
                        busy=busy_for(id)
                        error=failure_for(id)
                        on_job=Callback::new(move |job| act.run((job, id)))
                        crm=crm.map(|crm| Signal::derive(move || crm.with(|crm| crm.view(id).cloned())))
                        assist=assist
                        tools=tools
                        cobrowse=cobrowse
                    />
                }
                .into_any(),
                None if offers.with(Vec::is_empty) => view! {
                    <div class="aa-empty" data-testid="chat-inbox">
                        <span class="aa-empty__icon">
                            <Icon kind=IconKind::Chat />
                        </span>
                        <p class="aa-empty__title">{text::t().no_chats}</p>
                        <p class="aa-empty__hint">{text::t().no_chats_hint}</p>
                    </div>
                }
                .into_any(),
                None => view! {
                    <div class="aa-empty aa-empty--compact" data-testid="chat-no-tab">
                        <p class="aa-empty__title">{text::t().no_open_chat}</p>
                        <p class="aa-empty__hint">{text::t().no_open_chat_hint}</p>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
}

fn notice_text(notice: &ChatNotice) -> String {
    match notice {
        ChatNotice::Transferred { name, to } => text::chat_transferred(name, to),
        ChatNotice::Missed { name } => text::chat_missed(name),
        ChatNotice::Released { name } => text::chat_released(name),
    }
}

/// Moves the focus to the reply box of the chat shown, if there is one.
fn focus_composer() {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("[data-testid='chat-composer-input']")
                .ok()
                .flatten()
        })
        .and_then(|input| input.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(input) = input {
        let _ = input.focus();
    }
}
