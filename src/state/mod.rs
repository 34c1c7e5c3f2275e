//! Plain state types with their logic, tested without the DOM.

pub mod assist;
pub mod call_desk;
pub mod caller_context;
pub mod chat_desk;
pub mod cobrowse;
pub mod crm_pops;
pub mod drafts;
pub mod session;
pub mod shortcuts;
pub mod team_table;
