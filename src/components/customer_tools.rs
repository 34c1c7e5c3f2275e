//! The lead and appointment tools for the customer of a call or chat (Optimly's lead-form and
//! appointment endpoints, through the gateway).

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::assist::{AppointmentForm, FieldError, LeadForm, ToolOutcome};
use protocol::crm::CrmSessionRef;

use crate::api::{self, ApiError};
use crate::auth::Auth;
use crate::clock::{local_offset_minutes, now_ms};
use crate::format::calendar_day;
use crate::text;

/// What the session already knows about the customer, to fill the forms in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerDetails {
    /// Name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Phone number.
    pub phone: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tool {
    Lead,
    Appointment,
}

/// "Capture lead" and "Book appointment", each opening its form over the session, prefilled
/// from `details`. Forms are checked with the same rules as the gateway before they are sent;
/// a refused field says why, a failure keeps what was typed, success shows Optimly's reference.
#[component]
pub fn CustomerTools(
    /// The call or chat the customer is in.
    session: CrmSessionRef,
    /// What is known about them.
    details: CustomerDetails,
    /// Link-sized buttons with short labels, for the narrow call card.
    #[prop(default = false)]
    compact: bool,
) -> impl IntoView {
    let open = RwSignal::new(None::<Tool>);
    let close = Callback::new(move |()| open.set(None));
    let dialog = {
        let details = details.clone();
        move || match open.get() {
            None => ().into_any(),
            Some(Tool::Lead) => {
                view! { <LeadDialog session=session details=details.clone() on_close=close /> }
                    .into_any()
            }
            Some(Tool::Appointment) => view! {
                <AppointmentDialog session=session details=details.clone() on_close=close />
            }
            .into_any(),
        }
    };
    let (class, button, lead, appointment) = if compact {
        (
            "aa-tools aa-tools--compact",
            "aa-link-btn",
            text::t().lead_short,
            text::t().appointment_short,
        )
    } else {
        (
            "aa-tools",
            "aa-btn aa-btn--ghost aa-btn--small",
            text::t().lead_open,
            text::t().appointment_open,
        )
    };
    view! {
        <div class=class data-testid="customer-tools" role="group" aria-label=text::t().tools_label>
            {compact.then(|| view! { <span class="aa-tools__label">{text::t().tools_short}</span> })}
            <button
                type="button"
                class=button
                data-testid="tool-lead"
                aria-haspopup="dialog"
                aria-label=text::t().lead_open
                on:click=move |_| open.set(Some(Tool::Lead))
            >
                {lead}
            </button>
            <button
                type="button"
                class=button
                data-testid="tool-appointment"
                aria-haspopup="dialog"
                aria-label=text::t().appointment_open
                on:click=move |_| open.set(Some(Tool::Appointment))
            >
                {appointment}
            </button>
        </div>
        {dialog}
    }
}

/// Where a form is: being filled in (with the refused fields), sent, or done.
#[derive(Clone, Debug, Default, PartialEq)]
struct FormState {
    problems: Vec<FieldError>,
    sending: bool,
    failure: Option<String>,
    done: Option<String>,
}

impl FormState {
    fn problem(&self, field: &str) -> Option<String> {
        self.problems
            .iter()
            .find(|p| p.field == field)
            .map(text::field_problem)
    }
}

/// One labelled input bound to `value`, with its refusal under it.
#[component]
fn ToolField(
    /// The form field's name (matches [`FieldError::field`]).
    name: &'static str,
    /// Label.
    label: &'static str,
    /// Input type (`text`, `email`, `tel`, `date`, `time`, `number`).
    #[prop(default = "text")]
    kind: &'static str,
    /// The value.
    value: RwSignal<String>,
    /// The form's state (for the refusal).
    state: RwSignal<FormState>,
    /// Autocomplete hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
) -> impl IntoView {
    let id = format!("aa-tool-{name}");
    let error_id = format!("{id}-error");
    let problem = move || state.with(|s| s.problem(name));
    view! {
        <div class="aa-field">
            <label class="aa-field__label" for=id.clone()>{label}</label>
            <input
                id=id
                class="aa-input"
                type=kind
                name=name
                data-testid=format!("tool-field-{name}")
                autocomplete=autocomplete
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |event| {
                    value.set(event_target_value(&event));
                    // What was refused is being corrected: the refusal goes until the next try.
                    if state.with_untracked(|s| s.problem(name).is_some()) {
                        state.update(|s| s.problems.retain(|p| p.field != name));
                    }
                }
            />
            <p class="aa-field__error" id=error_id data-testid=format!("tool-error-{name}")>{problem}</p>
        </div>
    }
}

/// The dialog frame shared by both forms: title, body, result, Cancel/Close and submit.
#[component]
fn ToolDialog(
    /// `lead` or `appointment` (test ids and element ids).
    kind: &'static str,
    /// Title.
    title: &'static str,
    /// Submit label.
    submit: &'static str,
    /// The form's state.
    state: RwSignal<FormState>,
    /// Submit pressed.
    on_submit: Callback<()>,
    /// Closed.
    on_close: Callback<()>,
    /// The fields.
    children: Children,
) -> impl IntoView {
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |_| {
        if let Some(heading) = heading.get() {
            let _ = heading.focus();
        }
    });
    let title_id = format!("aa-{kind}-title");
    let labelled_by = title_id.clone();
    let done = move || state.with(|s| s.done.is_some());
    view! {
        <form
            class="aa-dialog aa-tool-dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby=labelled_by
            data-testid=format!("{kind}-dialog")
            novalidate
            on:submit=move |event| {
                event.prevent_default();
                if !done() {
                    on_submit.run(());
                }
            }
            on:keydown=move |event| {
                if event.key() == "Escape" {
                    event.stop_propagation();
                    on_close.run(());
                }
            }
        >
            <div class="aa-dialog__head">
                <h2 id=title_id class="aa-dialog__title" tabindex="-1" node_ref=heading>{title}</h2>
            </div>
            <div class="aa-dialog__body aa-tool-dialog__fields" hidden=done>{children()}</div>
            {move || state.with(|s| s.done.clone()).map(|line| view! {
                <p class="aa-notice aa-notice--success" role="status" data-testid=format!("{kind}-done")>{line}</p>
            })}
            {move || state.with(|s| s.failure.clone()).map(|line| view! {
                <p class="aa-notice aa-notice--error" role="alert" data-testid=format!("{kind}-failure")>{line}</p>
            })}
            <div class="aa-dialog__actions">
                <button type="button" class="aa-btn" data-testid=format!("{kind}-cancel") on:click=move |_| on_close.run(())>
                    {move || if done() { text::t().close } else { text::t().cancel }}
                </button>
                <button
                    type="submit"
                    class="aa-btn aa-btn--primary"
                    data-testid=format!("{kind}-submit")
                    hidden=done
                    disabled=move || state.with(|s| s.sending)
                >
                    {move || if state.with(|s| s.sending) { text::t().tool_sending } else { submit }}
                </button>
            </div>
        </form>
    }
}

/// Sends a checked form through `send` and records the outcome in `state`.
fn submit<F, Fut>(
    state: RwSignal<FormState>,
    problems: Vec<FieldError>,
    auth: Auth,
    describe: fn(&ToolOutcome) -> String,
    send: F,
) where
    F: FnOnce(String) -> Fut + 'static,
    Fut: std::future::Future<Output = Result<ToolOutcome, ApiError>> + 'static,
{
    if state.with_untracked(|s| s.sending) {
        return;
    }
    let refused = !problems.is_empty();
    state.update(|s| {
        s.problems = problems;
        s.failure = None;
        s.sending = !refused;
    });
    if refused {
        return;
    }
    spawn_local(async move {
        let outcome = send(auth.token().to_owned()).await;
        state.try_update(|s| {
            s.sending = false;
            match outcome {
                Ok(outcome) => s.done = Some(describe(&outcome)),
                Err(error) if auth.session_lost(&error) => {}
                Err(error) => s.failure = Some(text::tool_failed(&error)),
            }
        });
    });
}

/// The lead form.
#[component]
fn LeadDialog(
    session: CrmSessionRef,
    details: CustomerDetails,
    on_close: Callback<()>,
) -> impl IntoView {
    let auth = Auth::expect();
    let state = RwSignal::new(FormState::default());
    let full_name = RwSignal::new(details.name);
    let email = RwSignal::new(details.email);
    let phone = RwSignal::new(details.phone);
    let company = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let on_submit = Callback::new(move |()| {
        let form = LeadForm {
            session: Some(session),
            full_name: full_name.get_untracked(),
            email: email.get_untracked(),
            phone: phone.get_untracked(),
            company: company.get_untracked(),
            message: message.get_untracked(),
        };
        let problems = form.problems();
        submit(
            state,
            problems,
            auth.clone(),
            |o| text::lead_captured(o.reference.as_deref(), o.message.as_deref()),
            move |token| async move { api::send_lead(&token, &form).await },
        );
    });
    view! {
        <ToolDialog kind="lead" title=text::t().lead_title submit=text::t().lead_submit state=state on_submit=on_submit on_close=on_close>
            <ToolField name="full_name" label=text::t().field_name value=full_name state=state autocomplete="name" />
            <ToolField name="email" label=text::t().field_email kind="email" value=email state=state autocomplete="email" />
            <ToolField name="phone" label=text::t().field_phone kind="tel" value=phone state=state autocomplete="tel" />
            <ToolField name="company" label=text::t().field_company value=company state=state autocomplete="organization" />
            <ToolField name="message" label=text::t().field_message value=message state=state />
        </ToolDialog>
    }
}

/// The appointment form, for tomorrow at 10:00 for 30 minutes unless changed.
#[component]
fn AppointmentDialog(
    session: CrmSessionRef,
    details: CustomerDetails,
    on_close: Callback<()>,
) -> impl IntoView {
    let auth = Auth::expect();
    let state = RwSignal::new(FormState::default());
    let name = RwSignal::new(details.name);
    let email = RwSignal::new(details.email);
    let date = RwSignal::new(calendar_day(now_ms(), local_offset_minutes(), 1));
    let time = RwSignal::new("10:00".to_owned());
    let duration = RwSignal::new("30".to_owned());
    let notes = RwSignal::new(String::new());
    let on_submit = Callback::new(move |()| {
        let form = AppointmentForm {
            session: Some(session),
            name: name.get_untracked(),
            email: email.get_untracked(),
            date: date.get_untracked(),
            time: time.get_untracked(),
            duration_minutes: duration.get_untracked().trim().parse().unwrap_or(0),
            notes: notes.get_untracked(),
        };
        let today = calendar_day(now_ms(), local_offset_minutes(), 0);
        let problems = form.problems(&today);
        submit(
            state,
            problems,
            auth.clone(),
            |o| text::appointment_booked(o.reference.as_deref(), o.message.as_deref()),
            move |token| async move { api::send_appointment(&token, &form).await },
        );
    });
    view! {
        <ToolDialog kind="appointment" title=text::t().appointment_title submit=text::t().appointment_submit state=state on_submit=on_submit on_close=on_close>
            <ToolField name="name" label=text::t().field_name value=name state=state autocomplete="name" />
            <ToolField name="email" label=text::t().field_email kind="email" value=email state=state autocomplete="email" />
            <div class="aa-tool-dialog__row">
                <ToolField name="date" label=text::t().field_date kind="date" value=date state=state />
                <ToolField name="time" label=text::t().field_time kind="time" value=time state=state />
            </div>
            <ToolField name="duration_minutes" label=text::t().field_duration kind="number" value=duration state=state />
            <ToolField name="notes" label=text::t().field_notes value=notes state=state />
        </ToolDialog>
    }
}
