//! Account security on the server: invitations and activation, TOTP and recovery codes,
//! password change and reset, the person's sessions.

use super::{password, LinkInfo, LinkPurpose, MfaSetupInfo, SessionInfo};
use crate::auth::ssr::{
    current_session, delete_session, hash_password, normalize_email, register_failure,
    replace_session, reset_failures, verify_password, Account, STAGE_AUTHENTICATED, STAGE_ENROLL,
    STAGE_MFA,
};
use crate::error::{AppError, FieldError};
use crate::i18n::{brand, Lang};
use crate::mail::ssr::{enqueue, Mail};
use crate::platform::ssr::{
    app_state, client_addr, hash_token, internal, new_id, random_hex, record_activity, record_own,
    require_user, Activity, AppState, Identity,
};
use sqlx::Row;
use std::collections::HashSet;
use std::sync::LazyLock;
use totp_rs::{Algorithm, Secret, TOTP};

pub const PURPOSE_INVITE: &str = "invite";
pub const PURPOSE_RESET: &str = "reset";
const RECOVERY_CODES: usize = 10;

// ---------------------------------------------------------------------------------------------
// TOTP (RFC 6238): SHA-1, 6 digits, 30-second steps; the current and the previous step only.

/// A new random secret (160 bits), base32.
pub fn new_totp_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

fn totp(secret_b32: &str, account: &str) -> Result<TOTP, AppError> {
    let bytes = Secret::Encoded(secret_b32.to_string()).to_bytes().map_err(|e| internal(format!("{e:?}")))?;
    let issuer: String = brand().chars().filter(|c| *c != ':').collect();
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, Some(issuer), account.to_string()).map_err(|e| internal(format!("{e:?}")))
}

/// The code of a time step (for tests and the demo's command line).
pub fn totp_code(secret_b32: &str, step: i64) -> Result<String, AppError> {
    Ok(totp(secret_b32, "x")?.generate((step.max(0) * 30) as u64))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The time step whose code this is: the current step or the one before, nothing older.
pub fn matching_step(secret_b32: &str, code: &str, now: i64) -> Result<Option<i64>, AppError> {
    let t = totp(secret_b32, "x")?;
    let current = now.div_euclid(30);
    for step in [current, current - 1] {
        if constant_time_eq(t.generate((step * 30) as u64).as_bytes(), code.as_bytes()) {
            return Ok(Some(step));
        }
    }
    Ok(None)
}

/// Accepts a code at most once: the step must be newer than the last one accepted, decided by
/// one conditional UPDATE, so that two requests with the same code cannot both win.
async fn claim_step(state: &AppState, profile_id: &str, step: i64) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE profiles SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(profile_id.to_string())
    .execute(&state.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

fn qr_svg(text: &str) -> Result<String, AppError> {
    use qrcodegen::{QrCode, QrCodeEcc};
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).map_err(|e| internal(format!("{e:?}")))?;
    let border = 4;
    let size = qr.size() + border * 2;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" role="img"><rect width="100%" height="100%" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

fn setup_for(secret: &str, email: &str) -> Result<MfaSetupInfo, AppError> {
    let uri = totp(secret, email)?.get_url();
    Ok(MfaSetupInfo { secret: secret.to_string(), qr_svg: qr_svg(&uri)?, otpauth_uri: uri })
}

// ---------------------------------------------------------------------------------------------
// Passwords.

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../data/common-passwords.txt").lines().map(str::trim).collect());

/// Every rule, with the reason as a field error on `field`.
pub fn check_new_password(
    field: &str,
    new: &str,
    confirm: &str,
    organization_name: &str,
    email: &str,
) -> Result<(), AppError> {
    let local = email.split('@').next().unwrap_or("");
    let result = password::check_length(new)
        .and_then(|_| {
            if COMMON.contains(new.to_lowercase().as_str()) {
                Err("password-common")
            } else {
                Ok(())
            }
        })
        .and_then(|_| password::check_context(new, &[brand(), organization_name, email, local]));
    let mut errors = vec![];
    if let Err(id) = result {
        errors.push(FieldError { field: field.to_string(), message_id: id.to_string() });
    } else if new != confirm {
        errors.push(FieldError { field: "password_confirm".into(), message_id: "password-mismatch".into() });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

struct Person {
    profile_id: String,
    organization_id: String,
    organization_name: String,
    email: String,
    first_name: String,
    last_name: String,
    email_language: Lang,
}

async fn person(state: &AppState, profile_id: &str) -> Result<Person, AppError> {
    let r = sqlx::query(
        "SELECT p.id, p.organization_id, o.name AS organization_name, p.email, p.first_name, p.last_name, p.email_language \
         FROM profiles p JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1",
    )
    .bind(profile_id.to_string())
    .fetch_one(&state.pool)
    .await?;
    let lang: String = r.try_get("email_language")?;
    Ok(Person {
        profile_id: r.try_get("id")?,
        organization_id: r.try_get("organization_id")?,
        organization_name: r.try_get("organization_name")?,
        email: r.try_get("email")?,
        first_name: r.try_get("first_name")?,
        last_name: r.try_get("last_name")?,
        email_language: Lang::parse(&lang).unwrap_or_default(),
    })
}

impl Person {
    fn account(&self) -> Account {
        Account {
            profile_id: self.profile_id.clone(),
            organization_id: self.organization_id.clone(),
            email: self.email.clone(),
            has_totp: true,
            locked: false,
        }
    }

    fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    async fn mail(&self, state: &AppState, template: &str, args: &[(&str, String)]) -> Result<(), AppError> {
        enqueue(
            state,
            Mail {
                organization_id: Some(&self.organization_id),
                to_address: &self.email,
                to_name: &self.name(),
                lang: self.email_language,
                template,
                args,
            },
        )
        .await
    }
}

async fn set_password(state: &AppState, profile_id: &str, new: String) -> Result<(), AppError> {
    let hash = hash_password(state, new).await?;
    sqlx::query("UPDATE profiles SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(state.now())
        .bind(profile_id.to_string())
        .execute(&state.pool)
        .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Single-use links.

/// Creates a link token for a person; any older unused one for the same purpose dies.
pub async fn issue_token(state: &AppState, profile_id: &str, organization_id: &str, purpose: &str) -> Result<String, AppError> {
    let now = state.now();
    sqlx::query("DELETE FROM account_tokens WHERE profile_id = $1 AND purpose = $2 AND used_at IS NULL")
        .bind(profile_id.to_string())
        .bind(purpose.to_string())
        .execute(&state.pool)
        .await?;
    let token = random_hex(32);
    let ttl = if purpose == PURPOSE_INVITE { state.config.invite_ttl_secs } else { state.config.reset_ttl_secs };
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, profile_id, organization_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(hash_token(&token))
    .bind(profile_id.to_string())
    .bind(organization_id.to_string())
    .bind(purpose.to_string())
    .bind(now)
    .bind(now + ttl)
    .execute(&state.pool)
    .await?;
    Ok(token)
}

/// The profile behind a valid (known, unused, unexpired) link.
async fn token_profile(state: &AppState, token: &str, purpose: &str) -> Result<String, AppError> {
    let row = sqlx::query("SELECT profile_id, expires_at, used_at FROM account_tokens WHERE token_hash = $1 AND purpose = $2")
        .bind(hash_token(token.trim()))
        .bind(purpose.to_string())
        .fetch_optional(&state.pool)
        .await?;
    let Some(row) = row else { return Err(AppError::LinkInvalid) };
    let expires: i64 = row.try_get("expires_at")?;
    let used: Option<i64> = row.try_get("used_at")?;
    if used.is_some() || expires < state.now() {
        return Err(AppError::LinkInvalid);
    }
    Ok(row.try_get("profile_id")?)
}

/// Marks a link used; false if another request used it first.
async fn use_token(state: &AppState, token: &str) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(state.now())
        .bind(hash_token(token.trim()))
        .execute(&state.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

fn purpose_code(p: LinkPurpose) -> &'static str {
    match p {
        LinkPurpose::Invitation => PURPOSE_INVITE,
        LinkPurpose::Reset => PURPOSE_RESET,
    }
}

/// The e-mail language of the person a link was made for, even if the link is no longer valid,
/// so that its page speaks their language.
pub async fn link_language(state: &AppState, token: &str) -> Result<Option<Lang>, AppError> {
    let row = sqlx::query(
        "SELECT p.email_language FROM account_tokens t JOIN profiles p ON p.id = t.profile_id WHERE t.token_hash = $1",
    )
    .bind(hash_token(token.trim()))
    .fetch_optional(&state.pool)
    .await?;
    Ok(match row {
        Some(r) => Lang::parse(&r.try_get::<String, _>("email_language")?),
        None => None,
    })
}

pub async fn check_link(token: String, purpose: LinkPurpose) -> Result<LinkInfo, AppError> {
    let state = app_state()?;
    let profile_id = token_profile(&state, &token, purpose_code(purpose)).await?;
    let p = person(&state, &profile_id).await?;
    Ok(LinkInfo { first_name: p.first_name, email: p.email })
}

/// Invites a person of an organization: creates the user (status "invited") if needed, makes any
/// earlier invitation link dead, queues the invitation e-mail. Returns the activation link.
#[allow(clippy::too_many_arguments)]
pub async fn invite(
    state: &AppState,
    organization_id: &str,
    email: &str,
    first_name: &str,
    last_name: &str,
    email_language: Lang,
    invited_by: Option<&Identity>,
    ip: Option<&str>,
) -> Result<String, AppError> {
    let email = normalize_email(email)?;
    for (field, value) in [("first_name", first_name), ("last_name", last_name)] {
        if value.trim().is_empty() {
            return Err(AppError::field(field, "error-required"));
        }
        if value.contains(['\r', '\n']) || value.chars().count() > 100 {
            return Err(AppError::field(field, "error-name-invalid"));
        }
    }
    let existing = sqlx::query("SELECT id, organization_id, user_status FROM profiles WHERE email = $1")
        .bind(email.clone())
        .fetch_optional(&state.pool)
        .await?;
    let now = state.now();
    let profile_id = match existing {
        Some(r) => {
            let org: String = r.try_get("organization_id")?;
            let status: Option<String> = r.try_get("user_status")?;
            if org != organization_id || status.as_deref() == Some("active") {
                return Err(AppError::field("email", "error-email-taken"));
            }
            let id: String = r.try_get("id")?;
            sqlx::query("UPDATE profiles SET is_user = 1, user_status = 'invited', updated_at = $1 WHERE id = $2")
                .bind(now)
                .bind(id.clone())
                .execute(&state.pool)
                .await?;
            id
        }
        None => {
            let id = new_id();
            sqlx::query(
                "INSERT INTO profiles (id, organization_id, email, first_name, last_name, portal_language, email_language, \
                 is_user, user_status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6, 1, 'invited', $7, $7)",
            )
            .bind(id.clone())
            .bind(organization_id.to_string())
            .bind(email.clone())
            .bind(first_name.trim().to_string())
            .bind(last_name.trim().to_string())
            .bind(email_language.code().to_string())
            .bind(now)
            .execute(&state.pool)
            .await?;
            id
        }
    };
    let token = issue_token(state, &profile_id, organization_id, PURPOSE_INVITE).await?;
    let link = format!("{}/activate?token={token}", state.config.public_url);
    let p = person(state, &profile_id).await?;
    let days = (state.config.invite_ttl_secs / 86_400).max(1).to_string();
    p.mail(state, "invitation", &[("link", link.clone()), ("organization", p.organization_name.clone()), ("days", days)])
        .await?;
    record_activity(
        state,
        Activity {
            organization_id: Some(organization_id),
            actor_profile_id: invited_by.map(|w| w.profile_id.as_str()),
            subject_profile_id: Some(&profile_id),
            email: &email,
            kind: "invited",
            ip,
        },
    )
    .await?;
    Ok(link)
}

/// The password step of a link: the link must be valid and the password pass every rule; then
/// the link is used up (once, even against a parallel request) and the password set.
async fn set_password_from_link(
    state: &AppState,
    token: &str,
    purpose: &str,
    password: String,
    confirm: &str,
) -> Result<Person, AppError> {
    let profile_id = token_profile(state, token, purpose).await?;
    let p = person(state, &profile_id).await?;
    check_new_password("password", &password, confirm, &p.organization_name, &p.email)?;
    if !use_token(state, token).await? {
        return Err(AppError::LinkInvalid);
    }
    set_password(state, &profile_id, password).await?;
    Ok(p)
}

/// Accepts an invitation: sets the password; MFA set-up comes next.
pub async fn activate(token: String, password: String, password_confirm: String) -> Result<(), AppError> {
    let state = app_state()?;
    let p = set_password_from_link(&state, &token, PURPOSE_INVITE, password, &password_confirm).await?;
    replace_session(&state, &p.profile_id, &p.organization_id, STAGE_ENROLL, Some(&new_totp_secret())).await?;
    p.account().record(&state, "password-set", client_addr().as_deref()).await?;
    leptos_axum::redirect("/mfa/setup");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// MFA set-up and change.

/// What the set-up page shows: the pending secret of the caller's session.
pub async fn mfa_setup() -> Result<MfaSetupInfo, AppError> {
    let state = app_state()?;
    let session = current_session(&state).await?.ok_or(AppError::Unauthorized)?;
    let secret = session.pending_secret.ok_or(AppError::Unauthorized)?;
    let p = person(&state, &session.profile_id).await?;
    setup_for(&secret, &p.email)
}

/// Confirms the pending secret with a valid code. Issues new recovery codes (shown once) and
/// signs the person in. Serves both first set-up and "Edit your MFA".
pub async fn confirm_mfa(code: String) -> Result<Vec<String>, AppError> {
    let state = app_state()?;
    let session = current_session(&state).await?.ok_or(AppError::Unauthorized)?;
    let secret = session.pending_secret.clone().ok_or(AppError::Unauthorized)?;
    if session.stage != STAGE_ENROLL && session.stage != STAGE_AUTHENTICATED {
        return Err(AppError::Unauthorized);
    }
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(step) = matching_step(&secret, &code, state.now())? else {
        return Err(AppError::field("code", "error-code-invalid"));
    };
    let p = person(&state, &session.profile_id).await?;
    let first_time = session.stage == STAGE_ENROLL;
    sqlx::query(
        "UPDATE profiles SET totp_secret = $1, totp_last_step = $2, user_status = 'active', failed_attempts = 0, locked_until = NULL, updated_at = $3 WHERE id = $4",
    )
    .bind(secret)
    .bind(step)
    .bind(state.now())
    .bind(p.profile_id.clone())
    .execute(&state.pool)
    .await?;
    let codes = new_recovery_codes(&state, &p.profile_id, &p.organization_id).await?;
    let ip = client_addr();
    if first_time {
        replace_session(&state, &p.profile_id, &p.organization_id, STAGE_AUTHENTICATED, None).await?;
        p.account().record(&state, "mfa-set-up", ip.as_deref()).await?;
        p.account().record(&state, "activated", ip.as_deref()).await?;
    } else {
        sqlx::query("UPDATE sessions SET pending_totp_secret = NULL WHERE token_hash = $1")
            .bind(session.token_hash.clone())
            .execute(&state.pool)
            .await?;
        p.account().record(&state, "mfa-changed", ip.as_deref()).await?;
        p.mail(&state, "mfa-changed", &[]).await?;
    }
    Ok(codes)
}

async fn new_recovery_codes(state: &AppState, profile_id: &str, organization_id: &str) -> Result<Vec<String>, AppError> {
    sqlx::query("DELETE FROM recovery_codes WHERE profile_id = $1")
        .bind(profile_id.to_string())
        .execute(&state.pool)
        .await?;
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let raw = random_hex(5);
        let code = format!("{}-{}", &raw[..5], &raw[5..]);
        sqlx::query("INSERT INTO recovery_codes (id, profile_id, organization_id, code_hash, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(new_id())
            .bind(profile_id.to_string())
            .bind(organization_id.to_string())
            .bind(hash_token(&code))
            .bind(state.now())
            .execute(&state.pool)
            .await?;
        codes.push(code);
    }
    Ok(codes)
}

/// "Edit your MFA": after the password and a current code, a new secret waits in the session
/// until confirmed.
pub async fn start_mfa_change(password: String, code: String) -> Result<MfaSetupInfo, AppError> {
    let who = require_user()?;
    let state = app_state()?;
    let row = sqlx::query("SELECT password_hash, totp_secret FROM profiles WHERE id = $1 AND organization_id = $2")
        .bind(who.profile_id.clone())
        .bind(who.organization_id.clone())
        .fetch_one(&state.pool)
        .await?;
    let hash: Option<String> = row.try_get("password_hash")?;
    let secret: Option<String> = row.try_get("totp_secret")?;
    if !verify_password(&state, password, hash).await? {
        return Err(AppError::field("current_password", "error-current-password"));
    }
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let step = match &secret {
        Some(s) => matching_step(s, &code, state.now())?,
        None => None,
    };
    match step {
        Some(step) if claim_step(&state, &who.profile_id, step).await? => {}
        _ => return Err(AppError::field("code", "error-code-invalid")),
    }
    let new_secret = new_totp_secret();
    sqlx::query("UPDATE sessions SET pending_totp_secret = $1 WHERE token_hash = $2")
        .bind(new_secret.clone())
        .bind(who.session_hash.clone())
        .execute(&state.pool)
        .await?;
    setup_for(&new_secret, &who.email)
}

// ---------------------------------------------------------------------------------------------
// The second step of signing in.

pub async fn verify_code(code: String) -> Result<(), AppError> {
    let state = app_state()?;
    let session = current_session(&state).await?.ok_or(AppError::Unauthorized)?;
    if session.stage != STAGE_MFA {
        return Err(AppError::Unauthorized);
    }
    let row = sqlx::query("SELECT totp_secret, locked_until FROM profiles WHERE id = $1")
        .bind(session.profile_id.clone())
        .fetch_one(&state.pool)
        .await?;
    let p = person(&state, &session.profile_id).await?;
    let account = p.account();
    let ip = client_addr();
    let locked_until: Option<i64> = row.try_get("locked_until")?;
    if locked_until.is_some_and(|t| t > state.now()) {
        account.record(&state, "sign-in-locked", ip.as_deref()).await?;
        return Err(AppError::field("code", "error-code-invalid"));
    }
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let secret: Option<String> = row.try_get("totp_secret")?;
    let accepted = if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        match (&secret, secret.as_deref().map(|s| matching_step(s, &code, state.now()))) {
            (Some(_), Some(Ok(Some(step)))) => claim_step(&state, &p.profile_id, step).await?,
            (_, Some(Err(e))) => return Err(e),
            _ => false,
        }
    } else {
        let used = sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE profile_id = $2 AND code_hash = $3 AND used_at IS NULL")
            .bind(state.now())
            .bind(p.profile_id.clone())
            .bind(hash_token(&code))
            .execute(&state.pool)
            .await?;
        let ok = used.rows_affected() == 1;
        if ok {
            account.record(&state, "recovery-code-used", ip.as_deref()).await?;
        }
        ok
    };
    if !accepted {
        account.record(&state, "mfa-failed", ip.as_deref()).await?;
        register_failure(&state, &account, ip.as_deref()).await?;
        return Err(AppError::field("code", "error-code-invalid"));
    }
    reset_failures(&state, &p.profile_id).await?;
    delete_session(&state, &session.token_hash).await?;
    replace_session(&state, &p.profile_id, &p.organization_id, STAGE_AUTHENTICATED, None).await?;
    account.record(&state, "sign-in", ip.as_deref()).await?;
    leptos_axum::redirect("/profile");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Password change and reset.

pub async fn change_password(current: String, new: String, confirm: String) -> Result<(), AppError> {
    let who = require_user()?;
    let state = app_state()?;
    let (hash,): (Option<String>,) = sqlx::query_as("SELECT password_hash FROM profiles WHERE id = $1 AND organization_id = $2")
        .bind(who.profile_id.clone())
        .bind(who.organization_id.clone())
        .fetch_one(&state.pool)
        .await?;
    if !verify_password(&state, current, hash).await? {
        return Err(AppError::field("current_password", "error-current-password"));
    }
    let p = person(&state, &who.profile_id).await?;
    check_new_password("new_password", &new, &confirm, &p.organization_name, &p.email)?;
    set_password(&state, &who.profile_id, new).await?;
    // Every other session ends; this one stays.
    sqlx::query("DELETE FROM sessions WHERE profile_id = $1 AND token_hash <> $2")
        .bind(who.profile_id.clone())
        .bind(who.session_hash.clone())
        .execute(&state.pool)
        .await?;
    p.account().record(&state, "password-changed", client_addr().as_deref()).await?;
    p.mail(&state, "password-changed", &[]).await?;
    Ok(())
}

/// Answers the same whether or not the address belongs to someone.
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    let state = app_state()?;
    let email = normalize_email(&email)?;
    let row = sqlx::query("SELECT id, organization_id FROM profiles WHERE email = $1 AND is_user = 1 AND user_status = 'active'")
        .bind(email.clone())
        .fetch_optional(&state.pool)
        .await?;
    if let Some(r) = row {
        let profile_id: String = r.try_get("id")?;
        let organization_id: String = r.try_get("organization_id")?;
        let token = issue_token(&state, &profile_id, &organization_id, PURPOSE_RESET).await?;
        let p = person(&state, &profile_id).await?;
        let link = format!("{}/reset-password?token={token}", state.config.public_url);
        let minutes = (state.config.reset_ttl_secs / 60).to_string();
        p.mail(&state, "password-reset", &[("link", link), ("minutes", minutes)]).await?;
        p.account().record(&state, "password-reset-requested", client_addr().as_deref()).await?;
    }
    Ok(())
}

/// Sets a new password from a reset link. Every session ends; signing in still asks the code.
pub async fn reset_password(token: String, password: String, password_confirm: String) -> Result<(), AppError> {
    let state = app_state()?;
    let p = set_password_from_link(&state, &token, PURPOSE_RESET, password, &password_confirm).await?;
    let profile_id = p.profile_id.clone();
    sqlx::query("DELETE FROM sessions WHERE profile_id = $1")
        .bind(profile_id.clone())
        .execute(&state.pool)
        .await?;
    reset_failures(&state, &profile_id).await?;
    p.account().record(&state, "password-reset", client_addr().as_deref()).await?;
    p.mail(&state, "password-changed", &[]).await?;
    leptos_axum::redirect("/login?reset=1");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Where you're signed in.

pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    let who = require_user()?;
    let state = app_state()?;
    let rows = sqlx::query(
        "SELECT token_hash, public_id, ip, user_agent, created_at, last_seen_at FROM sessions \
         WHERE profile_id = $1 AND organization_id = $2 AND stage = $3 ORDER BY last_seen_at DESC",
    )
    .bind(who.profile_id.clone())
    .bind(who.organization_id.clone())
    .bind(STAGE_AUTHENTICATED.to_string())
    .fetch_all(&state.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let hash: String = r.try_get("token_hash")?;
            Ok(SessionInfo {
                id: r.try_get::<Option<String>, _>("public_id")?.unwrap_or_default(),
                current: hash == who.session_hash,
                ip: r.try_get("ip")?,
                user_agent: r.try_get("user_agent")?,
                created_at: r.try_get("created_at")?,
                last_seen_at: r.try_get("last_seen_at")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Ends one of the caller's own sessions (never someone else's), or all but the current one.
pub async fn revoke_sessions(id: Option<String>) -> Result<(), AppError> {
    let who = require_user()?;
    let state = app_state()?;
    let done = match &id {
        Some(id) => sqlx::query("DELETE FROM sessions WHERE public_id = $1 AND profile_id = $2 AND token_hash <> $3")
            .bind(id.clone())
            .bind(who.profile_id.clone())
            .bind(who.session_hash.clone())
            .execute(&state.pool)
            .await?,
        None => sqlx::query("DELETE FROM sessions WHERE profile_id = $1 AND token_hash <> $2")
            .bind(who.profile_id.clone())
            .bind(who.session_hash.clone())
            .execute(&state.pool)
            .await?,
    };
    if done.rows_affected() > 0 {
        record_own(&state, &who, "session-revoked", client_addr().as_deref()).await?;
    }
    Ok(())
}

/// The "Multifactor Authentication Number": digits, spaces and + - ( ) only, 6 to 20 digits.
pub async fn update_mfa_phone(phone: String) -> Result<(), AppError> {
    let who = require_user()?;
    let state = app_state()?;
    let phone = phone.trim().to_string();
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let allowed = phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let value = if phone.is_empty() {
        None
    } else if allowed && (6..=20).contains(&digits) {
        Some(phone)
    } else {
        return Err(AppError::field("mfa_phone", "error-phone-invalid"));
    };
    sqlx::query("UPDATE profiles SET mfa_phone = $1, updated_at = $2 WHERE id = $3 AND organization_id = $4")
        .bind(value)
        .bind(state.now())
        .bind(who.profile_id.clone())
        .bind(who.organization_id.clone())
        .execute(&state.pool)
        .await?;
    record_own(&state, &who, "mfa-phone-changed", client_addr().as_deref()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    #[test]
    fn codes_of_the_current_and_previous_step_match_older_ones_do_not() {
        let now = 1_795_000_015;
        let step = now / 30;
        let current = totp_code(SECRET, step).unwrap();
        let previous = totp_code(SECRET, step - 1).unwrap();
        let older = totp_code(SECRET, step - 2).unwrap();
        let next = totp_code(SECRET, step + 1).unwrap();
        assert_eq!(matching_step(SECRET, &current, now).unwrap(), Some(step));
        assert_eq!(matching_step(SECRET, &previous, now).unwrap(), Some(step - 1));
        assert_eq!(matching_step(SECRET, &older, now).unwrap(), None);
        assert_eq!(matching_step(SECRET, &next, now).unwrap(), None);
    }

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); the last 6 are ours.
        let secret = Secret::Raw(b"12345678901234567890".to_vec()).to_encoded().to_string();
        assert_eq!(totp_code(&secret, 1).unwrap(), "287082");
    }

    #[test]
    fn new_passwords_are_checked_against_the_common_list_and_the_context() {
        let check = |p: &str| check_new_password("password", p, p, "Brightwave Logistics NV", "sophie.claes@brightwave.example");
        assert!(check("harbour-lantern-47-quay").is_ok());
        let id = |r: Result<(), AppError>| r.unwrap_err().field_message("password");
        assert_eq!(id(check("short")), Some("password-too-short".into()));
        assert_eq!(id(check("1qaz2wsx3edc")), Some("password-common".into()));
        assert_eq!(id(check("brightwave logistics nv")), Some("password-contains-context".into()));
        let mismatch = check_new_password("password", "harbour-lantern-47-quay", "other", "Org", "a@b.example");
        assert_eq!(mismatch.unwrap_err().field_message("password_confirm"), Some("password-mismatch".into()));
    }
}
