//! The three adapters shown after sign-in, chosen by `?type=`.

pub mod call;
pub mod chat;
pub mod supervisor;
