//! The transfer dialog of the call in progress: other agents and queues, with who is free.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::{AgentStatus, QueuePresence, TransferAgent, TransferRequest, TransferTargets};

use crate::api;
use crate::auth::Auth;
use crate::state::call_desk::CallAction;
use crate::text;

/// Which list the dialog shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tab {
    Agents,
    Queues,
}

/// Loads `GET /api/v1/transfer-targets` when opened (and on Refresh), lists the other agents
/// (only those a call would ring at now can be chosen) and the queues (always, with their free
/// agents and waiting calls), and asks for confirmation naming the destination. Escape or
/// Cancel closes it.
#[component]
pub fn TransferPanel(
    /// The request in flight, if any.
    #[prop(into)]
    busy: Signal<Option<CallAction>>,
    /// Why the last transfer failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Transfer confirmed.
    on_transfer: Callback<TransferRequest>,
    /// Closed without transferring.
    on_close: Callback<()>,
) -> impl IntoView {
    let auth = Auth::expect();
    let targets = RwSignal::new(None::<Result<TransferTargets, String>>);
    let tab = RwSignal::new(Tab::Agents);
    let chosen = RwSignal::new(None::<(TransferRequest, String)>);
    let load = move || {
        targets.set(None);
        let auth = auth.clone();
        spawn_local(async move {
            match api::transfer_targets(auth.token()).await {
                Ok(found) => targets.try_set(Some(Ok(found))),
                Err(error) if auth.session_lost(&error) => None,
                Err(error) => targets.try_set(Some(Err(text::transfer_targets_failed(&error)))),
            };
        });
    };
    load();
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    let choose = Callback::new(move |choice: (TransferRequest, String)| chosen.set(Some(choice)));
    let list = move || match targets.get() {
        None => {
            view! { <p class="aa-muted" role="status">{text::t().transfer_loading}</p> }.into_any()
        }
        Some(Err(message)) => {
            view! { <p class="aa-notice aa-notice--error" role="alert">{message}</p> }.into_any()
        }
        Some(Ok(found)) => match tab.get() {
            Tab::Agents => agent_list(found.agents, chosen, choose).into_any(),
            Tab::Queues => queue_list(found.queues, chosen, choose).into_any(),
        },
    };
    let confirm_label = move || match (busy.get(), chosen.get()) {
        (Some(CallAction::Transfer), _) => text::t().transferring.to_owned(),
        (_, Some((_, name))) => text::transfer_to(&name),
        (_, None) => text::t().transfer_choose.to_owned(),
    };
    let tab_button = move |which: Tab, label: &'static str, test_id: &'static str| {
        view! {
            <button
                type="button"
                class="aa-segment__item"
                data-testid=test_id
                aria-pressed=move || if tab.get() == which { "true" } else { "false" }
                on:click=move |_| tab.set(which)
            >
                {label}
            </button>
        }
    };
    view! {
        <div
            class="aa-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby="aa-transfer-title"
            data-testid="transfer-panel"
            on:keydown=move |event| {
                if event.key() == "Escape" {
                    event.stop_propagation();
                    on_close.run(());
                }
            }
        >
            <div class="aa-dialog__head">
                <h2 id="aa-transfer-title" class="aa-dialog__title" tabindex="-1" node_ref=heading>
                    {text::t().transfer_title}
                </h2>
                <button type="button" class="aa-link-btn" data-testid="transfer-refresh" on:click=move |_| load()>
                    {text::t().refresh}
                </button>
            </div>
            <div class="aa-segment" role="group" aria-label=text::t().transfer_title>
                {tab_button(Tab::Agents, text::t().transfer_agents, "transfer-tab-agents")}
                {tab_button(Tab::Queues, text::t().transfer_queues, "transfer-tab-queues")}
            </div>
            <div class="aa-dialog__body">{list}</div>
            {move || error.get().map(|message| view! { <p class="aa-notice aa-notice--error" role="alert">{message}</p> })}
            <div class="aa-dialog__actions">
                <button type="button" class="aa-btn" data-testid="transfer-cancel" on:click=move |_| on_close.run(())>
                    {text::t().cancel}
                </button>
                <button
                    type="button"
                    class="aa-btn aa-btn--primary"
                    data-testid="transfer-confirm"
                    disabled=move || chosen.with(Option::is_none) || busy.get().is_some()
                    on:click=move |_| {
                        if let Some((request, _)) = chosen.get_untracked() {
                            on_transfer.run(request);
                        }
                    }
                >
                    {confirm_label}
                </button>
            </div>
        </div>
    }
}

fn agent_list(
    agents: Vec<TransferAgent>,
    chosen: RwSignal<Option<(TransferRequest, String)>>,
    choose: Callback<(TransferRequest, String)>,
) -> impl IntoView {
    if agents.is_empty() {
        return view! { <p class="aa-muted">{text::t().transfer_no_agents}</p> }.into_any();
    }
    view! {
        <ul class="aa-targets" data-testid="transfer-agents">
            {agents
                .into_iter()
                .map(|target| {
                    let request = TransferRequest::Agent { agent_id: target.agent.id };
                    let availability = if target.can_take_call() {
                        text::t().target_available
                    } else if target.status == AgentStatus::Available {
                        text::t().target_busy
                    } else {
                        text::status(target.status)
                    };
                    let free = target.can_take_call();
                    let state = if free { "free" } else { "unavailable" };
                    target_item(
                        request,
                        target.agent.name,
                        availability.to_owned(),
                        state,
                        !free,
                        chosen,
                        choose,
                    )
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

fn queue_list(
    queues: Vec<QueuePresence>,
    chosen: RwSignal<Option<(TransferRequest, String)>>,
    choose: Callback<(TransferRequest, String)>,
) -> impl IntoView {
    view! {
        <ul class="aa-targets" data-testid="transfer-queues">
            {queues
                .into_iter()
                .map(|presence| {
                    let request = TransferRequest::Queue { queue_id: presence.queue.id };
                    let state = if presence.available_agents > 0 { "free" } else { "unavailable" };
                    target_item(
                        request,
                        presence.queue.path,
                        text::queue_availability(presence.available_agents, presence.waiting),
                        state,
                        false,
                        chosen,
                        choose,
                    )
                })
                .collect_view()}
        </ul>
    }
}

fn target_item(
    request: TransferRequest,
    name: String,
    detail: String,
    state: &'static str,
    disabled: bool,
    chosen: RwSignal<Option<(TransferRequest, String)>>,
    choose: Callback<(TransferRequest, String)>,
) -> impl IntoView {
    let pressed = {
        let request = request.clone();
        move || chosen.with(|c| c.as_ref().is_some_and(|(r, _)| *r == request))
    };
    let label = name.clone();
    view! {
        <li>
            <button
                type="button"
                class=format!("aa-target aa-target--{state}")
                data-testid="transfer-target"
                aria-pressed=move || if pressed() { "true" } else { "false" }
                disabled=disabled
                on:click=move |_| choose.run((request.clone(), label.clone()))
            >
                <span class="aa-target__dot" aria-hidden="true"></span>
                <span class="aa-target__name">{name}</span>
                <span class="aa-target__detail">{detail}</span>
            </button>
        </li>
    }
}
