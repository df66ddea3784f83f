//! Passwords (Argon2id, off the async runtime), the password rules the server adds to the
//! shared ones, failed attempts and the temporary lock, and the first step of signing in.

use super::activity::{self, Activity};
use super::session::{self, Begin, Stage};
use super::state::AppState;
use super::{internal, random_hex};
use crate::domain::{Email, NewPassword, PasswordError, PasswordField, ReturnTo};
use crate::error::{AppError, FieldError};
use crate::i18n::brand;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::LazyLock;

fn argon2() -> Argon2<'static> {
    // OWASP's Argon2id minimum: 19 MiB, 2 iterations, 1 lane.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashed once, verified against when the email is unknown so that timing reveals nothing.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| hash_blocking(&random_hex(16)).unwrap_or_default());

fn hash_blocking(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Hashes a password on the hashing threads, off the async runtime.
pub(super) async fn hash_password(state: &AppState, password: String) -> Result<String, AppError> {
    state.hashing.run(move || hash_blocking(&password)).await?.map_err(internal)
}

/// Verifies a password against a stored hash, or against the dummy hash when there is none.
pub(super) async fn verify_password(state: &AppState, password: String, stored: Option<String>) -> Result<bool, AppError> {
    state
        .hashing
        .run(move || {
            let known = stored.is_some();
            let hash = stored.unwrap_or_else(|| DUMMY_HASH.clone());
            let ok = PasswordHash::new(&hash).map(|parsed| argon2().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false);
            known && ok
        })
        .await
}

/// Warms the dummy hash so the first unknown-email sign-in is not faster than the others.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

static COMMON: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../../../data/common-passwords.txt").lines().map(str::trim).collect());

/// Every rule for a new password: the shared ones (length, context words, confirmation) and the
/// server's list of the 10,000 most common passwords. Errors stand on `field` or the confirmation.
pub fn check_new_password(field: &str, new: &str, confirm: &str, organization_name: &str, email: &str) -> Result<NewPassword, AppError> {
    let local = email.split('@').next().unwrap_or("");
    let on = |f: PasswordField| if f == PasswordField::Confirm { "password_confirm".to_string() } else { field.to_string() };
    let refuse = |f: String, id: &str| AppError::Validation(vec![FieldError { field: f, message_id: id.to_string() }]);
    // Length first, then the common list, then the context and the confirmation.
    if let Err(PasswordError { field: f, id }) = NewPassword::parse(new, new, &[]) {
        return Err(refuse(on(f), id));
    }
    if COMMON.contains(new.to_lowercase().as_str()) {
        return Err(refuse(field.to_string(), "password-common"));
    }
    NewPassword::parse(new, confirm, &[brand(), organization_name, email, local]).map_err(|e| refuse(on(e.field), e.id))
}

/// Stores a new password hash for a profile.
pub(super) async fn set_password(state: &AppState, profile_id: &str, new: NewPassword) -> Result<(), AppError> {
    let hash = hash_password(state, new.expose().to_string()).await?;
    sqlx::query("UPDATE profiles SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(state.now())
        .bind(profile_id.to_string())
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// A person who can sign in, as far as the sign-in steps need to know.
pub(super) struct Account {
    pub profile_id: String,
    pub organization_id: String,
    pub email: String,
}

impl Account {
    pub async fn record(&self, state: &AppState, kind: &str, ip: Option<&str>) -> Result<(), AppError> {
        activity::record(state, Activity::own(&self.organization_id, &self.profile_id, &self.email, kind, ip)).await
    }
}

/// Counts a failed password or code for a sign-in address in one statement (an upsert); at the
/// threshold the address locks for a while and the count starts again. Known and unknown
/// addresses run the very same statement, so both answers cost the same.
pub(super) async fn register_failure(state: &AppState, email: &str, account: Option<&Account>, ip: Option<&str>) -> Result<(), AppError> {
    let now = state.now();
    let until = now + state.config.lockout_secs;
    let (locked,): (Option<i64>,) = sqlx::query_as(
        "INSERT INTO sign_in_failures (email, failed_attempts, locked_until, updated_at) VALUES ($1, 1, NULL, $2) \
         ON CONFLICT (email) DO UPDATE SET \
           failed_attempts = CASE WHEN sign_in_failures.failed_attempts + 1 >= $3 THEN 0 ELSE sign_in_failures.failed_attempts + 1 END, \
           locked_until = CASE WHEN sign_in_failures.failed_attempts + 1 >= $3 THEN $4 ELSE sign_in_failures.locked_until END, \
           updated_at = $2 \
         RETURNING locked_until",
    )
    .bind(email.to_string())
    .bind(now)
    .bind(state.config.lockout_threshold)
    .bind(until)
    .fetch_one(&state.db.pool)
    .await?;
    if let (Some(account), Some(t)) = (account, locked) {
        if t == until {
            account.record(state, "account-locked", ip).await?;
        }
    }
    Ok(())
}

/// Whether a sign-in address is locked now.
pub(super) async fn is_locked(state: &AppState, email: &str) -> Result<bool, AppError> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT locked_until FROM sign_in_failures WHERE email = $1")
        .bind(email.to_string())
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(row.and_then(|r| r.0).is_some_and(|t| t > state.now()))
}

/// A success (or a new password) starts the count again and ends any lock.
pub(super) async fn reset_failures(state: &AppState, email: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE email = $1").bind(email.to_string()).execute(&state.db.pool).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SignInRow {
    id: String,
    organization_id: String,
    password_hash: Option<String>,
    totp_secret: Option<String>,
}

/// The first step of signing in: the password. On success the browser holds a session that is
/// not signed in yet, and the answer is where to go next (the code, or its set-up). Unknown
/// address, wrong password and a locked account get the same answer after the same work, as
/// does a person of a verified domain whose organization signs in only through its identity
/// provider (but for its break-glass administrator).
pub async fn sign_in_with_password(state: &AppState, email: Email, password: String, ip: Option<&str>, return_to: Option<&ReturnTo>) -> Result<&'static str, AppError> {
    if password.chars().count() > crate::domain::password::MAX_CHARS {
        return Err(AppError::InvalidCredentials);
    }
    let row: Option<SignInRow> = sqlx::query_as(
        "SELECT id, organization_id, password_hash, totp_secret FROM profiles \
         WHERE email = $1 AND is_user = 1 AND user_status IN ('active', 'invited') AND password_hash IS NOT NULL \
           AND NOT EXISTS (SELECT 1 FROM identity_providers i JOIN sso_domains d ON d.organization_id = i.organization_id \
                           WHERE i.organization_id = profiles.organization_id AND i.allow_passwords = 0 \
                             AND d.verified_at IS NOT NULL AND profiles.email LIKE ('%@' || d.domain) \
                             AND (i.break_glass_profile_id IS NULL OR i.break_glass_profile_id <> profiles.id))",
    )
    .bind(email.as_str().to_string())
    .fetch_optional(&state.db.pool)
    .await?;
    // Always one hash and the same writes, whatever the account's state, so timing tells nothing.
    let ok = verify_password(state, password, row.as_ref().and_then(|r| r.password_hash.clone())).await?;
    let locked = is_locked(state, email.as_str()).await?;
    let account = row.as_ref().map(|r| Account { profile_id: r.id.clone(), organization_id: r.organization_id.clone(), email: email.as_str().to_string() });
    if locked || !ok || account.is_none() {
        let kind = if locked { "sign-in-locked" } else { "sign-in-failed" };
        match &account {
            Some(a) => a.record(state, kind, ip).await?,
            None => activity::record(state, Activity::anonymous(email.as_str(), kind, ip)).await?,
        }
        register_failure(state, email.as_str(), account.as_ref(), ip).await?;
        return Err(AppError::InvalidCredentials);
    }
    let (Some(row), Some(account)) = (row, account) else { return Err(AppError::InvalidCredentials) };
    // The password is right: the second factor comes next, or its set-up for an account that
    // has none yet.
    if row.totp_secret.is_some() {
        session::replace(state, &account.profile_id, &account.organization_id, Stage::SecondFactor, Begin { pending_secret: None, return_to }).await?;
        Ok("/login/code")
    } else {
        let secret = super::totp::new_secret();
        session::replace(state, &account.profile_id, &account.organization_id, Stage::Enrolment, Begin { pending_secret: Some(&secret), return_to }).await?;
        Ok("/mfa/setup")
    }
}

/// The caller's own password.
impl super::access::OrgDb {
    /// Whether `password` is the caller's current password.
    pub async fn verify_my_password(&self, password: String) -> Result<bool, AppError> {
        let (hash,): (Option<String>,) = self
            .query_as("SELECT password_hash FROM profiles WHERE organization_id = $1 AND id = $2")
            .bind(self.profile_id().to_string())
            .fetch_one()
            .await?;
        verify_password(self.state(), password, hash).await
    }

    /// Replaces the caller's password.
    pub async fn set_my_password(&self, new: NewPassword) -> Result<(), AppError> {
        set_password(self.state(), self.profile_id(), new).await
    }

    /// The name of the caller's organization.
    pub async fn organization_name(&self) -> Result<String, AppError> {
        let (name,): (String,) = self.query_as("SELECT name FROM organizations WHERE id = $1").fetch_one().await?;
        Ok(name)
    }
}

impl super::access::OperatorDb {
    pub async fn hash_password(&self, password: String) -> Result<String, AppError> {
        hash_password(self.state(), password).await
    }
}
