//! The onboarding steps on the server: the link and the set-up session are the platform's.

use crate::domain::TotpCode;
use crate::error::AppError;
use crate::platform::ssr::{activation, federation};
use crate::platform::ssr::links::{self, Purpose};
use crate::platform::ssr::{app_state, pending_session, reply, PendingStage};
use crate::platform::{Enrolled, LinkInfo, MfaSetupInfo};

/// The invitation, and the organization's identity provider where it covers the address.
async fn invitation(state: &crate::platform::ssr::AppState, token: &str) -> Result<LinkInfo, AppError> {
    let mut info = links::check(state, token, Purpose::Invitation).await?;
    if let Some((name, passwords)) = federation::covering(state, &info.organization_id, &info.profile_id, &info.email).await? {
        (info.provider, info.passwords) = (Some(name), passwords);
    }
    Ok(info)
}

pub async fn check_invitation(token: String) -> Result<LinkInfo, AppError> {
    reply(async { invitation(&app_state()?, &token).await }.await)
}

pub async fn activate(token: String, password: String, confirm: String) -> Result<(), AppError> {
    reply(
        async {
            let state = app_state()?;
            // An organization that signs in only through its provider: no password to choose.
            if !invitation(&state, &token).await?.passwords {
                return Err(AppError::field("password", "activate-provider-only"));
            }
            activation::activate(&state, &token, &password, &confirm).await?;
            leptos_axum::redirect("/mfa/setup");
            Ok(())
        }
        .await,
    )
}

pub async fn mfa_setup() -> Result<MfaSetupInfo, AppError> {
    reply(async { pending_session(PendingStage::Enrolment).await?.mfa_setup_info().await }.await)
}

pub async fn confirm_mfa(code: String) -> Result<Enrolled, AppError> {
    reply(
        async {
            let pending = pending_session(PendingStage::Enrolment).await?;
            let code = TotpCode::parse(&code).map_err(|e| AppError::field("code", e.0))?;
            pending.confirm_enrolment(code).await
        }
        .await,
    )
}
