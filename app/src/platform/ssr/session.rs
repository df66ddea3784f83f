//! Server-side sessions. A session is signed in only at [`Stage::Authenticated`]; the steps
//! before (the second factor, its first set-up) hold a typed [`Pending`] session instead.

use super::access::{Identity, Insert};
use super::cookies;
use super::credentials::{self, Account};
use super::state::AppState;
use super::{client_addr, hash_token, random_hex, totp, user_agent};
use crate::domain::{OneTimeCode, ReturnTo, TotpCode};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::{MfaSetupInfo, PortalRole};

/// How long a session may stay in a stage before it is signed in.
const PENDING_STAGE_SECS: i64 = 10 * 60;

/// Where a session stands; stored as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stage {
    Authenticated,
    SecondFactor,
    Enrolment,
}

impl Stage {
    pub(super) fn code(self) -> &'static str {
        match self {
            Stage::Authenticated => "authenticated",
            Stage::SecondFactor => "mfa",
            Stage::Enrolment => "enroll",
        }
    }

    fn parse(code: &str) -> Option<Stage> {
        [Stage::Authenticated, Stage::SecondFactor, Stage::Enrolment].into_iter().find(|s| s.code() == code)
    }
}

/// The steps before signing in is complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PendingStage {
    /// The password was right; the code (or a recovery code) is next.
    SecondFactor,
    /// The invitation was accepted; setting up the authenticator is next.
    Enrolment,
}

/// A session part-way through signing in, at a known stage.
pub struct Pending {
    state: AppState,
    token_hash: String,
    profile_id: String,
    organization_id: String,
    stage: PendingStage,
    pending_secret: Option<String>,
    return_to: Option<String>,
}

/// What a new session starts with besides its person and stage.
#[derive(Default)]
pub(super) struct Begin<'a> {
    /// The authenticator's secret waiting to be confirmed (the set-up step).
    pub pending_secret: Option<&'a str>,
    /// Where signing in continues once complete.
    pub return_to: Option<&'a ReturnTo>,
}

async fn create(state: &AppState, profile_id: &str, organization_id: &str, stage: Stage, begin: Begin<'_>) -> Result<String, AppError> {
    let token = random_hex(32);
    let now = state.now();
    Insert::into(&state.db.pool, "sessions")
        .value("token_hash", hash_token(&token))
        .value("profile_id", profile_id.to_string())
        .value("organization_id", organization_id.to_string())
        .value("stage", stage.code().to_string())
        .value("created_at", now)
        .value("last_seen_at", now)
        .value("ip", client_addr())
        .value("user_agent", user_agent())
        .value("public_id", random_hex(8))
        .value("pending_totp_secret", begin.pending_secret.map(str::to_string))
        .value("return_to", begin.return_to.map(|r| r.as_str().to_string()))
        .execute()
        .await?;
    Ok(token)
}

async fn delete(state: &AppState, token_hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash.to_string()).execute(&state.db.pool).await?;
    Ok(())
}

/// Ends the session the browser holds (if any) and starts a new one with a fresh token.
pub(super) async fn replace(state: &AppState, profile_id: &str, organization_id: &str, stage: Stage, begin: Begin<'_>) -> Result<(), AppError> {
    if let Some(old) = cookies::read(&cookies::request_headers(), cookies::SESSION_COOKIE) {
        let old = hash_token(&old);
        delete(state, &old).await?;
        // Signing in again (prompt=login, max_age) ends what the old session opened.
        super::backchannel::end_portal_session(state, &old).await?;
    }
    let token = create(state, profile_id, organization_id, stage, begin).await?;
    cookies::set(&cookies::session(state, &token, state.config.session_absolute_secs));
    Ok(())
}

/// Ends every session of a person (a password reset, a disabled account), and the
/// applications' sessions opened in them.
pub(super) async fn end_all(state: &AppState, profile_id: &str) -> Result<(), AppError> {
    let gone: Vec<(String,)> = sqlx::query_as("DELETE FROM sessions WHERE profile_id = $1 RETURNING token_hash")
        .bind(profile_id.to_string())
        .fetch_all(&state.db.pool)
        .await?;
    signed_out_of(state, gone).await
}

/// Portal sessions a person ended: the applications' sessions opened in them end too, each
/// application told through its back channel.
pub(super) async fn signed_out_of(state: &AppState, gone: Vec<(String,)>) -> Result<(), AppError> {
    for (hash,) in gone {
        super::backchannel::end_portal_session(state, &hash).await?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct IdentityRow {
    stage: String,
    created_at: i64,
    last_seen_at: i64,
    user_status: Option<String>,
    #[sqlx(flatten)]
    person: PersonRow,
}

/// A person as an identity reads them; the row repeats once per portal role of their groups.
#[derive(sqlx::FromRow)]
pub(super) struct PersonRow {
    id: String,
    organization_id: String,
    email: String,
    first_name: String,
    last_name: String,
    portal_language: String,
    avatar_style: String,
    time_zone: Option<String>,
    /// One portal role of one of the person's permission groups (none: no role at all).
    role_code: Option<String>,
}

/// The identity `rows` read (one per role; none: nobody), held by `session_hash` (empty when no
/// browser session stands behind it).
pub(super) fn identity_of_rows(state: &AppState, rows: Vec<PersonRow>, session_hash: String, signed_in_at: i64) -> Option<Identity> {
    let mut roles: Vec<PortalRole> = Vec::new();
    for role in rows.iter().filter_map(|r| r.role_code.as_deref().and_then(PortalRole::parse)) {
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    let row = rows.into_iter().next()?;
    Some(Identity {
        state: state.clone(),
        profile_id: row.id,
        organization_id: row.organization_id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        portal_language: Lang::parse(&row.portal_language).unwrap_or_default(),
        avatar_style: row.avatar_style,
        time_zone: super::time::zone(row.time_zone.as_deref()),
        session_hash,
        signed_in_at,
        roles,
    })
}

/// The signed-in person behind a cookie token. Expired sessions are deleted and give `None`;
/// a session part-way through signing in is not an identity. The only place an [`Identity`]
/// is made. One statement: every signed-in request begins here.
pub async fn resolve_identity(state: &AppState, token: &str) -> Result<Option<Identity>, AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(None);
    }
    let token_hash = hash_token(token);
    // The person, with the union of the portal roles of their permission groups: one row per
    // role (one row with no role when they have none).
    let rows: Vec<IdentityRow> = sqlx::query_as(
        "SELECT s.stage, s.created_at, s.last_seen_at, p.id, p.organization_id, p.email, \
                p.first_name, p.last_name, p.portal_language, p.avatar_style, p.time_zone, p.user_status, r.role_code \
         FROM sessions s JOIN profiles p ON p.id = s.profile_id AND p.organization_id = s.organization_id \
         LEFT JOIN permission_group_members m ON m.profile_id = p.id AND m.organization_id = p.organization_id \
         LEFT JOIN permission_groups g ON g.id = m.group_id AND g.organization_id = m.organization_id \
         LEFT JOIN permission_group_portal_roles r ON r.group_id = g.id \
         WHERE s.token_hash = $1",
    )
    .bind(token_hash.clone())
    .fetch_all(&state.db.pool)
    .await?;
    let Some(row) = rows.first() else { return Ok(None) };
    if Stage::parse(&row.stage) != Some(Stage::Authenticated) {
        return Ok(None);
    }
    let now = state.now();
    let expired = now - row.last_seen_at > state.config.session_idle_secs
        || now - row.created_at > state.config.session_absolute_secs
        || row.user_status.as_deref() != Some("active");
    if expired {
        delete(state, &token_hash).await?;
        return Ok(None);
    }
    // Touch the session at most once a minute.
    if now - row.last_seen_at >= 60 {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash.clone())
            .execute(&state.db.pool)
            .await?;
    }
    let signed_in_at = row.created_at;
    Ok(identity_of_rows(state, rows.into_iter().map(|r| r.person).collect(), token_hash, signed_in_at))
}

/// Signs the caller out: their session ends and the cookie is removed.
pub async fn sign_out(who: &Identity) -> Result<(), AppError> {
    let state = &who.state;
    delete(state, &who.session_hash).await?;
    super::backchannel::end_portal_session(state, &who.session_hash).await?;
    cookies::set(&cookies::session(state, "", 0));
    who.org().record_own("sign-out", client_addr().as_deref()).await
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    profile_id: String,
    organization_id: String,
    stage: String,
    pending_totp_secret: Option<String>,
    return_to: Option<String>,
    created_at: i64,
    last_seen_at: i64,
}

/// The caller's session when it is at the `expected` step before sign-in, or `Unauthorized`.
pub async fn pending_session(expected: PendingStage) -> Result<Pending, AppError> {
    let state = super::app_state()?;
    let token = cookies::read(&cookies::request_headers(), cookies::SESSION_COOKIE).ok_or(AppError::Unauthorized)?;
    let token_hash = hash_token(&token);
    let row: Option<PendingRow> = sqlx::query_as(
        "SELECT profile_id, organization_id, stage, pending_totp_secret, return_to, created_at, last_seen_at FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash.clone())
    .fetch_optional(&state.db.pool)
    .await?;
    let row = row.ok_or(AppError::Unauthorized)?;
    let now = state.now();
    if now - row.created_at > PENDING_STAGE_SECS || now - row.last_seen_at > state.config.session_idle_secs {
        delete(&state, &token_hash).await?;
        return Err(AppError::Unauthorized);
    }
    let stage = match Stage::parse(&row.stage) {
        Some(Stage::SecondFactor) => PendingStage::SecondFactor,
        Some(Stage::Enrolment) => PendingStage::Enrolment,
        _ => return Err(AppError::Unauthorized),
    };
    if stage != expected {
        return Err(AppError::Unauthorized);
    }
    Ok(Pending {
        state,
        token_hash,
        profile_id: row.profile_id,
        organization_id: row.organization_id,
        stage,
        pending_secret: row.pending_totp_secret,
        return_to: row.return_to,
    })
}

impl Pending {
    async fn account(&self) -> Result<Account, AppError> {
        let (email,): (String,) = sqlx::query_as("SELECT email FROM profiles WHERE id = $1")
            .bind(self.profile_id.clone())
            .fetch_one(&self.state.db.pool)
            .await?;
        Ok(Account { profile_id: self.profile_id.clone(), organization_id: self.organization_id.clone(), email })
    }

    /// What the set-up page shows: the QR code and key of the secret waiting in this session.
    pub async fn mfa_setup_info(&self) -> Result<MfaSetupInfo, AppError> {
        let secret = self.pending_secret.as_deref().ok_or(AppError::Unauthorized)?;
        totp::setup_for(secret, &self.account().await?.email)
    }

    /// Confirms the first set-up with a code of the new secret: the account becomes active,
    /// gets its recovery codes (returned, shown once) and the person is signed in; where they
    /// were going (an application's sign-in) comes back with the codes.
    pub async fn confirm_enrolment(self, code: TotpCode) -> Result<crate::platform::Enrolled, AppError> {
        if self.stage != PendingStage::Enrolment {
            return Err(AppError::Unauthorized);
        }
        let secret = self.pending_secret.clone().ok_or(AppError::Unauthorized)?;
        let Some(step) = totp::matching_step(&secret, &code, self.state.now())? else {
            return Err(AppError::field("code", "error-code-invalid"));
        };
        let state = &self.state;
        sqlx::query(
            "UPDATE profiles SET totp_secret = $1, totp_last_step = $2, user_status = 'active', updated_at = $3, version = version + 1 WHERE id = $4",
        )
        .bind(secret)
        .bind(step)
        .bind(state.now())
        .bind(self.profile_id.clone())
        .execute(&state.db.pool)
        .await?;
        let codes = totp::new_recovery_codes(state, &self.profile_id, &self.organization_id).await?;
        replace(state, &self.profile_id, &self.organization_id, Stage::Authenticated, Begin::default()).await?;
        let account = self.account().await?;
        let ip = client_addr();
        account.record(state, "mfa-set-up", ip.as_deref()).await?;
        account.record(state, "activated", ip.as_deref()).await?;
        let next = ReturnTo::optional(self.return_to.as_deref()).map(|r| r.as_str().to_string());
        Ok(crate::platform::Enrolled { codes, next })
    }

    /// The second step of signing in: a current code, or a recovery code, each accepted once.
    /// Wrong codes count towards the lock like wrong passwords. Gives the person's portal
    /// language, so that the first page after this one is in it, and where signing in continues
    /// (an application's sign-in that sent them here), if anywhere.
    pub async fn verify_second_factor(self, code: OneTimeCode) -> Result<(Lang, Option<ReturnTo>), AppError> {
        if self.stage != PendingStage::SecondFactor {
            return Err(AppError::Unauthorized);
        }
        let state = &self.state;
        let (secret, language): (Option<String>, String) = sqlx::query_as("SELECT totp_secret, portal_language FROM profiles WHERE id = $1")
            .bind(self.profile_id.clone())
            .fetch_one(&state.db.pool)
            .await?;
        let account = self.account().await?;
        let ip = client_addr();
        if credentials::is_locked(state, &account.email).await? {
            account.record(state, "sign-in-locked", ip.as_deref()).await?;
            return Err(AppError::field("code", "error-code-invalid"));
        }
        let accepted = match (&code, &secret) {
            (OneTimeCode::Totp(code), Some(secret)) => match totp::matching_step(secret, code, state.now())? {
                Some(step) => totp::claim_step(state, &self.profile_id, step).await?,
                None => false,
            },
            (OneTimeCode::Totp(_), None) => false,
            (OneTimeCode::Recovery(code), _) => {
                let ok = totp::use_recovery_code(state, &self.profile_id, code).await?;
                if ok {
                    account.record(state, "recovery-code-used", ip.as_deref()).await?;
                }
                ok
            }
        };
        if !accepted {
            account.record(state, "mfa-failed", ip.as_deref()).await?;
            credentials::register_failure(state, &account.email, Some(&account), ip.as_deref()).await?;
            return Err(AppError::field("code", "error-code-invalid"));
        }
        credentials::reset_failures(state, &account.email).await?;
        delete(state, &self.token_hash).await?;
        replace(state, &self.profile_id, &self.organization_id, Stage::Authenticated, Begin::default()).await?;
        account.record(state, "sign-in", ip.as_deref()).await?;
        Ok((Lang::parse(&language).unwrap_or_default(), ReturnTo::optional(self.return_to.as_deref())))
    }
}

/// Counts a code that could not even be read as a failed attempt of the pending person.
pub async fn refuse_unreadable_code(pending: &Pending) -> Result<(), AppError> {
    let account = pending.account().await?;
    let ip = client_addr();
    account.record(&pending.state, "mfa-failed", ip.as_deref()).await?;
    credentials::register_failure(&pending.state, &account.email, Some(&account), ip.as_deref()).await
}

/// Sessions of a signed-in person: the list, ending some, the MFA secret waiting for confirmation.
impl super::access::OrgDb {
    /// Keeps a new TOTP secret in the caller's session until a code of it confirms it.
    pub async fn hold_pending_secret(&self, secret: Option<&str>) -> Result<(), AppError> {
        sqlx::query("UPDATE sessions SET pending_totp_secret = $1 WHERE token_hash = $2")
            .bind(secret.map(str::to_string))
            .bind(self.session_hash().to_string())
            .execute(self.db())
            .await?;
        Ok(())
    }

    /// The secret waiting in the caller's session, if any.
    pub async fn pending_secret(&self) -> Result<Option<String>, AppError> {
        let row: Option<(Option<String>,)> = sqlx::query_as("SELECT pending_totp_secret FROM sessions WHERE token_hash = $1")
            .bind(self.session_hash().to_string())
            .fetch_optional(self.db())
            .await?;
        Ok(row.and_then(|r| r.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip_and_unknown_ones_are_refused() {
        for s in [Stage::Authenticated, Stage::SecondFactor, Stage::Enrolment] {
            assert_eq!(Stage::parse(s.code()), Some(s));
        }
        assert_eq!(Stage::parse("Authenticated"), None);
    }
}
