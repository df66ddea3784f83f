//! The Sign-in tab on the server, on the administrators' handle: the organization's identity
//! provider settings (never the secret), saved on the version shown, and the connection test.

use super::super::sign_in::{ConnectionTested, SignInView};
use crate::error::AppError;
use crate::platform::ssr::federation::{flow::CALLBACK_PATH, Settings};
use crate::platform::ssr::{reply, require_user};

/// The form as posted.
pub struct Form {
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub domains: String,
    pub allow_passwords: bool,
    pub trust_provider_mfa: bool,
    pub break_glass: String,
}

pub async fn settings() -> Result<SignInView, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            // The break-glass administrator is one of the organization's active administrators.
            let users: Vec<(String, String, String, String)> = admin
                .query_as(
                    "SELECT DISTINCT p.id, p.first_name || ' ' || p.last_name, p.first_name, p.last_name FROM profiles p \
                     JOIN permission_group_members m ON m.profile_id = p.id AND m.organization_id = p.organization_id \
                     JOIN permission_group_portal_roles r ON r.group_id = m.group_id AND r.role_code = 'users-permissions' \
                     WHERE p.organization_id = $1 AND p.is_user = 1 AND p.user_status = 'active' ORDER BY p.first_name, p.last_name, p.id",
                )
                .fetch_all()
                .await?;
            let redirect_uri = format!("{}{CALLBACK_PATH}", admin.state().config.public_url);
            Ok(match admin.identity_provider().await? {
                Some(s) => SignInView {
                    display_name: s.display_name,
                    issuer: s.issuer,
                    client_id: s.client_id,
                    secret_stored: s.secret_stored,
                    domains: s.domains,
                    allow_passwords: s.allow_passwords,
                    trust_provider_mfa: s.trust_provider_mfa,
                    break_glass: s.break_glass_profile_id,
                    version: s.version,
                    users: users.iter().map(|u| (u.0.clone(), u.1.clone())).collect(),
                    redirect_uri,
                },
                None => SignInView {
                    display_name: String::new(),
                    issuer: String::new(),
                    client_id: String::new(),
                    secret_stored: false,
                    domains: vec![],
                    allow_passwords: true,
                    trust_provider_mfa: false,
                    break_glass: None,
                    version: 0,
                    users: users.iter().map(|u| (u.0.clone(), u.1.clone())).collect(),
                    redirect_uri,
                },
            })
        }
        .await,
    )
}

pub async fn save(f: Form, version: i64) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let settings = Settings {
                display_name: f.display_name,
                issuer: f.issuer,
                client_id: f.client_id,
                client_secret: Some(f.client_secret).filter(|s| !s.trim().is_empty()),
                domains: f.domains.split(['\n', ',', ' ']).map(str::trim).filter(|d| !d.is_empty()).map(str::to_string).collect(),
                allow_passwords: f.allow_passwords,
                trust_provider_mfa: f.trust_provider_mfa,
                break_glass_profile_id: Some(f.break_glass).filter(|b| !b.is_empty()),
            };
            admin.save_identity_provider(settings, version).await?;
            admin.record_about(admin.profile_id(), admin.me().email(), "sign-in-settings-changed", crate::platform::ssr::client_addr().as_deref()).await
        }
        .await,
    )
}

pub async fn test() -> Result<ConnectionTested, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = admin.test_identity_provider().await?;
            Ok(ConnectionTested { issuer: t.issuer, keys: t.keys })
        }
        .await,
    )
}
