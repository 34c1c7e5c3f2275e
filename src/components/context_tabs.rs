//! The tab list of the caller-context panels.

use leptos::html::Button;
use leptos::prelude::*;

use crate::state::caller_context::ContextTab;
use crate::text;

/// Journey / Cart / Orders tabs following the WAI-ARIA tabs pattern: one tab in the Tab order
/// (the selected one), arrow keys, Home and End move between tabs and select them. A tab whose
/// content a live update just changed flashes.
#[component]
pub fn ContextTabs(
    /// Prefix of the tab and panel element ids (`{prefix}-tab-cart`, `{prefix}-panel-cart`).
    id_prefix: String,
    /// The selected tab.
    tab: RwSignal<ContextTab>,
    /// How many items each tab holds, in [`ContextTab::ALL`] order.
    #[prop(into)]
    counts: Signal<[usize; 3]>,
    /// The tab whose content just changed.
    #[prop(into)]
    flashing: Signal<Option<ContextTab>>,
) -> impl IntoView {
    let buttons: [NodeRef<Button>; 3] = [NodeRef::new(), NodeRef::new(), NodeRef::new()];
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let Some(target) = tab.get_untracked().after_key(&event.key()) else {
            return;
        };
        event.prevent_default();
        tab.set(target);
        let index = ContextTab::ALL
            .iter()
            .position(|t| *t == target)
            .unwrap_or(0);
        if let Some(button) = buttons[index].get_untracked() {
            let _ = button.focus();
        }
    };
    view! {
        <div class="aa-tabs" role="tablist" aria-label=text::t().context_label on:keydown=on_keydown>
            {ContextTab::ALL
                .into_iter()
                .zip(buttons)
                .enumerate()
                .map(|(index, (this, node_ref))| {
                    let selected = move || tab.get() == this;
                    view! {
                        <button
                            node_ref=node_ref
                            class=format!("aa-tab aa-tab--{}", this.as_str())
                            class:aa-tab--flash=move || flashing.get() == Some(this)
                            type="button"
                            role="tab"
                            id=format!("{id_prefix}-tab-{}", this.as_str())
                            aria-controls=format!("{id_prefix}-panel-{}", this.as_str())
                            aria-selected=move || selected().to_string()
                            tabindex=move || if selected() { "0" } else { "-1" }
                            data-testid=format!("context-tab-{}", this.as_str())
                            on:click=move |_| tab.set(this)
                        >
                            <span>{this.label()}</span>
                            <span class="aa-tab__count aa-tabular">{move || counts.get()[index]}</span>
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
