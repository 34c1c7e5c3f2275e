//! Distribution of chats: a queued chat is offered to one agent of its destination at a time
//! (the one with the fewest chats in progress, then the one offered a chat longest ago), and
//! moves on when declined or not accepted within the ring timeout. An agent handles up to
//! `aimylogic.chat_capacity` chats at once. An agent who declined or missed a chat is not
//! offered it again for one ring timeout.
//!
//! A sweeper runs every half second: it also moves on offers to agents who went on break or
//! logged out, puts the chats in progress with an agent who went offline back in their queue,
//! and offers waiting chats to agents who became available, so call routing needs no knowledge
//! of chats.

use std::time::Duration;

use protocol::chat::ChatWithdrawReason;
use protocol::stream::StreamEvent;

use crate::state::AppState;
use crate::store::{WriteTx, agents, chats, now_ms};

/// What routing needs to know.
#[derive(Clone, Copy, Debug)]
pub struct ChatRouting {
    /// How long an offer waits for acceptance (ms).
    pub offer_timeout_ms: i64,
    /// Chats one agent handles at once.
    pub capacity: u32,
}

impl ChatRouting {
    /// From the configuration, when chats are configured.
    pub fn of(state: &AppState) -> Option<Self> {
        state.settings.aimylogic.as_ref().map(|aimylogic| Self {
            offer_timeout_ms: i64::from(state.settings.routing.ring_timeout_secs) * 1000,
            capacity: aimylogic.chat_capacity,
        })
    }
}

/// Offers every queued chat to a free agent, oldest chat first.
pub async fn dispatch(tx: &mut WriteTx, routing: ChatRouting) -> Result<(), sqlx::Error> {
    let retry_after = now_ms() - routing.offer_timeout_ms;
    for chat in chats::queued(&mut tx.tx).await? {
        let Some(agent_id) =
            chats::pick_agent(&mut tx.tx, &chat, retry_after, routing.capacity).await?
        else {
            continue;
        };
        chats::offer(&mut tx.tx, chat.id as u64, agent_id).await?;
        let view = chats::view(&mut tx.tx, chat.id as u64).await?;
        tx.emit(agent_id, StreamEvent::ChatOffered { chat: view })
            .await?;
    }
    Ok(())
}

/// Takes an offered chat away from its agent (declined or timed out) and offers it on.
pub async fn withdraw_offer(
    tx: &mut WriteTx,
    chat: &chats::ChatRow,
    reason: ChatWithdrawReason,
    routing: ChatRouting,
) -> Result<(), sqlx::Error> {
    let Some(agent_id) = chat.offered_agent_id else {
        return Ok(());
    };
    let outcome = match reason {
        ChatWithdrawReason::Declined => "declined",
        ChatWithdrawReason::OfferTimeout => "offer_timeout",
        // Not reasons for withdrawing an offer; never `transferred`, which bars the agent.
        ChatWithdrawReason::Transferred | ChatWithdrawReason::AgentOffline => "withdrawn",
    };
    chats::close_offer(&mut tx.tx, chat.id as u64, outcome).await?;
    let view = chats::view(&mut tx.tx, chat.id as u64).await?;
    tx.emit(
        agent_id as u64,
        StreamEvent::ChatWithdrawn { chat: view, reason },
    )
    .await?;
    dispatch(tx, routing).await
}

/// Puts a chat whose agent went offline back in its queue, with a line in the transcript
/// saying so; the agent's streams hear that it left them.
pub async fn release_from_offline_agent(
    tx: &mut WriteTx,
    chat: &chats::ChatRow,
) -> Result<(), sqlx::Error> {
    let Some(agent_id) = chat.agent_id else {
        return Ok(());
    };
    let name = agents::by_id(&mut tx.tx, agent_id as u64)
        .await?
        .map(|agent| agent.name())
        .unwrap_or_else(|| "The agent".to_owned());
    chats::add_message(
        &mut tx.tx,
        &chats::NewMessage {
            chat_id: chat.id as u64,
            direction: "system",
            text: format!("{name} went offline; the chat waits for another agent"),
            ..Default::default()
        },
    )
    .await?;
    chats::requeue(&mut tx.tx, chat.id as u64, chat.queue_id as u64).await?;
    let view = chats::view(&mut tx.tx, chat.id as u64).await?;
    tx.emit(
        agent_id as u64,
        StreamEvent::ChatWithdrawn {
            chat: view,
            reason: ChatWithdrawReason::AgentOffline,
        },
    )
    .await?;
    Ok(())
}

/// Background task: moves offers past the timeout on and offers queued chats to agents who
/// became free. Runs until the process stops.
pub async fn run_sweeper(state: AppState) {
    let Some(routing) = ChatRouting::of(&state) else {
        return;
    };
    let mut ticker = tokio::time::interval(Duration::from_millis(500));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        if let Err(error) = sweep(&state, routing).await {
            tracing::error!(%error, "chat routing sweep failed");
        }
    }
}

/// One pass of the sweeper. Like the call sweeper it looks on a read connection first and
/// returns when there is nothing to do, so an idle pass never holds the write connection.
pub async fn sweep(state: &AppState, routing: ChatRouting) -> Result<(), sqlx::Error> {
    let cutoff = now_ms() - routing.offer_timeout_ms;
    if !sweep_has_work(state, cutoff).await? {
        return Ok(());
    }
    let mut tx = state.store.begin().await?;
    for chat in chats::offers_older_than(&mut tx.tx, cutoff).await? {
        withdraw_offer(&mut tx, &chat, ChatWithdrawReason::OfferTimeout, routing).await?;
    }
    for chat in chats::offers_to_unavailable_agents(&mut tx.tx).await? {
        withdraw_offer(&mut tx, &chat, ChatWithdrawReason::Declined, routing).await?;
    }
    for chat in chats::active_with_offline_agents(&mut tx.tx).await? {
        release_from_offline_agent(&mut tx, &chat).await?;
    }
    dispatch(&mut tx, routing).await?;
    tx.commit(&state.hub).await
}

/// Whether a pass of the sweeper would change anything: an offer past `cutoff` or to an agent
/// who is not available, a chat in progress with an agent who went offline, or a queued chat.
async fn sweep_has_work(state: &AppState, cutoff: i64) -> Result<bool, sqlx::Error> {
    let mut conn = state.store.read.acquire().await?;
    Ok(!chats::offers_older_than(&mut conn, cutoff)
        .await?
        .is_empty()
        || !chats::offers_to_unavailable_agents(&mut conn)
            .await?
            .is_empty()
        || !chats::active_with_offline_agents(&mut conn)
            .await?
            .is_empty()
        || !chats::queued(&mut conn).await?.is_empty())
}
