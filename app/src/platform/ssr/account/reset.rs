//! A forgotten password: the reset link asked for (answered alike for any address) and used.

use super::super::credentials;
use super::super::links::{issue, Purpose};
use super::super::mail::Person;
use super::super::session;
use super::super::state::AppState;
use super::super::client_addr;
use super::set_password_from_link;
use crate::domain::Email;
use crate::error::AppError;

/// Sets a new password from a reset link. Every session ends; signing in still asks the code.
pub async fn reset_password(state: &AppState, token: &str, password: &str, confirm: &str) -> Result<(), AppError> {
    let p = set_password_from_link(state, token, Purpose::Reset, password, confirm).await?;
    session::end_all(state, &p.id).await?;
    credentials::reset_failures(state, &p.email).await?;
    p.account().record(state, "password-reset", client_addr().as_deref()).await?;
    p.mail(state, "password-changed", &[]).await
}

/// "Forgot password": answers alike whether or not the address belongs to someone. The lookup is
/// the same for both; the link, the e-mail and the log line are made after the answer, between
/// 0.1 and 0.4 s later.
pub async fn request_reset(state: &AppState, email: Email, ip: Option<String>) -> Result<(), AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT id, organization_id FROM profiles WHERE email = $1 AND is_user = 1 AND user_status = 'active'")
            .bind(email.as_str().to_string())
            .fetch_optional(&state.db.pool)
            .await?;
    if let Some((profile_id, organization_id)) = row {
        let state = state.clone();
        tokio::spawn(async move {
            // Started a little later, at a random moment, so that it never weighs on this
            // answer nor lines up with the next one.
            let wait = 100 + rand::random::<u64>() % 300;
            tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
            let work = async {
                let p = Person::load(&state, &profile_id).await?;
                // Someone whose organization signs in only through its provider has no portal
                // password to reset: the e-mail says where to sign in instead.
                if let Some((provider, false)) = super::super::federation::covering(&state, &organization_id, &profile_id, &p.email).await? {
                    let link = format!("{}/login", state.config.public_url);
                    p.mail(&state, "password-reset-provider", &[("link", link), ("provider", provider)]).await?;
                    return p.account().record(&state, "password-reset-requested", ip.as_deref()).await;
                }
                let token = issue(&state, &profile_id, &organization_id, Purpose::Reset).await?;
                let link = format!("{}/reset-password?token={token}", state.config.public_url);
                let minutes = (state.config.reset_ttl_secs / 60).to_string();
                p.mail(&state, "password-reset", &[("link", link), ("minutes", minutes)]).await?;
                p.account().record(&state, "password-reset-requested", ip.as_deref()).await
            };
            if let Err(e) = work.await {
                tracing::error!(error = ?e, "queuing a password reset failed");
            }
        });
    }
    Ok(())
}

