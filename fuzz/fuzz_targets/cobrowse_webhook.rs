//! `POST /webhooks/cobrowse/{secret}`: the gateway's body parser and validation
//! (`gateway::routes::cobrowse::parse_webhook`), then the state change an accepted event makes
//! to no session yet and to a started session of the same call or chat
//! (`gateway::routes::cobrowse::apply`).

#![no_main]

use gateway::routes::cobrowse::{apply, parse_webhook};
use libfuzzer_sys::fuzz_target;
use protocol::cobrowse::{CobrowseMode, CobrowseParty, CobrowseView};

fuzz_target!(|data: &[u8]| {
    let Ok((hook, session)) = parse_webhook(data) else {
        return;
    };
    assert!(!hook.session_id.trim().is_empty());
    let _ = apply(None, &hook, session);
    let started = CobrowseView {
        id: hook.session_id.clone(),
        session,
        requested_by: CobrowseParty::EndUser,
        remote_control: CobrowseMode::Off,
        full_device: CobrowseMode::Off,
        ended_by: None,
    };
    if let Ok(Some((after, _))) = apply(Some(started.clone()), &hook, session) {
        // Delivering the same event again changes nothing.
        assert_eq!(apply(Some(after), &hook, session).ok(), Some(None));
    }
});
