//! Automatic call distribution: a ringing call goes to the longest-idle available agent of its
//! queue (or to the agent telephony named), and moves on when it is declined or rings past the
//! ring timeout. An agent who declined or missed a call is not offered it again for one ring
//! timeout, so a call never bounces straight back.

use std::time::Duration;

use protocol::api::{AgentStatus, EndReason};
use protocol::stream::{StreamEvent, WithdrawReason};

use crate::state::AppState;
use crate::store::{WriteTx, agents, calls, now_ms};

/// Offers every waiting call to a free agent, oldest call first.
pub async fn dispatch(tx: &mut WriteTx, ring_timeout_ms: i64) -> Result<(), sqlx::Error> {
    let retry_after = now_ms() - ring_timeout_ms;
    for call in calls::waiting(&mut tx.tx).await? {
        let Some(agent_id) = calls::pick_agent(&mut tx.tx, &call, retry_after).await? else {
            continue;
        };
        calls::offer(&mut tx.tx, call.id as u64, agent_id).await?;
        let view = calls::current_view(&mut tx.tx, &call).await?;
        tx.emit(agent_id, StreamEvent::CallOffered { call: view })
            .await?;
    }
    Ok(())
}

/// Takes a ringing call away from the agent it rings at and offers it to the next one.
pub async fn withdraw(
    tx: &mut WriteTx,
    call: &calls::CallRow,
    reason: WithdrawReason,
    ring_timeout_ms: i64,
) -> Result<(), sqlx::Error> {
    let Some(agent_id) = call.offered_agent_id else {
        return Ok(());
    };
    let outcome = match reason {
        WithdrawReason::Declined => "declined",
        WithdrawReason::RingTimeout => "ring_timeout",
    };
    calls::close_offer(&mut tx.tx, call.id as u64, outcome).await?;
    let view = calls::current_view(&mut tx.tx, call).await?;
    tx.emit(
        agent_id as u64,
        StreamEvent::CallWithdrawn { call: view, reason },
    )
    .await?;
    dispatch(tx, ring_timeout_ms).await
}

/// Ends a call for whatever reason, tells the agent concerned, frees them and re-dispatches.
pub async fn end_call(
    tx: &mut WriteTx,
    call: &calls::CallRow,
    reason: EndReason,
    ring_timeout_ms: i64,
) -> Result<(), sqlx::Error> {
    calls::end(&mut tx.tx, call.id as u64, reason).await?;
    let concerned = call.agent_id.or(call.offered_agent_id);
    if let Some(agent_id) = concerned {
        let view = calls::current_view(&mut tx.tx, call).await?;
        agents::mark_idle(&mut tx.tx, agent_id as u64).await?;
        tx.emit(agent_id as u64, StreamEvent::CallEnded { call: view })
            .await?;
    }
    dispatch(tx, ring_timeout_ms).await
}

/// Withdraws whatever rings at `agent_id` (they went on break or logged out).
pub async fn release_offers_of(
    tx: &mut WriteTx,
    agent_id: u64,
    ring_timeout_ms: i64,
) -> Result<(), sqlx::Error> {
    for call in calls::current_for_agent(&mut tx.tx, agent_id).await? {
        if call.offered_agent_id == Some(agent_id as i64) && call.state == "ringing" {
            withdraw(tx, &call, WithdrawReason::Declined, ring_timeout_ms).await?;
        }
    }
    Ok(())
}

/// Changes an agent's status, tells their other tabs, and re-routes what that affects.
pub async fn change_status(
    tx: &mut WriteTx,
    agent_id: u64,
    status: AgentStatus,
    ring_timeout_ms: i64,
) -> Result<(), sqlx::Error> {
    agents::set_status(&mut tx.tx, agent_id, status).await?;
    tx.emit(agent_id, StreamEvent::AgentStatusChanged { status })
        .await?;
    if status == AgentStatus::Available {
        dispatch(tx, ring_timeout_ms).await
    } else {
        release_offers_of(tx, agent_id, ring_timeout_ms).await
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

/// One pass of the sweeper.
pub async fn sweep(state: &AppState) -> Result<(), sqlx::Error> {
    let ring_timeout_ms = state.ring_timeout_ms();
    let mut tx = state.store.begin().await?;
    let cutoff = now_ms() - ring_timeout_ms;
    for call in calls::offers_older_than(&mut tx.tx, cutoff).await? {
        withdraw(&mut tx, &call, WithdrawReason::RingTimeout, ring_timeout_ms).await?;
    }
    for agent_id in agents::signed_in_without_session(&mut tx.tx).await? {
        change_status(&mut tx, agent_id, AgentStatus::Offline, ring_timeout_ms).await?;
    }
    dispatch(&mut tx, ring_timeout_ms).await?;
    tx.commit(&state.hub).await
}
