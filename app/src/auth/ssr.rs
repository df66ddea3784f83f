//! Passwords, server-side sessions and the sign-in flow.

use super::SessionUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::{
    app_state, client_addr, hash_token, internal, random_hex, record_activity, record_own, reply,
    require_user, user_agent, Activity, AppState, Identity,
};
use crate::platform::PortalRole;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use http::header::{HeaderMap, HeaderValue, COOKIE, SET_COOKIE};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use sqlx::Row;
use std::sync::LazyLock;

pub const SESSION_COOKIE: &str = "portal_session";

/// The only session stage that counts as signed in.
pub const STAGE_AUTHENTICATED: &str = "authenticated";
/// Password accepted; the TOTP code (or a recovery code) is next.
pub const STAGE_MFA: &str = "mfa";
/// Invitation accepted and password set; MFA set-up is next.
pub const STAGE_ENROLL: &str = "enroll";
/// How long a session may stay in a stage before `authenticated`.
pub const PENDING_STAGE_SECS: i64 = 10 * 60;

fn argon2() -> Argon2<'static> {
    // OWASP's Argon2id minimum: 19 MiB, 2 iterations, 1 lane.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashed once, verified against when the email is unknown so that timing reveals nothing.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    hash_blocking(&random_hex(16)).unwrap_or_default()
});

fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Hashes a password off the async runtime, a bounded number at a time.
pub async fn hash_password(state: &AppState, password: String) -> Result<String, AppError> {
    let _permit = state.hashing.acquire().await.map_err(internal)?;
    tokio::task::spawn_blocking(move || hash_blocking(&password))
        .await
        .map_err(internal)?
        .map_err(internal)
}

/// Verifies a password against a stored hash, or against the dummy hash when there is none.
pub async fn verify_password(
    state: &AppState,
    password: String,
    stored: Option<String>,
) -> Result<bool, AppError> {
    let _permit = state.hashing.acquire().await.map_err(internal)?;
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        known && ok
    })
    .await
    .map_err(internal)
}

/// Warms the dummy hash so the first unknown-email sign-in is not faster than the others.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

pub fn session_cookie(state: &AppState, token: &str, max_age: i64) -> String {
    let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
    format!("{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// Creates a session with a fresh random token and returns the token (only its hash is stored).
pub async fn create_session(
    state: &AppState,
    profile_id: &str,
    organization_id: &str,
    stage: &str,
    ip: Option<&str>,
    agent: Option<&str>,
) -> Result<String, AppError> {
    let token = random_hex(32);
    let now = state.now();
    sqlx::query(
        "INSERT INTO sessions (token_hash, profile_id, organization_id, stage, created_at, last_seen_at, ip, user_agent, public_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(hash_token(&token))
    .bind(profile_id.to_string())
    .bind(organization_id.to_string())
    .bind(stage.to_string())
    .bind(now)
    .bind(now)
    .bind(ip.map(str::to_string))
    .bind(agent.map(str::to_string))
    .bind(random_hex(8))
    .execute(&state.pool)
    .await?;
    Ok(token)
}

pub async fn delete_session(state: &AppState, token_hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash.to_string())
        .execute(&state.pool)
        .await?;
    Ok(())
}

/// Looks up the session behind a cookie token. Expired sessions are deleted and give `None`.
pub async fn resolve_identity(state: &AppState, token: &str) -> Result<Option<Identity>, AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let token_hash = hash_token(token);
    let row = sqlx::query(
        "SELECT s.stage, s.created_at, s.last_seen_at, p.id, p.organization_id, p.email, \
                p.first_name, p.last_name, p.portal_language, p.avatar_style, p.user_status \
         FROM sessions s JOIN profiles p ON p.id = s.profile_id AND p.organization_id = s.organization_id \
         WHERE s.token_hash = $1",
    )
    .bind(token_hash.clone())
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let now = state.now();
    let created: i64 = row.try_get("created_at")?;
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let status: Option<String> = row.try_get("user_status")?;
    let stage: String = row.try_get("stage")?;
    // A session part-way through signing in (or activating) is not an identity; its own step
    // checks it (see `current_session`).
    if stage != STAGE_AUTHENTICATED {
        return Ok(None);
    }
    let expired = now - last_seen > state.config.session_idle_secs
        || now - created > state.config.session_absolute_secs
        || status.as_deref() != Some("active");
    if expired {
        delete_session(state, &token_hash).await?;
        return Ok(None);
    }
    // Touch the session at most once a minute.
    if now - last_seen >= 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash.clone())
            .execute(&state.pool)
            .await?;
    }
    let profile_id: String = row.try_get("id")?;
    let organization_id: String = row.try_get("organization_id")?;
    let roles = portal_roles(state, &organization_id, &profile_id).await?;
    let lang: String = row.try_get("portal_language")?;
    Ok(Some(Identity {
        profile_id,
        organization_id,
        email: row.try_get("email")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        portal_language: Lang::parse(&lang).unwrap_or_default(),
        avatar_style: row.try_get("avatar_style")?,
        session_hash: token_hash,
        roles,
    }))
}

/// The union of the portal roles of a person's permission groups.
async fn portal_roles(
    state: &AppState,
    organization_id: &str,
    profile_id: &str,
) -> Result<Vec<PortalRole>, AppError> {
    let rows = sqlx::query(
        "SELECT DISTINCT r.role_code FROM permission_group_members m \
         JOIN permission_groups g ON g.id = m.group_id AND g.organization_id = m.organization_id \
         JOIN permission_group_portal_roles r ON r.group_id = g.id \
         WHERE m.profile_id = $1 AND m.organization_id = $2",
    )
    .bind(profile_id.to_string())
    .bind(organization_id.to_string())
    .fetch_all(&state.pool)
    .await?;
    let mut roles = Vec::new();
    for row in rows {
        let code: String = row.try_get("role_code")?;
        if let Some(role) = PortalRole::parse(&code) {
            roles.push(role);
        }
    }
    Ok(roles)
}

/// The normalized form of an email address, or a field error.
pub fn normalize_email(raw: &str) -> Result<String, AppError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(AppError::field("email", "error-required"));
    }
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.') && !domain.contains('@')
        });
    if valid {
        Ok(email)
    } else {
        Err(AppError::field("email", "error-email-invalid"))
    }
}

pub fn request_headers() -> HeaderMap {
    use_context::<http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default()
}

pub fn set_cookie(value: &str) {
    if let (Some(opts), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(value)) {
        opts.append_header(SET_COOKIE, v);
    }
}

pub async fn login(email: String, password: String) -> Result<(), AppError> {
    reply(login_inner(email, password).await)
}

async fn login_inner(email: String, password: String) -> Result<(), AppError> {
    let state = app_state()?;
    let email = normalize_email(&email)?;
    if password.is_empty() {
        return Err(AppError::field("password", "error-required"));
    }
    if password.chars().count() > crate::account::password::MAX_CHARS {
        return Err(AppError::InvalidCredentials);
    }
    let row = sqlx::query(
        "SELECT id, organization_id, password_hash, totp_secret, locked_until FROM profiles \
         WHERE email = $1 AND is_user = 1 AND user_status IN ('active', 'invited') AND password_hash IS NOT NULL",
    )
    .bind(email.clone())
    .fetch_optional(&state.pool)
    .await?;
    let mut account = None;
    let mut stored = None;
    if let Some(r) = &row {
        let locked_until: Option<i64> = r.try_get("locked_until")?;
        account = Some(Account {
            profile_id: r.try_get("id")?,
            organization_id: r.try_get("organization_id")?,
            email: email.clone(),
            has_totp: r.try_get::<Option<String>, _>("totp_secret")?.is_some(),
            locked: locked_until.is_some_and(|t| t > state.now()),
        });
        stored = r.try_get("password_hash")?;
    }
    // Always one hash, whatever the account's state, so timing tells nothing.
    let ok = verify_password(&state, password, stored).await?;
    let ip = client_addr();
    let Some(account) = account else {
        record_activity(
            &state,
            Activity { organization_id: None, actor_profile_id: None, subject_profile_id: None, email: &email, kind: "sign-in-failed", ip: ip.as_deref() },
        )
        .await?;
        return Err(AppError::InvalidCredentials);
    };
    if account.locked {
        account.record(&state, "sign-in-locked", ip.as_deref()).await?;
        return Err(AppError::InvalidCredentials);
    }
    if !ok {
        account.record(&state, "sign-in-failed", ip.as_deref()).await?;
        register_failure(&state, &account, ip.as_deref()).await?;
        return Err(AppError::InvalidCredentials);
    }
    // The password is right: the session is not signed in yet; the second factor comes next
    // (or its set-up, for an account that has none).
    let (stage, next) = if account.has_totp { (STAGE_MFA, "/login/code") } else { (STAGE_ENROLL, "/mfa/setup") };
    let pending = if account.has_totp { None } else { Some(crate::account::ssr::new_totp_secret()) };
    replace_session(&state, &account.profile_id, &account.organization_id, stage, pending.as_deref()).await?;
    leptos_axum::redirect(next);
    Ok(())
}

/// A person who can sign in, as far as the sign-in steps need to know.
pub struct Account {
    pub profile_id: String,
    pub organization_id: String,
    pub email: String,
    pub has_totp: bool,
    pub locked: bool,
}

impl Account {
    pub async fn record(&self, state: &AppState, kind: &str, ip: Option<&str>) -> Result<(), AppError> {
        record_activity(state, Activity::own(&self.organization_id, &self.profile_id, &self.email, kind, ip)).await
    }
}

/// Counts a failed password or code; at the threshold the account locks for a while.
pub async fn register_failure(state: &AppState, account: &Account, ip: Option<&str>) -> Result<(), AppError> {
    sqlx::query("UPDATE profiles SET failed_attempts = failed_attempts + 1 WHERE id = $1")
        .bind(account.profile_id.clone())
        .execute(&state.pool)
        .await?;
    let (count,): (i64,) = sqlx::query_as("SELECT failed_attempts FROM profiles WHERE id = $1")
        .bind(account.profile_id.clone())
        .fetch_one(&state.pool)
        .await?;
    if count >= state.config.lockout_threshold {
        sqlx::query("UPDATE profiles SET locked_until = $1, failed_attempts = 0 WHERE id = $2")
            .bind(state.now() + state.config.lockout_secs)
            .bind(account.profile_id.clone())
            .execute(&state.pool)
            .await?;
        account.record(state, "account-locked", ip).await?;
    }
    Ok(())
}

pub async fn reset_failures(state: &AppState, profile_id: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE profiles SET failed_attempts = 0, locked_until = NULL WHERE id = $1")
        .bind(profile_id.to_string())
        .execute(&state.pool)
        .await?;
    Ok(())
}

/// Ends the session the browser holds (if any) and starts a new one with a fresh token.
pub async fn replace_session(
    state: &AppState,
    profile_id: &str,
    organization_id: &str,
    stage: &str,
    pending_secret: Option<&str>,
) -> Result<(), AppError> {
    if let Some(old) = cookie_value(&request_headers(), SESSION_COOKIE) {
        delete_session(state, &hash_token(&old)).await?;
    }
    let ip = client_addr();
    let token = create_session(state, profile_id, organization_id, stage, ip.as_deref(), user_agent().as_deref()).await?;
    if let Some(secret) = pending_secret {
        sqlx::query("UPDATE sessions SET pending_totp_secret = $1 WHERE token_hash = $2")
            .bind(secret.to_string())
            .bind(hash_token(&token))
            .execute(&state.pool)
            .await?;
    }
    set_cookie(&session_cookie(state, &token, state.config.session_absolute_secs));
    Ok(())
}

/// The session behind the request's cookie at any stage, with its expiry applied.
pub struct SessionRow {
    pub token_hash: String,
    pub profile_id: String,
    pub organization_id: String,
    pub stage: String,
    pub pending_secret: Option<String>,
}

pub async fn current_session(state: &AppState) -> Result<Option<SessionRow>, AppError> {
    let Some(token) = cookie_value(&request_headers(), SESSION_COOKIE) else { return Ok(None) };
    let token_hash = hash_token(&token);
    let row = sqlx::query(
        "SELECT profile_id, organization_id, stage, pending_totp_secret, created_at, last_seen_at FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash.clone())
    .fetch_optional(&state.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let stage: String = row.try_get("stage")?;
    let created: i64 = row.try_get("created_at")?;
    let last_seen: i64 = row.try_get("last_seen_at")?;
    let now = state.now();
    let limit = if stage == STAGE_AUTHENTICATED { state.config.session_absolute_secs } else { PENDING_STAGE_SECS };
    if now - created > limit || now - last_seen > state.config.session_idle_secs {
        delete_session(state, &token_hash).await?;
        return Ok(None);
    }
    Ok(Some(SessionRow {
        token_hash,
        profile_id: row.try_get("profile_id")?,
        organization_id: row.try_get("organization_id")?,
        stage,
        pending_secret: row.try_get("pending_totp_secret")?,
    }))
}

pub async fn logout() -> Result<(), AppError> {
    reply(logout_inner().await)
}

async fn logout_inner() -> Result<(), AppError> {
    let who = require_user()?;
    let state = app_state()?;
    delete_session(&state, &who.session_hash).await?;
    set_cookie(&session_cookie(&state, "", 0));
    record_own(&state, &who, "sign-out", client_addr().as_deref()).await?;
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}

pub fn current_user() -> Result<SessionUser, AppError> {
    let who = require_user()?;
    Ok(SessionUser {
        can_manage_users: who.has(PortalRole::UsersPermissions),
        first_name: who.first_name,
        last_name: who.last_name,
        email: who.email,
        avatar_style: who.avatar_style,
        portal_language: who.portal_language,
    })
}

/// Saves the portal language of a signed-in person and logs it.
pub async fn set_portal_language(
    state: &AppState,
    who: &Identity,
    lang: Lang,
    ip: Option<&str>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE profiles SET portal_language = $1, updated_at = $2 WHERE id = $3 AND organization_id = $4")
        .bind(lang.code().to_string())
        .bind(state.now())
        .bind(who.profile_id.clone())
        .bind(who.organization_id.clone())
        .execute(&state.pool)
        .await?;
    if lang != who.portal_language {
        record_own(state, who, "language-changed", ip).await?;
    }
    Ok(())
}

pub async fn save_portal_language(lang: String) -> Result<(), AppError> {
    reply(
        async {
            let who = require_user()?;
            let state = app_state()?;
            let lang = Lang::parse(&lang).ok_or_else(|| AppError::field("lang", "error-language-invalid"))?;
            set_portal_language(&state, &who, lang, client_addr().as_deref()).await
        }
        .await,
    )
}
