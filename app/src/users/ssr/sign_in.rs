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
            let users = admin.break_glass_candidates().await?;
            let redirect_uri = format!("{}{CALLBACK_PATH}", admin.state().config.public_url);
            let settings = admin.identity_provider().await?.unwrap_or_default();
            Ok(SignInView { settings, users, redirect_uri })
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
