//! When the ringing chime may play.
#![cfg(target_arch = "wasm32")]

use agent_adapter::sound::allowed;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_frame_the_host_lets_autoplay_may_chime() {
    assert!(allowed(None, Some(true)));
    assert!(allowed(Some("on"), Some(true)));
}

#[wasm_bindgen_test]
fn a_frame_without_autoplay_permission_stays_silent() {
    assert!(!allowed(None, Some(false)));
    assert!(!allowed(Some("on"), Some(false)));
}

#[wasm_bindgen_test]
fn sound_off_in_the_url_silences_the_chime_whatever_the_policy() {
    assert!(!allowed(Some("off"), Some(true)));
    assert!(!allowed(Some("OFF"), None));
}

#[wasm_bindgen_test]
fn where_the_browser_cannot_tell_the_policy_the_audio_state_decides() {
    // `play` then only starts when the browser runs the audio context.
    assert!(allowed(None, None));
}
