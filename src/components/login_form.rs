//! The sign-in form.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use protocol::api::{AgentSnapshot, LoginRequest};

use crate::api;
use crate::components::icon::{Icon, IconKind};
use crate::state::session::StoredSession;
use crate::text;

/// Email and password; on success fetches the agent's snapshot and hands both over. Errors (wrong
/// password, gateway unreachable, …) are shown above the button.
#[component]
pub fn LoginForm(
    /// Why the agent is here, e.g. "your session has ended".
    notice: Option<&'static str>,
    /// Called with the session to keep and the snapshot to start from.
    on_signed_in: Callback<(StoredSession, AgentSnapshot)>,
) -> impl IntoView {
    let email_input = NodeRef::<html::Input>::new();
    let password_input = NodeRef::<html::Input>::new();
    let (pending, set_pending) = signal(false);
    let (error, set_error) = signal(None::<String>);

    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        // Read the fields from the DOM: autofill and scripted input may not fire `input`.
        let email = email_input
            .get()
            .map(|input| input.value())
            .unwrap_or_default();
        let password = password_input
            .get()
            .map(|input| input.value())
            .unwrap_or_default();
        let request = LoginRequest {
            email: email.trim().to_owned(),
            password,
        };
        if request.email.is_empty() || request.password.is_empty() {
            set_error.set(Some(text::t().missing_credentials.to_owned()));
            return;
        }
        set_pending.set(true);
        set_error.set(None);
        spawn_local(async move {
            match sign_in(&request).await {
                Ok(session) => {
                    on_signed_in.try_run(session);
                }
                Err(message) => {
                    set_pending.try_set(false);
                    set_error.try_set(Some(message));
                }
            }
        });
    };

    view! {
        <main class="aa-login">
            <form class="aa-login__form" data-testid="login-form" novalidate=true on:submit=submit>
                <div class="aa-brand">
                    <span class="aa-brand__mark">
                        <Icon kind=IconKind::Headset />
                    </span>
                    <span class="aa-brand__name">{text::t().product}</span>
                </div>
                <h1 class="aa-login__title">{text::t().sign_in_title}</h1>
                <p class="aa-login__lead">{text::t().sign_in_lead}</p>
                {notice.map(|notice| view! { <p class="aa-notice aa-notice--info" role="status">{notice}</p> })}
                <label class="aa-field">
                    <span class="aa-field__label">{text::t().email}</span>
                    <input
                        class="aa-input"
                        type="email"
                        name="email"
                        autocomplete="username"
                        inputmode="email"
                        spellcheck="false"
                        required=true
                        data-testid="login-email"
                        node_ref=email_input
                    />
                </label>
                <label class="aa-field">
                    <span class="aa-field__label">{text::t().password}</span>
                    <input
                        class="aa-input"
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required=true
                        data-testid="login-password"
                        node_ref=password_input
                    />
                </label>
                {move || {
                    error
                        .get()
                        .map(|message| {
                            view! {
                                <p class="aa-notice aa-notice--error" role="alert" data-testid="login-error">
                                    {message}
                                </p>
                            }
                        })
                }}
                <button
                    class="aa-btn aa-btn--primary aa-btn--block"
                    type="submit"
                    data-testid="login-submit"
                    disabled=move || pending.get()
                    aria-busy=move || pending.get().to_string()
                >
                    {move || if pending.get() { text::t().signing_in } else { text::t().sign_in }}
                </button>
            </form>
        </main>
    }
}

/// Logs in, then loads the snapshot the workspace starts from.
async fn sign_in(request: &LoginRequest) -> Result<(StoredSession, AgentSnapshot), String> {
    let login = api::login(request).await.map_err(|error| {
        if error.is_unauthorized() {
            text::t().wrong_credentials.to_owned()
        } else {
            text::api_error_sentence(&error)
        }
    })?;
    let stored = StoredSession::from_login(&login);
    let snapshot = api::me(&stored.token)
        .await
        .map_err(|error| text::api_error_sentence(&error))?;
    Ok((stored, snapshot))
}
