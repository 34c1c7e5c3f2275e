//! Who is free, per agent and per queue: read by the supervisors' presence view and by the
//! transfer dialog, so both count "available" the same way routing does.

use protocol::api::{AgentStatus, QueuePresence, QueueRef};
use sqlx::SqliteConnection;

use crate::store::{agents, calls, legs};

/// One agent and what keeps them busy.
#[derive(Clone, Debug)]
pub struct Member {
    /// The agent.
    pub agent: agents::AgentRow,
    /// A call rings at them.
    pub ringing: bool,
    /// They are in a call.
    pub on_call: bool,
    /// They are wrapping up a call within the after-call time.
    pub after_call_work: bool,
    /// The queues they serve.
    pub queues: Vec<QueueRef>,
}

impl Member {
    /// Available and with nothing to do: a call would ring at them now.
    pub fn is_free(&self) -> bool {
        self.agent.status() == AgentStatus::Available
            && !self.ringing
            && !self.on_call
            && !self.after_call_work
    }
}

/// Every active agent and every queue.
#[derive(Clone, Debug)]
pub struct Team {
    /// Agents, by id.
    pub members: Vec<Member>,
    /// Queues, by id, with their free agents and waiting calls.
    pub queues: Vec<QueuePresence>,
}

/// Reads the team; `after_call_cutoff` (Unix ms) is the end time after which an unsaved
/// wrap-up still keeps an agent busy.
pub async fn read(
    conn: &mut SqliteConnection,
    after_call_cutoff: i64,
) -> Result<Team, sqlx::Error> {
    let wrapping_up = legs::agents_in_after_call_work(&mut *conn, after_call_cutoff).await?;
    let mut members = Vec::new();
    for agent in agents::all(&mut *conn).await? {
        let id = agent.id as u64;
        let current = calls::current_for_agent(&mut *conn, id).await?;
        members.push(Member {
            ringing: current.iter().any(|c| c.state == "ringing"),
            on_call: current.iter().any(|c| c.state == "active"),
            after_call_work: wrapping_up.contains(&id),
            queues: agents::queues_of(&mut *conn, id).await?,
            agent,
        });
    }
    let waiting = calls::waiting_per_queue(&mut *conn).await?;
    let queues = agents::all_queues(&mut *conn)
        .await?
        .into_iter()
        .map(|queue| QueuePresence {
            available_agents: members
                .iter()
                .filter(|m| m.is_free() && m.queues.iter().any(|q| q.id == queue.id))
                .count() as u32,
            waiting: waiting
                .iter()
                .find(|(q, _)| *q == queue.id)
                .map_or(0, |(_, n)| *n),
            queue,
        })
        .collect();
    Ok(Team { members, queues })
}
