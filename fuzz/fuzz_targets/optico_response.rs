//! Optico's answers to `callStart` and `setAgentToCall`: the gateway's envelope reader
//! (`gateway::connectors::optico::read_envelope`).

#![no_main]

use gateway::connectors::optico::read_envelope;
use libfuzzer_sys::fuzz_target;
use protocol::optico::{AgentAssignment, CallMatch};

fuzz_target!(|data: &[u8]| {
    if let Ok(matches) = read_envelope::<CallMatch>(data) {
        for found in &matches {
            let _ = found.call.id;
        }
    }
    let _ = read_envelope::<AgentAssignment>(data);
});
