//! The handle of a contact acting through an e-mailed link.

use super::access::{Stmt, StmtAs, Tx};
use super::state::AppState;
use sqlx::any::AnyRow;
use sqlx::FromRow;

/// A contact acting through an e-mailed link (contacts never sign in): the one notice
/// recipient the link was sent to, and nothing else. Opened only by `contact_links::open` from
/// a valid link; its statements are bound to that recipient.
#[derive(Clone)]
pub struct RecipientDb {
    state: AppState,
    organization_id: String,
    recipient_id: String,
}

impl RecipientDb {
    pub(super) fn new(state: AppState, organization_id: String, recipient_id: String) -> RecipientDb {
        RecipientDb { state, organization_id, recipient_id }
    }

    /// A statement whose `$1` is the recipient's organization and `$2` the recipient.
    pub fn query<'q>(&self, sql: &'q str) -> Stmt<'q> {
        Stmt { pool: self.state.db.pool.clone(), q: sqlx::query(sql).bind(self.organization_id.clone()).bind(self.recipient_id.clone()) }
    }

    /// A statement whose `$1` is the recipient's organization and `$2` the recipient, read into `T`.
    pub fn query_as<'q, T>(&self, sql: &'q str) -> StmtAs<'q, T>
    where
        T: for<'r> FromRow<'r, AnyRow>,
    {
        StmtAs { pool: self.state.db.pool.clone(), q: sqlx::query_as(sql).bind(self.organization_id.clone()).bind(self.recipient_id.clone()) }
    }

    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        self.state.db.pool.begin().await
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn organization_id(&self) -> &str {
        &self.organization_id
    }

    pub fn recipient_id(&self) -> &str {
        &self.recipient_id
    }

    pub fn now(&self) -> i64 {
        self.state.now()
    }
}
