//! Password recovery on the server: the link is the platform's.

use crate::domain::Email;
use crate::error::AppError;
use crate::platform::ssr::links::{self, Purpose};
use crate::platform::ssr::reset;
use crate::platform::ssr::{app_state, client_addr, reply};
use crate::platform::LinkInfo;

pub async fn forgot_password(email: String) -> Result<(), AppError> {
    reply(
        async {
            let email = Email::parse(&email).map_err(|e| AppError::field("email", e.0))?;
            reset::request_reset(&app_state()?, email, client_addr()).await
        }
        .await,
    )
}

pub async fn check_reset_link(token: String) -> Result<LinkInfo, AppError> {
    reply(async { links::check(&app_state()?, &token, Purpose::Reset).await }.await)
}

pub async fn reset_password(token: String, password: String, confirm: String) -> Result<(), AppError> {
    reply(
        async {
            reset::reset_password(&app_state()?, &token, &password, &confirm).await?;
            leptos_axum::redirect("/login?reset=1");
            Ok(())
        }
        .await,
    )
}
