//! The CRM integration (seed 004 "Custom CRM generic API").
pub mod client;
pub mod flows;
pub mod settings;
pub mod template;
