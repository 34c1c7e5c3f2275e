//! Light and dark palettes: `data-theme` on the document element selects the dark palette of
//! `style/main.css`. The palette comes from the `theme` URL parameter (`light`, `dark`,
//! `system`; `system` when absent), can be changed by the host's `Set_Theme`, and in `system`
//! mode follows the agent's `prefers-color-scheme`, also when it changes.

use std::cell::Cell;

use protocol::command::ThemeMode;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

thread_local! {
    static MODE: Cell<ThemeMode> = const { Cell::new(ThemeMode::System) };
    static WATCHING: Cell<bool> = const { Cell::new(false) };
}

/// The palette asked for in the page's URL.
pub fn from_location() -> ThemeMode {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|query| web_sys::UrlSearchParams::new_with_str(&query).ok())
        .and_then(|params| params.get("theme"))
        .and_then(|value| ThemeMode::parse(&value))
        .unwrap_or(ThemeMode::System)
}

/// `light` or `dark` for `mode`, given whether the system prefers dark.
pub fn resolve(mode: ThemeMode, system_prefers_dark: bool) -> &'static str {
    match mode {
        ThemeMode::Light => "light",
        ThemeMode::Dark => "dark",
        ThemeMode::System if system_prefers_dark => "dark",
        ThemeMode::System => "light",
    }
}

/// Switches to `mode` now (and, for `system`, whenever the system preference changes).
pub fn apply(mode: ThemeMode) {
    MODE.with(|m| m.set(mode));
    paint();
    watch_system_preference();
}

fn dark_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
}

fn paint() {
    let prefers_dark = dark_query().is_some_and(|q| q.matches());
    let theme = resolve(MODE.with(Cell::get), prefers_dark);
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-theme", theme);
    }
}

fn watch_system_preference() {
    if WATCHING.with(|w| w.replace(true)) {
        return;
    }
    let Some(query) = dark_query() else {
        return;
    };
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(|_| paint());
    let _ = query.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
    // Lives as long as the page: the listener is never removed.
    listener.forget();
}
