//! Single-use links sent by e-mail (invitations, password resets, e-mail changes): issued,
//! checked and used up; only their hashes are stored. What opening one does is an account flow
//! (`account/`).

use super::access::Insert;
use super::mail::Person;
use super::state::AppState;
use super::{hash_token, random_hex};
use crate::domain::LinkToken;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::LinkInfo;
use sqlx::AnyConnection;

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    Reset,
    /// Confirms a new e-mail address (the token carries the address).
    EmailChange,
}

impl Purpose {
    fn code(self) -> &'static str {
        match self {
            Purpose::Invitation => "invite",
            Purpose::Reset => "reset",
            Purpose::EmailChange => "email",
        }
    }

    fn ttl(self, state: &AppState) -> i64 {
        match self {
            Purpose::Invitation => state.config.invite_ttl_secs,
            Purpose::Reset => state.config.reset_ttl_secs,
            Purpose::EmailChange => state.config.email_change_ttl_secs,
        }
    }
}

/// Creates a link token for a person; any older unused one for the same purpose dies.
pub(super) async fn issue(state: &AppState, profile_id: &str, organization_id: &str, purpose: Purpose) -> Result<String, AppError> {
    issue_with(state, profile_id, organization_id, purpose, None).await
}

/// [`issue`], for a link that confirms a new e-mail address.
pub(super) async fn issue_with(
    state: &AppState,
    profile_id: &str,
    organization_id: &str,
    purpose: Purpose,
    new_email: Option<&str>,
) -> Result<String, AppError> {
    let mut tx = state.db.pool.begin().await?;
    let token = issue_in(&mut tx, state, profile_id, organization_id, purpose, new_email).await?;
    tx.commit().await?;
    Ok(token)
}

/// [`issue_with`] inside the caller's transaction.
pub(super) async fn issue_in(
    conn: &mut AnyConnection,
    state: &AppState,
    profile_id: &str,
    organization_id: &str,
    purpose: Purpose,
    new_email: Option<&str>,
) -> Result<String, AppError> {
    let now = state.now();
    let token = random_hex(32);
    sqlx::query("DELETE FROM account_tokens WHERE profile_id = $1 AND purpose = $2 AND used_at IS NULL")
        .bind(profile_id.to_string())
        .bind(purpose.code().to_string())
        .execute(&mut *conn)
        .await?;
    Insert::into(&state.db.pool, "account_tokens")
        .value("token_hash", hash_token(&token))
        .value("profile_id", profile_id.to_string())
        .value("organization_id", organization_id.to_string())
        .value("purpose", purpose.code().to_string())
        .value("created_at", now)
        .value("expires_at", now + purpose.ttl(state))
        .value("new_email", new_email.map(str::to_string))
        .execute_on(conn)
        .await?;
    Ok(token)
}

/// The profile behind a valid (known, unused, unexpired) link.
pub(super) async fn holder(state: &AppState, token: &LinkToken, purpose: Purpose) -> Result<String, AppError> {
    let row: Option<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT profile_id, expires_at, used_at FROM account_tokens WHERE token_hash = $1 AND purpose = $2")
            .bind(hash_token(token.as_str()))
            .bind(purpose.code().to_string())
            .fetch_optional(&state.db.pool)
            .await?;
    match row {
        Some((profile_id, expires, None)) if expires >= state.now() => Ok(profile_id),
        _ => Err(AppError::LinkInvalid),
    }
}

/// Marks a link used; false if another request used it first.
pub(super) async fn use_up(state: &AppState, token: &LinkToken) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(state.now())
        .bind(hash_token(token.as_str()))
        .execute(&state.db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The e-mail language of the person a link was made for, even if the link is no longer valid,
/// so that its page speaks their language.
pub async fn link_language(state: &AppState, token: &str) -> Result<Option<Lang>, AppError> {
    let Ok(token) = LinkToken::parse(token) else { return Ok(None) };
    // An account link, or a contact's link to a notice (in the language its e-mail was written in).
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT p.email_language FROM account_tokens t JOIN profiles p ON p.id = t.profile_id WHERE t.token_hash = $1 \
         UNION ALL SELECT r.lang FROM notice_links l JOIN notice_recipients r ON r.id = l.recipient_id WHERE l.token_hash = $1",
    )
    .bind(hash_token(token.as_str()))
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(row.and_then(|(code,)| Lang::parse(&code)))
}

/// Who a valid link belongs to.
pub async fn check(state: &AppState, token: &str, purpose: Purpose) -> Result<LinkInfo, AppError> {
    let token = LinkToken::parse(token).map_err(|_| AppError::LinkInvalid)?;
    let p = Person::load(state, &holder(state, &token, purpose).await?).await?;
    Ok(LinkInfo { first_name: p.first_name, email: p.email, provider: None, passwords: true, profile_id: p.id, organization_id: p.organization_id })
}

