//! What the delivery queues (`outbox`: webhook events to the bot; `crm_jobs`: CRM calls;
//! `outcome_emails`: session outcomes by email) share: a row stays `pending` until it is
//! delivered or given up as a dead letter, and every attempt is counted.

use sqlx::SqliteConnection;

use super::now_ms;

/// One of the delivery queue tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    /// Webhook events for the Operator API channels.
    Outbox,
    /// Steps of the CRM flows.
    CrmJobs,
    /// Session outcome emails.
    OutcomeEmails,
}

impl Queue {
    fn table(self) -> &'static str {
        match self {
            Self::Outbox => "outbox",
            Self::CrmJobs => "crm_jobs",
            Self::OutcomeEmails => "outcome_emails",
        }
    }

    /// What else a delivered row loses: a CRM job's payload is a session's personal data and is
    /// not kept once delivered; an outbox event stays as the record of what the bot was sent;
    /// an outcome email row holds only the session key and the recipient.
    fn on_delivery(self) -> &'static str {
        match self {
            Self::Outbox | Self::OutcomeEmails => "",
            Self::CrmJobs => ", payload = '{}'",
        }
    }

    /// Records a successful delivery of row `id`.
    pub async fn mark_delivered(
        self,
        conn: &mut SqliteConnection,
        id: u64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "UPDATE {} SET state = 'delivered', attempts = attempts + 1, finished_at = ?, \
                 last_error = NULL{} WHERE id = ? AND state = 'pending'",
            self.table(),
            self.on_delivery()
        ))
        .bind(now_ms())
        .bind(id as i64)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Records a failed attempt of row `id`; the next one is due at `next_attempt_at`.
    pub async fn mark_retry(
        self,
        conn: &mut SqliteConnection,
        id: u64,
        error: &str,
        next_attempt_at: i64,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "UPDATE {} SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? \
             WHERE id = ? AND state = 'pending'",
            self.table()
        ))
        .bind(error)
        .bind(next_attempt_at)
        .bind(id as i64)
        .execute(conn)
        .await?;
        Ok(())
    }

    /// Gives row `id` up after a failed attempt: it stays as a dead letter.
    pub async fn mark_dead(
        self,
        conn: &mut SqliteConnection,
        id: u64,
        error: &str,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "UPDATE {} SET state = 'dead', attempts = attempts + 1, last_error = ?, \
                 finished_at = ? WHERE id = ? AND state = 'pending'",
            self.table()
        ))
        .bind(error)
        .bind(now_ms())
        .bind(id as i64)
        .execute(conn)
        .await?;
        Ok(())
    }
}
