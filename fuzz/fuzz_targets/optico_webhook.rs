//! `POST /webhooks/optico/{secret}`: the gateway's body parser and validation
//! (`gateway::routes::optico::parse`), then applying an accepted update to the caller context of
//! the seed's `callStart` answer (`gateway::context::apply`).
//!
//! The first byte chooses how the rest is sent: as the whole form body, or as the JSON of the
//! `realtimeData` field (form-encoded here), so that the fuzzer also works on the JSON directly.

#![no_main]

use gateway::context::apply;
use gateway::routes::optico::parse;
use libfuzzer_sys::fuzz_target;
use protocol::optico::{CallMatch, Envelope};

fn seed_matches() -> Vec<CallMatch> {
    let envelope: Envelope<CallMatch> = serde_json::from_str(include_str!(
        "../../crates/protocol/tests/fixtures/optico/callStart-response.json"
    ))
    .expect("the seed example parses");
    envelope.results.unwrap_or_default()
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let body = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        let Ok(json) = std::str::from_utf8(rest) else {
            return;
        };
        match serde_urlencoded::to_string([("realtimeData", json)]) {
            Ok(form) => form.into_bytes(),
            Err(_) => return,
        }
    };
    if let Ok(update) = parse(&body) {
        let mut matches = seed_matches();
        let first = apply(&mut matches, &update);
        // The same update again changes nothing.
        if matches!(first, gateway::context::Applied::Changed(_)) {
            assert_eq!(
                apply(&mut matches, &update),
                gateway::context::Applied::Duplicate
            );
        }
    }
});
