//! The CRM line of a session: where the record lookup is, the record link, and the custom
//! lookup URL with Open and Copy.

use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::crm::{CrmLookupState, CrmSessionRef, CrmSessionView};

use crate::api;
use crate::auth::Auth;
use crate::format;
use crate::text;

/// Shows the lookup state (pending, late with the reason, failed, ready with an "Open record"
/// link), the custom lookup URL of the session (fetched once when shown, never stored) with
/// "Open in CRM" and "Copy link", and the new-contact page when no contact was found. Only
/// `http(s)` URLs become links.
#[component]
pub fn CrmStrip(
    /// The session.
    session: CrmSessionRef,
    /// Its CRM state from the stream (live).
    #[prop(into)]
    view: Signal<Option<CrmSessionView>>,
) -> impl IntoView {
    let auth = Auth::expect();
    let lookup = RwSignal::new(None::<String>);
    let copied = RwSignal::new(None::<&'static str>);
    spawn_local(async move {
        if let Ok(found) = api::crm_session(auth.token(), session).await {
            lookup.try_set(found.lookup_url.as_deref().and_then(format::safe_link));
        }
    });
    let copy = move |_| {
        let Some(url) = lookup.get_untracked() else {
            return;
        };
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
            return;
        };
        let promise = clipboard.write_text(&url);
        spawn_local(async move {
            let done = wasm_bindgen_futures::JsFuture::from(promise).await;
            copied.try_set(Some(if done.is_ok() {
                text::t().copied
            } else {
                text::t().copy_failed
            }));
        });
    };
    let status = move || {
        let view = view.get()?;
        let (line, modifier) = match view.state {
            CrmLookupState::Pending => (text::t().crm_pending.to_owned(), "pending"),
            CrmLookupState::Retrying => (text::crm_retrying(view.error.as_deref()), "late"),
            CrmLookupState::Failed => (text::crm_failed(view.error.as_deref()), "failed"),
            CrmLookupState::Ready => (text::t().crm_ready.to_owned(), "ready"),
            CrmLookupState::NotConfigured => return None,
        };
        let record = view.record_url.as_deref().and_then(format::safe_link);
        let new_contact = view.screen_pop_url.as_deref().and_then(format::safe_link);
        Some(view! {
            <span class=format!("aa-crm__state aa-crm__state--{modifier}") data-testid="crm-state">{line}</span>
            {record.map(|url| view! {
                <a class="aa-crm__link" href=url target="_blank" rel="noopener noreferrer" data-testid="crm-record-link">
                    {text::t().open_record}
                </a>
            })}
            {new_contact.map(|url| view! {
                <a class="aa-crm__link" href=url target="_blank" rel="noopener noreferrer" data-testid="crm-new-contact">
                    {text::t().open_new_contact}
                </a>
            })}
        })
    };
    let lookup_links = move || {
        lookup.get().map(|url| view! {
            <a class="aa-crm__link" href=url target="_blank" rel="noopener noreferrer" data-testid="crm-lookup-open">
                {text::t().open_lookup}
            </a>
            <button type="button" class="aa-link-btn" data-testid="crm-lookup-copy" on:click=copy>
                {move || copied.get().unwrap_or(text::t().copy_link)}
            </button>
        })
    };
    view! {
        <div class="aa-crm" data-testid="crm-strip" role="status">
            {status}
            {lookup_links}
        </div>
    }
}
