//! Agents, queues and their membership.

use protocol::api::{AgentProfile, AgentRef, AgentRole, AgentStatus, QueueRef};
use secrecy::ExposeSecret;
use sqlx::SqliteConnection;

use crate::config::Settings;

use super::now_ms;

/// An agent row.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AgentRow {
    /// Agent id.
    pub id: i64,
    /// Login email.
    pub email: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Custom id.
    pub custom_id: Option<String>,
    /// `agent` or `supervisor`.
    pub role: String,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// `available`, `break` or `offline`.
    pub status: String,
    /// Since when (Unix ms).
    pub status_since: i64,
}

impl AgentRow {
    /// The agent's role (unknown spellings read as the least privileged).
    pub fn role(&self) -> AgentRole {
        if self.role == "supervisor" {
            AgentRole::Supervisor
        } else {
            AgentRole::Agent
        }
    }

    /// The agent's status (unknown spellings read as offline).
    pub fn status(&self) -> AgentStatus {
        AgentStatus::parse(&self.status).unwrap_or(AgentStatus::Offline)
    }

    /// "First Last".
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }

    /// The agent as named in transfers and parties.
    pub fn reference(&self) -> AgentRef {
        AgentRef {
            id: self.id as u64,
            email: self.email.clone(),
            custom_id: self.custom_id.clone(),
            name: self.name(),
        }
    }
}

const AGENT_COLUMNS: &str = "id, email, first_name, last_name, custom_id, role, password_hash, \
                             status, status_since";

/// Copies queues and agents from the configuration into the store. Agents no longer configured
/// are deactivated and their sessions ended; their history stays.
pub async fn sync_from_config(
    conn: &mut SqliteConnection,
    settings: &Settings,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for queue in &settings.queues {
        sqlx::query(
            "INSERT INTO queues (id, name, path) VALUES (?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, path = excluded.path",
        )
        .bind(queue.id as i64)
        .bind(&queue.name)
        .bind(&queue.path)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("UPDATE agents SET active = 0")
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM queue_agents")
        .execute(&mut *conn)
        .await?;
    for agent in &settings.agents {
        let role = match agent.role {
            AgentRole::Agent => "agent",
            AgentRole::Supervisor => "supervisor",
        };
        sqlx::query(
            "INSERT INTO agents (id, email, first_name, last_name, custom_id, role, \
                 password_hash, status, status_since, idle_since, active) \
             VALUES (?, ?, ?, ?, ?, ?, ?, 'offline', ?, ?, 1) \
             ON CONFLICT (id) DO UPDATE SET email = excluded.email, \
                 first_name = excluded.first_name, last_name = excluded.last_name, \
                 custom_id = excluded.custom_id, role = excluded.role, \
                 password_hash = excluded.password_hash, active = 1",
        )
        .bind(agent.id as i64)
        .bind(&agent.email)
        .bind(&agent.first_name)
        .bind(&agent.last_name)
        .bind(&agent.custom_id)
        .bind(role)
        .bind(agent.password_hash.expose_secret())
        .bind(now)
        .bind(now)
        .execute(&mut *conn)
        .await?;
        for queue_name in &agent.queues {
            sqlx::query(
                "INSERT INTO queue_agents (queue_id, agent_id) \
                 SELECT id, ? FROM queues WHERE name = ?",
            )
            .bind(agent.id as i64)
            .bind(queue_name)
            .execute(&mut *conn)
            .await?;
        }
    }
    sqlx::query("DELETE FROM sessions WHERE agent_id IN (SELECT id FROM agents WHERE active = 0)")
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE agents SET status = 'offline' WHERE active = 0")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The active agent with this email (case-insensitive).
pub async fn by_email(
    conn: &mut SqliteConnection,
    email: &str,
) -> Result<Option<AgentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {AGENT_COLUMNS} FROM agents WHERE email = ? COLLATE NOCASE AND active = 1"
    ))
    .bind(email.trim())
    .fetch_optional(conn)
    .await
}

/// The active agent with this id.
pub async fn by_id(conn: &mut SqliteConnection, id: u64) -> Result<Option<AgentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {AGENT_COLUMNS} FROM agents WHERE id = ? AND active = 1"
    ))
    .bind(id as i64)
    .fetch_optional(conn)
    .await
}

/// The active agent of an unexpired session.
pub async fn by_session(
    conn: &mut SqliteConnection,
    token_hash: &str,
) -> Result<Option<AgentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.* FROM sessions s JOIN agents a ON a.id = s.agent_id \
         WHERE s.token_hash = ? AND s.expires_at > ? AND a.active = 1",
    )
    .bind(token_hash)
    .bind(now_ms())
    .fetch_optional(conn)
    .await
}

/// Every active agent, by id.
pub async fn all(conn: &mut SqliteConnection) -> Result<Vec<AgentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {AGENT_COLUMNS} FROM agents WHERE active = 1 ORDER BY id"
    ))
    .fetch_all(conn)
    .await
}

/// Queues the agent serves.
pub async fn queues_of(
    conn: &mut SqliteConnection,
    agent_id: u64,
) -> Result<Vec<QueueRef>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT q.id, q.name, q.path FROM queues q \
         JOIN queue_agents qa ON qa.queue_id = q.id WHERE qa.agent_id = ? ORDER BY q.id",
    )
    .bind(agent_id as i64)
    .fetch_all(conn)
    .await?;
    Ok(queue_refs(rows))
}

/// `(id, name, path)` rows as queue references.
fn queue_refs(rows: Vec<(i64, String, String)>) -> Vec<QueueRef> {
    rows.into_iter()
        .map(|(id, name, path)| QueueRef {
            id: id as u64,
            name,
            path,
        })
        .collect()
}

/// Every queue, by id.
pub async fn all_queues(conn: &mut SqliteConnection) -> Result<Vec<QueueRef>, sqlx::Error> {
    let rows: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, name, path FROM queues ORDER BY id")
            .fetch_all(conn)
            .await?;
    Ok(queue_refs(rows))
}

/// The profile the widget sees.
pub async fn profile(
    conn: &mut SqliteConnection,
    agent: &AgentRow,
) -> Result<AgentProfile, sqlx::Error> {
    Ok(AgentProfile {
        id: agent.id as u64,
        email: agent.email.clone(),
        custom_id: agent.custom_id.clone(),
        first_name: agent.first_name.clone(),
        last_name: agent.last_name.clone(),
        role: agent.role(),
        status: agent.status(),
        queues: queues_of(conn, agent.id as u64).await?,
    })
}

/// Sets the agent's status. Becoming available also restarts their idle time.
pub async fn set_status(
    conn: &mut SqliteConnection,
    agent_id: u64,
    status: AgentStatus,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "UPDATE agents SET status = ?, status_since = ?, \
             idle_since = CASE WHEN ? = 'available' THEN ? ELSE idle_since END \
         WHERE id = ?",
    )
    .bind(status.as_str())
    .bind(now)
    .bind(status.as_str())
    .bind(now)
    .bind(agent_id as i64)
    .execute(conn)
    .await?;
    Ok(())
}

/// Agents shown as available or on break whose every session has expired.
pub async fn signed_in_without_session(
    conn: &mut SqliteConnection,
) -> Result<Vec<u64>, sqlx::Error> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT a.id FROM agents a WHERE a.status <> 'offline' AND NOT EXISTS \
             (SELECT 1 FROM sessions s WHERE s.agent_id = a.id AND s.expires_at > ?)",
    )
    .bind(now_ms())
    .fetch_all(conn)
    .await?;
    Ok(ids.into_iter().map(|id| id as u64).collect())
}

/// Records that the agent just became free for a new call.
pub async fn mark_idle(conn: &mut SqliteConnection, agent_id: u64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE agents SET idle_since = ? WHERE id = ?")
        .bind(now_ms())
        .bind(agent_id as i64)
        .execute(conn)
        .await?;
    Ok(())
}
