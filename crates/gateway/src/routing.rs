//! Automatic call distribution: a ringing call goes to the longest-idle available agent of its
//! queue (or to the agent telephony named), and moves on when it is declined or rings past the
//! ring timeout. An agent who declined or missed a call is not offered it again for one ring
//! timeout, so a call never bounces straight back. After a call an agent is in after-call work
//! (offered nothing) until they save its wrap-up or the after-call time runs out. A transferred
//! call rings again: at the agent it was transferred to first (then anywhere in its queue if they
//! decline or miss it), or in the queue it was transferred to.

use std::time::Duration;

use protocol::api::{AgentStatus, CallTransfer, EndReason};
use protocol::stream::{StreamEvent, WithdrawReason};

use crate::state::AppState;
use crate::store::{WriteTx, agents, calls, now_ms};

/// The times routing works with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// How long a call rings at one agent before it moves on (ms).
    pub ring_timeout_ms: i64,
    /// How long an agent is offered nothing after a call unless they wrap it up sooner (ms).
    pub after_call_ms: i64,
}

/// Offers every waiting call to a free agent, oldest call first. Stops as soon as no agent is
/// free, so a backlog of waiting calls costs one query while everybody is busy, and nothing
/// waiting costs one index lookup.
pub async fn dispatch(tx: &mut WriteTx, policy: Policy) -> Result<(), sqlx::Error> {
    let now = now_ms();
    let retry_after = now - policy.ring_timeout_ms;
    let after_call_cutoff = now - policy.after_call_ms;
    let mut free = calls::free_agents_for_waiting_calls(&mut tx.tx, after_call_cutoff).await?;
    if free == 0 {
        return Ok(());
    }
    for call in calls::waiting(&mut tx.tx).await? {
        let Some(agent_id) =
            calls::pick_agent(&mut tx.tx, &call, retry_after, after_call_cutoff).await?
        else {
            continue;
        };
        calls::offer(&mut tx.tx, call.id as u64, agent_id).await?;
        let view = calls::current_view(&mut tx.tx, &call).await?;
        tx.emit(agent_id, StreamEvent::CallOffered { call: view })
            .await?;
        free -= 1;
        if free == 0 {
            break;
        }
    }
    Ok(())
}

/// Takes a ringing call away from the agent it rings at and offers it to the next one.
pub async fn withdraw(
    tx: &mut WriteTx,
    call: &calls::CallRow,
    reason: WithdrawReason,
    policy: Policy,
) -> Result<(), sqlx::Error> {
    let Some(agent_id) = call.offered_agent_id else {
        return Ok(());
    };
    let outcome = match reason {
        WithdrawReason::Declined => "declined",
        WithdrawReason::RingTimeout => "ring_timeout",
    };
    calls::close_offer(&mut tx.tx, call.id as u64, outcome).await?;
    // The agent a call was transferred to did not take it: anyone of its queue may.
    let transferred_to_them = call
        .transfer()
        .and_then(|transfer| transfer.to_agent)
        .is_some_and(|to| Some(to.id as i64) == call.requested_agent_id);
    if transferred_to_them && call.requested_agent_id == Some(agent_id) {
        calls::clear_requested_agent(&mut tx.tx, call.id as u64).await?;
    }
    let view = calls::current_view(&mut tx.tx, call).await?;
    tx.emit(
        agent_id as u64,
        StreamEvent::CallWithdrawn { call: view, reason },
    )
    .await?;
    dispatch(tx, policy).await
}

/// Hands the call `call`, in progress with its agent, over to `transfer`'s destination: the
/// agent is told (their part is over), and the call is offered anew.
pub async fn transfer_call(
    tx: &mut WriteTx,
    call: &calls::CallRow,
    transfer: &CallTransfer,
    policy: Policy,
) -> Result<(), sqlx::Error> {
    let from = transfer.from_agent.id;
    calls::transfer(&mut tx.tx, call.id as u64, transfer).await?;
    agents::mark_idle(&mut tx.tx, from).await?;
    let view = calls::current_view(&mut tx.tx, call).await?;
    tx.emit(
        from,
        StreamEvent::CallTransferred {
            call: view,
            transfer: transfer.clone(),
        },
    )
    .await?;
    dispatch(tx, policy).await
}

/// Ends a call for whatever reason, tells the agent concerned, frees them and re-dispatches.
pub async fn end_call(
    tx: &mut WriteTx,
    call: &calls::CallRow,
    reason: EndReason,
    policy: Policy,
) -> Result<(), sqlx::Error> {
    calls::end(&mut tx.tx, call.id as u64, reason).await?;
    let concerned = call.agent_id.or(call.offered_agent_id);
    if let Some(agent_id) = concerned {
        let view = calls::current_view(&mut tx.tx, call).await?;
        agents::mark_idle(&mut tx.tx, agent_id as u64).await?;
        tx.emit(agent_id as u64, StreamEvent::CallEnded { call: view })
            .await?;
    }
    dispatch(tx, policy).await
}

/// Withdraws whatever rings at `agent_id` (they went on break or logged out).
pub async fn release_offers_of(
    tx: &mut WriteTx,
    agent_id: u64,
    policy: Policy,
) -> Result<(), sqlx::Error> {
    for call in calls::current_for_agent(&mut tx.tx, agent_id).await? {
        if call.offered_agent_id == Some(agent_id as i64) && call.state == "ringing" {
            withdraw(tx, &call, WithdrawReason::Declined, policy).await?;
        }
    }
    Ok(())
}

/// Changes an agent's status, tells their other tabs, and re-routes what that affects.
pub async fn change_status(
    tx: &mut WriteTx,
    agent_id: u64,
    status: AgentStatus,
    policy: Policy,
) -> Result<(), sqlx::Error> {
    agents::set_status(&mut tx.tx, agent_id, status).await?;
    tx.emit(agent_id, StreamEvent::AgentStatusChanged { status })
        .await?;
    if status == AgentStatus::Available {
        dispatch(tx, policy).await
    } else {
        release_offers_of(tx, agent_id, policy).await
    }
}

/// Background task: moves offers past the ring timeout on, and offers waiting calls to agents
/// who became free. Runs until the process stops.
pub async fn run_sweeper(state: AppState) {
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        if let Err(error) = sweep(&state).await {
            tracing::error!(%error, "routing sweep failed");
        }
    }
}

/// One pass of the sweeper. It first looks on a read connection for anything to do and
/// returns when there is nothing, so an idle pass never holds the write connection that every
/// request shares. Skipping is safe: what is committed after that look is found by the next
/// pass, as it would have been had the pass run a moment earlier.
pub async fn sweep(state: &AppState) -> Result<(), sqlx::Error> {
    let policy = state.policy();
    if !sweep_has_work(state, policy).await? {
        return Ok(());
    }
    let mut tx = state.store.begin().await?;
    let cutoff = now_ms() - policy.ring_timeout_ms;
    for call in calls::offers_older_than(&mut tx.tx, cutoff).await? {
        withdraw(&mut tx, &call, WithdrawReason::RingTimeout, policy).await?;
    }
    for agent_id in agents::signed_in_without_session(&mut tx.tx).await? {
        change_status(&mut tx, agent_id, AgentStatus::Offline, policy).await?;
    }
    dispatch(&mut tx, policy).await?;
    tx.commit(&state.hub).await
}

/// Whether a pass of the sweeper would change anything: an offer past the ring timeout, an
/// agent signed in without a session, or a call waiting for an agent.
async fn sweep_has_work(state: &AppState, policy: Policy) -> Result<bool, sqlx::Error> {
    let mut conn = state.store.read.acquire().await?;
    let cutoff = now_ms() - policy.ring_timeout_ms;
    Ok(!calls::offers_older_than(&mut conn, cutoff)
        .await?
        .is_empty()
        || !agents::signed_in_without_session(&mut conn)
            .await?
            .is_empty()
        || calls::any_waiting(&mut conn).await?)
}
