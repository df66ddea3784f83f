//! The links e-mailed to contacts (who never sign in) with a notice: each bound to one recipient
//! of one notice, expiring, only its hash stored. A valid link opens a [`RecipientDb`] for that
//! recipient and nothing else; once the recipient has acted, all their links are spent.

use super::access::{Insert, Tx};
use super::recipient::RecipientDb;
use super::state::AppState;
use super::{hash_token, random_hex};
use crate::domain::LinkToken;
use crate::error::AppError;

/// A new link for a recipient, valid for the configured time (`PORTAL_NOTICE_LINK_DAYS`); the
/// recipient's earlier links keep working until they expire or the recipient acts.
pub async fn issue_in(tx: &mut Tx, state: &AppState, recipient_id: &str) -> Result<String, AppError> {
    let token = random_hex(32);
    Insert::into(&state.db.pool, "notice_links")
        .value("token_hash", hash_token(&token))
        .value("recipient_id", recipient_id.to_string())
        .value("expires_at", state.now() + state.config.notice_link_ttl_secs)
        .execute_on(tx)
        .await?;
    Ok(token)
}

/// The recipient behind a valid (known, unexpired, unspent) link.
pub async fn open(state: &AppState, token: &str) -> Result<RecipientDb, AppError> {
    let token = LinkToken::parse(token).map_err(|_| AppError::LinkInvalid)?;
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT r.organization_id, r.id, l.expires_at FROM notice_links l JOIN notice_recipients r ON r.id = l.recipient_id \
         WHERE l.token_hash = $1 AND r.profile_id IS NOT NULL AND r.acknowledged_at IS NULL",
    )
    .bind(hash_token(token.as_str()))
    .fetch_optional(&state.db.pool)
    .await?;
    match row {
        Some((organization_id, recipient_id, expires)) if expires >= state.now() => Ok(RecipientDb::new(state.clone(), organization_id, recipient_id)),
        _ => Err(AppError::LinkInvalid),
    }
}

/// Spends every link of the recipient (inside the transaction that records what they did);
/// false when another request spent them first.
pub async fn spend_in(tx: &mut Tx, db: &RecipientDb) -> Result<bool, AppError> {
    let done = sqlx::query("DELETE FROM notice_links WHERE recipient_id = $1")
        .bind(db.recipient_id().to_string())
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() > 0)
}
