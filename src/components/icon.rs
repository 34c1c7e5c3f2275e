//! Small line icons drawn inline (no icon font, no extra download).

use leptos::prelude::*;

/// Which icon to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IconKind {
    /// A telephone handset (answer, incoming call).
    Phone,
    /// The handset turned down (hang up, decline).
    HangUp,
    /// Leave (log out).
    LogOut,
    /// A warning triangle.
    Warning,
    /// A barred circle (refused).
    Blocked,
    /// A headset (waiting for calls).
    Headset,
    /// Two bars (on break).
    Pause,
    /// A speech bubble (chats).
    Chat,
    /// Two people (team presence).
    Team,
    /// A keyboard (shortcut help).
    Keyboard,
}

impl IconKind {
    /// CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::HangUp => "hang-up",
            Self::LogOut => "log-out",
            Self::Warning => "warning",
            Self::Blocked => "blocked",
            Self::Headset => "headset",
            Self::Pause => "pause",
            Self::Chat => "chat",
            Self::Team => "team",
            Self::Keyboard => "keyboard",
        }
    }

    fn paths(self) -> &'static [&'static str] {
        const HANDSET: &str = "M5 4h3.5l1.7 4.3-2.2 1.4a11.5 11.5 0 0 0 6.3 6.3l1.4-2.2L20 \
                               15.5V19a1.5 1.5 0 0 1-1.6 1.5A17 17 0 0 1 3.5 5.6 1.5 1.5 0 0 1 5 4z";
        match self {
            Self::Phone | Self::HangUp => &[HANDSET],
            Self::LogOut => &[
                "M14 4H6.5A1.5 1.5 0 0 0 5 5.5v13A1.5 1.5 0 0 0 6.5 20H14",
                "M10 12h10",
                "M17 8.5l3.5 3.5-3.5 3.5",
            ],
            Self::Warning => &["M12 3.5l9.5 16.5h-19z", "M12 10v4.5", "M12 17.3v.2"],
            Self::Blocked => &["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M5.6 5.6l12.8 12.8"],
            Self::Headset => &[
                "M4 14v-2a8 8 0 0 1 16 0v2",
                "M4 14h3v5H5.5A1.5 1.5 0 0 1 4 17.5z",
                "M20 14h-3v5h1.5a1.5 1.5 0 0 0 1.5-1.5z",
            ],
            Self::Pause => &["M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z", "M10 9v6", "M14 9v6"],
            Self::Chat => &[
                "M4 5.5A1.5 1.5 0 0 1 5.5 4h13A1.5 1.5 0 0 1 20 5.5v9a1.5 1.5 0 0 1-1.5 1.5H9l-5 4z",
                "M8 9h8",
                "M8 12.5h5",
            ],
            Self::Team => &[
                "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7z",
                "M2.5 20a6.5 6.5 0 0 1 13 0",
                "M16 4.3a3.5 3.5 0 0 1 0 6.4",
                "M18 14.2a6.5 6.5 0 0 1 3.5 5.8",
            ],
            Self::Keyboard => &[
                "M3 7.5A1.5 1.5 0 0 1 4.5 6h15A1.5 1.5 0 0 1 21 7.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 \
                 1.5 0 0 1 3 16.5z",
                "M7 10h.01",
                "M11 10h.01",
                "M15 10h.01",
                "M8 14h8",
            ],
        }
    }
}

/// A decorative icon (hidden from assistive technology: the text next to it says the same).
#[component]
pub fn Icon(
    /// Which icon.
    kind: IconKind,
) -> impl IntoView {
    view! {
        <svg
            class=format!("aa-icon aa-icon--{}", kind.as_str())
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            {kind.paths().iter().map(|d| view! { <path d=*d /> }).collect_view()}
        </svg>
    }
}
