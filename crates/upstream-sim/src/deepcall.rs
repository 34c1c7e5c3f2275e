//! The DeepCall Agent API v2, `POST /deepcall/api/v2/Agent/live`, as documented: answers with
//! the document's example (mode `seed`), with a team that changes over time (mode `live`, the
//! default: agents log in, take calls, go on break), or with one of the documented error codes.
//!
//! Authentication is checked as documented: `userId` + `token`, or `ssid`; sending both is
//! refused with 1521. `groupid` other than the known groups is refused with 1006; `status`
//! `login` leaves out agents who are not logged in. Control: `POST /deepcall/control
//! {"mode": …}`, `GET /deepcall/control`; every request is listed at `GET /deepcall/requests`.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::deepcall::{Hms, LiveRequest, LiveResponse, Login, LoginSession, Numeric};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The document's example answer, verbatim.
pub const SEED_LIVE_RESPONSE: &str =
    include_str!("../../protocol/tests/fixtures/deepcall/live-response.json");

/// The agent groups the simulator knows (`groupid`): the document's default and one more.
pub const KNOWN_GROUPS: [&str; 2] = ["55", "7"];

/// How the API answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeepCallMode {
    /// A team that changes with every request.
    #[default]
    Live,
    /// The document's example, verbatim.
    Seed,
    /// Error 1014, invalid token.
    InvalidToken,
    /// Error 1006, the group does not exist.
    UnknownGroup,
    /// Error 1015, permission denied.
    PermissionDenied,
    /// Error 1501, data already in processing.
    Busy,
    /// The error `code` of the control (any of the document's codes), with its message.
    Error,
    /// HTTP 500 with an HTML page.
    ServerError,
    /// Answers (live) after 10 s.
    Slow,
}

/// The body of `POST /deepcall/control`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeepCallControl {
    /// How to answer.
    pub mode: DeepCallMode,
    /// For mode `error`: the code to answer with (one of [`ERROR_MESSAGES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u64>,
}

/// Every error code of the document with the message it gives.
pub const ERROR_MESSAGES: [(u64, &str); 33] = [
    (1006, "GroupId does not exist"),
    (1014, "Invalid token"),
    (1015, "Permission denied"),
    (1501, "Data already in processing"),
    (1502, "Invalid filter value"),
    (1503, "Invalid role id"),
    (1504, "Invalid parent"),
    (1505, "Invalid group data"),
    (1506, "AgentId and parent could not be same"),
    (1507, "Invalid AgentID"),
    (1508, "Invalid status value"),
    (1509, "Invalid agentId"),
    (1510, "Invalid Destination"),
    (1511, "Working time format is invalid"),
    (1512, "Email already exists"),
    (1513, "Invalid type"),
    (1514, "Invalid mobile Number"),
    (1515, "Invalid Name"),
    (1516, "Invalid Did Number"),
    (1517, "Your agentid and your loginid must be same"),
    (1518, "Data could not be updated"),
    (1519, "Call Password must be Integer and Eight digit"),
    (1520, "You must be single field update"),
    (1521, "Please Provide Only Valid fields"),
    (1522, "You could not inserted your data. Please try again"),
    (1523, "Your agent information is already added"),
    (1524, "Invalid Action"),
    (1525, "Invalid Targetagent Id"),
    (1526, "Invalid Id"),
    (1527, "Invalid Type"),
    (1528, "Invalid Favorite Data"),
    (1529, "Invalid Domain"),
    (1530, "Invalid Agent Timing"),
];

/// The document's message for `code`.
pub fn error_message(code: u64) -> &'static str {
    ERROR_MESSAGES
        .iter()
        .find(|(known, _)| *known == code)
        .map_or("Unknown error", |(_, message)| message)
}

/// The credentials the simulated account accepts.
#[derive(Clone, Debug)]
pub struct DeepCallAccount {
    /// `userId`.
    pub user_id: String,
    /// `token`.
    pub token: String,
    /// `ssid`.
    pub ssid: String,
}

/// The simulated API. Cheap to clone; clones share their state.
#[derive(Clone, Debug)]
pub struct DeepCallSim {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    account: DeepCallAccount,
    state: Mutex<SimState>,
}

#[derive(Debug, Default)]
struct SimState {
    control: DeepCallControl,
    requests: Vec<serde_json::Value>,
    tick: u64,
}

impl DeepCallSim {
    /// An API accepting `account`, in mode `live`.
    pub fn new(account: DeepCallAccount) -> Self {
        Self {
            inner: Arc::new(Inner {
                account,
                state: Mutex::new(SimState::default()),
            }),
        }
    }

    /// The HTTP face, every route under `/deepcall`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/deepcall/api/v2/Agent/live", post(live))
            .route("/deepcall/control", post(set_control).get(get_control))
            .route("/deepcall/requests", get(list_requests))
            .with_state(self.clone())
    }

    /// Changes how the API answers from the next request on.
    pub fn set_mode(&self, mode: DeepCallMode) {
        self.lock().control = DeepCallControl { mode, code: None };
    }

    /// Answers every request with the error `code` from now on.
    pub fn set_error(&self, code: u64) {
        self.lock().control = DeepCallControl {
            mode: DeepCallMode::Error,
            code: Some(code),
        };
    }

    /// Every request body received, oldest first.
    pub fn requests(&self) -> Vec<serde_json::Value> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SimState> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The answer to `body` in the current mode (without the `slow` delay).
    fn answer(&self, body: &str) -> (StatusCode, serde_json::Value) {
        let raw: serde_json::Value = serde_json::from_str(body).unwrap_or(serde_json::Value::Null);
        let (control, tick) = {
            let mut state = self.lock();
            state.requests.push(raw.clone());
            state.tick += 1;
            (state.control, state.tick)
        };
        let Ok(request) = serde_json::from_value::<LiveRequest>(raw) else {
            return error(1521, error_message(1521));
        };
        if let Some(refusal) = self.check_auth(&request) {
            return refusal;
        }
        if let Some(group) = &request.groupid
            && !KNOWN_GROUPS.contains(&group.as_str())
        {
            return error(1006, error_message(1006));
        }
        let coded = |code: u64| error(code, error_message(code));
        match control.mode {
            DeepCallMode::InvalidToken => coded(1014),
            DeepCallMode::UnknownGroup => coded(1006),
            DeepCallMode::PermissionDenied => coded(1015),
            DeepCallMode::Busy => coded(1501),
            DeepCallMode::Error => coded(control.code.unwrap_or(1501)),
            DeepCallMode::ServerError => {
                (StatusCode::INTERNAL_SERVER_ERROR, serde_json::Value::Null)
            }
            DeepCallMode::Seed => {
                let seed: serde_json::Value =
                    serde_json::from_str(SEED_LIVE_RESPONSE).unwrap_or_default();
                (StatusCode::OK, seed)
            }
            DeepCallMode::Live | DeepCallMode::Slow => {
                let mut team = live_team(tick);
                if request.status.as_deref() == Some("login") {
                    team.message
                        .pr
                        .retain(|agent| matches!(agent.l, Some(Login::Session(_))));
                }
                (
                    StatusCode::OK,
                    serde_json::to_value(team).unwrap_or_default(),
                )
            }
        }
    }

    /// Refuses credentials that are missing, wrong, or both kinds at once (the document says
    /// `ssid` must be absent when `userId` and `token` are used).
    fn check_auth(&self, request: &LiveRequest) -> Option<(StatusCode, serde_json::Value)> {
        let account = &self.inner.account;
        let by_token = request.user_id.is_some() || request.token.is_some();
        match (&request.ssid, by_token) {
            (Some(_), true) => Some(error(1521, error_message(1521))),
            (Some(ssid), false) if *ssid == account.ssid => None,
            (None, true)
                if request.user_id.as_deref() == Some(account.user_id.as_str())
                    && request.token.as_deref() == Some(account.token.as_str()) =>
            {
                None
            }
            _ => Some(error(1014, error_message(1014))),
        }
    }
}

fn error(code: u64, message: &str) -> (StatusCode, serde_json::Value) {
    (
        StatusCode::OK,
        json!({"status": "error", "code": code, "message": message}),
    )
}

/// The seed's team, changed by `tick`: every agent moves through logged out → available →
/// on a call → on break on its own rhythm, and the counts follow.
pub fn live_team(tick: u64) -> LiveResponse {
    let mut team: LiveResponse =
        serde_json::from_str(SEED_LIVE_RESPONSE).unwrap_or_else(|_| empty_team());
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let (mut logged_in, mut on_call, mut on_break, mut ringing) = (0, 0, 0, 0);
    for (index, agent) in team.message.pr.iter_mut().enumerate() {
        let phase = (tick / 3 + index as u64 * 2) % 8;
        let login_secs = 600 + (tick * 5 + index as u64 * 97) % 20_000;
        let logged = phase != 0;
        agent.l = if logged {
            Some(Login::Session(LoginSession {
                kind: if index % 3 == 2 { "App" } else { "Web" }.to_owned(),
                duration: hms(login_secs),
            }))
        } else {
            Some(Login::Word("No".to_owned()))
        };
        agent.is_occupied = Some(u8::from(logged && (phase == 3 || phase == 4)));
        agent.br = (logged && phase == 6).then(|| json!({"name": "Lunch", "since": now - 300}));
        agent.tt = Some(Numeric::Number(120 * (index as u64 + 1) + tick * 7 % 900));
        agent.calls = Some(Numeric::Number(index as u64 + tick / 5 % 12));
        agent.sip_status = Some(if logged { "online" } else { "offline" }.to_owned());
        agent.mic_perm = Some(u8::from(logged));
        if logged {
            logged_in += 1;
        }
        if logged && (phase == 3 || phase == 4) {
            on_call += 1;
        }
        if logged && phase == 6 {
            on_break += 1;
        }
        if logged && phase == 2 {
            ringing += 1;
        }
    }
    team.message.logged_in = logged_in;
    team.message.on_call = on_call;
    team.message.on_break = on_break;
    team.message.ringing = ringing;
    team.message.after_call_work = u32::from(tick % 4 == 1);
    team
}

fn hms(total: u64) -> Hms {
    Hms(vec![
        Numeric::Text((total / 3600).to_string()),
        Numeric::Text(format!("{:02}", total / 60 % 60)),
        Numeric::Text(format!("{:02}", total % 60)),
    ])
}

fn empty_team() -> LiveResponse {
    LiveResponse {
        message: protocol::deepcall::LiveMessage {
            pr: Vec::new(),
            on_call: 0,
            on_break: 0,
            logged_in: 0,
            after_call_work: 0,
            ringing: 0,
            sip: None,
            mic: None,
        },
        status: "success".to_owned(),
        code: Numeric::Number(200),
    }
}

async fn live(State(sim): State<DeepCallSim>, body: String) -> Response {
    if sim.lock().control.mode == DeepCallMode::Slow {
        tokio::time::sleep(Duration::from_secs(10)).await;
    }
    match sim.answer(&body) {
        (StatusCode::INTERNAL_SERVER_ERROR, _) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "<html><body>500 Internal Server Error</body></html>",
        )
            .into_response(),
        (status, value) => (status, Json(value)).into_response(),
    }
}

async fn set_control(
    State(sim): State<DeepCallSim>,
    body: Result<Json<DeepCallControl>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(control)) => {
            sim.set_mode(control.mode);
            Json(control).into_response()
        }
        Err(rejection) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_body", "message": rejection.body_text()})),
        )
            .into_response(),
    }
}

async fn get_control(State(sim): State<DeepCallSim>) -> Json<DeepCallControl> {
    Json(sim.lock().control)
}

async fn list_requests(State(sim): State<DeepCallSim>) -> Json<Vec<serde_json::Value>> {
    Json(sim.requests())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sim() -> DeepCallSim {
        DeepCallSim::new(DeepCallAccount {
            user_id: "u".into(),
            token: "t".into(),
            ssid: "s".into(),
        })
    }

    #[test]
    fn the_seed_mode_answers_the_documents_example_verbatim() {
        let sim = sim();
        sim.set_mode(DeepCallMode::Seed);
        let (status, body) = sim.answer(r#"{"userId":"u","token":"t"}"#);
        let seed: serde_json::Value = serde_json::from_str(SEED_LIVE_RESPONSE).expect("seed");
        assert_eq!((status, body), (StatusCode::OK, seed));
    }

    #[test]
    fn ssid_and_token_together_are_refused_with_1521() {
        let (_, body) = sim().answer(r#"{"ssid":"s","userId":"u","token":"t"}"#);
        assert_eq!(body["code"], 1521);
    }

    #[test]
    fn a_wrong_token_is_refused_with_1014() {
        let (_, body) = sim().answer(r#"{"userId":"u","token":"nope"}"#);
        assert_eq!(body["code"], 1014);
    }

    #[test]
    fn the_session_id_alone_is_accepted() {
        let (_, body) = sim().answer(r#"{"ssid":"s"}"#);
        assert_eq!(body["status"], "success");
    }

    #[test]
    fn an_unknown_group_is_refused_with_1006() {
        let (_, body) = sim().answer(r#"{"ssid":"s","groupid":"999"}"#);
        assert_eq!(body["code"], 1006);
    }

    #[test]
    fn every_documented_error_code_can_be_answered_with_its_message() {
        let sim = sim();
        for (code, message) in ERROR_MESSAGES {
            sim.set_error(code);
            let (_, body) = sim.answer(r#"{"ssid":"s"}"#);
            assert_eq!(
                (body["code"].as_u64(), body["message"].as_str()),
                (Some(code), Some(message))
            );
        }
    }

    #[test]
    fn the_live_team_keeps_its_counts_consistent_with_its_agents() {
        for tick in 0..30 {
            let team = live_team(tick);
            let logged = team
                .message
                .pr
                .iter()
                .filter(|a| matches!(a.l, Some(Login::Session(_))))
                .count() as u32;
            let occupied = team
                .message
                .pr
                .iter()
                .filter(|a| a.is_occupied == Some(1))
                .count() as u32;
            assert_eq!(team.message.logged_in, logged, "tick {tick}");
            assert_eq!(team.message.on_call, occupied, "tick {tick}");
        }
    }

    #[test]
    fn status_login_leaves_out_agents_who_are_not_logged_in() {
        let (_, body) = sim().answer(r#"{"ssid":"s","status":"login"}"#);
        let agents = body["message"]["pr"].as_array().expect("agents");
        assert!(agents.iter().all(|a| a["l"].is_object()), "{agents:?}");
    }
}
