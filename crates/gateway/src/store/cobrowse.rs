//! Co-browse sessions (`cobrowse_sessions`), each kept as its [`CobrowseView`] with the agent
//! whose widget is told about it.

use protocol::cobrowse::CobrowseView;
use protocol::crm::CrmSessionRef;
use sqlx::SqliteConnection;

use super::now_ms;

/// `call:{id}` / `chat:{id}`.
pub fn session_key(session: CrmSessionRef) -> String {
    match session {
        CrmSessionRef::Call(id) => format!("call:{id}"),
        CrmSessionRef::Chat(id) => format!("chat:{id}"),
    }
}

/// A co-browse session and its agent.
#[derive(Clone, Debug)]
pub struct CobrowseRow {
    /// What the agent sees.
    pub view: CobrowseView,
    /// The agent told about it.
    pub agent_id: u64,
}

/// The session with the provider's id `id`.
pub async fn by_id(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<CobrowseRow>, sqlx::Error> {
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT view, agent_id FROM cobrowse_sessions WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(row.and_then(|(view, agent_id)| {
        Some(CobrowseRow {
            view: serde_json::from_str(&view).ok()?,
            agent_id: agent_id as u64,
        })
    }))
}

/// Stores `view` for `agent_id` (new or changed).
pub async fn save(
    conn: &mut SqliteConnection,
    view: &CobrowseView,
    agent_id: u64,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO cobrowse_sessions (id, session, agent_id, view, active, started_at, \
             updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) \
         ON CONFLICT (id) DO UPDATE SET view = excluded.view, active = excluded.active, \
             agent_id = excluded.agent_id, updated_at = excluded.updated_at",
    )
    .bind(&view.id)
    .bind(session_key(view.session))
    .bind(agent_id as i64)
    .bind(serde_json::to_string(view).unwrap_or_default())
    .bind(view.active())
    .bind(now)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The agent's sessions still going.
pub async fn active_for_agent(
    conn: &mut SqliteConnection,
    agent_id: u64,
) -> Result<Vec<CobrowseView>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT view FROM cobrowse_sessions WHERE agent_id = ? AND active = 1 ORDER BY started_at",
    )
    .bind(agent_id as i64)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .iter()
        .filter_map(|(view,)| serde_json::from_str(view).ok())
        .collect())
}
