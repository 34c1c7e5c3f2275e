//! Simulated upstreams and the demo CRM host page.
