//! The adapters' keyboard shortcuts: Alt+Shift with a letter, so they do not clash with the
//! browser's or the host page's own (they only apply while the adapter's frame has focus).
//! Alt+Shift+K shows the list in every adapter.

/// The keys that show or hide the shortcut help, in `aria-keyshortcuts` syntax.
pub const HELP_KEYS: &str = "Alt+Shift+K";

/// Whether a key press is Alt+Shift with no Ctrl or Meta, the modifiers of every shortcut.
fn alt_shift_only(alt: bool, shift: bool, ctrl: bool, meta: bool) -> bool {
    alt && shift && !ctrl && !meta
}

/// Whether a key press asks for the shortcut help ([`HELP_KEYS`]); `code` is
/// `KeyboardEvent.code`.
pub fn is_help(code: &str, alt: bool, shift: bool, ctrl: bool, meta: bool) -> bool {
    alt_shift_only(alt, shift, ctrl, meta) && code == "KeyK"
}

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
        if !alt_shift_only(alt, shift, ctrl, meta) {
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

/// A chat action reachable from the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChatShortcut {
    /// Accept the oldest offered chat.
    Accept,
    /// Show the next chat tab (after the last, the first).
    NextChat,
    /// Show the previous chat tab (before the first, the last).
    PreviousChat,
    /// Move the focus to the reply box of the chat shown.
    FocusComposer,
}

impl ChatShortcut {
    /// Every shortcut, in the order the help lists them.
    pub const ALL: [Self; 4] = [
        Self::Accept,
        Self::NextChat,
        Self::PreviousChat,
        Self::FocusComposer,
    ];

    /// The keys, in `aria-keyshortcuts` syntax.
    pub fn keys(self) -> &'static str {
        match self {
            Self::Accept => "Alt+Shift+A",
            Self::NextChat => "Alt+Shift+N",
            Self::PreviousChat => "Alt+Shift+P",
            Self::FocusComposer => "Alt+Shift+R",
        }
    }

    /// The shortcut a key press means (see [`Shortcut::from_key`]).
    pub fn from_key(code: &str, alt: bool, shift: bool, ctrl: bool, meta: bool) -> Option<Self> {
        if !alt_shift_only(alt, shift, ctrl, meta) {
            return None;
        }
        match code {
            "KeyA" => Some(Self::Accept),
            "KeyN" => Some(Self::NextChat),
            "KeyP" => Some(Self::PreviousChat),
            "KeyR" => Some(Self::FocusComposer),
            _ => None,
        }
    }
}

/// The tab to show after `active` (an index into `count` tabs) for a tab shortcut; `None` for
/// other shortcuts or with no tab.
pub fn tab_after(shortcut: ChatShortcut, active: Option<usize>, count: usize) -> Option<usize> {
    if count == 0 {
        return None;
    }
    match (shortcut, active) {
        (ChatShortcut::NextChat, Some(index)) => Some((index + 1) % count),
        (ChatShortcut::PreviousChat, Some(index)) => Some((index + count - 1) % count),
        (ChatShortcut::NextChat, None) => Some(0),
        (ChatShortcut::PreviousChat, None) => Some(count - 1),
        _ => None,
    }
}
