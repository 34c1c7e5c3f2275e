//! Building blocks of the adapters: one public component per file.

pub mod active_call;
pub mod adapter_error;
pub mod adapter_shell;
pub mod agent_header;
pub mod boot;
pub mod call_action_button;
pub mod call_idle;
pub mod cart_panel;
pub mod connection_indicator;
pub mod context_glance;
pub mod context_note;
pub mod context_panels;
pub mod context_tabs;
pub mod icon;
pub mod journey_panel;
pub mod login_form;
pub mod match_switcher;
pub mod orders_panel;
pub mod origin_refused;
pub mod presence_tables;
pub mod ringing_card;
pub mod screen;
pub mod session_gate;
pub mod status_select;
pub mod workspace;
