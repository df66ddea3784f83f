//! A new user's first visit: the invitation link, a password, the authenticator set-up and the
//! recovery codes, then My Profile.

use crate::error::AppError;
use crate::form::{error_of, form_error, token_from_query, CodeField, LinkPage, MfaEnrol, NewPassword};
use crate::i18n::use_i18n;
use crate::platform::{Enrolled, LinkInfo, MfaSetupInfo};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr;

/// Who an invitation link is for. Guesses nothing worth limiting (256-bit tokens).
#[server(prefix = "/api/public/unlimited", endpoint = "check_invitation")]
pub async fn check_invitation(token: String) -> Result<LinkInfo, AppError> {
    ssr::check_invitation(token).await
}

#[server(prefix = "/api/public", endpoint = "activate")]
pub async fn activate(token: String, password: String, password_confirm: String) -> Result<(), AppError> {
    ssr::activate(token, password, password_confirm).await
}

/// The QR code and key of the secret waiting in the caller's set-up session.
#[server(prefix = "/api/public/unlimited", endpoint = "mfa_setup")]
pub async fn mfa_setup() -> Result<MfaSetupInfo, AppError> {
    ssr::mfa_setup().await
}

/// Confirms the set-up with a first code; answers the recovery codes, shown once, and where
/// the person goes on.
#[server(prefix = "/api/public", endpoint = "confirm_mfa")]
pub async fn confirm_mfa(code: String) -> Result<Enrolled, AppError> {
    ssr::confirm_mfa(code).await
}

/// The invitation link: set a password; MFA set-up follows.
#[component]
pub fn ActivatePage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Activate>::new();
    let token = token_from_query();
    let info = Resource::new(move || token.get(), check_invitation);
    let form = move |who: LinkInfo| {
        let err = error_of(action.value());
        let (passwords, has_provider) = (who.passwords, who.provider.is_some());
        view! {
            <section class="card sign-in">
                <h1>{i18n.t("activate-title")}</h1>
                <p>{move || crate::i18n::translate_with(i18n.get(), "activate-intro", "name", &who.first_name)}</p>
                <p class="muted">{who.email.clone()}</p>
                {who.provider.clone().map(|name| {
                    let (intro_name, button_name) = (name.clone(), name);
                    view! {
                        // Signing in at the organization's provider accepts the invitation.
                        <p>{move || crate::i18n::translate_with(i18n.get(), "activate-provider-intro", "provider", &intro_name)}</p>
                        <form method="post" action="/api/public/login_start">
                            <input type="hidden" name="email" value=who.email.clone() />
                            <input type="hidden" name="via" value="1" />
                            <button type="submit" class="primary">{move || crate::i18n::translate_with(i18n.get(), "auth-sign-in-with", "provider", &button_name)}</button>
                        </form>
                    }
                })}
                {form_error(err)}
                <Show when=move || passwords>
                    <Show when=move || has_provider>
                        <p class="muted">{i18n.t("activate-or-password")}</p>
                    </Show>
                    <ActionForm action=action>
                        <input type="hidden" name="token" value=move || token.get() />
                        <NewPassword name="password" label="activate-password" err=err />
                        <button type="submit" class=if has_provider { "secondary" } else { "primary" }>{i18n.t("activate-submit")}</button>
                    </ActionForm>
                </Show>
            </section>
        }
    };
    view! { <LinkPage info=info problem=("link-invitation-invalid-title", "link-invitation-invalid-body") form=form /> }
}

/// First sign-in: set up the authenticator before anything else.
#[component]
pub fn MfaSetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let setup = Resource::new(|| (), |_| mfa_setup());
    view! {
        <section class="card sign-in wide">
            <h1>{i18n.t("mfa-setup-title")}</h1>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok(s) => view! { <Enrol setup=s /> }.into_any(),
                        Err(e) => view! {
                            <p class="alert" role="alert">{i18n.tr(e.message_id())}</p>
                            <a class="text-link" href="/login">{i18n.t("auth-back-to-sign-in")}</a>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Enrol(setup: MfaSetupInfo) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ConfirmMfa>::new();
    let enrolled = Signal::derive(move || action.value().get().and_then(Result::ok));
    let codes = Signal::derive(move || enrolled.get().map(|e| e.codes));
    let next = Signal::derive(move || enrolled.get().and_then(|e| e.next));
    let err = error_of(action.value());
    view! {
        <MfaEnrol setup=setup codes=codes next=next>
            {form_error(err)}
            <ActionForm action=action>
                <CodeField err=err focus=true />
                <button type="submit" class="primary">{i18n.t("mfa-setup-confirm")}</button>
            </ActionForm>
        </MfaEnrol>
    }
}
