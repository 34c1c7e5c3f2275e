//! Plain state types with their logic, tested without the DOM.

pub mod call_desk;
pub mod session;
