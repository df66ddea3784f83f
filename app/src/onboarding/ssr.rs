//! The onboarding steps on the server: the link and the set-up session are the platform's.

use crate::domain::TotpCode;
use crate::error::AppError;
use crate::platform::ssr::activation;
use crate::platform::ssr::links::{self, Purpose};
use crate::platform::ssr::{app_state, pending_session, reply, PendingStage};
use crate::platform::{Enrolled, LinkInfo, MfaSetupInfo};

pub async fn check_invitation(token: String) -> Result<LinkInfo, AppError> {
    reply(async { links::check(&app_state()?, &token, Purpose::Invitation).await }.await)
}

pub async fn activate(token: String, password: String, confirm: String) -> Result<(), AppError> {
    reply(
        async {
            activation::activate(&app_state()?, &token, &password, &confirm).await?;
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
