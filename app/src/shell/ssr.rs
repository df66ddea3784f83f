//! The page frame on the server: who is signed in, signing out, the portal language.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::{client_addr, reply, require_user, session};
use crate::platform::{PortalRole, SessionUser};

pub async fn logout() -> Result<(), AppError> {
    reply(
        async {
            session::sign_out(&require_user()?).await?;
            leptos_axum::redirect("/login?signed_out=1");
            Ok(())
        }
        .await,
    )
}

pub fn current_user() -> Result<SessionUser, AppError> {
    reply((|| {
        let who = require_user()?;
        Ok(SessionUser {
            roles: PortalRole::ALL.into_iter().filter(|r| who.has(*r)).collect(),
            first_name: who.first_name().to_string(),
            last_name: who.last_name().to_string(),
            email: who.email().to_string(),
            avatar_style: who.avatar_style().to_string(),
            avatar_seed: crate::avatar::seed(who.profile_id()),
            portal_language: who.portal_language(),
        })
    })())
}

pub async fn save_portal_language(lang: String) -> Result<(), AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let lang = Lang::parse(&lang).ok_or_else(|| AppError::field("lang", "error-language-invalid"))?;
            org.save_portal_language(lang, client_addr().as_deref()).await
        }
        .await,
    )
}
