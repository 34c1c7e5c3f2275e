//! The CRM side of the sessions an adapter shows, from the gateway's `crm_updated` events, and
//! the `CRM_Record_Pop` host events they cause: one per session and record URL, and only for an
//! `http(s)` URL.

use std::collections::{BTreeMap, BTreeSet};

use protocol::crm::{CrmLookupState, CrmSessionRef, CrmSessionView};
use protocol::host::{CrmRecordPopData, HostEvent};

use crate::format;

/// Which kind of session an adapter shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionKind {
    /// Calls (the call adapter).
    Call,
    /// Chats (the chat adapter).
    Chat,
}

/// The latest CRM state of each session of one kind.
#[derive(Clone, Debug, PartialEq)]
pub struct CrmPops {
    kind: SessionKind,
    views: BTreeMap<u64, CrmSessionView>,
    popped: BTreeSet<(u64, String)>,
}

impl CrmPops {
    /// No CRM state yet, for an adapter showing sessions of `kind`.
    pub fn new(kind: SessionKind) -> Self {
        Self {
            kind,
            views: BTreeMap::new(),
            popped: BTreeSet::new(),
        }
    }

    /// The session id of `view` when it is of this adapter's kind.
    fn session_id(&self, view: &CrmSessionView) -> Option<u64> {
        match (self.kind, view.session) {
            (SessionKind::Call, CrmSessionRef::Call(id))
            | (SessionKind::Chat, CrmSessionRef::Chat(id)) => Some(id),
            _ => None,
        }
    }

    /// Takes a `crm_updated` view; returns `CRM_Record_Pop` the first time a session's record
    /// URL is known (a later, different URL pops again).
    pub fn apply(&mut self, view: &CrmSessionView) -> Vec<HostEvent> {
        let Some(id) = self.session_id(view) else {
            return Vec::new();
        };
        let mut kept = view.clone();
        // The lookup URL is only ever fetched live; a stream event carries none, and the one
        // fetched earlier stays until the session is gone.
        if kept.lookup_url.is_none() {
            kept.lookup_url = self.views.get(&id).and_then(|v| v.lookup_url.clone());
        }
        self.views.insert(id, kept);
        let url = match (&view.state, &view.record_url) {
            (CrmLookupState::Ready, Some(url)) => format::safe_link(url),
            _ => None,
        };
        match url {
            Some(url) if self.popped.insert((id, url.clone())) => {
                vec![HostEvent::CrmRecordPop(CrmRecordPopData {
                    record_url: url,
                })]
            }
            _ => Vec::new(),
        }
    }

    /// The CRM state of session `id`.
    pub fn view(&self, id: u64) -> Option<&CrmSessionView> {
        self.views.get(&id)
    }

    /// Forgets session `id` (it ended and was wrapped up or dismissed): its lookup URL is not
    /// kept after the session.
    pub fn forget(&mut self, id: u64) {
        self.views.remove(&id);
    }
}
