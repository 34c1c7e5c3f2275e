//! The three adapters shown after sign-in, chosen by `?type=`.

pub mod call;
pub mod call_actions;
pub mod call_context;
pub mod chat;
pub mod chat_actions;
pub mod polled;
pub mod session_commands;
pub mod supervisor;
