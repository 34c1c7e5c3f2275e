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

use std::collections::BTreeSet;

use protocol::api::{AgentProfile, CallState, CallView, CallerContext, ContextChange};
use protocol::host::{CallData, HostEvent, RedactionData};
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
}

impl CallPhase {
    /// CSS modifier and test-friendly name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Ringing(_) => "ringing",
            Self::Active(_) => "active",
        }
    }

    /// The call shown, if any.
    pub fn call_id(&self) -> Option<u64> {
        match self {
            Self::Idle => None,
            Self::Ringing(call) | Self::Active(call) => Some(call.id),
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
        }
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

    /// What to show: the call in progress first, else the oldest ringing call.
    pub fn phase(&self) -> CallPhase {
        match (&self.active, self.ringing.first()) {
            (Some(call), _) => CallPhase::Active(call.clone()),
            (None, Some(call)) => CallPhase::Ringing(call.clone()),
            (None, None) => CallPhase::Idle,
        }
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
            // Chats are the chat adapter's; the call desk ignores them.
            StreamEvent::ChatOffered { .. }
            | StreamEvent::ChatAccepted { .. }
            | StreamEvent::ChatMessage { .. }
            | StreamEvent::ChatUpdated { .. }
            | StreamEvent::ChatEnded { .. }
            | StreamEvent::ChatWithdrawn { .. }
            | StreamEvent::ChatDismissed { .. }
            | StreamEvent::MessageDelivery { .. } => Vec::new(),
        }
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
                caller: call.caller_display.clone(),
                duration_ms: format::elapsed_ms(answered_at, ended_at),
            });
            return vec![HostEvent::EndCall(CallData::new(&self.agent, &call))];
        }
        if was_ringing {
            self.last = Some(LastCall::Abandoned {
                caller: call.caller_display,
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
            let caller = call.caller_display.clone();
            self.last = Some(match reason {
                WithdrawReason::Declined => LastCall::Declined { caller },
                WithdrawReason::RingTimeout => LastCall::Missed { caller },
            });
        }
    }
}
