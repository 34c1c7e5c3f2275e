//! DeepCall's `Agent/live` answers: the gateway's reader, which also derives the team
//! statistics from a success (`gateway::connectors::deepcall::read_answer`). The first byte
//! chooses the HTTP status.

#![no_main]

use gateway::connectors::deepcall::read_answer;
use libfuzzer_sys::fuzz_target;

const STATUSES: [u16; 5] = [200, 400, 401, 500, 502];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, body)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return;
    };
    let status = STATUSES[usize::from(choice) % STATUSES.len()];
    let _ = read_answer(status, text);
});
