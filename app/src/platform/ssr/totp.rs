//! TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps; the current and the previous step only,
//! each accepted once) and the single-use recovery codes.

use super::access::{Insert, OrgDb};
use super::state::AppState;
use super::{hash_token, internal, new_id, random_hex};
use crate::domain::{RecoveryCode, TotpCode};
use crate::error::AppError;
use crate::i18n::brand;
use crate::platform::MfaSetupInfo;
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, Secret, TOTP};

const RECOVERY_CODES: usize = 10;

/// A new random secret (160 bits), base32.
pub fn new_secret() -> String {
    Secret::generate_secret().to_encoded().to_string()
}

fn totp(secret_b32: &str, account: &str) -> Result<TOTP, AppError> {
    let bytes = Secret::Encoded(secret_b32.to_string()).to_bytes().map_err(|e| internal(format!("{e:?}")))?;
    let issuer: String = brand().chars().filter(|c| *c != ':').collect();
    TOTP::new(Algorithm::SHA1, 6, 1, 30, bytes, Some(issuer), account.to_string()).map_err(|e| internal(format!("{e:?}")))
}

/// The code of a time step (for tests and the demo's command line).
pub fn code_at(secret_b32: &str, step: i64) -> Result<String, AppError> {
    Ok(totp(secret_b32, "x")?.generate((step.max(0) * 30) as u64))
}

/// The time step whose code this is: the current step or the one before, nothing older.
pub fn matching_step(secret_b32: &str, code: &TotpCode, now: i64) -> Result<Option<i64>, AppError> {
    let t = totp(secret_b32, "x")?;
    let current = now.div_euclid(30);
    for step in [current, current - 1] {
        if bool::from(t.generate((step * 30) as u64).as_bytes().ct_eq(code.as_str().as_bytes())) {
            return Ok(Some(step));
        }
    }
    Ok(None)
}

/// Accepts a code at most once: the step must be newer than the last one accepted, decided by
/// one conditional UPDATE, so that two requests with the same code cannot both win.
pub(super) async fn claim_step(state: &AppState, profile_id: &str, step: i64) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE profiles SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)")
        .bind(step)
        .bind(profile_id.to_string())
        .execute(&state.db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

fn qr_svg(text: &str) -> Result<String, AppError> {
    use qrcodegen::{QrCode, QrCodeEcc};
    use std::fmt::Write;
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).map_err(|e| internal(format!("{e:?}")))?;
    let border = 4;
    let size = qr.size() + border * 2;
    let mut path = String::new();
    for y in 0..qr.size() {
        for x in 0..qr.size() {
            if qr.get_module(x, y) {
                let _ = write!(path, "M{},{}h1v1h-1z", x + border, y + border);
            }
        }
    }
    Ok(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges" aria-hidden="true" focusable="false"><rect width="100%" height="100%" fill="#fff"/><path d="{path}" fill="#000"/></svg>"##
    ))
}

pub(super) fn setup_for(secret: &str, email: &str) -> Result<MfaSetupInfo, AppError> {
    let uri = totp(secret, email)?.get_url();
    Ok(MfaSetupInfo { secret: secret.to_string(), qr_svg: qr_svg(&uri)?, otpauth_uri: uri })
}

/// Replaces a person's recovery codes with ten new ones, returned once (only hashes are kept).
pub(super) async fn new_recovery_codes(state: &AppState, profile_id: &str, organization_id: &str) -> Result<Vec<String>, AppError> {
    let mut tx = state.db.pool.begin().await?;
    sqlx::query("DELETE FROM recovery_codes WHERE profile_id = $1").bind(profile_id.to_string()).execute(&mut *tx).await?;
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let raw = random_hex(5);
        let code = format!("{}-{}", &raw[..5], &raw[5..]);
        Insert::into(&state.db.pool, "recovery_codes")
            .value("id", new_id())
            .value("profile_id", profile_id.to_string())
            .value("organization_id", organization_id.to_string())
            .value("code_hash", hash_token(&code))
            .value("created_at", state.now())
            .execute_on(&mut tx)
            .await?;
        codes.push(code);
    }
    tx.commit().await?;
    Ok(codes)
}

/// Uses up a recovery code; false when it is unknown or already used.
pub(super) async fn use_recovery_code(state: &AppState, profile_id: &str, code: &RecoveryCode) -> Result<bool, AppError> {
    let used = sqlx::query("UPDATE recovery_codes SET used_at = $1 WHERE profile_id = $2 AND code_hash = $3 AND used_at IS NULL")
        .bind(state.now())
        .bind(profile_id.to_string())
        .bind(hash_token(code.as_str()))
        .execute(&state.db.pool)
        .await?;
    Ok(used.rows_affected() == 1)
}

/// "Edit your MFA", for a signed-in person.
impl OrgDb {
    /// True when `code` is a current code of the caller's secret, not used before (it is used now).
    pub async fn claim_current_code(&self, code: &TotpCode) -> Result<bool, AppError> {
        let (secret,): (Option<String>,) = self
            .query_as("SELECT totp_secret FROM profiles WHERE organization_id = $1 AND id = $2")
            .bind(self.profile_id().to_string())
            .fetch_one()
            .await?;
        match secret.map(|s| matching_step(&s, code, self.now())).transpose()?.flatten() {
            Some(step) => claim_step(self.state(), self.profile_id(), step).await,
            None => Ok(false),
        }
    }

    /// Starts moving the caller's MFA: a new secret waits in their session until confirmed.
    pub async fn start_mfa_change(&self) -> Result<MfaSetupInfo, AppError> {
        let secret = new_secret();
        self.hold_pending_secret(Some(&secret)).await?;
        setup_for(&secret, self.me().email())
    }

    /// Confirms the waiting secret with one of its codes: it replaces the old one, and new
    /// recovery codes are returned (shown once).
    pub async fn confirm_mfa_change(&self, code: &TotpCode) -> Result<Vec<String>, AppError> {
        let secret = self.pending_secret().await?.ok_or(AppError::Unauthorized)?;
        let Some(step) = matching_step(&secret, code, self.now())? else {
            return Err(AppError::field("code", "error-code-invalid"));
        };
        self.query("UPDATE profiles SET totp_secret = $2, totp_last_step = $3, updated_at = $4 WHERE organization_id = $1 AND id = $5")
            .bind(secret)
            .bind(step)
            .bind(self.now())
            .bind(self.profile_id().to_string())
            .execute()
            .await?;
        let codes = new_recovery_codes(self.state(), self.profile_id(), &self.me().organization_id).await?;
        self.hold_pending_secret(None).await?;
        Ok(codes)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    fn code(s: &str) -> TotpCode {
        TotpCode::parse(s).unwrap()
    }

    #[test]
    fn codes_of_the_current_and_previous_step_match_older_ones_do_not() {
        let now = 1_795_000_015;
        let step = now / 30;
        let current = code(&code_at(SECRET, step).unwrap());
        let previous = code(&code_at(SECRET, step - 1).unwrap());
        let older = code(&code_at(SECRET, step - 2).unwrap());
        let next = code(&code_at(SECRET, step + 1).unwrap());
        assert_eq!(matching_step(SECRET, &current, now).unwrap(), Some(step));
        assert_eq!(matching_step(SECRET, &previous, now).unwrap(), Some(step - 1));
        assert_eq!(matching_step(SECRET, &older, now).unwrap(), None);
        assert_eq!(matching_step(SECRET, &next, now).unwrap(), None);
    }

    #[test]
    fn rfc_6238_test_vector() {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082 (8 digits); the last 6 are ours.
        let secret = Secret::Raw(b"12345678901234567890".to_vec()).to_encoded().to_string();
        assert_eq!(code_at(&secret, 1).unwrap(), "287082");
    }
}
