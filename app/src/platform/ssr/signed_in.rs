//! "Where you're signed in" (Security Settings): a person's own signed-in sessions, listed and
//! ended one by one or all but this one. Ending one ends the applications' sessions opened in it.

use super::session::{signed_out_of, Stage};
use crate::error::AppError;

impl super::access::OrgDb {
    /// Ends every session of the caller but this one.
    pub async fn end_other_sessions(&self) -> Result<u64, AppError> {
        let gone: Vec<(String,)> = sqlx::query_as("DELETE FROM sessions WHERE profile_id = $1 AND token_hash <> $2 RETURNING token_hash")
            .bind(self.profile_id().to_string())
            .bind(self.session_hash().to_string())
            .fetch_all(self.db())
            .await?;
        let n = gone.len() as u64;
        signed_out_of(self.state(), gone).await?;
        Ok(n)
    }
}

/// One of the caller's signed-in sessions, as "Where you're signed in" lists them.
pub struct SignedInSession {
    pub public_id: String,
    pub current: bool,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

impl super::access::OrgDb {
    /// The caller's signed-in sessions, the most recently used first.
    pub async fn signed_in_sessions(&self) -> Result<Vec<SignedInSession>, AppError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            token_hash: String,
            public_id: Option<String>,
            ip: Option<String>,
            user_agent: Option<String>,
            created_at: i64,
            last_seen_at: i64,
        }
        let rows: Vec<Row> = self
            .query_as(
                "SELECT token_hash, public_id, ip, user_agent, created_at, last_seen_at FROM sessions \
                 WHERE organization_id = $1 AND profile_id = $2 AND stage = $3 ORDER BY last_seen_at DESC",
            )
            .bind(self.profile_id().to_string())
            .bind(Stage::Authenticated.code().to_string())
            .fetch_all()
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| SignedInSession {
                public_id: r.public_id.unwrap_or_default(),
                current: r.token_hash == self.session_hash(),
                ip: r.ip,
                user_agent: r.user_agent,
                created_at: r.created_at,
                last_seen_at: r.last_seen_at,
            })
            .collect())
    }

    /// Ends one of the caller's own sessions other than this one; false when there is none by
    /// that id.
    pub async fn end_session(&self, public_id: &str) -> Result<bool, AppError> {
        let gone: Vec<(String,)> = self
            .query_as("DELETE FROM sessions WHERE organization_id = $1 AND public_id = $2 AND profile_id = $3 AND token_hash <> $4 RETURNING token_hash")
            .bind(public_id.to_string())
            .bind(self.profile_id().to_string())
            .bind(self.session_hash().to_string())
            .fetch_all()
            .await?;
        let ended = !gone.is_empty();
        signed_out_of(self.state(), gone).await?;
        Ok(ended)
    }
}
