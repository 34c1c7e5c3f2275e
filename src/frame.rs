//! Rendering bursts of changes once per frame.
//!
//! The realtime stream can deliver hundreds of chat events a second, many of them in one
//! network read. Applying each to the state at once keeps the host page's events immediate, but
//! re-rendering the view after each would cost a layout per event and let a burst queue up
//! behind the rendering. A [`FrameBatch`] lets the events change the state without telling the
//! view, and tells it once, before the next frame is painted.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::{request_animation_frame, set_timeout};

/// How long a change may wait for a frame before it is rendered anyway: a frame that is hidden
/// (a collapsed panel, a tab in the background) gets no animation frames, but its offer chime
/// and its announcements must not wait for the agent to look.
const AT_THE_LATEST: Duration = Duration::from_millis(100);

/// Calls `render` once after any number of [`FrameBatch::changed`] calls, at the next
/// animation frame (or after [`AT_THE_LATEST`], whichever comes first).
#[derive(Clone)]
pub struct FrameBatch {
    render: Rc<dyn Fn()>,
    /// The batch waiting for its render (0: none). A callback of an earlier batch finds a
    /// different number and does nothing.
    waiting: Rc<Cell<u64>>,
    next: Rc<Cell<u64>>,
}

impl FrameBatch {
    /// A batch that calls `render` to tell the view about the changes.
    pub fn new(render: impl Fn() + 'static) -> Self {
        Self {
            render: Rc::new(render),
            waiting: Rc::new(Cell::new(0)),
            next: Rc::new(Cell::new(0)),
        }
    }

    /// Something changed: the view is told before the next frame.
    pub fn changed(&self) {
        if self.waiting.get() != 0 {
            return;
        }
        let batch = self.next.get() + 1;
        self.next.set(batch);
        self.waiting.set(batch);
        let on_frame = self.clone();
        request_animation_frame(move || on_frame.flush(batch));
        let on_timeout = self.clone();
        set_timeout(move || on_timeout.flush(batch), AT_THE_LATEST);
    }

    fn flush(&self, batch: u64) {
        if self.waiting.get() == batch {
            self.waiting.set(0);
            (self.render)();
        }
    }
}
