//! Security settings on the server, on the caller's own handle.

use super::SessionInfo;
use crate::domain::{PhoneNumber, SessionPublicId, TotpCode};
use crate::error::AppError;
use crate::platform::ssr::credentials::check_new_password;
use crate::platform::ssr::{client_addr, reply, require_user, OrgDb};
use crate::platform::MfaSetupInfo;

/// The caller's password, checked; a wrong one is a field error.
async fn check_current_password(org: &OrgDb, password: String) -> Result<(), AppError> {
    if org.verify_my_password(password).await? {
        Ok(())
    } else {
        Err(AppError::field("current_password", "error-current-password"))
    }
}

pub async fn change_password(current: String, new: String, confirm: String) -> Result<(), AppError> {
    reply(
        async {
            let org = require_user()?.org();
            check_current_password(&org, current).await?;
            let organization_name = org.organization_name().await?;
            let new = check_new_password("new_password", &new, &confirm, &organization_name, org.me().email())?;
            org.set_my_password(new).await?;
            // Every other session ends; this one stays.
            org.end_other_sessions().await?;
            org.record_own("password-changed", client_addr().as_deref()).await?;
            org.mail_me("password-changed", &[]).await
        }
        .await,
    )
}

pub async fn start_mfa_change(password: String, code: String) -> Result<MfaSetupInfo, AppError> {
    reply(
        async {
            let org = require_user()?.org();
            check_current_password(&org, password).await?;
            let code = TotpCode::parse(&code).map_err(|e| AppError::field("code", e.0))?;
            if !org.claim_current_code(&code).await? {
                return Err(AppError::field("code", "error-code-invalid"));
            }
            org.start_mfa_change().await
        }
        .await,
    )
}

pub async fn confirm_mfa_change(code: String) -> Result<Vec<String>, AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let code = TotpCode::parse(&code).map_err(|e| AppError::field("code", e.0))?;
            let codes = org.confirm_mfa_change(&code).await?;
            org.record_own("mfa-changed", client_addr().as_deref()).await?;
            org.mail_me("mfa-changed", &[]).await?;
            Ok(codes)
        }
        .await,
    )
}

pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    reply(
        async {
            let org = require_user()?.org();
            Ok(org
                .signed_in_sessions()
                .await?
                .into_iter()
                .map(|s| SessionInfo {
                    id: s.public_id,
                    current: s.current,
                    ip: s.ip,
                    user_agent: s.user_agent,
                    created_at: s.created_at,
                    last_seen_at: s.last_seen_at,
                })
                .collect())
        }
        .await,
    )
}

/// Ends one of the caller's own sessions (never someone else's), or all but the current one.
pub async fn revoke_sessions(id: Option<SessionPublicId>) -> Result<(), AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let ended = match id {
                Some(id) => org.end_session(id.as_str()).await?,
                None => org.end_other_sessions().await? > 0,
            };
            if ended {
                org.record_own("session-revoked", client_addr().as_deref()).await?;
            }
            Ok(())
        }
        .await,
    )
}

/// The "Multifactor Authentication Number", stored in E.164; empty removes it.
pub async fn update_mfa_phone(phone: String) -> Result<(), AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let phone = PhoneNumber::parse_optional(&phone).map_err(|e| AppError::field("mfa_phone", e.0))?;
            org.query("UPDATE profiles SET mfa_phone = $2, updated_at = $3 WHERE organization_id = $1 AND id = $4")
                .bind(phone.map(|p| p.as_str().to_string()))
                .bind(org.now())
                .bind(org.profile_id().to_string())
                .execute(org.db())
                .await?;
            org.record_own("mfa-phone-changed", client_addr().as_deref()).await
        }
        .await,
    )
}

pub async fn my_mfa_phone() -> Result<Option<String>, AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let (phone,): (Option<String>,) = org
                .query_as("SELECT mfa_phone FROM profiles WHERE organization_id = $1 AND id = $2")
                .bind(org.profile_id().to_string())
                .fetch_one(org.db())
                .await?;
            Ok(phone)
        }
        .await,
    )
}
