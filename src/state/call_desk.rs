//! The call adapter's state and rules, without the DOM.
//!
//! [`CallDesk`] takes what happens (stream events, and the answers of the agent's own answer /
//! decline / hang-up requests) and returns the host events to post. Each call produces
//! `New_Call` + `Agent_Joined_Call` at most once (when this agent answered it) and `End_Call` at
//! most once (when a call this agent answered ends, whoever hung up); a call that was never
//! answered here produces no host event. Caller-context updates change what is shown and never
//! post a host event. Updates of the call in progress (hold, recording paused) come both from the
//! agent's own hold / redaction requests and from the stream; they go through one path, and only
//! a change of the recording state posts `Call_Redaction_Started` / `Call_Redaction_Stopped`, so
//! the same change seen twice posts once. Hold posts nothing.
//!
//! When the agent transfers the call in progress, the stream's `call_transferred` posts
//! `Transfer_Call` then `End_Call` (the agent's part is over); when the agent it went to answers,
//! `call_party_added` posts `Party_Added` once per joining agent. Every part that ends (hung up,
//! or transferred) leaves a pending wrap-up, shown once nothing rings and no call is in progress,
//! until it is saved (here or in another tab).

use std::collections::BTreeSet;

use protocol::api::{
    AgentProfile, AgentRef, CallState, CallTransfer, CallView, CallerContext, ContextChange,
    LegOutcome, WrapUpView,
};
use protocol::host::{CallData, HostEvent, PartyAddedData, RedactionData, TransferData};
use protocol::stream::{StreamEvent, WithdrawReason};

use crate::format;
use crate::state::caller_context::LiveChange;

/// What the call adapter shows.
#[derive(Clone, Debug, PartialEq)]
pub enum CallPhase {
    /// Nothing ringing, no call in progress.
    Idle,
    /// A call rings at this agent.
    Ringing(CallView),
    /// The agent is in this call.
    Active(CallView),
    /// The agent's part in this call is over and its wrap-up is not saved.
    WrapUp(WrapUpView),
}

impl CallPhase {
    /// CSS modifier and test-friendly name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Ringing(_) => "ringing",
            Self::Active(_) => "active",
            Self::WrapUp(_) => "wrap-up",
        }
    }

    /// The call shown, if any.
    pub fn call_id(&self) -> Option<u64> {
        match self {
            Self::Idle => None,
            Self::Ringing(call) | Self::Active(call) => Some(call.id),
            Self::WrapUp(wrap_up) => Some(wrap_up.call_id),
        }
    }
}

/// A request the agent made about a call (in flight while its button shows progress).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallAction {
    /// Take the ringing call.
    Answer,
    /// Refuse the ringing call.
    Decline,
    /// End the call in progress.
    HangUp,
    /// Put the caller on hold (`true`) or resume (`false`).
    Hold(bool),
    /// Pause the recording (`true`) or resume it (`false`).
    Redact(bool),
    /// Hand the call over to another agent or a queue.
    Transfer,
    /// Save the wrap-up.
    SaveWrapUp,
}

/// The hold and recording state of a call in progress, for its controls.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CallControls {
    /// The caller is on hold.
    pub on_hold: bool,
    /// When the current hold began (Unix ms).
    pub hold_started_at: Option<i64>,
    /// The recording is paused.
    pub redacted: bool,
}

impl CallControls {
    fn of(call: &CallView) -> Self {
        Self {
            on_hold: call.on_hold,
            hold_started_at: call.hold_started_at,
            redacted: call.redacted,
        }
    }
}

/// How the previous call went, for the one-line summary when back to idle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LastCall {
    /// An answered call ended after `duration_ms` of conversation.
    Ended {
        /// Who called (display form).
        caller: String,
        /// From answer to end.
        duration_ms: i64,
    },
    /// The agent declined a ringing call.
    Declined {
        /// Who called.
        caller: String,
    },
    /// The call rang past the ring timeout.
    Missed {
        /// Who called.
        caller: String,
    },
    /// The caller hung up before anyone answered.
    Abandoned {
        /// Who called.
        caller: String,
    },
    /// The agent transferred the call.
    Transferred {
        /// Who called.
        caller: String,
        /// The agent's name or the queue's path it went to.
        to: String,
    },
}

/// The calls of one agent, in one adapter instance.
#[derive(Clone, Debug, PartialEq)]
pub struct CallDesk {
    agent: AgentProfile,
    ringing: Vec<CallView>,
    active: Option<CallView>,
    last: Option<LastCall>,
    /// Calls for which `New_Call` was posted (or that were already answered when restored).
    joined: BTreeSet<u64>,
    /// Calls for which `End_Call` was posted.
    finished: BTreeSet<u64>,
    /// Calls that are over or were taken away: late or replayed offers for them are ignored.
    closed: BTreeSet<u64>,
    /// The latest live context change of a ringing or active call.
    last_change: Option<LiveChange>,
    /// Parts of calls that are over and not wrapped up, oldest first.
    wrap_ups: Vec<WrapUpView>,
    /// Calls this agent transferred (they may ring here again, as a new part).
    handed_over: BTreeSet<u64>,
    /// `(call, agent)` pairs for which `Party_Added` was posted.
    parties: BTreeSet<(u64, u64)>,
    /// Who took calls this agent transferred: `(call, agent name)`.
    taken_by: Vec<(u64, String)>,
}

impl CallDesk {
    /// An idle desk for `agent`.
    pub fn new(agent: AgentProfile) -> Self {
        Self {
            agent,
            ringing: Vec::new(),
            active: None,
            last: None,
            joined: BTreeSet::new(),
            finished: BTreeSet::new(),
            closed: BTreeSet::new(),
            last_change: None,
            wrap_ups: Vec::new(),
            handed_over: BTreeSet::new(),
            parties: BTreeSet::new(),
            taken_by: Vec::new(),
        }
    }

    /// The desk with the pending wrap-ups of the snapshot.
    pub fn with_wrap_ups(mut self, wrap_ups: &[WrapUpView]) -> Self {
        for wrap_up in wrap_ups {
            self.add_wrap_up(wrap_up.clone());
        }
        self
    }

    /// The desk restored from `GET /api/v1/me`. A call already in progress counts as joined: no
    /// second `New_Call` is posted for it, but its end still posts `End_Call`.
    pub fn from_snapshot(agent: AgentProfile, calls: &[CallView]) -> Self {
        let mut desk = Self::new(agent);
        for call in calls {
            match call.state {
                CallState::Ringing => desk.offer(call.clone()),
                CallState::Active => {
                    desk.joined.insert(call.id);
                    desk.active = Some(call.clone());
                }
                CallState::Ended => {
                    desk.closed.insert(call.id);
                }
            }
        }
        desk
    }

    /// The agent this desk belongs to.
    pub fn agent(&self) -> &AgentProfile {
        &self.agent
    }

    /// What to show: the call in progress first, else the oldest ringing call, else the oldest
    /// pending wrap-up.
    pub fn phase(&self) -> CallPhase {
        match (&self.active, self.ringing.first(), self.wrap_ups.first()) {
            (Some(call), _, _) => CallPhase::Active(call.clone()),
            (None, Some(call), _) => CallPhase::Ringing(call.clone()),
            (None, None, Some(wrap_up)) => CallPhase::WrapUp(wrap_up.clone()),
            (None, None, None) => CallPhase::Idle,
        }
    }

    /// Pending wrap-ups, oldest first.
    pub fn wrap_ups(&self) -> &[WrapUpView] {
        &self.wrap_ups
    }

    /// The name of the agent who took call `call_id` after this agent transferred it.
    pub fn taken_by(&self, call_id: u64) -> Option<&str> {
        self.taken_by
            .iter()
            .find(|(id, _)| *id == call_id)
            .map(|(_, name)| name.as_str())
    }

    /// How the previous call went.
    pub fn last_call(&self) -> Option<&LastCall> {
        self.last.as_ref()
    }

    /// The caller context of the ringing or active call `call_id`.
    pub fn context_of(&self, call_id: u64) -> Option<CallerContext> {
        self.call(call_id).and_then(|call| call.context.clone())
    }

    /// The hold and recording state of the call in progress `call_id` (at rest for any other).
    pub fn controls_of(&self, call_id: u64) -> CallControls {
        self.active
            .as_ref()
            .filter(|call| call.id == call_id)
            .map(CallControls::of)
            .unwrap_or_default()
    }

    /// The latest live change to the context of a ringing or active call.
    pub fn last_change(&self) -> Option<&LiveChange> {
        self.last_change.as_ref()
    }

    /// Applies a stream event; returns the host events to post, in order.
    pub fn apply(&mut self, event: &StreamEvent) -> Vec<HostEvent> {
        match event {
            StreamEvent::CallOffered { call } => {
                self.offer(call.clone());
                Vec::new()
            }
            StreamEvent::CallAnswered { call } => self.answered(call.clone()),
            StreamEvent::CallUpdated { call } => self.updated(call.clone()),
            StreamEvent::CallEnded { call } => self.ended(call.clone()),
            StreamEvent::CallWithdrawn { call, reason } => {
                self.withdrawn(call, *reason);
                Vec::new()
            }
            StreamEvent::CallContextUpdated {
                call_id,
                context,
                change,
            } => {
                self.context_updated(*call_id, context, change.as_ref());
                Vec::new()
            }
            StreamEvent::AgentStatusChanged { .. } => Vec::new(),
            StreamEvent::CallTransferred { call, transfer } => self.transferred(call, transfer),
            StreamEvent::CallPartyAdded { call, agent } => self.party_added(call, agent),
            StreamEvent::WrapUpSaved { wrap_up } => {
                self.wrap_up_saved(wrap_up.call_id);
                Vec::new()
            }
            // Chats are the chat adapter's; the call desk ignores them.
            StreamEvent::ChatOffered { .. }
            | StreamEvent::ChatAccepted { .. }
            | StreamEvent::ChatMessage { .. }
            | StreamEvent::ChatUpdated { .. }
            | StreamEvent::ChatEnded { .. }
            | StreamEvent::ChatWithdrawn { .. }
            | StreamEvent::ChatDismissed { .. }
            | StreamEvent::MessageDelivery { .. } => Vec::new(),
            // The CRM lookup state and record URL; not shown by the call desk yet.
            StreamEvent::CrmUpdated { .. }
            | StreamEvent::AssistUpdated { .. }
            | StreamEvent::CobrowseUpdated { .. } => Vec::new(),
        }
    }

    /// The wrap-up of `call_id` was saved: it is no longer pending.
    pub fn wrap_up_saved(&mut self, call_id: u64) {
        self.wrap_ups.retain(|w| w.call_id != call_id);
    }

    /// The agent's answer request succeeded with `call`.
    pub fn answer_succeeded(&mut self, call: CallView) -> Vec<HostEvent> {
        self.answered(call)
    }

    /// The agent's decline request for `call_id` succeeded.
    pub fn decline_succeeded(&mut self, call_id: u64) {
        if let Some(call) = self.ringing.iter().find(|c| c.id == call_id).cloned() {
            self.withdrawn(&call, WithdrawReason::Declined);
        }
    }

    /// The agent's hang-up request succeeded with `call`.
    pub fn hangup_succeeded(&mut self, call: CallView) -> Vec<HostEvent> {
        self.ended(call)
    }

    fn call(&self, call_id: u64) -> Option<&CallView> {
        self.active
            .iter()
            .chain(self.ringing.iter())
            .find(|call| call.id == call_id)
    }

    /// Replaces the context of the ringing or active call `call_id`; other calls (ended, taken
    /// away, never offered here) are left alone.
    fn context_updated(
        &mut self,
        call_id: u64,
        context: &CallerContext,
        change: Option<&ContextChange>,
    ) {
        let Some(call) = self
            .active
            .iter_mut()
            .chain(self.ringing.iter_mut())
            .find(|call| call.id == call_id)
        else {
            return;
        };
        call.context = Some(context.clone());
        if let Some(change) = change {
            let seq = self.last_change.as_ref().map_or(1, |last| last.seq + 1);
            self.last_change = Some(LiveChange {
                call_id,
                change: change.clone(),
                seq,
            });
        }
    }

    fn offer(&mut self, call: CallView) {
        let in_progress = self.active.as_ref().is_some_and(|a| a.id == call.id);
        // A call this agent transferred may come back (nobody else took it): a new part.
        let back = call.transfer.is_some() && self.handed_over.remove(&call.id);
        if back {
            self.closed.remove(&call.id);
            self.joined.remove(&call.id);
            self.finished.remove(&call.id);
        }
        if self.closed.contains(&call.id) || in_progress {
            return;
        }
        match self.ringing.iter_mut().find(|c| c.id == call.id) {
            Some(known) => *known = call,
            None => self.ringing.push(call),
        }
    }

    fn answered(&mut self, call: CallView) -> Vec<HostEvent> {
        if self.closed.contains(&call.id) {
            return Vec::new();
        }
        self.ringing.retain(|c| c.id != call.id);
        let data = CallData::new(&self.agent, &call);
        self.active = Some(call.clone());
        if self.joined.insert(call.id) {
            vec![
                HostEvent::NewCall(data.clone()),
                HostEvent::AgentJoinedCall(data),
            ]
        } else {
            Vec::new()
        }
    }

    /// The call in progress changed (hold, recording). Other calls (ringing, ended, unknown) and
    /// updates that are not of an active call are ignored. The desk's caller context is kept:
    /// it only changes through context updates. Returns `Call_Redaction_Started` /
    /// `Call_Redaction_Stopped` when the recording state changed, nothing otherwise.
    fn updated(&mut self, mut call: CallView) -> Vec<HostEvent> {
        if call.state != CallState::Active || self.closed.contains(&call.id) {
            return Vec::new();
        }
        let Some(active) = self.active.as_mut().filter(|active| active.id == call.id) else {
            return Vec::new();
        };
        let was_redacted = active.redacted;
        call.context = active.context.take().or(call.context);
        *active = call;
        if active.redacted == was_redacted {
            return Vec::new();
        }
        let data = RedactionData {
            agent_id: self.agent.id,
            call_id: active.id,
        };
        vec![if active.redacted {
            HostEvent::CallRedactionStarted(data)
        } else {
            HostEvent::CallRedactionStopped(data)
        }]
    }

    fn ended(&mut self, call: CallView) -> Vec<HostEvent> {
        let was_ringing = self.ringing.iter().any(|c| c.id == call.id);
        self.ringing.retain(|c| c.id != call.id);
        self.closed.insert(call.id);
        if self.active.as_ref().is_some_and(|a| a.id == call.id) {
            self.active = None;
        }
        if self.joined.contains(&call.id) {
            if !self.finished.insert(call.id) {
                return Vec::new();
            }
            let answered_at = call.answered_at.unwrap_or(call.started_at);
            let ended_at = call.ended_at.unwrap_or(answered_at);
            self.last = Some(LastCall::Ended {
                caller: format::caller(&call),
                duration_ms: format::elapsed_ms(answered_at, ended_at),
            });
            self.add_wrap_up(WrapUpView {
                call_id: call.id,
                caller_display: format::caller(&call),
                queue: call.queue.clone(),
                answered_at,
                ended_at,
                outcome: LegOutcome::Ended,
                transferred_to: None,
                disposition: None,
                notes: String::new(),
                saved_at: None,
            });
            return vec![HostEvent::EndCall(CallData::new(&self.agent, &call))];
        }
        if was_ringing {
            self.last = Some(LastCall::Abandoned {
                caller: format::caller(&call),
            });
        }
        Vec::new()
    }

    fn withdrawn(&mut self, call: &CallView, reason: WithdrawReason) {
        if self.joined.contains(&call.id) {
            return;
        }
        let was_ringing = self.ringing.iter().any(|c| c.id == call.id);
        self.ringing.retain(|c| c.id != call.id);
        self.closed.insert(call.id);
        if was_ringing {
            let caller = format::caller(call);
            self.last = Some(match reason {
                WithdrawReason::Declined => LastCall::Declined { caller },
                WithdrawReason::RingTimeout => LastCall::Missed { caller },
            });
        }
    }

    /// This agent handed the call in progress over: `Transfer_Call`, then `End_Call` for their
    /// part (with the call as they had it: its queue before a queue transfer).
    fn transferred(&mut self, call: &CallView, transfer: &CallTransfer) -> Vec<HostEvent> {
        if !self.joined.contains(&call.id) || !self.finished.insert(call.id) {
            return Vec::new();
        }
        let had = match self.active.take_if(|active| active.id == call.id) {
            Some(active) => active,
            None => call.clone(),
        };
        self.closed.insert(call.id);
        self.handed_over.insert(call.id);
        let to = transfer.destination();
        self.last = Some(LastCall::Transferred {
            caller: format::caller(&had),
            to: to.clone(),
        });
        self.add_wrap_up(WrapUpView {
            call_id: had.id,
            caller_display: format::caller(&had),
            queue: had.queue.clone(),
            answered_at: had.answered_at.unwrap_or(had.started_at),
            ended_at: transfer.at,
            outcome: LegOutcome::Transferred,
            transferred_to: Some(to),
            disposition: None,
            notes: String::new(),
            saved_at: None,
        });
        vec![
            HostEvent::TransferCall(TransferData::for_call(&had, transfer)),
            HostEvent::EndCall(CallData::new(&self.agent, &had)),
        ]
    }

    /// Another agent joined a call this agent handled: `Party_Added`, once per agent.
    fn party_added(&mut self, call: &CallView, agent: &AgentRef) -> Vec<HostEvent> {
        if agent.id == self.agent.id || !self.parties.insert((call.id, agent.id)) {
            return Vec::new();
        }
        self.taken_by.retain(|(id, _)| *id != call.id);
        self.taken_by.push((call.id, agent.name.clone()));
        vec![HostEvent::PartyAdded(PartyAddedData::agent_joined_call(
            call, agent,
        ))]
    }

    /// Adds (or replaces) the pending wrap-up of a call.
    fn add_wrap_up(&mut self, wrap_up: WrapUpView) {
        match self
            .wrap_ups
            .iter_mut()
            .find(|w| w.call_id == wrap_up.call_id)
        {
            Some(known) => *known = wrap_up,
            None => self.wrap_ups.push(wrap_up),
        }
    }
}
