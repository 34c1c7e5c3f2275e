//! Switching between several Optico matches of one caller.

use leptos::prelude::*;

use crate::text;

/// "‹ Match 1 of 2 ›"; nothing when there is only one match.
#[component]
pub fn MatchSwitcher(
    /// How many matches there are.
    #[prop(into)]
    count: Signal<usize>,
    /// The index of the match shown.
    #[prop(into)]
    selected: Signal<usize>,
    /// Called with the index to show.
    on_select: Callback<usize>,
) -> impl IntoView {
    let step = move |forward: bool| {
        let count = count.get_untracked();
        if count < 2 {
            return;
        }
        let current = selected.get_untracked().min(count - 1);
        let target = if forward {
            (current + 1) % count
        } else {
            current.checked_sub(1).unwrap_or(count - 1)
        };
        on_select.run(target);
    };
    move || {
        (count.get() > 1).then(|| {
            view! {
                <div class="aa-matches" data-testid="context-matches">
                    <button
                        class="aa-matches__step"
                        type="button"
                        aria-label=text::t().previous_match
                        data-testid="context-match-previous"
                        on:click=move |_| step(false)
                    >
                        "‹"
                    </button>
                    <span class="aa-matches__position" aria-live="polite" data-testid="context-match-position">
                        {move || text::match_position(selected.get().min(count.get().saturating_sub(1)), count.get())}
                    </span>
                    <button
                        class="aa-matches__step"
                        type="button"
                        aria-label=text::t().next_match
                        data-testid="context-match-next"
                        on:click=move |_| step(true)
                    >
                        "›"
                    </button>
                </div>
            }
        })
    }
}
