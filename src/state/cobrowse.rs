//! The co-browse sessions of the calls or chats an adapter shows, from `cobrowse_updated`
//! events, and the CCAI `Cobrowse_Session_*` host events they cause (each change once, also
//! when the stream replays it).

use std::collections::{BTreeMap, BTreeSet};

use protocol::cobrowse::{CobrowseChange, CobrowseView};
use protocol::crm::CrmSessionRef;
use protocol::host::{
    CobrowseEndedData, CobrowseFullDeviceData, CobrowseRemoteControlData, CobrowseStartedData,
    HostEvent,
};

use crate::state::crm_pops::SessionKind;

/// The co-browse sessions of one adapter.
#[derive(Clone, Debug, PartialEq)]
pub struct CobrowseDesk {
    kind: SessionKind,
    /// By call or chat id: the latest session of each.
    views: BTreeMap<u64, CobrowseView>,
    /// The changes already posted to the host page.
    posted: BTreeSet<String>,
}

impl CobrowseDesk {
    /// The sessions of the snapshot (already posted: they started before this adapter loaded).
    pub fn new(kind: SessionKind, views: &[CobrowseView]) -> Self {
        let mut desk = Self {
            kind,
            views: BTreeMap::new(),
            posted: BTreeSet::new(),
        };
        for view in views {
            if let Some(id) = desk.own(view) {
                desk.posted.insert(key(view, CobrowseChange::Started));
                desk.views.insert(id, view.clone());
            }
        }
        desk
    }

    fn own(&self, view: &CobrowseView) -> Option<u64> {
        match (self.kind, view.session) {
            (SessionKind::Call, CrmSessionRef::Call(id))
            | (SessionKind::Chat, CrmSessionRef::Chat(id)) => Some(id),
            _ => None,
        }
    }

    /// Takes a `cobrowse_updated` event; returns the host event for `change` the first time
    /// it is seen (`agent_id` is the signed-in agent).
    pub fn apply(
        &mut self,
        view: &CobrowseView,
        change: CobrowseChange,
        agent_id: u64,
    ) -> Vec<HostEvent> {
        let Some(id) = self.own(view) else {
            return Vec::new();
        };
        self.views.insert(id, view.clone());
        if !self.posted.insert(key(view, change)) {
            return Vec::new();
        }
        vec![host_event(view, change, agent_id)]
    }

    /// Takes the answer to the agent's own request (the stream brings the same change; its host
    /// event is posted then).
    pub fn answered(&mut self, view: &CobrowseView) {
        if let Some(id) = self.own(view) {
            self.views.insert(id, view.clone());
        }
    }

    /// The co-browse session going on in call or chat `id`.
    pub fn active(&self, id: u64) -> Option<&CobrowseView> {
        self.views.get(&id).filter(|v| v.active())
    }
}

/// What identifies one change of one session.
fn key(view: &CobrowseView, change: CobrowseChange) -> String {
    let detail = match change {
        CobrowseChange::Started | CobrowseChange::Ended => "",
        CobrowseChange::RemoteControl => view.remote_control.as_str(),
        CobrowseChange::FullDevice => view.full_device.as_str(),
    };
    format!("{}|{change:?}|{detail}", view.id)
}

/// The CCAI event for `change` of `view`.
pub fn host_event(view: &CobrowseView, change: CobrowseChange, agent_id: u64) -> HostEvent {
    let (call_id, chat_id) = match view.session {
        CrmSessionRef::Call(id) => (Some(id), None),
        CrmSessionRef::Chat(id) => (None, Some(id)),
    };
    let id = view.id.clone();
    match change {
        CobrowseChange::Started => HostEvent::CobrowseSessionStarted(CobrowseStartedData {
            agent_id,
            call_id,
            chat_id,
            cobrowse_session_id: id,
            cobrowse_session_requested_by: view.requested_by,
            cobrowse_session_remote_control: view.remote_control,
            cobrowse_session_full_device: view.full_device,
        }),
        CobrowseChange::RemoteControl => {
            HostEvent::CobrowseSessionRemoteControlChanged(CobrowseRemoteControlData {
                agent_id,
                call_id,
                chat_id,
                cobrowse_session_id: id,
                cobrowse_session_remote_control: view.remote_control,
            })
        }
        CobrowseChange::FullDevice => {
            HostEvent::CobrowseSessionFullDeviceChanged(CobrowseFullDeviceData {
                agent_id,
                call_id,
                chat_id,
                cobrowse_session_id: id,
                cobrowse_session_full_device: view.full_device,
            })
        }
        CobrowseChange::Ended => HostEvent::CobrowseSessionEnded(CobrowseEndedData {
            agent_id,
            call_id,
            chat_id,
            cobrowse_session_id: id,
            cobrowse_session_requested_by: view.requested_by,
            cobrowse_session_ended_by: view
                .ended_by
                .unwrap_or(protocol::cobrowse::CobrowseParty::Api),
            cobrowse_session_remote_control: view.remote_control,
            cobrowse_session_full_device: view.full_device,
        }),
    }
}
