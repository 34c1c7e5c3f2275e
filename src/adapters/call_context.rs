//! The reactive handles of the caller context the call adapter hands to its cards.

use leptos::prelude::*;
use protocol::api::CallerContext;

use crate::state::call_desk::CallDesk;
use crate::state::caller_context::LiveChange;

/// Per-call views of the desk's caller context, and which Optico match the agent chose (for
/// the call it was chosen on: a new call starts at the first match).
#[derive(Clone, Copy)]
pub struct CallContexts {
    desk: RwSignal<CallDesk>,
    chosen: RwSignal<(u64, usize)>,
}

impl CallContexts {
    /// Handles over `desk`.
    pub fn new(desk: RwSignal<CallDesk>) -> Self {
        Self {
            desk,
            chosen: RwSignal::new((0, 0)),
        }
    }

    /// The context of `call_id`, changing only when it does.
    pub fn context(self, call_id: u64) -> Memo<Option<CallerContext>> {
        let desk = self.desk;
        Memo::new(move |_| desk.with(|desk| desk.context_of(call_id)))
    }

    /// The latest live change of `call_id`'s context.
    pub fn change(self, call_id: u64) -> Memo<Option<LiveChange>> {
        let desk = self.desk;
        Memo::new(move |_| {
            desk.with(|desk| {
                desk.last_change()
                    .filter(|live| live.call_id == call_id)
                    .cloned()
            })
        })
    }

    /// The index of the match shown for `call_id`.
    pub fn selected(self, call_id: u64) -> Signal<usize> {
        let chosen = self.chosen;
        Signal::derive(move || chosen.with(|(id, index)| if *id == call_id { *index } else { 0 }))
    }

    /// Chooses the match shown for `call_id`.
    pub fn select(self, call_id: u64) -> Callback<usize> {
        let chosen = self.chosen;
        Callback::new(move |index| chosen.set((call_id, index)))
    }
}
