//! Wire types shared by every part of agent-adapter, with no I/O.
//!
//! - [`host`]: the events the widget posts to the embedding CRM page (CCAI names and fields).
//! - [`command`]: commands from the host page and the `Ack` / `Error` answers.
//! - [`api`]: the gateway's REST types used by the widget.
//! - [`stream`]: the events of the per-agent realtime stream.
//! - [`deepcall`]: the DeepCall Agent API (live agent statistics) and the team statistics the
//!   gateway derives from it.
//! - [`chat`]: chats, transcripts and delivery states as the agent sees them.
//! - [`optico`]: the Optico Call Center API (requests, responses, webhook payloads).
//! - [`telephony`]: the body of the telephony webhook (`POST /webhooks/telephony/{secret}`).
//! - [`aimylogic`]: the Aimylogic Operator API (requests we serve, webhook events we send).
//! - [`optimly`]: the Optimly API (AI suggestions, lead and appointment tools).
//! - [`cobrowse`]: co-browse sessions (provider webhook, agent view, CCAI event values).
//! - [`assist`]: agent assist as the agent sees it: suggestions, lead and appointment forms.
//! - [`tag_first`]: internally tagged enums read without buffering, the tag first.
//!
//! The crate compiles for `wasm32-unknown-unknown` (the widget) and natively (gateway,
//! simulators). Its tests run natively: `cargo test -p protocol`.

pub mod aimylogic;
pub mod api;
pub mod assist;
pub mod chat;
pub mod cobrowse;
pub mod command;
pub mod crm;
pub mod deepcall;
pub mod host;
pub mod optico;
pub mod optimly;
pub mod stream;
pub mod tag_first;
pub mod telephony;

/// Version of the host contract carried as `v` on every host event.
pub const PROTOCOL_VERSION: u32 = 1;
