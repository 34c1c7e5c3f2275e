//! `POST /webhooks/telephony/{secret}`: the gateway's body parser and the checks of a ringing
//! call, including reading the caller's number with the phone number library
//! (`gateway::routes::telephony::{parse, check_ringing}`), in a few regions.

#![no_main]

use gateway::error::ApiError;
use gateway::phone::Region;
use gateway::routes::telephony::{check_ringing, parse};
use libfuzzer_sys::fuzz_target;

const REGIONS: [Region; 4] = [Region::FR, Region::US, Region::GB, Region::DE];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, body)) = data.split_first() else {
        return;
    };
    let Ok(hook) = parse(body) else {
        return;
    };
    match check_ringing(&hook, REGIONS[usize::from(choice) % REGIONS.len()]) {
        Ok(ringing) => assert!(!ringing.external_id.is_empty()),
        Err(ApiError::InvalidBody(reason)) => assert!(!reason.is_empty()),
        Err(other) => panic!("a ringing check answered {other:?}"),
    }
});
