//! The Aimylogic Operator API bodies the gateway serves (`/operator/{channel}/...`): parsing and
//! every check a route makes before it looks at the store
//! (`gateway::routes::operator::check_body`). The first byte chooses the method.

#![no_main]

use gateway::error::ApiError;
use gateway::routes::operator::{BodyMethod, check_body};
use libfuzzer_sys::fuzz_target;

const METHODS: [BodyMethod; 5] = [
    BodyMethod::SetWebhook,
    BodyMethod::SendText,
    BodyMethod::SendFile,
    BodyMethod::CloseChat,
    BodyMethod::SelectDestination,
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, body)) = data.split_first() else {
        return;
    };
    let method = METHODS[usize::from(choice) % METHODS.len()];
    match check_body(method, body) {
        Ok(()) => {}
        // A refused body is always a 400 with a reason.
        Err(ApiError::InvalidBody(reason)) => assert!(!reason.is_empty()),
        Err(other) => panic!("{method:?}: a body check answered {other:?}"),
    }
});
