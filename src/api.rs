//! The gateway's agent API (`/api/v1/...`): one function per endpoint, typed with `protocol`.
//!
//! The widget is served by the gateway, so every path is relative to the page's origin. gloo's
//! `send()` only fails when the request cannot be made at all; a 4xx/5xx answer is turned into
//! [`ApiError::Status`] here by checking `ok()`.

use gloo_net::http::{Request, RequestBuilder, Response};
use protocol::api::{
    AdapterConfig, AgentProfile, AgentSnapshot, AgentStatus, ApiErrorBody, CallView, HoldRequest,
    LoginRequest, LoginResponse, Presence, RedactionRequest, StatusRequest, StreamTicket,
    TransferRequest, TransferTargets, WrapUpRequest, WrapUpView,
};
use protocol::chat::{ChatMessage, ChatTextRequest, ChatView, DestinationView};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why an API call failed.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The request could not be made or no answer came (offline, DNS, CORS, aborted).
    Network(String),
    /// The gateway answered with a non-success status.
    Status {
        /// HTTP status code.
        code: u16,
        /// The raw response body (usually an [`ApiErrorBody`] as JSON).
        body: String,
    },
    /// The gateway answered 2xx with a body that is not what the endpoint promises.
    Decode(String),
}

impl ApiError {
    /// The HTTP status, for [`ApiError::Status`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The session is gone: the widget must go back to the sign-in form.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// The gateway's error body, when the answer carried one.
    pub fn body(&self) -> Option<ApiErrorBody> {
        match self {
            Self::Status { body, .. } => serde_json::from_str(body).ok(),
            _ => None,
        }
    }
}

/// `GET /api/v1/config`: public configuration, before any login.
pub async fn config() -> Result<AdapterConfig, ApiError> {
    json(build(Request::get("/api/v1/config"))).await
}

/// `POST /api/v1/auth/login`.
pub async fn login(request: &LoginRequest) -> Result<LoginResponse, ApiError> {
    json(with_json(Request::post("/api/v1/auth/login"), request)).await
}

/// `POST /api/v1/auth/logout`: ends the session on the gateway.
pub async fn logout(token: &str) -> Result<(), ApiError> {
    empty(build(authorized(
        Request::post("/api/v1/auth/logout"),
        token,
    )))
    .await
}

/// `GET /api/v1/me`: the agent, their calls and the stream position.
pub async fn me(token: &str) -> Result<AgentSnapshot, ApiError> {
    json(build(authorized(Request::get("/api/v1/me"), token))).await
}

/// `PUT /api/v1/me/status`.
pub async fn set_status(token: &str, status: AgentStatus) -> Result<AgentProfile, ApiError> {
    let builder = authorized(Request::put("/api/v1/me/status"), token);
    json(with_json(builder, &StatusRequest { status })).await
}

/// `POST /api/v1/calls/{id}/answer`.
pub async fn answer_call(token: &str, call_id: u64) -> Result<CallView, ApiError> {
    json(build(authorized(
        Request::post(&format!("/api/v1/calls/{call_id}/answer")),
        token,
    )))
    .await
}

/// `POST /api/v1/calls/{id}/decline`.
pub async fn decline_call(token: &str, call_id: u64) -> Result<(), ApiError> {
    empty(build(authorized(
        Request::post(&format!("/api/v1/calls/{call_id}/decline")),
        token,
    )))
    .await
}

/// `POST /api/v1/calls/{id}/hangup`.
pub async fn hangup_call(token: &str, call_id: u64) -> Result<CallView, ApiError> {
    json(build(authorized(
        Request::post(&format!("/api/v1/calls/{call_id}/hangup")),
        token,
    )))
    .await
}

/// `PUT /api/v1/calls/{id}/hold`: puts the caller on hold (`true`) or resumes (`false`).
pub async fn set_hold(token: &str, call_id: u64, on_hold: bool) -> Result<CallView, ApiError> {
    let builder = authorized(
        Request::put(&format!("/api/v1/calls/{call_id}/hold")),
        token,
    );
    json(with_json(builder, &HoldRequest { on_hold })).await
}

/// `PUT /api/v1/calls/{id}/redaction`: pauses (`true`) or resumes (`false`) the recording.
pub async fn set_redaction(
    token: &str,
    call_id: u64,
    redacted: bool,
) -> Result<CallView, ApiError> {
    let builder = authorized(
        Request::put(&format!("/api/v1/calls/{call_id}/redaction")),
        token,
    );
    json(with_json(builder, &RedactionRequest { redacted })).await
}

/// `GET /api/v1/transfer-targets`: other agents and queues, with who is free.
pub async fn transfer_targets(token: &str) -> Result<TransferTargets, ApiError> {
    json(build(authorized(
        Request::get("/api/v1/transfer-targets"),
        token,
    )))
    .await
}

/// `POST /api/v1/calls/{id}/transfer`: hands the call over (cold transfer).
pub async fn transfer_call(
    token: &str,
    call_id: u64,
    request: &TransferRequest,
) -> Result<CallView, ApiError> {
    let builder = authorized(
        Request::post(&format!("/api/v1/calls/{call_id}/transfer")),
        token,
    );
    json(with_json(builder, request)).await
}

/// `PUT /api/v1/calls/{id}/wrap-up`: saves the disposition and notes.
pub async fn save_wrap_up(
    token: &str,
    call_id: u64,
    request: &WrapUpRequest,
) -> Result<WrapUpView, ApiError> {
    let builder = authorized(
        Request::put(&format!("/api/v1/calls/{call_id}/wrap-up")),
        token,
    );
    json(with_json(builder, request)).await
}

/// `GET /api/v1/crm/sessions/{call|chat}/{id}`: the CRM state of a session of this agent, with
/// the custom lookup URL while the session is open.
pub async fn crm_session(
    token: &str,
    session: protocol::crm::CrmSessionRef,
) -> Result<protocol::crm::CrmSessionView, ApiError> {
    let path = match session {
        protocol::crm::CrmSessionRef::Call(id) => format!("/api/v1/crm/sessions/call/{id}"),
        protocol::crm::CrmSessionRef::Chat(id) => format!("/api/v1/crm/sessions/chat/{id}"),
    };
    json(build(authorized(Request::get(&path), token))).await
}

/// `POST /api/v1/chats/{id}/assist/retry`: asks again for the suggestion of the chat's latest
/// customer message.
pub async fn retry_assist(
    token: &str,
    chat_id: u64,
) -> Result<protocol::assist::AssistView, ApiError> {
    json(build(authorized(
        Request::post(&format!("/api/v1/chats/{chat_id}/assist/retry")),
        token,
    )))
    .await
}

/// `POST /api/v1/cobrowse/{id}/{remote-control|full-device|end}`: the agent's request about a
/// co-browse session, passed on to the provider.
pub async fn cobrowse_ask(
    token: &str,
    id: &str,
    ask: protocol::cobrowse::CobrowseAsk,
) -> Result<protocol::cobrowse::CobrowseView, ApiError> {
    let id: String = js_sys::encode_uri_component(id).into();
    json(build(authorized(
        Request::post(&format!("/api/v1/cobrowse/{id}/{}", ask.as_path())),
        token,
    )))
    .await
}

/// `POST /api/v1/assist/lead`: sends the lead form to Optimly.
pub async fn send_lead(
    token: &str,
    form: &protocol::assist::LeadForm,
) -> Result<protocol::assist::ToolOutcome, ApiError> {
    json(with_json(
        authorized(Request::post("/api/v1/assist/lead"), token),
        form,
    ))
    .await
}

/// `POST /api/v1/assist/appointment`: sends the appointment form to Optimly.
pub async fn send_appointment(
    token: &str,
    form: &protocol::assist::AppointmentForm,
) -> Result<protocol::assist::ToolOutcome, ApiError> {
    json(with_json(
        authorized(Request::post("/api/v1/assist/appointment"), token),
        form,
    ))
    .await
}

/// `GET /api/v1/stats/live`: DeepCall's live team statistics (the agent table for
/// supervisors, the summary for everyone; 503 when DeepCall is not configured, 502 when it
/// fails).
pub async fn live_stats(token: &str) -> Result<protocol::deepcall::TeamStats, ApiError> {
    json(build(authorized(Request::get("/api/v1/stats/live"), token))).await
}

/// `GET /api/v1/chats/destinations`: where a chat can be transferred, with who is online.
pub async fn chat_destinations(token: &str) -> Result<Vec<DestinationView>, ApiError> {
    json(build(authorized(
        Request::get("/api/v1/chats/destinations"),
        token,
    )))
    .await
}

/// `POST /api/v1/chats/{id}/accept`.
pub async fn accept_chat(token: &str, chat_id: u64) -> Result<ChatView, ApiError> {
    json(build(authorized(
        Request::post(&format!("/api/v1/chats/{chat_id}/accept")),
        token,
    )))
    .await
}

/// `POST /api/v1/chats/{id}/decline`.
pub async fn decline_chat(token: &str, chat_id: u64) -> Result<(), ApiError> {
    empty(build(authorized(
        Request::post(&format!("/api/v1/chats/{chat_id}/decline")),
        token,
    )))
    .await
}

/// `POST /api/v1/chats/{id}/messages`: sends a text to the client.
pub async fn send_chat_text(
    token: &str,
    chat_id: u64,
    text: &str,
) -> Result<ChatMessage, ApiError> {
    let builder = authorized(
        Request::post(&format!("/api/v1/chats/{chat_id}/messages")),
        token,
    );
    let body = ChatTextRequest {
        text: text.to_owned(),
    };
    json(with_json(builder, &body)).await
}

/// `POST /api/v1/chats/{id}/files?name=…&comment=…`: sends `file` (the raw request body) to
/// the client.
pub async fn send_chat_file(
    token: &str,
    chat_id: u64,
    file: &web_sys::File,
    comment: &str,
) -> Result<ChatMessage, ApiError> {
    let name = file.name();
    let mut query = vec![("name", name.as_str())];
    if !comment.is_empty() {
        query.push(("comment", comment));
    }
    let content_type = match file.type_() {
        kind if kind.is_empty() => "application/octet-stream".to_owned(),
        kind => kind,
    };
    let request = authorized(
        Request::post(&format!("/api/v1/chats/{chat_id}/files")),
        token,
    )
    .query(query)
    .header("Content-Type", &content_type)
    .body(file.clone())
    .map_err(|e| ApiError::Network(e.to_string()));
    json(request).await
}

/// `POST /api/v1/chats/{id}/transfer`: moves the chat to destination `queue_id`.
pub async fn transfer_chat(token: &str, chat_id: u64, queue_id: u64) -> Result<ChatView, ApiError> {
    let builder = authorized(
        Request::post(&format!("/api/v1/chats/{chat_id}/transfer")),
        token,
    );
    json(with_json(
        builder,
        &protocol::chat::TransferRequest { queue_id },
    ))
    .await
}

/// `POST /api/v1/chats/{id}/close`: ends the chat; the bot hears `Closed`.
pub async fn close_chat(token: &str, chat_id: u64) -> Result<ChatView, ApiError> {
    json(build(authorized(
        Request::post(&format!("/api/v1/chats/{chat_id}/close")),
        token,
    )))
    .await
}

/// `POST /api/v1/chats/{id}/dismiss`: closes the tab of a closed chat.
pub async fn dismiss_chat(token: &str, chat_id: u64) -> Result<(), ApiError> {
    empty(build(authorized(
        Request::post(&format!("/api/v1/chats/{chat_id}/dismiss")),
        token,
    )))
    .await
}

/// `GET /api/v1/presence` (supervisors only; 403 otherwise).
pub async fn presence(token: &str) -> Result<Presence, ApiError> {
    json(build(authorized(Request::get("/api/v1/presence"), token))).await
}

/// `POST /api/v1/stream/ticket`: a single-use credential for opening the realtime stream.
pub async fn stream_ticket(token: &str) -> Result<StreamTicket, ApiError> {
    json(build(authorized(
        Request::post("/api/v1/stream/ticket"),
        token,
    )))
    .await
}

fn authorized(builder: RequestBuilder, token: &str) -> RequestBuilder {
    builder.header("Authorization", &format!("Bearer {token}"))
}

/// A body-less request, ready to send.
fn build(builder: RequestBuilder) -> Result<Request, ApiError> {
    builder
        .build()
        .map_err(|e| ApiError::Network(e.to_string()))
}

/// A request with a JSON body, ready to send.
fn with_json<B: Serialize>(builder: RequestBuilder, body: &B) -> Result<Request, ApiError> {
    builder
        .json(body)
        .map_err(|e| ApiError::Decode(e.to_string()))
}

/// Sends, checks the status, and decodes a JSON body.
async fn json<T: DeserializeOwned>(request: Result<Request, ApiError>) -> Result<T, ApiError> {
    let response = send(request?).await?;
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Sends and checks the status; the body is ignored.
async fn empty(request: Result<Request, ApiError>) -> Result<(), ApiError> {
    send(request?).await.map(|_| ())
}

/// Sends; a non-2xx answer becomes [`ApiError::Status`] with the body kept for the message.
async fn send(request: Request) -> Result<Response, ApiError> {
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    if response.ok() {
        return Ok(response);
    }
    let code = response.status();
    let body = response.text().await.unwrap_or_default();
    Err(ApiError::Status { code, body })
}
