//! Building blocks of the adapters: one public component per file.

pub mod active_call;
pub mod adapter_error;
pub mod adapter_shell;
pub mod agent_header;
pub mod boot;
pub mod call_action_button;
pub mod call_idle;
pub mod connection_indicator;
pub mod icon;
pub mod login_form;
pub mod origin_refused;
pub mod presence_tables;
pub mod ringing_card;
pub mod screen;
pub mod session_gate;
pub mod status_select;
pub mod workspace;
