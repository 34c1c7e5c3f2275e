//! Gateway integration tests: a real server on port 0 with a throwaway SQLite file, driven over
//! HTTP with reqwest.

mod auth;
mod calls;
mod deepcall;
mod helpers;
mod in_call;
mod optico;
mod routing;
mod simulator;
mod stream;
mod telephony;
mod transfer;
mod widget;
mod wrap_up;
