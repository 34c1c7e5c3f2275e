//! A colleague played by the simulator: a second agent who signs in to the gateway through its
//! agent API (as their own adapter would) and answers any call that rings at them after a short
//! delay, so the demo can show a transfer being taken (`Party_Added`).
//!
//! `POST /colleague/sign-in`, `POST /colleague/sign-out`, `GET /colleague`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::api::{AgentSnapshot, CallState, LoginRequest, LoginResponse};
use reqwest::Url;
use serde::Serialize;

use crate::config::url_with_segments;
use crate::reply::ErrorBody;

/// How often the colleague looks for a ringing call.
const POLL: Duration = Duration::from_millis(500);

/// What the demo page shows about the colleague.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ColleagueView {
    /// Signed in to the gateway.
    pub signed_in: bool,
    /// Their login email.
    pub email: String,
    /// "First Last", once signed in.
    pub name: Option<String>,
    /// Gateway ids of the calls they answered, oldest first.
    pub answered: Vec<u64>,
    /// The latest thing that happened, for people.
    pub note: String,
}

/// The colleague. Cheap to clone; clones share their state.
#[derive(Clone, Debug)]
pub struct ColleagueSim {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    gateway_url: Url,
    email: String,
    password: String,
    answer_after: Duration,
    state: Mutex<Session>,
}

#[derive(Debug, Default)]
struct Session {
    token: Option<String>,
    /// Bumped at every sign-in and sign-out: an answering loop of an older session stops.
    generation: u64,
    view: ColleagueView,
}

/// Why the colleague could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum ColleagueError {
    /// The gateway could not be reached.
    #[error("could not reach the gateway: {0}")]
    Unreachable(String),
    /// The gateway refused (wrong password, unknown agent, …).
    #[error("the gateway refused: HTTP {0}")]
    Refused(u16),
}

impl ColleagueSim {
    /// The agent `email` / `password` of the gateway at `gateway_url`, answering calls that ring
    /// at them after `answer_after`.
    pub fn new(gateway_url: &Url, email: &str, password: &str, answer_after: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                http: reqwest::Client::new(),
                gateway_url: gateway_url.clone(),
                email: email.to_owned(),
                password: password.to_owned(),
                answer_after,
                state: Mutex::new(Session {
                    view: ColleagueView {
                        email: email.to_owned(),
                        note: "Signed out".to_owned(),
                        ..ColleagueView::default()
                    },
                    ..Session::default()
                }),
            }),
        }
    }

    /// What the colleague is doing.
    pub fn view(&self) -> ColleagueView {
        self.with_session(|session| session.view.clone())
    }

    /// Signs in (again) and starts answering calls that ring at them.
    pub async fn sign_in(&self) -> Result<ColleagueView, ColleagueError> {
        let response = self
            .inner
            .http
            .post(self.url(&["api", "v1", "auth", "login"]))
            .json(&LoginRequest {
                email: self.inner.email.clone(),
                password: self.inner.password.clone(),
            })
            .send()
            .await
            .map_err(|e| ColleagueError::Unreachable(e.without_url().to_string()))?;
        if !response.status().is_success() {
            return Err(ColleagueError::Refused(response.status().as_u16()));
        }
        let login: LoginResponse = response
            .json()
            .await
            .map_err(|e| ColleagueError::Unreachable(e.without_url().to_string()))?;
        let generation = self.with_session(|session| {
            session.generation += 1;
            session.token = Some(login.token.clone());
            session.view.signed_in = true;
            session.view.name = Some(login.agent.display_name());
            session.view.note = "Available: answers calls that ring here".to_owned();
            session.generation
        });
        tokio::spawn(self.clone().answer_calls(login.token, generation));
        Ok(self.view())
    }

    /// Signs out: the gateway ends the session, the answering stops.
    pub async fn sign_out(&self) -> Result<ColleagueView, ColleagueError> {
        let token = self.with_session(|session| {
            session.generation += 1;
            session.view.signed_in = false;
            session.view.note = "Signed out".to_owned();
            session.token.take()
        });
        if let Some(token) = token {
            self.inner
                .http
                .post(self.url(&["api", "v1", "auth", "logout"]))
                .bearer_auth(token)
                .send()
                .await
                .map_err(|e| ColleagueError::Unreachable(e.without_url().to_string()))?;
        }
        Ok(self.view())
    }

    /// Polls the agent's snapshot; answers a call once it has rung for `answer_after`.
    async fn answer_calls(self, token: String, generation: u64) {
        let mut ringing_since: Option<(u64, tokio::time::Instant)> = None;
        while self.with_session(|s| s.generation) == generation {
            tokio::time::sleep(POLL).await;
            let snapshot = match self.snapshot(&token).await {
                Ok(snapshot) => snapshot,
                Err(note) => {
                    self.note(generation, note);
                    continue;
                }
            };
            let ringing = snapshot
                .calls
                .iter()
                .find(|call| call.state == CallState::Ringing)
                .map(|call| call.id);
            let Some(call_id) = ringing else {
                ringing_since = None;
                continue;
            };
            let since = match ringing_since {
                Some((id, since)) if id == call_id => since,
                _ => {
                    self.note(generation, format!("Call #{call_id} is ringing"));
                    let now = tokio::time::Instant::now();
                    ringing_since = Some((call_id, now));
                    now
                }
            };
            if since.elapsed() >= self.inner.answer_after {
                self.answer(&token, generation, call_id).await;
                ringing_since = None;
            }
        }
    }

    async fn snapshot(&self, token: &str) -> Result<AgentSnapshot, String> {
        let response = self
            .inner
            .http
            .get(self.url(&["api", "v1", "me"]))
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| format!("Gateway unreachable: {}", e.without_url()))?;
        if !response.status().is_success() {
            return Err(format!("The gateway answered HTTP {}", response.status()));
        }
        response
            .json()
            .await
            .map_err(|e| format!("Unexpected answer: {}", e.without_url()))
    }

    async fn answer(&self, token: &str, generation: u64, call_id: u64) {
        let answered = self
            .inner
            .http
            .post(self.url(&["api", "v1", "calls", &call_id.to_string(), "answer"]))
            .bearer_auth(token)
            .send()
            .await;
        let note = match answered {
            Ok(response) if response.status().is_success() => {
                self.with_session(|s| {
                    if s.generation == generation {
                        s.view.answered.push(call_id);
                    }
                });
                format!("Answered call #{call_id}")
            }
            Ok(response) => format!(
                "Could not answer call #{call_id}: HTTP {}",
                response.status()
            ),
            Err(error) => format!("Could not answer call #{call_id}: {}", error.without_url()),
        };
        self.note(generation, note);
    }

    fn note(&self, generation: u64, note: String) {
        self.with_session(|s| {
            if s.generation == generation {
                s.view.note = note;
            }
        });
    }

    fn url(&self, segments: &[&str]) -> Url {
        url_with_segments(&self.inner.gateway_url, segments)
    }

    fn with_session<T>(&self, f: impl FnOnce(&mut Session) -> T) -> T {
        let mut session = self
            .inner
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut session)
    }

    /// The HTTP face: `/colleague`, `/colleague/sign-in`, `/colleague/sign-out`.
    pub fn router(self) -> Router {
        Router::new()
            .route("/colleague", get(show))
            .route("/colleague/sign-in", post(sign_in))
            .route("/colleague/sign-out", post(sign_out))
            .with_state(self)
    }
}

async fn show(State(sim): State<ColleagueSim>) -> Json<ColleagueView> {
    Json(sim.view())
}

async fn sign_in(State(sim): State<ColleagueSim>) -> Response {
    reply(sim.sign_in().await)
}

async fn sign_out(State(sim): State<ColleagueSim>) -> Response {
    reply(sim.sign_out().await)
}

fn reply(result: Result<ColleagueView, ColleagueError>) -> Response {
    match result {
        Ok(view) => Json(view).into_response(),
        Err(error) => ErrorBody::<ColleagueView>::new("colleague_failed", error.to_string())
            .into_response_with(StatusCode::BAD_GATEWAY),
    }
}
