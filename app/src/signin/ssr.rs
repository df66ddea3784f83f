//! The sign-in steps on the server: everything they touch lives in the platform (credentials,
//! the pending session, TOTP and recovery codes).

use crate::domain::{Email, OneTimeCode, ReturnTo};
use crate::error::AppError;
use super::SignedIn;
use crate::platform::ssr::session::refuse_unreadable_code;
use crate::platform::ssr::{app_state, client_addr, credentials, is_form_post, pending_session, reply, PendingStage};

pub async fn login(email: String, password: String, next: Option<String>) -> Result<(), AppError> {
    reply(
        async {
            let state = app_state()?;
            let email = Email::parse(&email).map_err(|e| AppError::field("email", e.0))?;
            if password.is_empty() {
                return Err(AppError::field("password", "error-required"));
            }
            // Where signing in continues afterwards (an application's sign-in): a portal path only.
            let return_to = ReturnTo::optional(next.as_deref());
            let step = credentials::sign_in_with_password(&state, email, password, client_addr().as_deref(), return_to.as_ref()).await?;
            leptos_axum::redirect(step);
            Ok(())
        }
        .await,
    )
}

pub async fn verify_code(code: String) -> Result<SignedIn, AppError> {
    reply(
        async {
            let pending = pending_session(PendingStage::SecondFactor).await?;
            let Ok(code) = OneTimeCode::parse(&code) else {
                refuse_unreadable_code(&pending).await?;
                return Err(AppError::field("code", "error-code-invalid"));
            };
            let (lang, next) = pending.verify_second_factor(code).await?;
            let next = next.map(String::from);
            // A plain form goes on here (to the profile, or to the application whose sign-in
            // sent the person); the live page goes on itself, once the person's language is
            // there (so that the next page's first frame is in it).
            if is_form_post() {
                leptos_axum::redirect(next.as_deref().unwrap_or("/profile"));
            }
            Ok(SignedIn { lang, next })
        }
        .await,
    )
}
