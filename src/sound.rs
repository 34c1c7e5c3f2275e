//! A short, quiet chime when a call starts ringing or a chat is offered, played only where the
//! host page allows it: the adapter's iframe carries `allow="autoplay"` (its Permissions
//! Policy) and its URL does not say `sound=off`. Where the browser keeps the audio suspended
//! anyway, nothing is played and nothing is queued for later: a chime after the call was
//! answered would only confuse.

use std::cell::{Cell, RefCell};

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AudioContext, AudioContextState, OscillatorType};

/// What the chime announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chime {
    /// A call rings: two falling notes.
    Call,
    /// A chat is offered: one note.
    Chat,
}

impl Chime {
    /// Its notes: frequency (Hz) and start (s after the first).
    fn notes(self) -> &'static [(f32, f64)] {
        match self {
            Self::Call => &[(880.0, 0.0), (660.0, 0.18)],
            Self::Chat => &[(740.0, 0.0)],
        }
    }
}

/// Loudest level of a note (of 1.0): audible beside a conversation, never startling.
const PEAK_GAIN: f32 = 0.06;
/// How long a note sounds, in seconds.
const NOTE_SECONDS: f64 = 0.16;

thread_local! {
    static CONTEXT: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
    static PLAYED: Cell<u32> = const { Cell::new(0) };
}

/// Whether the chime may play, from what the page says: the `sound` URL parameter, and the
/// Permissions Policy's answer for `autoplay` (`None` where the browser cannot say).
pub fn allowed(sound_param: Option<&str>, autoplay_policy: Option<bool>) -> bool {
    let muted = sound_param.is_some_and(|value| value.eq_ignore_ascii_case("off"));
    !muted && autoplay_policy.unwrap_or(true)
}

/// The Permissions Policy's answer for `autoplay` in this document, where the browser exposes
/// it (`document.permissionsPolicy` or `document.featurePolicy`).
fn autoplay_policy(document: &web_sys::Document) -> Option<bool> {
    ["permissionsPolicy", "featurePolicy"]
        .iter()
        .find_map(|name| {
            let policy = js_sys::Reflect::get(document, &JsValue::from_str(name)).ok()?;
            let allows = js_sys::Reflect::get(&policy, &JsValue::from_str("allowsFeature")).ok()?;
            let allows = allows.dyn_into::<js_sys::Function>().ok()?;
            allows
                .call1(&policy, &JsValue::from_str("autoplay"))
                .ok()?
                .as_bool()
        })
}

/// Whether this page lets the adapter play its chime.
fn page_allows() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let sound = window
        .location()
        .search()
        .ok()
        .and_then(|query| web_sys::UrlSearchParams::new_with_str(&query).ok())
        .and_then(|params| params.get("sound"));
    let policy = window.document().as_ref().and_then(autoplay_policy);
    allowed(sound.as_deref(), policy)
}

/// Plays `chime` if the page allows it and the browser lets audio run now; `true` when it
/// started.
pub fn play(chime: Chime) -> bool {
    if !page_allows() {
        return false;
    }
    let started = CONTEXT.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            *slot = AudioContext::new().ok();
        }
        let context = slot.as_ref()?;
        if context.state() != AudioContextState::Running {
            // Blocked by the browser's autoplay rules until the agent interacts: ask, but do
            // not play this one late.
            let _ = context.resume();
            return None;
        }
        schedule(context, chime).ok()
    });
    if started.is_some() {
        PLAYED.with(|played| played.set(played.get() + 1));
    }
    started.is_some()
}

/// How many chimes this page has played (for tests and diagnostics).
pub fn played() -> u32 {
    PLAYED.with(Cell::get)
}

fn schedule(context: &AudioContext, chime: Chime) -> Result<(), JsValue> {
    let now = context.current_time();
    for &(frequency, offset) in chime.notes() {
        let start = now + offset;
        let oscillator = context.create_oscillator()?;
        oscillator.set_type(OscillatorType::Sine);
        oscillator.frequency().set_value(frequency);
        let gain = context.create_gain()?;
        let level = gain.gain();
        level.set_value_at_time(0.0, start)?;
        level.linear_ramp_to_value_at_time(PEAK_GAIN, start + 0.02)?;
        level.exponential_ramp_to_value_at_time(0.0001, start + NOTE_SECONDS)?;
        oscillator.connect_with_audio_node(&gain)?;
        gain.connect_with_audio_node(&context.destination())?;
        oscillator.start_with_when(start)?;
        oscillator.stop_with_when(start + NOTE_SECONDS + 0.02)?;
    }
    Ok(())
}
