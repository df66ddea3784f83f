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
                .map(|s| {
                    let (browser, os) = device(s.user_agent.as_deref());
                    SessionInfo {
                    id: s.public_id,
                    current: s.current,
                    ip: s.ip,
                    browser,
                    os,
                    user_agent: s.user_agent,
                    created_at: s.created_at,
                    last_seen_at: s.last_seen_at,
                    }
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
            if let Some(number) = &phone {
                crate::platform::ssr::phone::check(number).map_err(|e| AppError::field("mfa_phone", e.0))?;
            }
            org.query("UPDATE profiles SET mfa_phone = $2, updated_at = $3 WHERE organization_id = $1 AND id = $4")
                .bind(phone.map(|p| p.as_str().to_string()))
                .bind(org.now())
                .bind(org.profile_id().to_string())
                .execute()
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
                .fetch_one()
                .await?;
            Ok(phone.as_deref().map(crate::platform::ssr::phone::display))
        }
        .await,
    )
}

/// The browser and the system named by a user agent (woothee's tables), when it knows them.
fn device(agent: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(found) = agent.and_then(|a| woothee::parser::Parser::new().parse(a)) else { return (None, None) };
    let known = |s: &str| (!s.is_empty() && s != woothee::woothee::VALUE_UNKNOWN).then(|| s.to_string());
    let os = match found.os {
        "Mac OSX" => Some("macOS".to_string()),
        other => known(other),
    };
    (known(found.name), os)
}

#[cfg(test)]
mod tests {
    use super::device;

    #[test]
    fn user_agents_read_as_browser_and_system() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
        assert_eq!(device(Some(chrome)), (Some("Chrome".into()), Some("Linux".into())));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device(Some(iphone)), (Some("Safari".into()), Some("iPhone".into())));
        assert_eq!(device(Some("curl/8.0")).1, None);
        assert_eq!(device(None), (None, None));
    }
}
