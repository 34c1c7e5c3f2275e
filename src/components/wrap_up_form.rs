//! After-call work: disposition and notes of the call just finished.

use leptos::prelude::*;
use protocol::api::{Disposition, LegOutcome, WRAP_UP_NOTES_MAX_CHARS, WrapUpRequest, WrapUpView};

use crate::format;
use crate::state::call_desk::CallAction;
use crate::text;

/// The finished call (caller, queue, how it ended), a disposition select with the configured
/// codes, a notes field with a character count, and the save button. Saving without a
/// disposition, or with notes over the limit, says what is missing instead of sending.
#[component]
pub fn WrapUpForm(
    /// The part of the call to wrap up.
    wrap_up: WrapUpView,
    /// The disposition codes to choose from.
    dispositions: Vec<Disposition>,
    /// How many other calls wait for their wrap-up.
    #[prop(into)]
    more: Signal<usize>,
    /// For a transferred call: who took it, once known.
    #[prop(into)]
    taken_by: Signal<Option<String>>,
    /// The request in flight, if any.
    #[prop(into)]
    busy: Signal<Option<CallAction>>,
    /// Why the last save failed.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Save clicked with a valid form.
    on_save: Callback<WrapUpRequest>,
) -> impl IntoView {
    let disposition = RwSignal::new(wrap_up.disposition.clone().unwrap_or_default());
    let notes = RwSignal::new(wrap_up.notes.clone());
    let attempted = RwSignal::new(false);
    let used = move || notes.with(|n| n.trim().chars().count());
    let too_long = move || used() > WRAP_UP_NOTES_MAX_CHARS;
    let missing = move || disposition.with(String::is_empty);
    let saving = move || busy.get() == Some(CallAction::SaveWrapUp);
    let problem = move || {
        if !attempted.get() {
            None
        } else if missing() {
            Some(text::t().disposition_required.to_owned())
        } else if too_long() {
            Some(text::notes_too_long(WRAP_UP_NOTES_MAX_CHARS))
        } else {
            None
        }
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        attempted.set(true);
        if missing() || too_long() || busy.get_untracked().is_some() {
            return;
        }
        on_save.run(WrapUpRequest {
            disposition: disposition.get_untracked(),
            notes: notes.get_untracked().trim().to_owned(),
        });
    };
    let how = match (wrap_up.outcome, &wrap_up.transferred_to) {
        (LegOutcome::Transferred, Some(to)) => text::call_transferred(&wrap_up.caller_display, to),
        _ => text::talked_for(&format::timer(format::elapsed_ms(
            wrap_up.answered_at,
            wrap_up.ended_at,
        ))),
    };
    let queue = wrap_up
        .queue
        .as_ref()
        .map_or(text::t().no_queue.to_owned(), |queue| queue.path.clone());
    let select_id = format!("aa-wrap-up-{}-disposition", wrap_up.call_id);
    let notes_id = format!("aa-wrap-up-{}-notes", wrap_up.call_id);
    let (select_for, notes_for) = (select_id.clone(), notes_id.clone());
    view! {
        <form class="aa-card aa-card--wrap-up" data-testid="call-wrap-up" aria-label=text::t().wrap_up on:submit=submit novalidate>
            <div class="aa-card__head">
                <span class="aa-card__label">{text::t().wrap_up}</span>
                {move || (more.get() > 0).then(|| view! {
                    <span class="aa-badge" data-testid="wrap-up-more">{text::more_wrap_ups(more.get())}</span>
                })}
            </div>
            <p class="aa-caller" data-testid="wrap-up-caller">{wrap_up.caller_display.clone()}</p>
            <p class="aa-queue">{queue}</p>
            <p class="aa-wrap-up__how" data-testid="wrap-up-how">{how}</p>
            {move || taken_by.get().map(|agent| view! {
                <p class="aa-wrap-up__taken" role="status" data-testid="wrap-up-taken-by">{text::taken_by(&agent)}</p>
            })}
            <label class="aa-field" for=select_for>
                <span class="aa-field__label">{text::t().disposition}</span>
                <select
                    id=select_id
                    class="aa-select"
                    data-testid="wrap-up-disposition"
                    aria-invalid=move || (attempted.get() && missing()).then_some("true")
                    on:change=move |event| disposition.set(event_target_value(&event))
                    prop:value=move || disposition.get()
                >
                    <option value="">{text::t().choose_disposition}</option>
                    {dispositions
                        .into_iter()
                        .map(|d| view! { <option value=d.code.clone()>{d.label}</option> })
                        .collect_view()}
                </select>
            </label>
            <label class="aa-field aa-field--grow" for=notes_for>
                <span class="aa-field__label">{text::t().notes}</span>
                <textarea
                    id=notes_id
                    class="aa-textarea"
                    data-testid="wrap-up-notes"
                    rows="5"
                    placeholder=text::t().notes_placeholder
                    aria-invalid=move || too_long().then_some("true")
                    on:input=move |event| notes.set(event_target_value(&event))
                    prop:value=move || notes.get()
                ></textarea>
                <span
                    class=move || if too_long() { "aa-field__count aa-field__count--over" } else { "aa-field__count" }
                    data-testid="wrap-up-notes-count"
                >
                    {move || text::notes_count(used(), WRAP_UP_NOTES_MAX_CHARS)}
                </span>
            </label>
            {move || problem().or_else(|| error.get()).map(|message| view! {
                <p class="aa-notice aa-notice--error" role="alert" data-testid="wrap-up-error">{message}</p>
            })}
            <div class="aa-actions">
                <button
                    class="aa-btn aa-btn--primary aa-btn--large"
                    type="submit"
                    data-testid="wrap-up-save"
                    disabled=move || busy.get().is_some()
                >
                    {move || if saving() { text::t().saving } else { text::t().save_wrap_up }}
                </button>
            </div>
        </form>
    }
}
