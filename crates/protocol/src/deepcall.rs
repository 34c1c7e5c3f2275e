//! The DeepCall Agent API v2, `POST {base}/api/v2/Agent/live` (live agent statistics), and
//! its normalisation into the gateway's own [`TeamStats`].
//!
//! The wire types follow the document's example response, which differs from its field
//! table: `l` (login) is either an object `{type, duration}` or the string `"No"`; durations
//! are `[hours, minutes, seconds]` arrays of numeric strings; `avD` is a Unix time in seconds.
//! Fields the table lists but the example lacks (`liC`, `tt`, `tC`, `ataT`, `br`) are optional;
//! fields neither mentions are ignored.

use serde::{Deserialize, Serialize};

/// The `Agent/live` request body. Authentication is either `ssid` or `userId` + `token`, never
/// both: build it with [`LiveRequest::new`] from a [`LiveAuth`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveRequest {
    /// Session id (session authentication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ssid: Option<String>,
    /// User id (token authentication).
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// Token (token authentication).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Only this agent group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groupid: Option<String>,
    /// `all` or `login` (only logged-in agents).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// 1 for additional agent data.
    #[serde(rename = "A", default, skip_serializing_if = "Option::is_none")]
    pub additional: Option<u8>,
    /// Extra filter objects, passed through.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Vec<serde_json::Value>>,
}

/// How the gateway authenticates to DeepCall.
#[derive(Clone, PartialEq, Eq)]
pub enum LiveAuth {
    /// A session id.
    Session {
        /// The `ssid`.
        ssid: String,
    },
    /// A user id and its API token.
    Token {
        /// The `userId`.
        user_id: String,
        /// The `token`.
        token: String,
    },
}

impl std::fmt::Debug for LiveAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Session { .. } => f.write_str("Session { ssid: [redacted] }"),
            Self::Token { user_id, .. } => {
                write!(f, "Token {{ user_id: {user_id:?}, token: [redacted] }}")
            }
        }
    }
}

impl LiveRequest {
    /// A request authenticated by `auth` (exactly one of the two ways), without filters.
    pub fn new(auth: &LiveAuth) -> Self {
        let (ssid, user_id, token) = match auth {
            LiveAuth::Session { ssid } => (Some(ssid.clone()), None, None),
            LiveAuth::Token { user_id, token } => {
                (None, Some(user_id.clone()), Some(token.clone()))
            }
        };
        Self {
            ssid,
            user_id,
            token,
            groupid: None,
            status: None,
            additional: None,
            filter: None,
        }
    }
}

/// A number DeepCall sends either as a JSON number or as a numeric string (`"05"`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Numeric {
    /// A JSON number.
    Number(u64),
    /// A string, normally of digits.
    Text(String),
}

impl Numeric {
    /// The value, when it is a non-negative integer.
    pub fn value(&self) -> Option<u64> {
        match self {
            Self::Number(n) => Some(*n),
            Self::Text(text) => text.trim().parse().ok(),
        }
    }
}

/// A duration as `[hours, minutes, seconds]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Hms(pub Vec<Numeric>);

impl Hms {
    /// Total seconds; `None` unless it has exactly three readable parts whose total fits a
    /// `u64`.
    pub fn seconds(&self) -> Option<u64> {
        match self.0.as_slice() {
            [h, m, s] => h
                .value()?
                .checked_mul(3600)?
                .checked_add(m.value()?.checked_mul(60)?)?
                .checked_add(s.value()?),
            _ => None,
        }
    }
}

/// The `l` field: a login session, or a word such as `"No"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Login {
    /// Logged in.
    Session(LoginSession),
    /// Not logged in (`"No"`) or another word.
    Word(String),
}

/// A login session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginSession {
    /// How the agent is logged in, e.g. `Web`.
    #[serde(rename = "type")]
    pub kind: String,
    /// For how long.
    pub duration: Hms,
}

/// One agent of `message.pr`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveAgent {
    /// Agent name.
    pub nm: String,
    /// Agent id.
    #[serde(rename = "I")]
    pub id: Numeric,
    /// 1 while occupied (on a call).
    #[serde(rename = "IsOcc", default, skip_serializing_if = "Option::is_none")]
    pub is_occupied: Option<u8>,
    /// Login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l: Option<Login>,
    /// Mobile login (`"No"` or a word).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ml: Option<String>,
    /// Available time.
    #[serde(rename = "avT", default, skip_serializing_if = "Option::is_none")]
    pub available: Option<Hms>,
    /// Available since (Unix seconds).
    #[serde(rename = "avD", default, skip_serializing_if = "Option::is_none")]
    pub available_since: Option<i64>,
    /// Microphone permission granted (1) or not (0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mic_perm: Option<u8>,
    /// SIP registration, e.g. `offline`, `online`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip_status: Option<String>,
    /// Current live call.
    #[serde(rename = "liC", default, skip_serializing_if = "Option::is_none")]
    pub live_call: Option<serde_json::Value>,
    /// Total talk time in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tt: Option<Numeric>,
    /// Total calls.
    #[serde(rename = "tC", default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<Numeric>,
    /// Average talk time.
    #[serde(rename = "ataT", default, skip_serializing_if = "Option::is_none")]
    pub average_talk: Option<Hms>,
    /// Current break.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub br: Option<serde_json::Value>,
}

/// `message` of a successful answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveMessage {
    /// The agents.
    pub pr: Vec<LiveAgent>,
    /// Agents on a call.
    #[serde(rename = "oCA", default)]
    pub on_call: u32,
    /// Agents on break.
    #[serde(rename = "oBA", default)]
    pub on_break: u32,
    /// Agents logged in.
    #[serde(rename = "lA", default)]
    pub logged_in: u32,
    /// Agents in after-call work.
    #[serde(rename = "Dia", default)]
    pub after_call_work: u32,
    /// Agents with a ringing call.
    #[serde(rename = "Ring", default)]
    pub ringing: u32,
    /// Agents registered on SIP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sip: Option<u32>,
    /// Agents with microphone permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mic: Option<u32>,
}

/// A successful `Agent/live` answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveResponse {
    /// The statistics.
    pub message: LiveMessage,
    /// `success`.
    pub status: String,
    /// 200.
    pub code: Numeric,
}

/// An error answer: `code` is one of the document's error codes, `message` its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LiveError {
    /// Anything but `success`.
    #[serde(default)]
    pub status: Option<String>,
    /// The error code (1014, 1006, 1015, 1501–1530, …).
    pub code: Numeric,
    /// DeepCall's message, when it sent one as text.
    #[serde(default)]
    pub message: Option<serde_json::Value>,
}

/// What the document says an error code means, for people; `None` for unknown codes.
pub fn error_meaning(code: u64) -> Option<&'static str> {
    Some(match code {
        1006 => "the agent group does not exist",
        1014 => "the session or token is invalid",
        1015 => "permission denied",
        1501 => "data already in processing",
        1502 => "invalid filter value",
        1503 => "invalid role id",
        1504 => "invalid parent",
        1505 => "invalid group data",
        1506 => "agent id and parent cannot be the same",
        1507 | 1509 => "invalid agent id",
        1508 => "invalid status value",
        1510 => "invalid destination",
        1511 => "the working time format is invalid",
        1512 => "the email already exists",
        1513 | 1527 => "invalid type",
        1514 => "invalid mobile number",
        1515 => "invalid name",
        1516 => "invalid DID number",
        1517 => "the agent id and the login id must be the same",
        1518 => "the data could not be updated",
        1519 => "the call password must be an eight-digit integer",
        1520 => "only one field may be updated at a time",
        1521 => "only valid fields may be sent",
        1522 => "the data could not be inserted",
        1523 => "the agent information is already added",
        1524 => "invalid action",
        1525 => "invalid target agent id",
        1526 => "invalid id",
        1528 => "invalid favourite data",
        1529 => "invalid domain",
        1530 => "invalid agent timing",
        _ => return None,
    })
}

/// The readable form of an error answer, e.g. "the session or token is invalid (code 1014)".
pub fn describe_error(error: &LiveError) -> String {
    let code = error.code.value();
    let meaning = code.and_then(error_meaning).map(str::to_owned);
    let sent = error
        .message
        .as_ref()
        .and_then(|m| m.as_str())
        .map(str::to_owned);
    let text = meaning
        .or(sent)
        .unwrap_or_else(|| "an unknown error".to_owned());
    match code {
        Some(code) => format!("{text} (code {code})"),
        None => text,
    }
}

/// Live statistics of the team, as the gateway serves them (`GET /api/v1/stats/live`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamStats {
    /// The counts.
    pub summary: TeamSummary,
    /// Every agent (empty for callers who are not supervisors).
    #[serde(default)]
    pub agents: Vec<AgentStats>,
    /// When DeepCall was asked (Unix ms).
    pub fetched_at: i64,
}

/// The summary counts of [`TeamStats`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSummary {
    /// Agents logged in.
    pub logged_in: u32,
    /// Agents on a call.
    pub on_call: u32,
    /// Agents on break.
    pub on_break: u32,
    /// Agents with a ringing call.
    pub ringing: u32,
    /// Agents in after-call work.
    pub after_call_work: u32,
}

/// One agent of [`TeamStats`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentStats {
    /// DeepCall's agent id.
    pub id: String,
    /// Name.
    pub name: String,
    /// How they are logged in (`Web`, …) and for how long, when logged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<AgentLogin>,
    /// Logged in on the mobile app.
    pub mobile_login: bool,
    /// Available time in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_secs: Option<u64>,
    /// Available since (Unix ms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available_since: Option<i64>,
    /// Total talk time in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub talk_secs: Option<u64>,
    /// Calls handled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<u64>,
    /// What they are doing.
    pub state: AgentActivity,
    /// SIP registration as DeepCall words it (`offline`, `online`, …).
    pub sip_status: String,
    /// Microphone permission granted.
    pub mic_permission: bool,
}

/// How an agent is logged in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentLogin {
    /// `Web`, `App`, …
    pub kind: String,
    /// For how long, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_secs: Option<u64>,
}

/// What an agent is doing, per DeepCall.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentActivity {
    /// On a call.
    OnCall,
    /// On a break.
    OnBreak,
    /// Logged in and free.
    Available,
    /// Not logged in.
    LoggedOut,
}

impl AgentActivity {
    /// The wire spelling, also a CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::OnCall => "on_call",
            Self::OnBreak => "on_break",
            Self::Available => "available",
            Self::LoggedOut => "logged_out",
        }
    }
}

impl LiveAgent {
    /// The agent as the gateway serves it.
    pub fn to_stats(&self) -> AgentStats {
        let login = match &self.l {
            Some(Login::Session(session)) => Some(AgentLogin {
                kind: session.kind.clone(),
                duration_secs: session.duration.seconds(),
            }),
            _ => None,
        };
        let mobile_login = self
            .ml
            .as_deref()
            .is_some_and(|ml| !ml.trim().is_empty() && !ml.eq_ignore_ascii_case("no"));
        let occupied = self.is_occupied == Some(1)
            || self
                .live_call
                .as_ref()
                .is_some_and(|call| !call.is_null() && call != &serde_json::json!({}));
        let on_break = self
            .br
            .as_ref()
            .is_some_and(|br| !br.is_null() && br != &serde_json::json!({}));
        let state = if occupied {
            AgentActivity::OnCall
        } else if on_break {
            AgentActivity::OnBreak
        } else if login.is_some() || mobile_login {
            AgentActivity::Available
        } else {
            AgentActivity::LoggedOut
        };
        AgentStats {
            id: match &self.id {
                Numeric::Number(n) => n.to_string(),
                Numeric::Text(text) => text.clone(),
            },
            name: self.nm.clone(),
            login,
            mobile_login,
            available_secs: self.available.as_ref().and_then(Hms::seconds),
            available_since: self.available_since.map(|secs| secs.saturating_mul(1000)),
            talk_secs: self.tt.as_ref().and_then(Numeric::value),
            calls: self.calls.as_ref().and_then(Numeric::value),
            state,
            sip_status: self
                .sip_status
                .clone()
                .unwrap_or_else(|| "unknown".to_owned()),
            mic_permission: self.mic_perm == Some(1),
        }
    }
}

impl LiveMessage {
    /// The team as the gateway serves it, fetched at `fetched_at` (Unix ms).
    pub fn to_team_stats(&self, fetched_at: i64) -> TeamStats {
        TeamStats {
            summary: TeamSummary {
                logged_in: self.logged_in,
                on_call: self.on_call,
                on_break: self.on_break,
                ringing: self.ringing,
                after_call_work: self.after_call_work,
            },
            agents: self.pr.iter().map(LiveAgent::to_stats).collect(),
            fetched_at,
        }
    }
}
