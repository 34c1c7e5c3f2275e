//! Agent sessions and single-use stream tickets. Only SHA-256 hashes of the tokens are stored.

use sqlx::SqliteConnection;

use super::now_ms;

/// Creates a session for `agent_id` valid until `expires_at` (Unix ms).
pub async fn create(
    conn: &mut SqliteConnection,
    token_hash: &str,
    agent_id: u64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(agent_id as i64)
    .bind(now_ms())
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends a session. Returns how many live sessions the agent still has.
pub async fn delete(
    conn: &mut SqliteConnection,
    token_hash: &str,
    agent_id: u64,
) -> Result<u32, sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM stream_tickets WHERE session_hash = ?")
        .bind(token_hash)
        .execute(&mut *conn)
        .await?;
    live_count(conn, agent_id).await
}

/// How many unexpired sessions the agent has.
pub async fn live_count(conn: &mut SqliteConnection, agent_id: u64) -> Result<u32, sqlx::Error> {
    let count: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE agent_id = ? AND expires_at > ?")
            .bind(agent_id as i64)
            .bind(now_ms())
            .fetch_one(conn)
            .await?;
    Ok(count as u32)
}

/// Issues a stream ticket bound to a session.
pub async fn create_ticket(
    conn: &mut SqliteConnection,
    ticket_hash: &str,
    session_hash: &str,
    agent_id: u64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM stream_tickets WHERE expires_at <= ?")
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO stream_tickets (ticket_hash, session_hash, agent_id, expires_at) \
         VALUES (?, ?, ?, ?)",
    )
    .bind(ticket_hash)
    .bind(session_hash)
    .bind(agent_id as i64)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Uses up a ticket: returns its session hash and agent when it was valid and unused.
pub async fn redeem_ticket(
    conn: &mut SqliteConnection,
    ticket_hash: &str,
) -> Result<Option<(String, u64)>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "DELETE FROM stream_tickets WHERE ticket_hash = ? AND expires_at > ? \
         RETURNING session_hash, agent_id",
    )
    .bind(ticket_hash)
    .bind(now_ms())
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(session, agent)| (session, agent as u64)))
}
