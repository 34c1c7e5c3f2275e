//! The call adapter's keyboard shortcuts: Alt+Shift with a letter, so they do not clash with
//! the browser's or the host page's own (they only apply while the adapter's frame has focus).

/// A call action reachable from the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    /// Answer the ringing call.
    Answer,
    /// Decline the ringing call.
    Decline,
    /// Hang up the call in progress.
    HangUp,
    /// Put the caller on hold, or resume.
    Hold,
    /// Open the transfer dialog.
    Transfer,
}

impl Shortcut {
    /// Every shortcut, in the order the help lists them.
    pub const ALL: [Self; 5] = [
        Self::Answer,
        Self::Decline,
        Self::HangUp,
        Self::Hold,
        Self::Transfer,
    ];

    /// The keys, in `aria-keyshortcuts` syntax (also shown in tooltips).
    pub fn keys(self) -> &'static str {
        match self {
            Self::Answer => "Alt+Shift+A",
            Self::Decline => "Alt+Shift+D",
            Self::HangUp => "Alt+Shift+H",
            Self::Hold => "Alt+Shift+O",
            Self::Transfer => "Alt+Shift+T",
        }
    }

    /// The shortcut a key press means. `code` is `KeyboardEvent.code` (the physical key, so
    /// that Alt on macOS, which changes `key`, still works); Ctrl or Meta cancels any shortcut.
    pub fn from_key(code: &str, alt: bool, shift: bool, ctrl: bool, meta: bool) -> Option<Self> {
        if !alt || !shift || ctrl || meta {
            return None;
        }
        match code {
            "KeyA" => Some(Self::Answer),
            "KeyD" => Some(Self::Decline),
            "KeyH" => Some(Self::HangUp),
            "KeyO" => Some(Self::Hold),
            "KeyT" => Some(Self::Transfer),
            _ => None,
        }
    }
}
