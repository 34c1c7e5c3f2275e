//! The Optimly API (seed 002) under `/optimly`: `external/message/new-chat`,
//! `external/agent/v2`, `external/tools/lead-form` and `external/tools/appointment`, each
//! behind `Authorization: Bearer {key}`.
//!
//! Replies are canned but depend on the message (pricing, delivery, refunds, appointments,
//! greetings, in English or French) and name the tools they "ran". As documented, each key may
//! make 100 requests a minute, 1,000 an hour and 10,000 a day; past that the API answers 429
//! with `Retry-After` (the windows slide, and refused requests do not count). Control:
//! `POST /optimly/control {latency_ms, fail_next, limits, forget_conversations}` sets a delay
//! before every answer, makes the next `fail_next` requests answer 500, replaces the limits, and
//! forgets the conversations (their messages then get 404);
//! `GET /optimly/requests` lists every request with the status it got.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use protocol::assist::{is_email, parse_date, parse_time};
use protocol::optimly::{
    AgentRequest, AgentResponse, AppointmentRequest, DOCUMENTED_LIMITS, LeadFormRequest,
    NewChatRequest, NewChatResponse,
};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The body of `POST /optimly/control`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimlyControl {
    /// Delay before every answer, in milliseconds.
    #[serde(default)]
    pub latency_ms: u64,
    /// How many of the next requests answer 500.
    #[serde(default)]
    pub fail_next: u32,
    /// Requests allowed per window, as `[count, seconds]` pairs; absent keeps the current
    /// ones (the documented limits at first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limits: Option<Vec<(u32, u64)>>,
    /// Forget every conversation (as if Optimly had lost them): messages to them get 404.
    #[serde(default)]
    pub forget_conversations: bool,
}

/// One request the simulator answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptimlyRequest {
    /// The endpoint, e.g. `agent/v2`.
    pub endpoint: String,
    /// The status it answered.
    pub status: u16,
    /// The request body.
    pub body: Value,
}

/// The simulated Optimly API. Cheap to clone; clones share state.
#[derive(Clone, Debug)]
pub struct OptimlySim {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    api_key: String,
    state: Mutex<SimState>,
}

#[derive(Debug)]
struct SimState {
    latency: Duration,
    fail_next: u32,
    limits: Vec<(u32, Duration)>,
    /// When each counted request came, newest last.
    admitted: VecDeque<Instant>,
    /// Conversation id → client id.
    conversations: BTreeMap<String, String>,
    /// Conversations created so far (their ids count up, also after a forget).
    created: u64,
    leads: u64,
    appointments: u64,
    requests: Vec<OptimlyRequest>,
}

impl OptimlySim {
    /// An API for the agent whose key is `api_key`, with the documented limits.
    pub fn new(api_key: &str) -> Self {
        Self {
            inner: Arc::new(Inner {
                api_key: api_key.to_owned(),
                state: Mutex::new(SimState {
                    latency: Duration::ZERO,
                    fail_next: 0,
                    limits: windows(&DOCUMENTED_LIMITS),
                    admitted: VecDeque::new(),
                    conversations: BTreeMap::new(),
                    created: 0,
                    leads: 0,
                    appointments: 0,
                    requests: Vec::new(),
                }),
            }),
        }
    }

    /// The HTTP face, every route under `/optimly`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/optimly/external/{*endpoint}", post(external))
            .route("/optimly/control", post(set_control))
            .route("/optimly/requests", get(list_requests))
            .with_state(self.clone())
    }

    /// Applies `control` from the next request on.
    pub fn control(&self, control: &OptimlyControl) {
        let mut state = self.lock();
        state.latency = Duration::from_millis(control.latency_ms);
        state.fail_next = control.fail_next;
        if let Some(limits) = &control.limits {
            state.limits = windows(limits);
        }
        if control.forget_conversations {
            state.conversations.clear();
        }
    }

    /// Every request answered, oldest first.
    pub fn requests(&self) -> Vec<OptimlyRequest> {
        self.lock().requests.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, SimState> {
        self.inner
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The answer to a request for `endpoint` with `body`; the latency is applied by the
    /// handler.
    fn answer(&self, endpoint: &str, authorization: Option<&str>, body: &str) -> Answer {
        let expected = format!("Bearer {}", self.inner.api_key);
        if authorization != Some(expected.as_str()) {
            return Answer::json(
                StatusCode::UNAUTHORIZED,
                json!({"detail": "Invalid API key"}),
            );
        }
        let mut state = self.lock();
        if let Some(wait) = state.over_limit(Instant::now()) {
            return Answer::json(
                StatusCode::TOO_MANY_REQUESTS,
                json!({"detail": "Rate limit exceeded"}),
            )
            .retry_after(wait);
        }
        state.admitted.push_back(Instant::now());
        if state.fail_next > 0 {
            state.fail_next -= 1;
            return Answer::json(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"detail": "Internal Server Error"}),
            );
        }
        match endpoint {
            "message/new-chat" => match serde_json::from_str::<NewChatRequest>(body) {
                Ok(request) if !request.client_id.trim().is_empty() => {
                    state.created += 1;
                    let id = format!("conv_{}", state.created);
                    state.conversations.insert(id.clone(), request.client_id);
                    Answer::ok(&NewChatResponse { chat_id: id })
                }
                _ => bad_request("client_id is required"),
            },
            "agent/v2" => match serde_json::from_str::<AgentRequest>(body) {
                Ok(request) if request.content.trim().is_empty() => {
                    bad_request("content must not be empty")
                }
                Ok(request) if !state.conversations.contains_key(&request.chat_id) => {
                    Answer::json(StatusCode::NOT_FOUND, json!({"detail": "Chat not found"}))
                }
                Ok(request) => {
                    let french =
                        request.metadata.get("language").and_then(Value::as_str) == Some("fr");
                    Answer::ok(&reply_to(&request.content, french))
                }
                Err(error) => bad_request(&error.to_string()),
            },
            "tools/lead-form" => match serde_json::from_str::<LeadFormRequest>(body) {
                Ok(lead) if lead.full_name.trim().is_empty() => {
                    bad_request("full_name is required")
                }
                Ok(lead) if !lead.email.as_deref().is_none_or(is_email) => {
                    bad_request("email is not valid")
                }
                Ok(lead) => {
                    state.leads += 1;
                    Answer::json(
                        StatusCode::OK,
                        json!({
                            "status": "success",
                            "lead_id": format!("lead_{}", state.leads),
                            "message": format!("Lead captured for {}", lead.full_name.trim()),
                        }),
                    )
                }
                Err(error) => bad_request(&error.to_string()),
            },
            "tools/appointment" => match serde_json::from_str::<AppointmentRequest>(body) {
                Ok(booking)
                    if parse_date(&booking.date).is_none()
                        || parse_time(&booking.time).is_none() =>
                {
                    bad_request("date must be YYYY-MM-DD and time HH:MM")
                }
                Ok(booking) if !is_email(&booking.email) => bad_request("email is not valid"),
                Ok(booking) => {
                    state.appointments += 1;
                    Answer::json(
                        StatusCode::OK,
                        json!({
                            "status": "confirmed",
                            "appointment_id": format!("apt_{}", state.appointments),
                            "message": format!(
                                "Appointment booked for {} on {} at {} ({} min)",
                                booking.name.trim(),
                                booking.date,
                                booking.time,
                                booking.duration_minutes
                            ),
                        }),
                    )
                }
                Err(error) => bad_request(&error.to_string()),
            },
            _ => Answer::json(StatusCode::NOT_FOUND, json!({"detail": "Not Found"})),
        }
    }
}

impl SimState {
    /// How long until one more request fits in every window, when one does not now.
    fn over_limit(&mut self, now: Instant) -> Option<Duration> {
        let longest = self.limits.iter().map(|(_, w)| *w).max()?;
        while self
            .admitted
            .front()
            .is_some_and(|at| now.duration_since(*at) >= longest)
        {
            self.admitted.pop_front();
        }
        self.limits
            .iter()
            .filter_map(|(count, window)| {
                let inside: Vec<&Instant> = self
                    .admitted
                    .iter()
                    .filter(|at| now.duration_since(**at) < *window)
                    .collect();
                let count = *count as usize;
                (inside.len() >= count).then(|| {
                    // The window frees a place when its oldest request inside leaves it.
                    let oldest = inside[inside.len() - count];
                    (*window).saturating_sub(now.duration_since(*oldest))
                })
            })
            .max()
    }
}

fn windows(limits: &[(u32, u64)]) -> Vec<(u32, Duration)> {
    limits
        .iter()
        .map(|(count, secs)| (*count, Duration::from_secs(*secs)))
        .collect()
}

/// A canned reply that depends on what the customer wrote, in French when the request's
/// `metadata.language` is `fr` (the Sales / FR queue of the demo), in English otherwise.
pub fn reply_to(content: &str, french: bool) -> AgentResponse {
    let said = content.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| said.contains(w));
    let pick = |en: &str, fr: &str| if french { fr.to_owned() } else { en.to_owned() };
    let (text, tools): (String, Vec<Value>) = if any(&["price", "pricing", "cost", "prix", "tarif"])
    {
        (
            pick(
                "Our plans start at 29 EUR a month; the Pro plan at 79 EUR adds priority support. \
                 Would you like me to send you the full price list?",
                "Nos offres commencent à 29 EUR par mois ; l'offre Pro à 79 EUR ajoute le support \
                 prioritaire. Voulez-vous que je vous envoie la grille complète ?",
            ),
            vec![json!({"name": "knowledge_search", "status": "ok"})],
        )
    } else if any(&[
        "deliver",
        "shipping",
        "order",
        "livraison",
        "commande",
        "colis",
    ]) {
        (
            pick(
                "I can check that for you: orders ship within 2 working days and arrive 3 to 5 \
                 days later. Could you confirm your order number?",
                "Je vérifie pour vous : les commandes partent sous 2 jours ouvrés et arrivent 3 à \
                 5 jours plus tard. Pouvez-vous me confirmer votre numéro de commande ?",
            ),
            vec![json!({"name": "order_lookup", "status": "ok"})],
        )
    } else if any(&["refund", "return", "rembours", "retour"]) {
        (
            pick(
                "You can return any item within 30 days for a full refund. I can start the return \
                 now if you give me the order number.",
                "Vous pouvez retourner un article sous 30 jours pour un remboursement complet. Je \
                 peux lancer le retour si vous me donnez le numéro de commande.",
            ),
            Vec::new(),
        )
    } else if any(&[
        "appointment",
        "meeting",
        "call back",
        "rendez-vous",
        "rappel",
    ]) {
        (
            pick(
                "I can book a call with an advisor. Tomorrow at 10:00 or 14:30 are free; which \
                 suits you better?",
                "Je peux réserver un appel avec un conseiller. Demain 10h00 ou 14h30 sont libres ; \
                 qu'est-ce qui vous convient le mieux ?",
            ),
            vec![json!({"name": "appointment_availability", "status": "ok"})],
        )
    } else if any(&["hello", "hi ", "bonjour", "salut"]) || said.trim() == "hi" {
        (
            pick(
                "Hello! Thanks for reaching out. How can I help you today?",
                "Bonjour ! Merci de nous contacter. Comment puis-je vous aider ?",
            ),
            Vec::new(),
        )
    } else {
        let topic: String = content.trim().chars().take(60).collect();
        (
            if french {
                format!(
                    "Merci pour votre message « {topic} ». Je regarde et je reviens vers vous \
                     avec une réponse."
                )
            } else {
                format!(
                    "Thanks for your message about \"{topic}\". Let me look into it and come \
                     back to you with an answer."
                )
            },
            Vec::new(),
        )
    };
    AgentResponse {
        response: text,
        tools_executed: tools,
    }
}

/// A status, a JSON body and maybe a `Retry-After`.
struct Answer {
    status: StatusCode,
    body: Value,
    retry_after: Option<Duration>,
}

impl Answer {
    fn json(status: StatusCode, body: Value) -> Self {
        Self {
            status,
            body,
            retry_after: None,
        }
    }

    fn ok<T: Serialize>(body: &T) -> Self {
        Self::json(
            StatusCode::OK,
            serde_json::to_value(body).unwrap_or_default(),
        )
    }

    fn retry_after(mut self, wait: Duration) -> Self {
        self.retry_after = Some(wait);
        self
    }
}

fn bad_request(detail: &str) -> Answer {
    Answer::json(StatusCode::BAD_REQUEST, json!({"detail": detail}))
}

async fn external(
    State(sim): State<OptimlySim>,
    Path(endpoint): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let latency = sim.lock().latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let answer = sim.answer(&endpoint, authorization, &body);
    sim.lock().requests.push(OptimlyRequest {
        endpoint,
        status: answer.status.as_u16(),
        body: serde_json::from_str(&body).unwrap_or(Value::Null),
    });
    let mut response = (answer.status, Json(answer.body)).into_response();
    if let Some(wait) = answer.retry_after {
        // Whole seconds, rounded up, as the header takes them.
        let secs = wait.as_millis().div_ceil(1000).max(1);
        if let Ok(value) = secs.to_string().parse() {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

async fn set_control(
    State(sim): State<OptimlySim>,
    body: Result<Json<OptimlyControl>, JsonRejection>,
) -> Response {
    match body {
        Ok(Json(control)) => {
            sim.control(&control);
            Json(control).into_response()
        }
        Err(rejection) => (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_body", "message": rejection.body_text()})),
        )
            .into_response(),
    }
}

async fn list_requests(State(sim): State<OptimlySim>) -> Json<Vec<OptimlyRequest>> {
    Json(sim.requests())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "test-optimly-key";

    fn sim() -> OptimlySim {
        OptimlySim::new(KEY)
    }

    fn bearer() -> Option<&'static str> {
        Some("Bearer test-optimly-key")
    }

    fn conversation(sim: &OptimlySim) -> String {
        let answer = sim.answer("message/new-chat", bearer(), r#"{"client_id":"user_456"}"#);
        assert_eq!(answer.status, StatusCode::OK);
        answer.body["chat_id"].as_str().expect("chat id").to_owned()
    }

    #[test]
    fn a_wrong_key_is_refused_with_401() {
        let answer = sim().answer("message/new-chat", Some("Bearer nope"), "{}");
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        let missing = sim().answer("message/new-chat", None, "{}");
        assert_eq!(missing.status, StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn a_message_in_a_conversation_gets_a_reply_about_it() {
        let sim = sim();
        let chat = conversation(&sim);
        let body = json!({"chat_id": chat, "content": "What is your pricing?"}).to_string();
        let answer = sim.answer("agent/v2", bearer(), &body);
        assert_eq!(answer.status, StatusCode::OK);
        assert!(
            answer.body["response"]
                .as_str()
                .expect("reply")
                .contains("29 EUR")
        );
        assert_eq!(answer.body["tools_executed"][0]["name"], "knowledge_search");
    }

    #[test]
    fn replies_differ_with_the_message() {
        let pricing = reply_to("how much does it cost", false).response;
        let delivery = reply_to("où est ma commande ?", false).response;
        let other = reply_to("my screen is blue", false).response;
        assert_ne!(pricing, delivery);
        assert!(other.contains("my screen is blue"));
    }

    #[test]
    fn a_french_queue_gets_french_replies() {
        let sim = sim();
        let chat = conversation(&sim);
        let body = json!({"chat_id": chat, "content": "Où est ma commande ?",
                          "metadata": {"language": "fr"}})
        .to_string();
        let answer = sim.answer("agent/v2", bearer(), &body);
        let reply = answer.body["response"].as_str().expect("reply");
        assert!(reply.contains("numéro de commande"), "{reply}");
        assert!(
            reply_to("Où est ma commande ?", false)
                .response
                .contains("order number")
        );
    }

    #[test]
    fn a_message_for_an_unknown_conversation_is_404() {
        let answer = sim().answer(
            "agent/v2",
            bearer(),
            r#"{"chat_id":"conv_404","content":"hi"}"#,
        );
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
    }

    #[test]
    fn an_empty_message_is_400() {
        let sim = sim();
        let chat = conversation(&sim);
        let body = json!({"chat_id": chat, "content": " "}).to_string();
        assert_eq!(
            sim.answer("agent/v2", bearer(), &body).status,
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn requests_past_the_limit_get_429_with_retry_after() {
        let sim = sim();
        sim.control(&OptimlyControl {
            limits: Some(vec![(2, 60)]),
            ..OptimlyControl::default()
        });
        conversation(&sim);
        conversation(&sim);
        let refused = sim.answer("message/new-chat", bearer(), r#"{"client_id":"u"}"#);
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        let wait = refused.retry_after.expect("retry after");
        assert!(wait > Duration::from_secs(58) && wait <= Duration::from_secs(60));
    }

    #[test]
    fn refused_requests_do_not_count_against_the_limit() {
        let sim = sim();
        sim.control(&OptimlyControl {
            limits: Some(vec![(1, 60)]),
            ..OptimlyControl::default()
        });
        conversation(&sim);
        for _ in 0..3 {
            sim.answer("message/new-chat", bearer(), r#"{"client_id":"u"}"#);
        }
        assert_eq!(sim.lock().admitted.len(), 1);
    }

    #[test]
    fn fail_next_answers_500_that_many_times() {
        let sim = sim();
        sim.control(&OptimlyControl {
            fail_next: 2,
            ..OptimlyControl::default()
        });
        let body = r#"{"client_id":"u"}"#;
        let statuses: Vec<StatusCode> = (0..3)
            .map(|_| sim.answer("message/new-chat", bearer(), body).status)
            .collect();
        assert_eq!(
            statuses,
            [
                StatusCode::INTERNAL_SERVER_ERROR,
                StatusCode::INTERNAL_SERVER_ERROR,
                StatusCode::OK
            ]
        );
    }

    #[test]
    fn a_lead_with_a_name_is_captured_with_an_id() {
        let answer = sim().answer(
            "tools/lead-form",
            bearer(),
            r#"{"full_name":"John Doe","email":"john@example.com"}"#,
        );
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(answer.body["lead_id"], "lead_1");
    }

    #[test]
    fn an_appointment_with_a_bad_date_is_400() {
        let answer = sim().answer(
            "tools/appointment",
            bearer(),
            r#"{"name":"J","email":"j@example.com","date":"tomorrow","time":"10:00","duration_minutes":30}"#,
        );
        assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    }
}
