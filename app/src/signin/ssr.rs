//! The sign-in steps on the server: everything they touch lives in the platform (credentials,
//! the pending session, TOTP and recovery codes).

use crate::domain::{Email, OneTimeCode, ReturnTo};
use crate::error::AppError;
use super::SignedIn;
use crate::platform::ssr::session::refuse_unreadable_code;
use crate::platform::ssr::federation::{self, flow};
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

pub async fn login_way(email: String) -> Result<super::Way, AppError> {
    reply(
        async {
            let state = app_state()?;
            let email = Email::parse(&email).map_err(|e| AppError::field("email", e.0))?;
            Ok(match federation::way_for(&state, &email).await? {
                federation::Way::Password => super::Way::Password,
                federation::Way::Provider { display_name, passwords: true, .. } => super::Way::Either(display_name),
                federation::Way::Provider { display_name, .. } => super::Way::ProviderOnly(display_name),
            })
        }
        .await,
    )
}

pub async fn login_start(email: String, next: Option<String>, via_provider: bool) -> Result<super::Started, AppError> {
    reply(
        async {
            let state = app_state()?;
            let email = Email::parse(&email).map_err(|e| AppError::field("email", e.0))?;
            let return_to = ReturnTo::optional(next.as_deref());
            let go = |to: String, provider: bool| {
                if is_form_post() {
                    leptos_axum::redirect(&to);
                }
                Ok(super::Started { to, provider })
            };
            let (organization_id, passwords) = match federation::way_for(&state, &email).await? {
                federation::Way::Password => return go(password_step(&email, return_to.as_ref(), None), false),
                federation::Way::Provider { organization_id, passwords, .. } => (organization_id, passwords),
            };
            // Where the organization allows passwords, the person chooses (unless they just did).
            if passwords && !via_provider {
                return go(password_step(&email, return_to.as_ref(), Some("choose")), false);
            }
            let provider = federation::provider(&state, &organization_id).await?.ok_or(AppError::Internal)?;
            match flow::begin(&state, &provider, &email, return_to.as_ref(), client_addr().as_deref()).await {
                // A plain form may not post on to another site (the page's form-action): the
                // browser goes there from a page of the portal instead.
                Ok(begun) if is_form_post() => {
                    let csrf: String = url::form_urlencoded::byte_serialize(begun.state.as_bytes()).collect();
                    leptos_axum::redirect(&format!("/login/provider?state={csrf}"));
                    Ok(super::Started { to: begun.url, provider: true })
                }
                Ok(begun) => go(begun.url, true),
                // The provider cannot be reached: said clearly; the password where it is allowed.
                Err(flow::Refused::Unreachable) if passwords => go(password_step(&email, return_to.as_ref(), Some("unreachable")), false),
                Err(flow::Refused::Unreachable) => Err(AppError::field("email", "sso-error-unreachable")),
                Err(_) => Err(AppError::Internal),
            }
        }
        .await,
    )
}

/// The password step's address, with the address, where signing in continues and why.
fn password_step(email: &Email, return_to: Option<&ReturnTo>, sso: Option<&str>) -> String {
    let mut pairs = vec![("email", email.as_str().to_string())];
    if let Some(r) = return_to {
        pairs.push(("next", r.as_str().to_string()));
    }
    if let Some(s) = sso {
        pairs.push(("sso", s.to_string()));
    }
    let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>())).collect();
    format!("/login?{}", query.join("&"))
}

pub async fn sso_callback(code: Option<String>, csrf: Option<String>, error: Option<String>) -> Result<(), AppError> {
    let state = app_state()?;
    let ip = client_addr();
    let to = match flow::finish(&state, code.as_deref(), csrf.as_deref(), error.as_deref(), ip.as_deref()).await {
        Ok(next) => next,
        Err((refused, _)) => format!("/login?sso_error={}", refused.code()),
    };
    leptos_axum::redirect(&to);
    Ok(())
}

pub async fn provider_step(csrf: String) -> Result<(String, String), AppError> {
    reply(async { flow::pending_url(&app_state()?, &csrf).await?.ok_or(AppError::LinkInvalid) }.await)
}
