//! What the OpenID Provider hands out and takes back: authorization codes (single use, 60 s,
//! bound to the application, the redirect URI and the PKCE challenge) and the access tokens a
//! code is exchanged for. A code presented a second time is refused and revokes what its first
//! use issued (RFC 6749 4.1.2).

use super::access::{Identity, Insert};
use super::backchannel::{open_session, sid_of};
use super::clients::Client;
use super::signing::TOKEN_LIFETIME_SECS;
use super::state::AppState;
use super::session::{identity_of_rows, PersonRow};
use super::{hash_token, random_hex};
use crate::error::AppError;
use openidconnect::{PkceCodeChallenge, PkceCodeVerifier};

/// How long a code may wait for its exchange.
pub const CODE_LIFETIME_SECS: i64 = 60;

/// What a code is issued for, besides the person.
pub struct CodeRequest<'a> {
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    /// BASE64URL(SHA-256(verifier)): only S256 is accepted.
    pub code_challenge: &'a str,
    pub nonce: Option<&'a str>,
    /// When the person signed in to the portal (Unix time).
    pub auth_time: i64,
}

/// A new code for `who` (whose entry the caller has already decided).
pub async fn issue_code(who: &Identity, req: &CodeRequest<'_>) -> Result<String, AppError> {
    let state = &who.state;
    let code = random_hex(32);
    let now = state.now();
    Insert::into(&state.db.pool, "oidc_codes")
        .value("code_hash", hash_token(&code))
        .value("client_id", req.client_id.to_string())
        .value("profile_id", who.profile_id.clone())
        .value("organization_id", who.organization_id.clone())
        .value("redirect_uri", req.redirect_uri.to_string())
        .value("code_challenge", req.code_challenge.to_string())
        .value("nonce", req.nonce.map(str::to_string))
        .value("auth_time", req.auth_time)
        .value("session_hash", Some(who.session_hash.clone()).filter(|h| !h.is_empty()))
        .value("created_at", now)
        .value("expires_at", now + CODE_LIFETIME_SECS)
        .execute()
        .await?;
    Ok(code)
}

#[derive(sqlx::FromRow)]
struct CodeRow {
    client_id: String,
    profile_id: String,
    organization_id: String,
    redirect_uri: String,
    code_challenge: String,
    nonce: Option<String>,
    auth_time: i64,
    expires_at: i64,
    used_at: Option<i64>,
    session_hash: Option<String>,
}

/// A code exchanged: for whom, with what it was issued with.
pub struct Redeemed {
    pub who: Identity,
    pub nonce: Option<String>,
    pub auth_time: i64,
    /// The application's session id (`sid`): one per portal session and application.
    pub sid: String,
    portal_session: String,
    code_hash: String,
}

/// Exchanges a code. `Ok(None)` is the spec's `invalid_grant`: unknown, of another
/// application, used before (which revokes what it gave), expired, another redirect URI, a
/// verifier that does not match the challenge, or a person no longer active.
pub async fn redeem(state: &AppState, client: &Client, code: &str, redirect_uri: &str, verifier: &str) -> Result<Option<Redeemed>, AppError> {
    let code_hash = hash_token(code);
    let row: Option<CodeRow> = sqlx::query_as(
        "SELECT client_id, profile_id, organization_id, redirect_uri, code_challenge, nonce, auth_time, expires_at, used_at, session_hash \
         FROM oidc_codes WHERE code_hash = $1",
    )
    .bind(code_hash.clone())
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row.filter(|r| r.client_id == client.client_id) else { return Ok(None) };
    let now = state.now();
    // Single use, even against a parallel request: whoever marks it first has it.
    let claimed = sqlx::query("UPDATE oidc_codes SET used_at = $1 WHERE code_hash = $2 AND used_at IS NULL")
        .bind(now)
        .bind(code_hash.clone())
        .execute(&state.db.pool)
        .await?
        .rows_affected()
        == 1;
    if row.used_at.is_some() || !claimed {
        revoke_code(state, &code_hash).await?;
        return Ok(None);
    }
    let verifier_ok = (43..=128).contains(&verifier.len())
        && verifier.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
        && PkceCodeChallenge::from_code_verifier_sha256(&PkceCodeVerifier::new(verifier.to_string())).as_str() == row.code_challenge;
    if row.expires_at < now || row.redirect_uri != redirect_uri || !verifier_ok {
        return Ok(None);
    }
    // The portal session the code was issued in must still be there: a code does not outlive
    // a sign-out.
    if let Some(hash) = row.session_hash.as_deref() {
        let live: Option<(String,)> = sqlx::query_as("SELECT token_hash FROM sessions WHERE token_hash = $1").bind(hash.to_string()).fetch_optional(&state.db.pool).await?;
        if live.is_none() {
            return Ok(None);
        }
    }
    let Some(who) = person(state, &row.profile_id, &row.organization_id).await? else { return Ok(None) };
    // The application's session hangs on the portal session the code was issued in (a code
    // issued without one has a session of its own).
    let portal_session = row.session_hash.unwrap_or_else(|| code_hash.clone());
    let sid = sid_of(&portal_session, &client.client_id);
    Ok(Some(Redeemed { who, nonce: row.nonce, auth_time: row.auth_time, sid, portal_session, code_hash }))
}

/// Revokes every access token a code gave.
async fn revoke_code(state: &AppState, code_hash: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE oidc_access_tokens SET revoked_at = $1 WHERE code_hash = $2 AND revoked_at IS NULL")
        .bind(state.now())
        .bind(code_hash.to_string())
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Opens the application's session (once the person's entry is decided) and gives it an access
/// token; returns the token and its lifetime in seconds.
pub async fn issue_access_token(state: &AppState, client: &Client, redeemed: &Redeemed) -> Result<(String, i64), AppError> {
    let who = &redeemed.who;
    // The session and its token in one transaction that starts with a write: one wait for
    // SQLite's writer instead of one per statement.
    let mut tx = state.db.pool.begin().await?;
    open_session(&mut tx, state, &redeemed.sid, &client.client_id, &who.profile_id, &who.organization_id, &redeemed.portal_session).await?;
    let token = random_hex(32);
    Insert::into(&state.db.pool, "oidc_access_tokens")
        .value("token_hash", hash_token(&token))
        .value("code_hash", redeemed.code_hash.clone())
        .value("client_id", client.client_id.clone())
        .value("profile_id", redeemed.who.profile_id.clone())
        .value("organization_id", redeemed.who.organization_id.clone())
        .value("sid", redeemed.sid.clone())
        .value("expires_at", state.now() + TOKEN_LIFETIME_SECS)
        .execute_on(&mut tx)
        .await?;
    tx.commit().await?;
    Ok((token, TOKEN_LIFETIME_SECS))
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    client_id: String,
    profile_id: String,
    organization_id: String,
}

/// The person and the application behind a valid (known, unexpired, unrevoked) access token.
pub async fn bearer(state: &AppState, token: &str) -> Result<Option<(Identity, String)>, AppError> {
    let row: Option<TokenRow> = sqlx::query_as(
        "SELECT t.client_id, t.profile_id, t.organization_id FROM oidc_access_tokens t \
         WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 \
           AND (t.sid IS NULL OR EXISTS (SELECT 1 FROM oidc_sessions s WHERE s.sid = t.sid AND s.ended_at IS NULL))",
    )
    .bind(hash_token(token))
    .bind(state.now())
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(person(state, &row.profile_id, &row.organization_id).await?.map(|who| (who, row.client_id)))
}

/// The person a grant stands for, as an [`Identity`] without a browser session: an active user
/// of their organization, with their portal roles. Besides `session::resolve_identity`, the
/// only place an identity is made.
async fn person(state: &AppState, profile_id: &str, organization_id: &str) -> Result<Option<Identity>, AppError> {
    let rows: Vec<PersonRow> = sqlx::query_as(
        "SELECT p.id, p.organization_id, p.email, p.first_name, p.last_name, p.portal_language, p.avatar_style, p.time_zone, r.role_code \
         FROM profiles p \
         LEFT JOIN permission_group_members m ON m.profile_id = p.id AND m.organization_id = p.organization_id \
         LEFT JOIN permission_group_portal_roles r ON r.group_id = m.group_id \
         WHERE p.id = $1 AND p.organization_id = $2 AND p.is_user = 1 AND p.user_status = 'active'",
    )
    .bind(profile_id.to_string())
    .bind(organization_id.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    // No browser session stands behind a grant.
    Ok(identity_of_rows(state, rows, String::new(), 0))
}
