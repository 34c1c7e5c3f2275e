//! A full-height, centred message: loading, errors, refusals.

use leptos::prelude::*;

use crate::components::icon::{Icon, IconKind};

/// What kind of message a [`Screen`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenTone {
    /// Something is loading (a spinner instead of an icon).
    Loading,
    /// The widget cannot continue.
    Error,
    /// The widget may not run here.
    Refused,
}

impl ScreenTone {
    /// CSS modifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loading => "loading",
            Self::Error => "error",
            Self::Refused => "refused",
        }
    }
}

/// A centred screen with an icon, a heading and free content below.
#[component]
pub fn Screen(
    /// Drives the icon and its colour.
    tone: ScreenTone,
    /// The heading.
    #[prop(into)]
    title: String,
    /// `data-testid` of the screen, for tests.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// Explanations and actions under the heading.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let visual = match tone {
        ScreenTone::Loading => {
            view! { <span class="aa-spinner" aria-hidden="true"></span> }.into_any()
        }
        ScreenTone::Error => view! { <Icon kind=IconKind::Warning /> }.into_any(),
        ScreenTone::Refused => view! { <Icon kind=IconKind::Blocked /> }.into_any(),
    };
    let role = match tone {
        ScreenTone::Loading => "status",
        ScreenTone::Error | ScreenTone::Refused => "alert",
    };
    view! {
        <section class=format!("aa-screen aa-screen--{}", tone.as_str()) data-testid=testid role=role>
            <div class="aa-screen__visual">{visual}</div>
            <h1 class="aa-screen__title">{title}</h1>
            <div class="aa-screen__body">{children.map(|children| children())}</div>
        </section>
    }
}
