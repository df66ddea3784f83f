//! Every access change reaches the applications at once: OpenID Connect Back-Channel Logout 1.0.
//!
//! An application's session for a person opens when its code is exchanged ([`open_session`]).
//! It ends when the person signs out of the portal ([`end_portal_session`]) or when the entry
//! rule stops holding for them: a group change, their group's role removed, the service
//! deactivated, the person disabled or deleted ([`reconcile`], called after each such change
//! and swept every few seconds by the worker, so none is missed). Ending a session revokes the
//! access tokens given to that application for that person and queues a logout token for its
//! back-channel logout URI, in the same transaction.
//!
//! The queue is delivered as the e-mail outbox is: one server claims a logout for a lease, signs
//! the token when sending (a retry carries a fresh `iat`), and retries with back-off; a restart or
//! an application that is down loses nothing, and two servers deliver each logout once.

use super::access::Insert;
use super::clients::MAY_ENTER;
use super::signing::{self, SigningKey};
use super::state::AppState;
use super::{hash_token, internal, new_id};
use crate::error::AppError;
use openidconnect::core::{CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm};
use openidconnect::{AdditionalClaims, Audience, IssuerUrl, StandardClaims, SubjectIdentifier, UserInfoClaims, UserInfoJsonWebToken};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::BTreeMap;
use std::time::Duration;

/// The event a logout token carries.
pub const LOGOUT_EVENT: &str = "http://schemas.openid.net/event/backchannel-logout";
/// How long a logout token is valid after it was signed.
const LOGOUT_TOKEN_SECS: i64 = 120;
/// How long one delivery may take.
const DELIVERY_TIMEOUT_SECS: u64 = 5;
/// Attempts before a logout is given up (and logged as an error).
const MAX_ATTEMPTS: i64 = 12;
/// How often the worker checks every open session against the rule.
const SWEEP_SECS: u64 = 5;

/// The session id an application receives in its ID token (`sid`) and in the logout token: one
/// per portal session and application, so signing in again in the same session keeps it.
pub fn sid_of(portal_session: &str, client_id: &str) -> String {
    hash_token(&format!("sid|{portal_session}|{client_id}"))[..32].to_string()
}

/// Opens (or opens again) the application's session for a person, on a code's exchange: one
/// statement (a write on SQLite waits for the one writer, so each exchange takes it as few
/// times as it can), inside the exchange's transaction.
pub async fn open_session(conn: &mut sqlx::AnyConnection, state: &AppState, sid: &str, client_id: &str, profile_id: &str, organization_id: &str, portal_session: &str) -> Result<(), AppError> {
    Insert::into(&state.db.pool, "oidc_sessions")
        .value("sid", sid.to_string())
        .value("client_id", client_id.to_string())
        .value("profile_id", profile_id.to_string())
        .value("organization_id", organization_id.to_string())
        .value("session_hash", portal_session.to_string())
        .value("created_at", state.now())
        .or_update("sid", "ended_at = NULL")
        .execute_on(conn)
        .await?;
    Ok(())
}

/// Why an application's session ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The person signed out of the portal.
    SignedOut,
    /// The entry rule no longer holds (groups, roles, service, person disabled or deleted).
    AccessLost,
}

impl Ending {
    fn code(self) -> &'static str {
        match self {
            Ending::SignedOut => "signed-out",
            Ending::AccessLost => "access-lost",
        }
    }
}

struct Open {
    sid: String,
    client_id: String,
    profile_id: String,
    uri: Option<String>,
}

/// The applications' sessions of one portal session end: the person signed out.
pub async fn end_portal_session(state: &AppState, portal_session: &str) -> Result<usize, AppError> {
    if portal_session.is_empty() {
        return Ok(0);
    }
    // Its codes not yet exchanged die with it.
    sqlx::query("DELETE FROM oidc_codes WHERE session_hash = $1 AND used_at IS NULL").bind(portal_session.to_string()).execute(&state.db.pool).await?;
    let rows = sqlx::query(
        "SELECT s.sid, s.client_id, s.profile_id, c.backchannel_logout_uri FROM oidc_sessions s \
         JOIN oidc_clients c ON c.client_id = s.client_id WHERE s.session_hash = $1 AND s.ended_at IS NULL",
    )
    .bind(portal_session.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    end(state, open_of(rows)?, Ending::SignedOut).await
}

/// Ends every open application session of an organization (every organization: `None`) whose
/// person may no longer enter the application. Returns how many ended.
pub async fn reconcile(state: &AppState, organization_id: Option<&str>) -> Result<usize, AppError> {
    let rows = sqlx::query(&format!(
        "SELECT s.sid, s.client_id, s.profile_id, c.backchannel_logout_uri FROM oidc_sessions s \
         JOIN oidc_clients c ON c.client_id = s.client_id \
         WHERE s.ended_at IS NULL AND ($1 = '' OR s.organization_id = $1) \
           AND NOT EXISTS (SELECT 1 FROM profiles p WHERE p.id = s.profile_id AND p.organization_id = s.organization_id AND {MAY_ENTER})"
    ))
    .bind(organization_id.unwrap_or_default().to_string())
    .fetch_all(&state.db.pool)
    .await?;
    end(state, open_of(rows)?, Ending::AccessLost).await
}

fn open_of(rows: Vec<sqlx::any::AnyRow>) -> Result<Vec<Open>, AppError> {
    rows.into_iter()
        .map(|r| {
            Ok(Open {
                sid: r.try_get("sid")?,
                client_id: r.try_get("client_id")?,
                profile_id: r.try_get("profile_id")?,
                uri: r.try_get("backchannel_logout_uri")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Ends each session once (whoever marks it first, of two servers, queues its logout), revokes
/// the application's access tokens for the person, and queues the logout token.
async fn end(state: &AppState, open: Vec<Open>, why: Ending) -> Result<usize, AppError> {
    let now = state.now();
    let mut ended = 0;
    for o in open {
        let mut tx = state.db.pool.begin().await?;
        let marked = sqlx::query("UPDATE oidc_sessions SET ended_at = $1 WHERE sid = $2 AND ended_at IS NULL")
            .bind(now)
            .bind(o.sid.clone())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if marked == 0 {
            continue;
        }
        sqlx::query("UPDATE oidc_access_tokens SET revoked_at = $1 WHERE sid = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(o.sid.clone())
            .execute(&mut *tx)
            .await?;
        if let Some(uri) = o.uri {
            Insert::into(&state.db.pool, "oidc_logouts")
                .value("id", new_id())
                .value("client_id", o.client_id.clone())
                .value("uri", uri)
                .value("subject", o.profile_id.clone())
                .value("sid", o.sid.clone())
                .value("reason", why.code().to_string())
                .value("created_at", now)
                .value("next_attempt_at", now)
                .execute_on(&mut tx)
                .await?;
        }
        tx.commit().await?;
        ended += 1;
    }
    if ended > 0 {
        state.logout_wakeup.notify_one();
    }
    Ok(ended)
}

/// The Back-Channel Logout token's own claims, besides `iss`, `aud` and `sub`.
#[derive(Clone, Debug, Deserialize, Serialize)]
struct LogoutClaims {
    iat: i64,
    exp: i64,
    jti: String,
    sid: String,
    events: BTreeMap<String, serde_json::Value>,
}

impl AdditionalClaims for LogoutClaims {}

/// A logout token for `sub` and `sid` at `client_id`, signed RS256 with the current key.
pub fn logout_token(key: &SigningKey, issuer: &str, client_id: &str, subject: &str, sid: &str, now: i64) -> Result<String, AppError> {
    let events = BTreeMap::from([(LOGOUT_EVENT.to_string(), serde_json::json!({}))]);
    let claims = UserInfoClaims::new(
        StandardClaims::<CoreGenderClaim>::new(SubjectIdentifier::new(subject.to_string())),
        LogoutClaims { iat: now, exp: now + LOGOUT_TOKEN_SECS, jti: new_id(), sid: sid.to_string(), events },
    )
    .set_issuer(Some(IssuerUrl::new(issuer.to_string()).map_err(internal)?))
    .set_audiences(Some(vec![Audience::new(client_id.to_string())]));
    let jwt = UserInfoJsonWebToken::<LogoutClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>::new(
        claims,
        &key.key,
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    )
    .map_err(internal)?;
    // The token serializes as its compact form.
    match serde_json::to_value(&jwt).map_err(internal)? {
        serde_json::Value::String(compact) => Ok(compact),
        other => Err(internal(format!("a logout token serialized as {other}"))),
    }
}

struct Claimed {
    id: String,
    client_id: String,
    uri: String,
    subject: String,
    sid: String,
    /// Failed attempts before this one.
    attempts: i64,
}

/// Claims the oldest due logout for this process, for a lease of three delivery time-outs, as
/// the outbox claims an e-mail (`FOR UPDATE SKIP LOCKED` on PostgreSQL).
async fn claim(state: &AppState) -> Result<Option<Claimed>, AppError> {
    let now = state.now();
    let lock = if state.db.postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let row = sqlx::query(&format!(
        "UPDATE oidc_logouts SET next_attempt_at = $1, attempts = attempts + 1 WHERE id = (\
           SELECT id FROM oidc_logouts WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2 \
           ORDER BY created_at, id LIMIT 1{lock}) \
         RETURNING id, client_id, uri, subject, sid, attempts"
    ))
    .bind(now + 3 * DELIVERY_TIMEOUT_SECS as i64)
    .bind(now)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Claimed {
        id: row.try_get("id")?,
        client_id: row.try_get("client_id")?,
        uri: row.try_get("uri")?,
        subject: row.try_get("subject")?,
        sid: row.try_get("sid")?,
        attempts: row.try_get::<i64, _>("attempts")? - 1,
    }))
}

async fn send(http: &reqwest::Client, uri: &str, token: &str) -> Result<(), String> {
    let res = http.post(uri).form(&[("logout_token", token)]).send().await.map_err(|e| format!("POST: {e}"))?;
    if res.status().is_success() {
        Ok(())
    } else {
        Err(format!("answered {}", res.status()))
    }
}

/// Delivers what is due now, all at once. Returns how many were delivered.
pub async fn deliver_due(state: &AppState) -> Result<usize, AppError> {
    let http = client()?;
    deliver_with(state, &http).await
}

fn client() -> Result<reqwest::Client, AppError> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(DELIVERY_TIMEOUT_SECS))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(internal)
}

/// At most this many logouts are in flight at once: an application that is down holds its own
/// deliveries for a time-out, never the others'.
const IN_FLIGHT: usize = 16;

/// Claims what is due (up to [`IN_FLIGHT`]) and delivers it all at once, so that one round
/// lasts one delivery time-out at most.
async fn deliver_with(state: &AppState, http: &reqwest::Client) -> Result<usize, AppError> {
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        // A failed claim ends the round; what was claimed is still delivered.
        let l = match claim(state).await {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(e) => {
                tracing::error!(error = ?e, "back-channel logout claim");
                break;
            }
        };
        let (state, http) = (state.clone(), http.clone());
        tasks.spawn(async move { deliver_one(&state, &http, l).await });
    }
    let mut delivered = 0;
    while let Some(done) = tasks.join_next().await {
        match done.map_err(internal)? {
            Ok(true) => delivered += 1,
            Ok(false) => {}
            Err(e) => tracing::error!(error = ?e, "back-channel logout"),
        }
    }
    Ok(delivered)
}

/// Sends one claimed logout and records the outcome; `true` when the application took it.
async fn deliver_one(state: &AppState, http: &reqwest::Client, l: Claimed) -> Result<bool, AppError> {
    let now = state.now();
    let key = signing::current(state).await?;
    let token = logout_token(&key, &state.config.public_url, &l.client_id, &l.subject, &l.sid, now)?;
    let e = match send(http, &l.uri, &token).await {
        Ok(()) => {
            sqlx::query("UPDATE oidc_logouts SET delivered_at = $1, last_error = NULL WHERE id = $2")
                .bind(state.now())
                .bind(l.id)
                .execute(&state.db.pool)
                .await?;
            return Ok(true);
        }
        Err(e) => e,
    };
    let attempt = l.attempts + 1;
    let error = e.chars().take(500).collect::<String>();
    // Only while this worker's claim stands (no later attempt took it over).
    if attempt >= MAX_ATTEMPTS {
        tracing::error!(error = %e, client = %l.client_id, "back-channel logout given up after {attempt} attempts");
        sqlx::query("UPDATE oidc_logouts SET failed_at = $1, last_error = $2 WHERE id = $3 AND attempts = $4")
            .bind(now)
            .bind(error)
            .bind(l.id)
            .bind(attempt)
            .execute(&state.db.pool)
            .await?;
    } else {
        // Back off as the outbox does.
        tracing::warn!(error = %e, client = %l.client_id, attempt, "back-channel logout failed; will retry");
        sqlx::query("UPDATE oidc_logouts SET next_attempt_at = $1, last_error = $2 WHERE id = $3 AND attempts = $4")
            .bind(now + state.config.retry_delay(l.attempts))
            .bind(error)
            .bind(l.id)
            .bind(attempt)
            .execute(&state.db.pool)
            .await?;
    }
    Ok(false)
}

/// Sweeps the open sessions against the rule and delivers due logouts, when woken and every few
/// seconds, until `stop` turns true.
pub fn spawn_worker(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) -> Option<tokio::task::JoinHandle<()>> {
    let http = match client() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = ?e, "back-channel logouts cannot be sent");
            return None;
        }
    };
    Some(tokio::spawn(async move {
        loop {
            if let Err(e) = reconcile(&state, None).await {
                tracing::error!(error = ?e, "back-channel logout sweep");
            }
            if let Err(e) = deliver_with(&state, &http).await {
                tracing::error!(error = ?e, "back-channel logout worker");
            }
            if *stop.borrow() {
                break;
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(SWEEP_SECS)) => {}
                _ = state.logout_wakeup.notified() => {}
                changed = stop.changed() => if changed.is_err() { break },
            }
            if *stop.borrow() {
                break;
            }
        }
    }))
}

impl super::access::OperatorDb {
    /// Ends the applications' sessions of every organization whose person may no longer enter
    /// the application (after an operator's change); returns how many ended.
    pub async fn end_lost_access(&self) -> Result<usize, AppError> {
        reconcile(self.state(), None).await
    }
}
