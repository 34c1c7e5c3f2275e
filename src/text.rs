//! Every string the agent sees, in English and French, in one place. Components never spell
//! user-visible text themselves.
//!
//! Fixed strings are the fields of a [`Catalogue`] (`text::t().answer`), written side by side in
//! both languages in `fixed.rs`; strings with values in them are the small functions below,
//! each with both languages. The language is chosen once at start-up ([`crate::i18n`]).

use protocol::api::AgentStatus;

use crate::api::ApiError;
use crate::i18n::{self, Lang};
use crate::stream::ConnectionState;

/// Declares [`Catalogue`], its English and French values ([`EN`], [`FR`]) and
/// [`Catalogue::entries`], from `name: "English", "French";` lines.
macro_rules! catalogue {
    ($($(#[$doc:meta])* $name:ident: $en:expr, $fr:expr;)*) => {
        /// Every fixed string of the widget in one language.
        pub struct Catalogue {
            $($(#[$doc])* pub $name: &'static str,)*
        }

        /// The English strings.
        pub static EN: Catalogue = Catalogue { $($name: $en,)* };
        /// The French strings.
        pub static FR: Catalogue = Catalogue { $($name: $fr,)* };

        impl Catalogue {
            /// Every string with its name, in declaration order (for the catalogue checks).
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($name), self.$name),)*]
            }
        }
    };
}
mod fixed;
pub use fixed::{Catalogue, EN, FR};

/// The fixed strings in the agent's language.
pub fn t() -> &'static Catalogue {
    match i18n::current() {
        Lang::En => &EN,
        Lang::Fr => &FR,
    }
}

/// Whether the agent reads French (for the functions below).
fn fr() -> bool {
    i18n::current() == Lang::Fr
}

// --- Unknown `?type=` -----------------------------------------------------------------------

/// What is wrong with the `type` parameter.
pub fn bad_type(value: Option<&str>) -> String {
    match (value, fr()) {
        (None | Some(""), false) => {
            "The link does not say which adapter to open (type is missing).".into()
        }
        (None | Some(""), true) => {
            "Le lien ne dit pas quel adaptateur ouvrir (type est absent).".into()
        }
        (Some(value), false) => format!("“{value}” is not an adapter type."),
        (Some(value), true) => format!("«\u{a0}{value}\u{a0}» n’est pas un type d’adaptateur."),
    }
}

// --- Gateway configuration and embedding ----------------------------------------------------

/// The refusal sentence; `None` when the embedding page's origin could not be determined.
pub fn refused(origin: Option<&str>) -> String {
    match (origin, fr()) {
        (Some(origin), false) => format!("This adapter is not allowed to run inside {origin}."),
        (Some(origin), true) => {
            format!("Cet adaptateur n’est pas autorisé à s’exécuter dans {origin}.")
        }
        (None, false) => "This adapter is not allowed to run inside this page: its origin could \
                          not be determined."
            .into(),
        (None, true) => "Cet adaptateur n’est pas autorisé à s’exécuter dans cette page\u{a0}: \
                         son origine n’a pas pu être déterminée."
            .into(),
    }
}

// --- Header ----------------------------------------------------------------------------------

/// Human name of an agent status.
pub fn status(status: AgentStatus) -> &'static str {
    match (status, fr()) {
        (AgentStatus::Available, false) => "Available",
        (AgentStatus::Available, true) => "Disponible",
        (AgentStatus::Break, false) => "On break",
        (AgentStatus::Break, true) => "En pause",
        (AgentStatus::Offline, false) => "Offline",
        (AgentStatus::Offline, true) => "Hors ligne",
    }
}

/// Label of the connection indicator.
pub fn connection(state: ConnectionState) -> &'static str {
    match (state, fr()) {
        (ConnectionState::Connecting, false) => "Connecting…",
        (ConnectionState::Connecting, true) => "Connexion…",
        (ConnectionState::Connected, false) => "Live",
        (ConnectionState::Connected, true) => "En direct",
        (ConnectionState::Reconnecting, false) => "Reconnecting…",
        (ConnectionState::Reconnecting, true) => "Reconnexion…",
        (ConnectionState::Offline, false) => "Offline",
        (ConnectionState::Offline, true) => "Hors ligne",
    }
}

/// Tooltip of the connection indicator.
pub fn connection_hint(state: ConnectionState) -> &'static str {
    match (state, fr()) {
        (ConnectionState::Connecting, false) => "Connecting to the gateway",
        (ConnectionState::Connecting, true) => "Connexion à la passerelle",
        (ConnectionState::Connected, false) => "Connected: calls arrive in real time",
        (ConnectionState::Connected, true) => "Connecté\u{a0}: les appels arrivent en temps réel",
        (ConnectionState::Reconnecting, false) => "Connection lost: reconnecting",
        (ConnectionState::Reconnecting, true) => "Connexion perdue\u{a0}: reconnexion",
        (ConnectionState::Offline, false) => "Offline: retrying in the background",
        (ConnectionState::Offline, true) => "Hors ligne\u{a0}: nouvel essai en arrière-plan",
    }
}

/// A status change failed.
pub fn status_failed(error: &ApiError) -> String {
    because(
        "Could not change your status",
        "Impossible de changer votre statut",
        error,
    )
}

// --- Call adapter ----------------------------------------------------------------------------

/// Badge shown while the caller is on hold, with the time on this hold (`mm:ss`).
pub fn on_hold(duration: &str) -> String {
    if fr() {
        format!("En attente · {duration}")
    } else {
        format!("On hold · {duration}")
    }
}

/// The short line about the last call, shown when back to idle.
pub fn call_ended(caller: &str, duration: &str) -> String {
    if fr() {
        format!("Appel avec {caller} terminé · {duration}")
    } else {
        format!("Call with {caller} ended · {duration}")
    }
}

/// Live-region text: a call rings.
pub fn ringing(caller: &str) -> String {
    if fr() {
        format!("Appel entrant\u{a0}: {caller}")
    } else {
        format!("Incoming call: {caller}")
    }
}

/// A ringing call the agent declined.
pub fn call_declined(caller: &str) -> String {
    if fr() {
        format!("Appel de {caller} refusé")
    } else {
        format!("Declined call from {caller}")
    }
}

/// A ringing call that rang past the ring timeout.
pub fn call_missed(caller: &str) -> String {
    if fr() {
        format!("Appel manqué de {caller} — il a sonné trop longtemps")
    } else {
        format!("Missed call from {caller} — it rang too long")
    }
}

/// A ringing call the caller gave up on.
pub fn call_abandoned(caller: &str) -> String {
    if fr() {
        format!("{caller} a raccroché avant la réponse")
    } else {
        format!("{caller} hung up before the call was answered")
    }
}

/// A call action failed; `action` is one of the catalogue's `action_*` verbs.
pub fn call_action_failed(action: &str, error: &ApiError) -> String {
    could_not(action, error)
}

/// `what: reason` (`what\u{a0}: reason` in French) with the reason `error` gives, the shape of
/// every sentence about a failed request.
fn because(en: &str, fr_what: &str, error: &ApiError) -> String {
    let reason = api_error(error);
    if fr() {
        format!("{fr_what}\u{a0}: {reason}")
    } else {
        format!("{en}: {reason}")
    }
}

/// "Could not {action}: {reason}", the shape of every failed action.
fn could_not(action: &str, error: &ApiError) -> String {
    because(
        &format!("Could not {action}"),
        &format!("Impossible de {action}"),
        error,
    )
}

/// A call the agent transferred.
pub fn call_transferred(caller: &str, to: &str) -> String {
    if fr() {
        format!("Appel avec {caller} transféré à {to}")
    } else {
        format!("Call with {caller} transferred to {to}")
    }
}

/// Ringing card note on a call another agent transferred here.
pub fn transferred_from(agent: &str) -> String {
    if fr() {
        format!("Transféré par {agent}")
    } else {
        format!("Transferred by {agent}")
    }
}

/// How a caller without a number is shown.
pub fn private_number() -> &'static str {
    if fr() {
        "Numéro masqué"
    } else {
        "Private number"
    }
}

// --- CRM ------------------------------------------------------------------------------------

/// The CRM lookup is being retried.
pub fn crm_retrying(reason: Option<&str>) -> String {
    match (reason, fr()) {
        (Some(reason), false) => format!("CRM lookup is late, retrying: {reason}"),
        (Some(reason), true) => {
            format!("La recherche CRM tarde, nouvel essai\u{a0}: {reason}")
        }
        (None, false) => "CRM lookup is late, retrying…".to_owned(),
        (None, true) => "La recherche CRM tarde, nouvel essai…".to_owned(),
    }
}

/// The CRM lookup failed for good.
pub fn crm_failed(reason: Option<&str>) -> String {
    match (reason, fr()) {
        (Some(reason), false) => format!("CRM lookup failed: {reason}"),
        (Some(reason), true) => format!("Échec de la recherche CRM\u{a0}: {reason}"),
        (None, false) => "CRM lookup failed".to_owned(),
        (None, true) => "Échec de la recherche CRM".to_owned(),
    }
}

// --- Transfer ------------------------------------------------------------------------------

/// The confirm button once a target is chosen.
pub fn transfer_to(target: &str) -> String {
    if fr() {
        format!("Transférer à {target}")
    } else {
        format!("Transfer to {target}")
    }
}

/// A queue's free agents and waiting calls.
pub fn queue_availability(available: u32, waiting: u32) -> String {
    let agents = match (available, fr()) {
        (0, false) => "nobody free".to_owned(),
        (0, true) => "personne de libre".to_owned(),
        (1, false) => "1 agent free".to_owned(),
        (1, true) => "1 agent libre".to_owned(),
        (n, false) => format!("{n} agents free"),
        (n, true) => format!("{n} agents libres"),
    };
    match (waiting, fr()) {
        (0, _) => agents,
        (n, false) => format!("{agents} · {n} waiting"),
        (n, true) => format!("{agents} · {n} en attente"),
    }
}

/// Loading the targets failed.
pub fn transfer_targets_failed(error: &ApiError) -> String {
    because(
        "Could not load who is available",
        "Impossible de charger qui est disponible",
        error,
    )
}

// --- Wrap-up -------------------------------------------------------------------------------

/// The finished part: how long the conversation lasted.
pub fn talked_for(duration: &str) -> String {
    if fr() {
        format!("Conversation de {duration}")
    } else {
        format!("Talked for {duration}")
    }
}

/// Who took a call the agent transferred.
pub fn taken_by(agent: &str) -> String {
    if fr() {
        format!("{agent} a pris l’appel")
    } else {
        format!("{agent} took the call")
    }
}

/// Notes length against the limit.
pub fn notes_count(used: usize, max: usize) -> String {
    format!("{used} / {max}")
}

/// Notes over the limit.
pub fn notes_too_long(max: usize) -> String {
    if fr() {
        format!("Les notes font au plus {max} caractères.")
    } else {
        format!("Notes can be at most {max} characters.")
    }
}

/// More wrap-ups wait after this one.
pub fn more_wrap_ups(count: usize) -> String {
    match (count, fr()) {
        (1, false) => "1 more call to wrap up".to_owned(),
        (1, true) => "Encore 1 appel à clôturer".to_owned(),
        (n, false) => format!("{n} more calls to wrap up"),
        (n, true) => format!("Encore {n} appels à clôturer"),
    }
}

// --- Chat adapter ----------------------------------------------------------------------------

/// The chat is closed: by whom.
pub fn chat_closed_by(customer: bool) -> &'static str {
    match (customer, fr()) {
        (true, false) => "The customer closed the chat.",
        (true, true) => "Le client a terminé le chat.",
        (false, false) => "You closed the chat.",
        (false, true) => "Vous avez terminé le chat.",
    }
}

/// A tab's accessible name: the client and how many messages are unread.
pub fn tab_label(name: &str, unread: u32, closed: bool) -> String {
    let state = match (closed, fr()) {
        (false, _) => "",
        (true, false) => ", closed",
        (true, true) => ", terminé",
    };
    match (unread, fr()) {
        (0, _) => format!("{name}{state}"),
        (1, false) => format!("{name}{state}, 1 unread message"),
        (1, true) => format!("{name}{state}, 1 message non lu"),
        (n, false) => format!("{name}{state}, {n} unread messages"),
        (n, true) => format!("{name}{state}, {n} messages non lus"),
    }
}

/// The "show earlier messages" control.
pub fn show_earlier(hidden: usize) -> String {
    match (hidden, fr()) {
        (1, false) => "Show 1 earlier message".to_owned(),
        (1, true) => "Afficher 1 message précédent".to_owned(),
        (n, false) => format!("Show earlier messages ({n} more)"),
        (n, true) => format!("Afficher les messages précédents ({n} de plus)"),
    }
}

/// The control that brings the transcript back to its newest lines, with how many newer ones
/// are not shown.
pub fn show_newest(hidden: usize) -> String {
    match (hidden, fr()) {
        (1, false) => "Show 1 newer message".to_owned(),
        (1, true) => "Afficher 1 message plus récent".to_owned(),
        (n, false) => format!("Show the newest messages ({n} newer)"),
        (n, true) => format!("Afficher les derniers messages ({n} plus récents)"),
    }
}

/// A file's size for people: `512 B`, `12.5 KB`, `3.2 MB` (in French `512 o`, `12,5 Ko`,
/// `3,2 Mo`).
pub fn file_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let value = bytes as f64;
    let (byte, kilo, mega) = if fr() {
        ("o", "Ko", "Mo")
    } else {
        ("B", "KB", "MB")
    };
    if value < KB {
        return format!("{bytes} {byte}");
    }
    let (amount, unit) = if value < KB * KB {
        (value / KB, kilo)
    } else {
        (value / (KB * KB), mega)
    };
    format!("{} {unit}", crate::format::decimal(amount, 1))
}

/// Live-region text: a chat is offered.
pub fn chat_offered(name: &str) -> String {
    if fr() {
        format!("Chat entrant de {name}")
    } else {
        format!("Incoming chat from {name}")
    }
}

/// Live-region text: a client wrote.
pub fn customer_wrote(name: &str, text: &str) -> String {
    if fr() {
        format!("{name} a écrit\u{a0}: {text}")
    } else {
        format!("{name} wrote: {text}")
    }
}

/// The agent transferred a chat.
pub fn chat_transferred(name: &str, to: &str) -> String {
    if fr() {
        format!("Chat avec {name} transféré à {to}")
    } else {
        format!("Chat with {name} transferred to {to}")
    }
}

/// An offered chat went to someone else because it was not accepted in time.
pub fn chat_missed(name: &str) -> String {
    if fr() {
        format!("Chat manqué de {name} — il a attendu trop longtemps")
    } else {
        format!("Missed chat from {name} — it waited too long")
    }
}

/// The agent went offline with a chat in progress.
pub fn chat_released(name: &str) -> String {
    if fr() {
        format!("Le chat avec {name} est retourné dans sa file pendant que vous étiez hors ligne")
    } else {
        format!("Chat with {name} went back to its queue while you were offline")
    }
}

/// A chat action failed; `action` is one of the catalogue's `action_*` verbs.
pub fn chat_action_failed(action: &str, error: &ApiError) -> String {
    could_not(action, error)
}

/// Loading the destinations failed.
pub fn destinations_failed(error: &ApiError) -> String {
    because(
        "Could not load the destinations",
        "Impossible de charger les destinations",
        error,
    )
}

// --- Supervisor ------------------------------------------------------------------------------

/// How fresh the presence data is.
pub fn updated_ago(seconds: i64) -> String {
    match (seconds < 2, fr()) {
        (true, false) => "Updated just now".into(),
        (true, true) => "Mis à jour à l’instant".into(),
        (false, false) => format!("Updated {seconds} s ago"),
        (false, true) => format!("Mis à jour il y a {seconds} s"),
    }
}

/// What an agent is doing per DeepCall.
pub fn activity(activity: protocol::deepcall::AgentActivity) -> &'static str {
    use protocol::deepcall::AgentActivity;
    match (activity, fr()) {
        (AgentActivity::OnCall, false) => "On call",
        (AgentActivity::OnCall, true) => "En appel",
        (AgentActivity::OnBreak, false) => "On break",
        (AgentActivity::OnBreak, true) => "En pause",
        (AgentActivity::Available, false) => "Available",
        (AgentActivity::Available, true) => "Disponible",
        (AgentActivity::LoggedOut, false) => "Logged out",
        (AgentActivity::LoggedOut, true) => "Déconnecté",
    }
}

/// The name of a sortable column.
pub fn sort_column(key: crate::state::team_table::SortKey) -> &'static str {
    use crate::state::team_table::SortKey;
    match key {
        SortKey::Name => t().col_agent,
        SortKey::Activity => t().col_activity,
        SortKey::Login => t().col_login,
        SortKey::Available => t().col_available_time,
        SortKey::Talk => t().col_talk,
        SortKey::Calls => t().col_calls,
    }
}

/// Refreshing DeepCall's statistics failed.
pub fn live_stats_failed(error: &ApiError) -> String {
    because(
        "Live statistics unavailable",
        "Statistiques en direct indisponibles",
        error,
    )
}

/// The call adapter's one-line team summary.
pub fn team_line(summary: &protocol::deepcall::TeamSummary) -> String {
    let protocol::deepcall::TeamSummary {
        logged_in,
        on_call,
        ringing,
        on_break,
        ..
    } = summary;
    if fr() {
        format!(
            "Équipe\u{a0}: {logged_in} connectés · {on_call} en appel · {ringing} en sonnerie · \
             {on_break} en pause"
        )
    } else {
        format!(
            "Team: {logged_in} logged in · {on_call} on call · {ringing} ringing · {on_break} on \
             break"
        )
    }
}

/// Refreshing presence failed.
pub fn presence_failed(error: &ApiError) -> String {
    because(
        "Cannot refresh presence",
        "Impossible d’actualiser la présence",
        error,
    )
}

// --- Caller context (Optico) ------------------------------------------------------------

/// Why the caller context is missing.
pub fn context_unavailable(reason: Option<&str>) -> String {
    match (
        reason.map(str::trim).filter(|reason| !reason.is_empty()),
        fr(),
    ) {
        (Some(reason), false) => format!("Caller context unavailable: {reason}"),
        (Some(reason), true) => format!("Contexte de l’appelant indisponible\u{a0}: {reason}"),
        (None, false) => "Caller context unavailable".into(),
        (None, true) => "Contexte de l’appelant indisponible".into(),
    }
}

/// Which of several Optico matches is shown.
pub fn match_position(index: usize, count: usize) -> String {
    let position = index + 1;
    if fr() {
        format!("Correspondance {position} sur {count}")
    } else {
        format!("Match {position} of {count}")
    }
}

/// A traffic source with its search keyword: `Adwords · “optico tracking”`.
pub fn source_line(source: Option<&str>, keyword: Option<&str>) -> String {
    let source = source
        .map(str::trim)
        .filter(|source| !source.is_empty())
        .unwrap_or(t().direct_traffic);
    match (
        keyword.map(str::trim).filter(|keyword| !keyword.is_empty()),
        fr(),
    ) {
        (Some(keyword), false) => format!("{source} · “{keyword}”"),
        (Some(keyword), true) => format!("{source} · «\u{a0}{keyword}\u{a0}»"),
        (None, _) => source.to_owned(),
    }
}

/// A cart line: `1 × €896.00`.
pub fn cart_line(quantity: &str, unit_price: &str) -> String {
    format!("{quantity} × {unit_price}")
}

/// Number of products in an order.
pub fn product_count(count: usize) -> String {
    match (count, fr()) {
        (1, false) => "1 product".into(),
        (1, true) => "1 produit".into(),
        (n, false) => format!("{n} products"),
        (n, true) => format!("{n} produits"),
    }
}

/// Who an order is attributed to.
pub fn by_agent(agent: &str) -> String {
    if fr() {
        format!("par {agent}")
    } else {
        format!("by {agent}")
    }
}

/// How long ago something happened, from whole seconds: "just now", "2 min ago", "3 h ago",
/// "4 d ago"; from a week on, the day of `date` (Optico's `Y-m-d H:i:s`) written for people.
pub fn time_ago(seconds: i64, date: &str) -> String {
    let french = fr();
    match seconds {
        ..60 if french => "à l’instant".into(),
        ..60 => "just now".into(),
        60..3_600 if french => format!("il y a {} min", seconds / 60),
        60..3_600 => format!("{} min ago", seconds / 60),
        3_600..86_400 if french => format!("il y a {} h", seconds / 3_600),
        3_600..86_400 => format!("{} h ago", seconds / 3_600),
        86_400..604_800 if french => format!("il y a {} j", seconds / 86_400),
        86_400..604_800 => format!("{} d ago", seconds / 86_400),
        _ => {
            let day = date.split(' ').next().unwrap_or(date);
            crate::format::day_for_people(day).unwrap_or_else(|| day.to_owned())
        }
    }
}

// --- Errors ----------------------------------------------------------------------------------

/// A sentence describing an API error for people: the gateway's own message in English; in
/// French the reason of its error code, with its message as the detail.
pub fn api_error(error: &ApiError) -> String {
    match (error, fr()) {
        (ApiError::Network(_), false) => {
            "cannot reach the server. Check your connection and try again.".into()
        }
        (ApiError::Network(_), true) => {
            "le serveur est injoignable. Vérifiez votre connexion et réessayez.".into()
        }
        (ApiError::Status { code, .. }, false) => match error.body() {
            Some(body) if !body.message.is_empty() => body.message,
            _ => format!("the server answered with HTTP {code}."),
        },
        (ApiError::Status { code, .. }, true) => {
            let body = error.body();
            let detail = body
                .as_ref()
                .map(|b| b.message.as_str())
                .unwrap_or_default();
            match (
                body.as_ref().and_then(|b| gateway_reason_fr(&b.error)),
                detail,
            ) {
                (Some(reason), "") => reason.to_owned(),
                (Some(reason), detail) => format!("{reason} ({detail})"),
                (None, "") => format!("le serveur a répondu HTTP {code}."),
                (None, detail) => detail.to_owned(),
            }
        }
        (ApiError::Decode(_), false) => {
            "the server sent an answer this adapter does not understand.".into()
        }
        (ApiError::Decode(_), true) => {
            "le serveur a envoyé une réponse que cet adaptateur ne comprend pas.".into()
        }
    }
}

/// The French reason for one of the gateway's error codes (its message, in English, follows in
/// parentheses as the detail).
fn gateway_reason_fr(code: &str) -> Option<&'static str> {
    Some(match code {
        "invalid_body" => "la demande a été refusée comme invalide",
        "unauthorized" => "votre session n’est plus valide",
        "too_many_attempts" => "trop de tentatives de connexion",
        "invalid_credentials" => "e-mail ou mot de passe incorrect",
        "forbidden" => "votre compte n’y est pas autorisé",
        "not_found" => "introuvable pour votre compte",
        "conflict" => "ce n’est plus possible dans l’état actuel",
        "upstream_unavailable" => "un service externe ne répond pas",
        "not_configured" => "ce service n’est pas configuré sur la passerelle",
        _ => return None,
    })
}

/// [`api_error`] as a sentence of its own (capitalised).
pub fn api_error_sentence(error: &ApiError) -> String {
    crate::format::capitalised(&api_error(error))
}

// --- Agent assist and tools -------------------------------------------------------------------

/// The suggestion is unavailable this time.
pub fn assist_unavailable(reason: &str) -> String {
    if fr() {
        format!("Assistance indisponible\u{a0}: {reason}")
    } else {
        format!("Assist unavailable: {reason}")
    }
}

/// Asking again failed.
pub fn assist_retry_failed(error: &ApiError) -> String {
    because("Could not ask again", "Impossible de redemander", error)
}

/// The lead was captured.
pub fn lead_captured(reference: Option<&str>, message: Option<&str>) -> String {
    let what = if fr() {
        "Prospect créé"
    } else {
        "Lead captured"
    };
    tool_done(what, reference, message)
}

/// The appointment was booked.
pub fn appointment_booked(reference: Option<&str>, message: Option<&str>) -> String {
    let what = if fr() {
        "Rendez-vous pris"
    } else {
        "Appointment booked"
    };
    tool_done(what, reference, message)
}

fn tool_done(what: &str, reference: Option<&str>, message: Option<&str>) -> String {
    let mut line = match (reference, fr()) {
        (Some(reference), false) => format!("{what} (reference {reference})."),
        (Some(reference), true) => format!("{what} (référence {reference})."),
        (None, _) => format!("{what}."),
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
    because("Not sent", "Non envoyé", error)
}

/// What is wrong with a lead or appointment field, in the agent's language (the form's own
/// English sentence, or its French wording).
pub fn field_problem(error: &protocol::assist::FieldError) -> String {
    use protocol::assist::Problem;
    if !fr() {
        return error.message.clone();
    }
    match error.problem {
        Problem::Required => "Ce champ est obligatoire.".into(),
        Problem::EmailOrPhone => "Saisissez une adresse e-mail ou un numéro de téléphone.".into(),
        Problem::InvalidEmail => "Cette adresse e-mail n’est pas valide.".into(),
        Problem::InvalidPhone => {
            "Utilisez 6 à 20 chiffres, avec + - ( ) et des espaces si besoin.".into()
        }
        Problem::InvalidDate => "Choisissez un jour (AAAA-MM-JJ).".into(),
        Problem::PastDate => "Choisissez aujourd’hui ou un jour suivant.".into(),
        Problem::InvalidTime => "Choisissez une heure (HH:MM).".into(),
        Problem::DurationRange => "La durée va de 5 à 480 minutes.".into(),
        Problem::TooLong { max } => format!("{max} caractères au plus."),
    }
}

// --- Keyboard shortcuts -----------------------------------------------------------------------

/// Keys in `aria-keyshortcuts` syntax as a keyboard shows them: `Alt+Shift+A`, in French
/// `Alt+Maj+A`; `Enter` is `Entrée`.
pub fn keys(keys: &str) -> String {
    if !fr() {
        return keys.to_owned();
    }
    keys.split('+')
        .map(|key| match key {
            "Shift" => "Maj",
            "Enter" => "Entrée",
            "Escape" => "Échap",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("+")
}

// --- Co-browse --------------------------------------------------------------------------------

/// Who started the session.
pub fn cobrowse_started_by(by: protocol::cobrowse::CobrowseParty) -> &'static str {
    use protocol::cobrowse::CobrowseParty;
    match (by, fr()) {
        (CobrowseParty::Agent, false) => "Co-browse you started",
        (CobrowseParty::Agent, true) => "Co-navigation lancée par vous",
        (CobrowseParty::EndUser, false) => "Customer co-browses",
        (CobrowseParty::EndUser, true) => "Le client co-navigue",
        (CobrowseParty::Api, _) => t().cobrowse_title,
    }
}

fn cobrowse_mode(mode: protocol::cobrowse::CobrowseMode) -> &'static str {
    use protocol::cobrowse::CobrowseMode;
    match (mode, fr()) {
        (CobrowseMode::On, false) => "on",
        (CobrowseMode::On, true) => "actif",
        (CobrowseMode::Rejected, false) => "refused",
        (CobrowseMode::Rejected, true) => "refusé",
        (CobrowseMode::Requested, false) => "asked…",
        (CobrowseMode::Requested, true) => "demandé…",
        (CobrowseMode::Off, false) => "off",
        (CobrowseMode::Off, true) => "inactif",
    }
}

/// Where remote control is.
pub fn cobrowse_remote_control(mode: protocol::cobrowse::CobrowseMode) -> String {
    let mode = cobrowse_mode(mode);
    if fr() {
        format!("Contrôle\u{a0}: {mode}")
    } else {
        format!("Control: {mode}")
    }
}

/// Where full-device sharing is.
pub fn cobrowse_full_device(mode: protocol::cobrowse::CobrowseMode) -> String {
    let mode = cobrowse_mode(mode);
    if fr() {
        format!("Appareil\u{a0}: {mode}")
    } else {
        format!("Device: {mode}")
    }
}

/// A co-browse request failed.
pub fn cobrowse_failed(error: &ApiError) -> String {
    because(
        "Co-browse request not sent",
        "Demande de co-navigation non envoyée",
        error,
    )
}
