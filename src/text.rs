//! Every string the agent sees, in one place (English), so a French table can be added later.
//!
//! Fixed strings are constants; strings with values in them are small functions. Components
//! never spell user-visible text themselves.

use protocol::api::AgentStatus;

use crate::api::ApiError;
use crate::stream::ConnectionState;

/// Product name, shown on the sign-in screen and in the page title.
pub const PRODUCT: &str = "Agent adapter";
/// Shown while the widget starts.
pub const LOADING: &str = "Loading…";

// --- Unknown `?type=` -----------------------------------------------------------------------

/// Title of the page shown for a missing or unknown `type`.
pub const BAD_TYPE_TITLE: &str = "This adapter link is not valid";
/// Introduces the list of valid `type` values.
pub const BAD_TYPE_VALID: &str = "Use one of these values for type:";
/// Introduces the example embed URL.
pub const BAD_TYPE_EXAMPLE: &str = "For example:";
/// Description of `type=call`.
pub const TYPE_CALL: &str = "call adapter (290 × 600)";
/// Description of `type=chat`.
pub const TYPE_CHAT: &str = "chat adapter (450 × 590)";
/// Description of `type=supervisor`.
pub const TYPE_SUPERVISOR: &str = "supervisor view (600 × 600 or larger)";

/// What is wrong with the `type` parameter.
pub fn bad_type(value: Option<&str>) -> String {
    match value {
        None | Some("") => "The link does not say which adapter to open (type is missing).".into(),
        Some(value) => format!("“{value}” is not an adapter type."),
    }
}

// --- Gateway configuration and embedding ----------------------------------------------------

/// Title when `GET /api/v1/config` fails.
pub const CONFIG_FAILED_TITLE: &str = "Cannot reach the gateway";
/// Retry button.
pub const RETRY: &str = "Try again";
/// Title of the screen shown inside a page that may not embed the widget.
pub const REFUSED_TITLE: &str = "Not allowed here";
/// What the administrator can do about it.
pub const REFUSED_HINT: &str = "Ask your administrator to add this page's origin to \
                                allowed_origins in the gateway configuration.";

/// The refusal sentence; `None` when the embedding page's origin could not be determined.
pub fn refused(origin: Option<&str>) -> String {
    match origin {
        Some(origin) => format!("This adapter is not allowed to run inside {origin}."),
        None => "This adapter is not allowed to run inside this page: its origin could not be \
                 determined."
            .into(),
    }
}

/// Discreet note when the widget is opened directly rather than embedded.
pub const STANDALONE_NOTE: &str = "Opened directly — CRM events are off.";

// --- Session ---------------------------------------------------------------------------------

/// Sign-in heading.
pub const SIGN_IN_TITLE: &str = "Sign in";
/// Sign-in sub-heading.
pub const SIGN_IN_LEAD: &str = "Use your contact-center account.";
/// Email label.
pub const EMAIL: &str = "Email";
/// Password label.
pub const PASSWORD: &str = "Password";
/// Submit button.
pub const SIGN_IN: &str = "Sign in";
/// Submit button while signing in.
pub const SIGNING_IN: &str = "Signing in…";
/// Wrong email or password.
pub const WRONG_CREDENTIALS: &str = "Wrong email or password.";
/// Both fields are needed.
pub const MISSING_CREDENTIALS: &str = "Enter your email and password.";
/// The session was lost (401) and the agent must sign in again.
pub const SESSION_ENDED: &str = "Your session has ended. Please sign in again.";
/// Shown while a stored session is checked.
pub const RESTORING: &str = "Restoring your session…";
/// Title when a stored session could not be checked.
pub const RESTORE_FAILED_TITLE: &str = "Cannot restore your session";
/// Leave a session that cannot be restored.
pub const SIGN_IN_AGAIN: &str = "Sign in again";
/// Log-out button label.
pub const LOG_OUT: &str = "Log out";

// --- Header ----------------------------------------------------------------------------------

/// Accessible label of the status select.
pub const STATUS_LABEL: &str = "Your status";

/// Human name of an agent status.
pub fn status(status: AgentStatus) -> &'static str {
    match status {
        AgentStatus::Available => "Available",
        AgentStatus::Break => "On break",
        AgentStatus::Offline => "Offline",
    }
}

/// Label of the connection indicator.
pub fn connection(state: ConnectionState) -> &'static str {
    match state {
        ConnectionState::Connecting => "Connecting…",
        ConnectionState::Connected => "Live",
        ConnectionState::Reconnecting => "Reconnecting…",
        ConnectionState::Offline => "Offline",
    }
}

/// Tooltip of the connection indicator.
pub fn connection_hint(state: ConnectionState) -> &'static str {
    match state {
        ConnectionState::Connecting => "Connecting to the gateway",
        ConnectionState::Connected => "Connected: calls arrive in real time",
        ConnectionState::Reconnecting => "Connection lost: reconnecting",
        ConnectionState::Offline => "Offline: retrying in the background",
    }
}

/// A status change failed.
pub fn status_failed(error: &ApiError) -> String {
    format!("Could not change your status: {}", api_error(error))
}

// --- Call adapter ----------------------------------------------------------------------------

/// Idle heading.
pub const WAITING_FOR_CALLS: &str = "Waiting for calls";
/// Idle hint when available.
pub const IDLE_AVAILABLE: &str = "Calls from your queues ring here.";
/// Idle hint on break.
pub const IDLE_BREAK: &str = "You are on a break. Set yourself Available to take calls.";
/// Idle hint when offline.
pub const IDLE_OFFLINE: &str = "You are offline.";
/// Heading of the agent's queue list.
pub const YOUR_QUEUES: &str = "Your queues";
/// Label above a ringing call.
pub const INCOMING_CALL: &str = "Incoming call";
/// Label of the waiting time.
pub const WAITING: &str = "Waiting";
/// Label of a call without a queue.
pub const NO_QUEUE: &str = "Direct call";
/// Answer button.
pub const ANSWER: &str = "Answer";
/// Answer button while answering.
pub const ANSWERING: &str = "Answering…";
/// Decline button.
pub const DECLINE: &str = "Decline";
/// Decline button while the request runs.
pub const DECLINING: &str = "Declining…";
/// Label above the call in progress.
pub const ON_CALL: &str = "On call";
/// Hang-up button.
pub const HANG_UP: &str = "Hang up";
/// Hang-up button while hanging up.
pub const HANGING_UP: &str = "Hanging up…";
/// Label of the in-call timer.
pub const CALL_DURATION: &str = "Call duration";
/// Hold button (puts the caller on hold).
pub const HOLD: &str = "Hold";
/// Hold button while the request runs.
pub const HOLDING: &str = "Holding…";
/// Hold button while the caller is on hold (takes them off hold).
pub const RESUME_CALL: &str = "Resume";
/// Resume button while the request runs.
pub const RESUMING_CALL: &str = "Resuming…";
/// Recording button (pauses the recording so the caller can give sensitive data).
pub const PAUSE_RECORDING: &str = "Pause recording";
/// Recording button while the pause request runs.
pub const PAUSING_RECORDING: &str = "Pausing…";
/// Recording button while the recording is paused.
pub const RESUME_RECORDING: &str = "Resume recording";
/// Recording button while the resume request runs.
pub const RESUMING_RECORDING: &str = "Resuming…";
/// Accessible name of the hold / recording button row.
pub const CALL_CONTROLS: &str = "Call controls";
/// Badge shown while the recording is paused.
pub const RECORDING_PAUSED: &str = "Recording paused";

/// Badge shown while the caller is on hold, with the time on this hold (`mm:ss`).
pub fn on_hold(duration: &str) -> String {
    format!("On hold · {duration}")
}

/// The short line about the last call, shown when back to idle.
pub fn call_ended(caller: &str, duration: &str) -> String {
    format!("Call with {caller} ended · {duration}")
}

/// A ringing call the agent declined.
pub fn call_declined(caller: &str) -> String {
    format!("Declined call from {caller}")
}

/// A ringing call that rang past the ring timeout.
pub fn call_missed(caller: &str) -> String {
    format!("Missed call from {caller} — it rang too long")
}

/// A ringing call the caller gave up on.
pub fn call_abandoned(caller: &str) -> String {
    format!("{caller} hung up before the call was answered")
}

/// A call action failed.
pub fn call_action_failed(action: &str, error: &ApiError) -> String {
    format!("Could not {action}: {}", api_error(error))
}

/// Verb used in [`call_action_failed`] for answering.
pub const ACTION_ANSWER: &str = "answer";
/// Verb used in [`call_action_failed`] for declining.
pub const ACTION_DECLINE: &str = "decline";
/// Verb used in [`call_action_failed`] for hanging up.
pub const ACTION_HANG_UP: &str = "hang up";
/// Verb used in [`call_action_failed`] for putting on hold.
pub const ACTION_HOLD: &str = "put the caller on hold";
/// Verb used in [`call_action_failed`] for taking off hold.
pub const ACTION_RESUME: &str = "resume the call";
/// Verb used in [`call_action_failed`] for pausing the recording.
pub const ACTION_PAUSE_RECORDING: &str = "pause the recording";
/// Verb used in [`call_action_failed`] for resuming the recording.
pub const ACTION_RESUME_RECORDING: &str = "resume the recording";
/// Verb used in [`call_action_failed`] for transferring.
pub const ACTION_TRANSFER: &str = "transfer the call";
/// Verb used in [`call_action_failed`] for saving the wrap-up.
pub const ACTION_SAVE_WRAP_UP: &str = "save the wrap-up";

/// A call the agent transferred.
pub fn call_transferred(caller: &str, to: &str) -> String {
    format!("Call with {caller} transferred to {to}")
}

/// Ringing card note on a call another agent transferred here.
pub fn transferred_from(agent: &str) -> String {
    format!("Transferred by {agent}")
}

// --- CRM ------------------------------------------------------------------------------------

/// While the CRM account and record are looked up.
pub const CRM_PENDING: &str = "Looking up the CRM record…";
/// The CRM record is known.
pub const CRM_READY: &str = "CRM record";
/// Link to the CRM record.
pub const OPEN_RECORD: &str = "Open record";
/// Link to the custom lookup URL.
pub const OPEN_LOOKUP: &str = "Open in CRM";
/// Copy the custom lookup URL.
pub const COPY_LINK: &str = "Copy link";
/// After copying.
pub const COPIED: &str = "Copied";
/// Copying failed (no clipboard permission).
pub const COPY_FAILED: &str = "Could not copy";
/// Link to the "Open Custom URL" screen pop (no contact found).
pub const OPEN_NEW_CONTACT: &str = "New contact";

/// The CRM lookup is being retried.
pub fn crm_retrying(reason: Option<&str>) -> String {
    match reason {
        Some(reason) => format!("CRM lookup is late, retrying: {reason}"),
        None => "CRM lookup is late, retrying…".to_owned(),
    }
}

/// The CRM lookup failed for good.
pub fn crm_failed(reason: Option<&str>) -> String {
    match reason {
        Some(reason) => format!("CRM lookup failed: {reason}"),
        None => "CRM lookup failed".to_owned(),
    }
}

// --- Transfer ------------------------------------------------------------------------------

/// Transfer button of the call in progress.
pub const TRANSFER: &str = "Transfer";
/// Title of the transfer dialog.
pub const TRANSFER_TITLE: &str = "Transfer call";
/// Tab listing agents.
pub const TRANSFER_AGENTS: &str = "Agents";
/// Tab listing queues.
pub const TRANSFER_QUEUES: &str = "Queues";
/// While the targets load.
pub const TRANSFER_LOADING: &str = "Finding who is available…";
/// No other agent takes calls.
pub const TRANSFER_NO_AGENTS: &str = "No other agent takes calls.";
/// Close / cancel the dialog.
pub const CANCEL: &str = "Cancel";
/// Reload the targets.
pub const REFRESH: &str = "Refresh";
/// Hint before anything is chosen.
pub const TRANSFER_CHOOSE: &str = "Choose an agent or a queue";
/// The confirm button while the request runs.
pub const TRANSFERRING: &str = "Transferring…";
/// Availability of an agent who is free.
pub const TARGET_AVAILABLE: &str = "Available";
/// Availability of an agent with a call or wrapping one up.
pub const TARGET_BUSY: &str = "Busy";

/// The confirm button once a target is chosen.
pub fn transfer_to(target: &str) -> String {
    format!("Transfer to {target}")
}

/// A queue's free agents and waiting calls.
pub fn queue_availability(available: u32, waiting: u32) -> String {
    let agents = match available {
        0 => "nobody free".to_owned(),
        1 => "1 agent free".to_owned(),
        n => format!("{n} agents free"),
    };
    match waiting {
        0 => agents,
        n => format!("{agents} · {n} waiting"),
    }
}

/// Loading the targets failed.
pub fn transfer_targets_failed(error: &ApiError) -> String {
    format!("Could not load who is available: {}", api_error(error))
}

// --- Wrap-up -------------------------------------------------------------------------------

/// Label above the wrap-up form.
pub const WRAP_UP: &str = "Wrap-up";
/// Label of the disposition select.
pub const DISPOSITION: &str = "Disposition";
/// First, empty choice of the disposition select.
pub const CHOOSE_DISPOSITION: &str = "Choose a disposition…";
/// Label of the notes field.
pub const NOTES: &str = "Notes";
/// Placeholder of the notes field.
pub const NOTES_PLACEHOLDER: &str = "What was the call about? What happens next?";
/// Save button.
pub const SAVE_WRAP_UP: &str = "Save wrap-up";
/// Save button while saving.
pub const SAVING: &str = "Saving…";
/// Shown when saving without a disposition.
pub const DISPOSITION_REQUIRED: &str = "Choose a disposition to save the wrap-up.";
/// Confirmation after saving.
pub const WRAP_UP_SAVED: &str = "Wrap-up saved";

/// The finished part: how long the conversation lasted.
pub fn talked_for(duration: &str) -> String {
    format!("Talked for {duration}")
}

/// Who took a call the agent transferred.
pub fn taken_by(agent: &str) -> String {
    format!("{agent} took the call")
}

/// Notes length against the limit.
pub fn notes_count(used: usize, max: usize) -> String {
    format!("{used} / {max}")
}

/// Notes over the limit.
pub fn notes_too_long(max: usize) -> String {
    format!("Notes can be at most {max} characters.")
}

/// More wrap-ups wait after this one.
pub fn more_wrap_ups(count: usize) -> String {
    match count {
        1 => "1 more call to wrap up".to_owned(),
        n => format!("{n} more calls to wrap up"),
    }
}

// --- Chat adapter ----------------------------------------------------------------------------

/// Inbox heading.
pub const CHATS: &str = "Chats";
/// The empty inbox.
pub const NO_CHATS: &str = "No chats yet — offered chats appear here";
/// Below the empty inbox.
pub const NO_CHATS_HINT: &str = "Keep this panel open while you work.";
/// Shown below offers while no chat is open.
pub const NO_OPEN_CHAT: &str = "No chat open";
/// Below [`NO_OPEN_CHAT`].
pub const NO_OPEN_CHAT_HINT: &str = "Accepted chats open here, one tab each.";
/// Label above an offered chat.
pub const INCOMING_CHAT: &str = "Incoming chat";
/// Accept button of an offered chat.
pub const ACCEPT: &str = "Accept";
/// Accept button while the request runs.
pub const ACCEPTING: &str = "Accepting…";
/// Accessible name of the tab bar.
pub const CHAT_TABS: &str = "Your chats";
/// Accessible name of a transcript.
pub const TRANSCRIPT: &str = "Conversation";
/// The transcript has no line yet.
pub const NO_MESSAGES: &str = "No messages yet.";
/// Heading of the pre-chat attributes panel.
pub const CHAT_DETAILS: &str = "Pre-chat details";
/// Placeholder of the composer.
pub const COMPOSER_PLACEHOLDER: &str = "Write a reply… (Enter sends, Shift+Enter for a new line)";
/// Accessible label of the composer.
pub const COMPOSER_LABEL: &str = "Your reply";
/// Send button.
pub const SEND: &str = "Send";
/// Send button while the request runs.
pub const SENDING: &str = "Sending…";
/// Attach-a-file button.
pub const ATTACH_FILE: &str = "Send a file";
/// Attach button while the upload runs.
pub const UPLOADING: &str = "Uploading…";
/// Transfer button of a chat.
pub const TRANSFER_CHAT: &str = "Transfer";
/// Title of the chat transfer dialog.
pub const TRANSFER_CHAT_TITLE: &str = "Transfer chat";
/// Hint before a destination is chosen.
pub const TRANSFER_CHOOSE_DESTINATION: &str = "Choose a destination";
/// Destination with an agent who can take the chat now.
pub const DESTINATION_ONLINE: &str = "Someone online";
/// Destination with nobody available.
pub const DESTINATION_OFFLINE: &str = "Nobody online — the chat will wait";
/// The chat's own destination.
pub const DESTINATION_CURRENT: &str = "Current destination";
/// Close-chat button.
pub const CLOSE_CHAT: &str = "End chat";
/// Close button while the request runs.
pub const CLOSING_CHAT: &str = "Ending…";
/// Dismiss button of a closed chat.
pub const DISMISS_CHAT: &str = "Close tab";
/// Dismiss button while the request runs.
pub const DISMISSING: &str = "Closing…";
/// Badge of a closed chat.
pub const CHAT_CLOSED: &str = "Closed";
/// Delivery of an agent's message: waiting for its first attempt.
pub const DELIVERY_PENDING: &str = "Sending";
/// Delivery: the client's platform accepted it.
pub const DELIVERY_DELIVERED: &str = "Delivered";
/// Delivery: an attempt failed, it is being retried.
pub const DELIVERY_RETRYING: &str = "Retrying";
/// Delivery: given up.
pub const DELIVERY_FAILED: &str = "Not delivered";
/// A file without a name.
pub const UNNAMED_FILE: &str = "File";
/// After a file link that is not http(s) (shown, not clickable).
pub const LINK_NOT_OPENED: &str = "link not opened: not a web address";
/// Label of the client's side of the transcript.
pub const FROM_CUSTOMER: &str = "Customer";
/// Label of the agent's side of the transcript.
pub const FROM_YOU: &str = "You";

/// The chat is closed: by whom.
pub fn chat_closed_by(customer: bool) -> &'static str {
    if customer {
        "The customer closed the chat."
    } else {
        "You closed the chat."
    }
}

/// A tab's accessible name: the client and how many messages are unread.
pub fn tab_label(name: &str, unread: u32, closed: bool) -> String {
    let state = if closed { ", closed" } else { "" };
    match unread {
        0 => format!("{name}{state}"),
        1 => format!("{name}{state}, 1 unread message"),
        n => format!("{name}{state}, {n} unread messages"),
    }
}

/// The "show earlier messages" control.
pub fn show_earlier(hidden: usize) -> String {
    match hidden {
        1 => "Show 1 earlier message".to_owned(),
        n => format!("Show earlier messages ({n} more)"),
    }
}

/// A file's size for people: `512 B`, `12.5 KB`, `3.2 MB`.
pub fn file_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let value = bytes as f64;
    if value < KB {
        format!("{bytes} B")
    } else if value < KB * KB {
        format!("{:.1} KB", value / KB)
    } else {
        format!("{:.1} MB", value / (KB * KB))
    }
}

/// Live-region text: a chat is offered.
pub fn chat_offered(name: &str) -> String {
    format!("Incoming chat from {name}")
}

/// Live-region text: a client wrote.
pub fn customer_wrote(name: &str, text: &str) -> String {
    format!("{name} wrote: {text}")
}

/// The agent transferred a chat.
pub fn chat_transferred(name: &str, to: &str) -> String {
    format!("Chat with {name} transferred to {to}")
}

/// An offered chat went to someone else because it was not accepted in time.
pub fn chat_missed(name: &str) -> String {
    format!("Missed chat from {name} — it waited too long")
}

/// The agent went offline with a chat in progress.
pub fn chat_released(name: &str) -> String {
    format!("Chat with {name} went back to its queue while you were offline")
}

/// A chat action failed.
pub fn chat_action_failed(action: &str, error: &ApiError) -> String {
    format!("Could not {action}: {}", api_error(error))
}

/// Loading the destinations failed.
pub fn destinations_failed(error: &ApiError) -> String {
    format!("Could not load the destinations: {}", api_error(error))
}

/// Verb used in [`chat_action_failed`] for accepting.
pub const ACTION_ACCEPT_CHAT: &str = "accept the chat";
/// Verb used in [`chat_action_failed`] for declining.
pub const ACTION_DECLINE_CHAT: &str = "decline the chat";
/// Verb used in [`chat_action_failed`] for sending a text.
pub const ACTION_SEND: &str = "send the message";
/// Verb used in [`chat_action_failed`] for sending a file.
pub const ACTION_SEND_FILE: &str = "send the file";
/// Verb used in [`chat_action_failed`] for transferring.
pub const ACTION_TRANSFER_CHAT: &str = "transfer the chat";
/// Verb used in [`chat_action_failed`] for closing.
pub const ACTION_CLOSE_CHAT: &str = "end the chat";
/// Verb used in [`chat_action_failed`] for dismissing.
pub const ACTION_DISMISS_CHAT: &str = "close the tab";

// --- Supervisor ------------------------------------------------------------------------------

/// Supervisor heading.
pub const TEAM_PRESENCE: &str = "Team presence";
/// Agents table caption.
pub const AGENTS: &str = "Agents";
/// Queues table caption.
pub const QUEUES: &str = "Queues";
/// Column: agent name.
pub const COL_AGENT: &str = "Agent";
/// Column: status.
pub const COL_STATUS: &str = "Status";
/// Column: what the agent is doing.
pub const COL_ACTIVITY: &str = "Activity";
/// Column: queue path.
pub const COL_QUEUE: &str = "Queue";
/// Column: calls waiting.
pub const COL_WAITING: &str = "Waiting";
/// Column: available agents.
pub const COL_AVAILABLE: &str = "Available agents";
/// Activity: a call rings at the agent.
pub const ACTIVITY_RINGING: &str = "Ringing";
/// Activity: in a call.
pub const ACTIVITY_ON_CALL: &str = "On call";
/// Activity: nothing.
pub const ACTIVITY_IDLE: &str = "Idle";
/// Shown on 403.
pub const SUPERVISOR_REQUIRED: &str = "Supervisor role required";
/// Below [`SUPERVISOR_REQUIRED`].
pub const SUPERVISOR_REQUIRED_HINT: &str =
    "Sign in with a supervisor account to see the team's presence.";
/// Loading presence.
pub const LOADING_PRESENCE: &str = "Loading presence…";
/// No agents configured.
pub const NO_AGENTS: &str = "No agents are configured.";
/// No queues configured.
pub const NO_QUEUES: &str = "No queues are configured.";

/// How fresh the presence data is.
pub fn updated_ago(seconds: i64) -> String {
    if seconds < 2 {
        "Updated just now".into()
    } else {
        format!("Updated {seconds} s ago")
    }
}

/// Heading of the gateway's own presence beside DeepCall's.
pub const GATEWAY_PRESENCE: &str = "Queues and agents (this gateway)";
/// Heading of DeepCall's live statistics.
pub const LIVE_STATS: &str = "Live agent statistics (DeepCall)";
/// While DeepCall's statistics load.
pub const LOADING_LIVE_STATS: &str = "Loading live statistics…";
/// DeepCall is not configured on this gateway.
pub const LIVE_STATS_NOT_CONFIGURED: &str =
    "Live agent statistics are not configured: add a [deepcall] section to the gateway.";
/// Tile: logged in.
pub const TILE_LOGGED_IN: &str = "Logged in";
/// Tile: on a call.
pub const TILE_ON_CALL: &str = "On call";
/// Tile: on break.
pub const TILE_ON_BREAK: &str = "On break";
/// Tile: ringing.
pub const TILE_RINGING: &str = "Ringing";
/// Tile: after-call work.
pub const TILE_AFTER_CALL: &str = "After-call work";
/// Label of the name filter.
pub const FILTER_AGENTS: &str = "Find an agent";
/// Placeholder of the name filter.
pub const FILTER_PLACEHOLDER: &str = "Name or id";
/// Label of the activity filter.
pub const FILTER_ACTIVITY: &str = "Activity";
/// Activity filter: everyone.
pub const FILTER_EVERYONE: &str = "Everyone";
/// No agent matches the filters.
pub const NO_MATCHING_AGENTS: &str = "No agent matches these filters.";
/// Column: login type and duration.
pub const COL_LOGIN: &str = "Login";
/// Column: available time.
pub const COL_AVAILABLE_TIME: &str = "Available";
/// Column: talk time.
pub const COL_TALK: &str = "Talk time";
/// Column: calls.
pub const COL_CALLS: &str = "Calls";
/// Column: SIP and microphone.
pub const COL_DEVICE: &str = "SIP / mic";
/// Not logged in (DeepCall's `l` = `"No"`).
pub const NOT_LOGGED_IN: &str = "Not logged in";
/// Mobile app login.
pub const MOBILE: &str = "mobile";
/// Microphone allowed.
pub const MIC_ON: &str = "mic on";
/// Microphone not allowed.
pub const MIC_OFF: &str = "no mic";
/// An unknown value in a table cell.
pub const UNKNOWN: &str = "—";

/// What an agent is doing per DeepCall.
pub fn activity(activity: protocol::deepcall::AgentActivity) -> &'static str {
    use protocol::deepcall::AgentActivity;
    match activity {
        AgentActivity::OnCall => "On call",
        AgentActivity::OnBreak => "On break",
        AgentActivity::Available => "Available",
        AgentActivity::LoggedOut => "Logged out",
    }
}

/// The name of a sortable column.
pub fn sort_column(key: crate::state::team_table::SortKey) -> &'static str {
    use crate::state::team_table::SortKey;
    match key {
        SortKey::Name => COL_AGENT,
        SortKey::Activity => COL_ACTIVITY,
        SortKey::Login => COL_LOGIN,
        SortKey::Available => COL_AVAILABLE_TIME,
        SortKey::Talk => COL_TALK,
        SortKey::Calls => COL_CALLS,
    }
}

/// Refreshing DeepCall's statistics failed.
pub fn live_stats_failed(error: &ApiError) -> String {
    format!("Live statistics unavailable: {}", api_error(error))
}

/// The call adapter's one-line team summary.
pub fn team_line(summary: &protocol::deepcall::TeamSummary) -> String {
    format!(
        "Team: {} logged in · {} on call · {} ringing · {} on break",
        summary.logged_in, summary.on_call, summary.ringing, summary.on_break
    )
}

/// The team line when DeepCall fails.
pub const TEAM_LINE_UNAVAILABLE: &str = "Team statistics unavailable";

/// Refreshing presence failed.
pub fn presence_failed(error: &ApiError) -> String {
    format!("Cannot refresh presence: {}", api_error(error))
}

// --- Caller context (Optico) ------------------------------------------------------------

/// While the Optico lookup runs.
pub const CONTEXT_LOADING: &str = "Looking up caller…";
/// Optico knows nothing about this caller.
pub const CONTEXT_NONE: &str = "No web journey found for this caller.";
/// Label of the context tabs.
pub const CONTEXT_LABEL: &str = "Caller context";
/// Tab: page views.
pub const TAB_JOURNEY: &str = "Journey";
/// Tab: current cart.
pub const TAB_CART: &str = "Cart";
/// Tab: orders.
pub const TAB_ORDERS: &str = "Orders";
/// No page views.
pub const NO_VIEWS: &str = "No pages viewed yet.";
/// No current cart.
pub const NO_CART: &str = "No cart yet.";
/// No orders.
pub const NO_ORDERS: &str = "No orders.";
/// A page without a title.
pub const UNTITLED_PAGE: &str = "Untitled page";
/// A product without a name.
pub const UNNAMED_PRODUCT: &str = "Unnamed product";
/// Cart total label.
pub const TOTAL: &str = "Total";
/// Badge of an order that is a sale.
pub const SALE: &str = "Sale";
/// An order without a status.
pub const NO_STATUS: &str = "Order";
/// Traffic source unknown.
pub const DIRECT_TRAFFIC: &str = "Direct";
/// Previous match button.
pub const PREVIOUS_MATCH: &str = "Previous match";
/// Next match button.
pub const NEXT_MATCH: &str = "Next match";
/// Glance label: traffic source.
pub const GLANCE_SOURCE: &str = "Source";
/// Glance label: cart.
pub const GLANCE_CART: &str = "Cart";
/// Glance label: orders.
pub const GLANCE_ORDERS: &str = "Open orders";

/// Why the caller context is missing.
pub fn context_unavailable(reason: Option<&str>) -> String {
    match reason.map(str::trim).filter(|reason| !reason.is_empty()) {
        Some(reason) => format!("Caller context unavailable: {reason}"),
        None => "Caller context unavailable".into(),
    }
}

/// Which of several Optico matches is shown.
pub fn match_position(index: usize, count: usize) -> String {
    format!("Match {} of {count}", index + 1)
}

/// A traffic source with its search keyword: `Adwords · “optico tracking”`.
pub fn source_line(source: Option<&str>, keyword: Option<&str>) -> String {
    let source = source
        .map(str::trim)
        .filter(|source| !source.is_empty())
        .unwrap_or(DIRECT_TRAFFIC);
    match keyword.map(str::trim).filter(|keyword| !keyword.is_empty()) {
        Some(keyword) => format!("{source} · “{keyword}”"),
        None => source.to_owned(),
    }
}

/// A cart line: `1 × €896.00`.
pub fn cart_line(quantity: &str, unit_price: &str) -> String {
    format!("{quantity} × {unit_price}")
}

/// Number of products in an order.
pub fn product_count(count: usize) -> String {
    match count {
        1 => "1 product".into(),
        n => format!("{n} products"),
    }
}

/// Who an order is attributed to.
pub fn by_agent(agent: &str) -> String {
    format!("by {agent}")
}

/// How long ago something happened, from whole seconds: "just now", "2 min ago", "3 h ago",
/// "4 d ago"; from a week on, `date` (as Optico wrote it) instead.
pub fn time_ago(seconds: i64, date: &str) -> String {
    match seconds {
        ..60 => "just now".into(),
        60..3_600 => format!("{} min ago", seconds / 60),
        3_600..86_400 => format!("{} h ago", seconds / 3_600),
        86_400..604_800 => format!("{} d ago", seconds / 86_400),
        _ => date.split(' ').next().unwrap_or(date).to_owned(),
    }
}

// --- Errors ----------------------------------------------------------------------------------

/// A sentence describing an API error for people.
pub fn api_error(error: &ApiError) -> String {
    match error {
        ApiError::Network(_) => {
            "cannot reach the server. Check your connection and try again.".into()
        }
        ApiError::Status { code, .. } => match error.body() {
            Some(body) if !body.message.is_empty() => body.message,
            _ => format!("the server answered with HTTP {code}."),
        },
        ApiError::Decode(_) => "the server sent an answer this adapter does not understand.".into(),
    }
}

/// [`api_error`] as a sentence of its own (capitalised).
pub fn api_error_sentence(error: &ApiError) -> String {
    let text = api_error(error);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

// --- Agent assist and tools -------------------------------------------------------------------

/// Heading of the suggestion card.
pub const ASSIST_SUGGESTION: &str = "Suggested reply";
/// While the suggestion is prepared.
pub const ASSIST_WAITING: &str = "Preparing a suggestion…";
/// Insert the suggestion into the composer.
pub const ASSIST_INSERT: &str = "Insert";
/// Edit the suggestion before inserting it.
pub const ASSIST_EDIT: &str = "Edit";
/// Hide the suggestion.
pub const ASSIST_DISMISS: &str = "Dismiss";
/// Label of the text area where a suggestion is edited.
pub const ASSIST_EDIT_LABEL: &str = "Edit the suggested reply";
/// Ask for the suggestion again.
pub const ASSIST_RETRY: &str = "Try again";
/// Note under every suggestion.
pub const ASSIST_NEVER_SENT: &str = "Nothing is sent until you send it.";
/// Introduces the tools a suggestion ran.
pub const ASSIST_TOOLS: &str = "Used:";

/// The suggestion is unavailable this time.
pub fn assist_unavailable(reason: &str) -> String {
    format!("Assist unavailable: {reason}")
}

/// Asking again failed.
pub fn assist_retry_failed(error: &ApiError) -> String {
    format!("Could not ask again: {}", api_error(error))
}

/// Heading of the tools row.
pub const TOOLS_LABEL: &str = "Customer tools";
/// Label of the compact tools row of the call card.
pub const TOOLS_SHORT: &str = "Tools:";
/// Short label of the lead button (call card).
pub const LEAD_SHORT: &str = "Lead";
/// Short label of the appointment button (call card).
pub const APPOINTMENT_SHORT: &str = "Appointment";
/// Opens the lead form.
pub const LEAD_OPEN: &str = "Capture lead";
/// Opens the appointment form.
pub const APPOINTMENT_OPEN: &str = "Book appointment";
/// Title of the lead form.
pub const LEAD_TITLE: &str = "Capture a lead";
/// Title of the appointment form.
pub const APPOINTMENT_TITLE: &str = "Book an appointment";
/// Field labels.
pub const FIELD_NAME: &str = "Name";
/// Email field.
pub const FIELD_EMAIL: &str = "Email";
/// Phone field.
pub const FIELD_PHONE: &str = "Phone";
/// Company field.
pub const FIELD_COMPANY: &str = "Company";
/// Message field of a lead.
pub const FIELD_MESSAGE: &str = "What it is about";
/// Day field.
pub const FIELD_DATE: &str = "Day";
/// Time field.
pub const FIELD_TIME: &str = "Time";
/// Length field.
pub const FIELD_DURATION: &str = "Length (minutes)";
/// Notes field.
pub const FIELD_NOTES: &str = "Notes";
/// Submit of the lead form.
pub const LEAD_SUBMIT: &str = "Capture lead";
/// Submit of the appointment form.
pub const APPOINTMENT_SUBMIT: &str = "Book";
/// While a form is sent.
pub const TOOL_SENDING: &str = "Sending…";
/// Closes a form.
pub const CLOSE: &str = "Close";

/// The lead was captured.
pub fn lead_captured(reference: Option<&str>, message: Option<&str>) -> String {
    tool_done("Lead captured", reference, message)
}

/// The appointment was booked.
pub fn appointment_booked(reference: Option<&str>, message: Option<&str>) -> String {
    tool_done("Appointment booked", reference, message)
}

fn tool_done(what: &str, reference: Option<&str>, message: Option<&str>) -> String {
    let mut line = match reference {
        Some(reference) => format!("{what} (reference {reference})."),
        None => format!("{what}."),
    };
    if let Some(message) = message {
        line.push(' ');
        line.push_str(message);
        if !message.ends_with('.') {
            line.push('.');
        }
    }
    line
}

/// Sending a form failed.
pub fn tool_failed(error: &ApiError) -> String {
    format!("Not sent: {}", api_error(error))
}

// --- Co-browse --------------------------------------------------------------------------------

/// Accessible name of the co-browse line.
pub const COBROWSE_TITLE: &str = "Co-browse";
/// Accessible name of the button asking for remote control (its visible text is
/// [`COBROWSE_ASK`]).
pub const COBROWSE_REQUEST_CONTROL: &str = "Ask for remote control of the customer's page";
/// Accessible name of the button asking for the customer's full device.
pub const COBROWSE_REQUEST_DEVICE: &str = "Ask for the customer's full device";
/// Visible text of both ask buttons.
pub const COBROWSE_ASK: &str = "Ask";
/// Accessible name of the end button.
pub const COBROWSE_END: &str = "End co-browse";
/// Visible text of the end button.
pub const COBROWSE_END_SHORT: &str = "End";

/// Who started the session.
pub fn cobrowse_started_by(by: protocol::cobrowse::CobrowseParty) -> &'static str {
    match by {
        protocol::cobrowse::CobrowseParty::Agent => "Co-browse you started",
        protocol::cobrowse::CobrowseParty::EndUser => "Customer co-browses",
        protocol::cobrowse::CobrowseParty::Api => "Co-browse",
    }
}

fn cobrowse_mode(mode: protocol::cobrowse::CobrowseMode) -> &'static str {
    match mode {
        protocol::cobrowse::CobrowseMode::On => "on",
        protocol::cobrowse::CobrowseMode::Rejected => "refused",
        protocol::cobrowse::CobrowseMode::Requested => "asked…",
        protocol::cobrowse::CobrowseMode::Off => "off",
    }
}

/// Where remote control is.
pub fn cobrowse_remote_control(mode: protocol::cobrowse::CobrowseMode) -> String {
    format!("Control: {}", cobrowse_mode(mode))
}

/// Where full-device sharing is.
pub fn cobrowse_full_device(mode: protocol::cobrowse::CobrowseMode) -> String {
    format!("Device: {}", cobrowse_mode(mode))
}

/// A co-browse request failed.
pub fn cobrowse_failed(error: &ApiError) -> String {
    format!("Co-browse request not sent: {}", api_error(error))
}
