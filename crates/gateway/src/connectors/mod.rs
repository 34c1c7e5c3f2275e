//! Clients of the upstream services. Keys stay here, never in a response to the widget.

pub mod cobrowse;
pub mod deepcall;
pub mod optico;
pub mod optimly;
