//! Gateway integration tests: a real server on port 0 with a throwaway SQLite file, driven over
//! HTTP with reqwest.

mod assist;
mod auth;
mod bad_input;
mod calls;
mod chat_simulator;
mod chat_support;
mod chats;
mod cobrowse;
mod crm;
mod deepcall;
mod group_commit;
mod helpers;
mod in_call;
mod object_storage;
mod operator;
mod optico;
mod outbox;
mod outcome_email;
mod routing;
mod servers;
mod session_files;
mod sessions_required;
mod simulator;
mod stream;
mod telephony;
mod transfer;
mod widget;
mod wrap_up;
