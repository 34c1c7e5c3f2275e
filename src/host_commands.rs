//! Commands from the host page: listened to on `window`, checked (sender, origin, size),
//! parsed strictly ([`protocol::command`]), carried out by whoever registered for them, and
//! answered with `Ack` or `Error` carrying the command's id.
//!
//! `Sync_Request` and `Set_Theme` work at any time; `Set_Agent_Status`, `Focus_Session` and
//! `Logout` need a signed-in workspace, which registers [`SessionCommands`] while it is shown.

use std::rc::Rc;

use leptos::prelude::*;
use protocol::api::AgentStatus;
use protocol::command::{
    AckData, ErrorData, FocusSession, HostCommand, IdentifiedCommand, Parsed, SyncState,
    parse_command, theme_variable_problem,
};
use protocol::host::{AgentData, HostEvent};
use wasm_bindgen::{JsCast, JsValue};

use crate::host::{CommandOutcome, HostHandle};

/// Reports the end of an asynchronous command: `Ok` or an error message.
pub type Done = Box<dyn FnOnce(Result<(), String>)>;

/// What the signed-in workspace offers the host.
pub struct SessionCommands {
    /// The agent, for `Sync_Request`.
    pub agent: AgentData,
    /// Their status now.
    pub status: Rc<dyn Fn() -> AgentStatus>,
    /// The calls and chats shown, for `Sync_Request`.
    pub sessions: Rc<dyn Fn() -> Vec<serde_json::Value>>,
    /// Changes the status; calls `Done` when the gateway answered.
    pub set_status: Rc<dyn Fn(AgentStatus, Done)>,
    /// Brings the session to the front; `false` when the adapter does not have it.
    pub focus: Rc<dyn Fn(&FocusSession) -> bool>,
    /// Logs out.
    pub logout: Rc<dyn Fn()>,
}

/// Where the workspace registers its [`SessionCommands`]. Provided by the adapter shell.
#[derive(Clone, Copy)]
pub struct CommandTarget(StoredValue<Option<Rc<SessionCommands>>, LocalStorage>);

impl CommandTarget {
    /// Nothing registered yet.
    pub fn new() -> Self {
        Self(StoredValue::new_local(None))
    }

    /// The target provided by the adapter shell.
    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    /// Registers `commands` until the calling view goes away.
    pub fn register(self, commands: SessionCommands) {
        self.0.set_value(Some(Rc::new(commands)));
        on_cleanup(move || {
            self.0.try_set_value(None);
        });
    }

    fn session(self) -> Option<Rc<SessionCommands>> {
        self.0.try_get_value().flatten()
    }
}

impl Default for CommandTarget {
    fn default() -> Self {
        Self::new()
    }
}

/// Listens for host commands while the calling view lives.
pub fn listen(host: HostHandle, target: CommandTarget) {
    let handle = window_event_listener(leptos::ev::message, move |event| {
        let Some(text) = message_text(&event.data()) else {
            host.update(|b| b.count(CommandOutcome::NotACommand));
            return;
        };
        let admitted = host
            .with(|bridge| bridge.admit(&event.origin(), from_parent(&event), text.len()))
            .unwrap_or(Err(crate::host::Ignored::NotPinned));
        if let Err(ignored) = admitted {
            host.update(|b| b.count(CommandOutcome::Ignored(ignored)));
            return;
        }
        match parse_command(&text) {
            Parsed::Command(command) => run(host, target, command),
            Parsed::Invalid(error) => refuse(host, ErrorData::from(error)),
            Parsed::NotACommand => host.update(|b| b.count(CommandOutcome::NotACommand)),
        }
    });
    on_cleanup(move || handle.remove());
}

/// The message as JSON text: a string as it is, an object stringified; anything else is not a
/// command.
fn message_text(data: &JsValue) -> Option<String> {
    if let Some(text) = data.as_string() {
        return Some(text);
    }
    if data.is_object() {
        return js_sys::JSON::stringify(data)
            .ok()
            .and_then(|s| s.as_string());
    }
    None
}

fn from_parent(event: &web_sys::MessageEvent) -> bool {
    let (Some(source), Some(window)) = (event.source(), web_sys::window()) else {
        return false;
    };
    match window.parent() {
        Ok(Some(parent)) => js_sys::Object::is(source.as_ref(), parent.as_ref()),
        _ => false,
    }
}

fn run(host: HostHandle, target: CommandTarget, identified: IdentifiedCommand) {
    let IdentifiedCommand { id, command } = identified;
    let name = command.type_name();
    let session = target.session();
    let needs_session = matches!(
        command,
        HostCommand::SetAgentStatus(_) | HostCommand::FocusSession(_) | HostCommand::Logout
    );
    if needs_session && session.is_none() {
        return refuse(
            host,
            error(&id, name, "not_signed_in", "No agent is signed in."),
        );
    }
    match command {
        HostCommand::SyncRequest(request) => {
            let (replayed, missing) = host.replay_since(request.since_seq);
            let state = SyncState {
                last_seq: host.with(|b| b.last_seq()).unwrap_or_default(),
                replayed,
                missing,
                agent: session.as_ref().map(|s| s.agent.clone()),
                status: session.as_ref().map(|s| (s.status)()),
                sessions: session.as_ref().map(|s| (s.sessions)()).unwrap_or_default(),
            };
            acknowledge(host, &id, name, serde_json::to_value(state).ok());
        }
        HostCommand::SetTheme(theme) => {
            let problems: Vec<String> = theme
                .vars
                .iter()
                .filter_map(|(name, value)| theme_variable_problem(name, value))
                .collect();
            if !problems.is_empty() {
                return refuse(host, error(&id, name, "invalid_data", &problems.join("; ")));
            }
            if let Some(mode) = theme.mode {
                crate::theme::apply(mode);
            }
            match apply_theme(&theme.vars) {
                Ok(()) => acknowledge(host, &id, name, None),
                Err(message) => refuse(host, error(&id, name, "failed", &message)),
            }
        }
        HostCommand::SetAgentStatus(request) => {
            let Some(session) = session else { return };
            if request.status == AgentStatus::Offline {
                let message = "status must be available or break; send Logout to go offline";
                return refuse(host, error(&id, name, "invalid_data", message));
            }
            (session.set_status)(
                request.status,
                Box::new(move |result| match result {
                    Ok(()) => acknowledge(host, &id, name, None),
                    Err(message) => refuse(host, error(&id, name, "failed", &message)),
                }),
            );
        }
        HostCommand::FocusSession(focus) => {
            let Some(session) = session else { return };
            if (session.focus)(&focus) {
                acknowledge(host, &id, name, None);
            } else {
                let message = "the adapter shows no such call or chat";
                refuse(host, error(&id, name, "unknown_session", message));
            }
        }
        HostCommand::Logout => {
            let Some(session) = session else { return };
            // Acknowledged first: after the logout nothing of this session is left to answer.
            acknowledge(host, &id, name, None);
            (session.logout)();
        }
    }
}

fn error(id: &str, command: &str, code: &str, message: &str) -> ErrorData {
    ErrorData {
        id: id.to_owned(),
        command: command.to_owned(),
        code: code.to_owned(),
        message: message.to_owned(),
    }
}

fn acknowledge(host: HostHandle, id: &str, command: &str, result: Option<serde_json::Value>) {
    host.update(|b| b.count(CommandOutcome::Accepted));
    host.emit(HostEvent::Ack(AckData {
        id: id.to_owned(),
        command: command.to_owned(),
        result,
    }));
}

fn refuse(host: HostHandle, error: ErrorData) {
    host.update(|b| b.count(CommandOutcome::Refused));
    host.emit(HostEvent::Error(error));
}

/// Sets each custom property on the document element (already validated).
fn apply_theme(vars: &std::collections::BTreeMap<String, String>) -> Result<(), String> {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        .ok_or("the page has no root element")?;
    let style = root.style();
    for (name, value) in vars {
        style
            .set_property(name, value)
            .map_err(|_| format!("the browser refused `{name}`"))?;
    }
    Ok(())
}
