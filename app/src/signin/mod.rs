//! Signing in: the password, then the code of the authenticator (or a recovery code).

use crate::error::AppError;
use crate::form::{error_of, form_error, CodeField};
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

mod page;
#[cfg(feature = "ssr")]
mod ssr;

/// The first step: email and password. Open to anyone, rate-limited. `next` is where signing
/// in continues once complete (an application's sign-in); only a path of the portal is kept.
#[server(prefix = "/api/public", endpoint = "login")]
pub async fn login(email: String, password: String, #[server(default)] next: Option<String>) -> Result<(), AppError> {
    ssr::login(email, password, next).await
}

/// Which way an address signs in, as the first step learns it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Way {
    /// The portal's password comes next.
    Password,
    /// Off to the organization's identity provider, at this address.
    Provider(String),
    /// The organization's identity provider (its name), or the password: the person chooses.
    Either(String),
    /// Only through the organization's identity provider (its name).
    ProviderOnly(String),
}

/// Which way an address signs in, without starting anything: what the password step offers
/// (the provider's button where the organization allows both). Rate-limited.
#[server(prefix = "/api/public", endpoint = "login_way")]
pub async fn login_way(email: String) -> Result<Way, AppError> {
    ssr::login_way(email).await
}

/// Where the first step sends the browser: the password step of the portal (`provider` false),
/// or the organization's identity provider.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Started {
    pub to: String,
    pub provider: bool,
}

/// The first step: the e-mail address alone. An address of a domain an organization's identity
/// provider covers goes there (or to a choice with the password, where the organization allows
/// it; `via` when the person chose the provider); any other continues with the password,
/// whether or not it is anyone's. Rate-limited.
#[server(prefix = "/api/public", endpoint = "login_start")]
pub async fn login_start(email: String, #[server(default)] next: Option<String>, #[server(default)] via: Option<String>) -> Result<Started, AppError> {
    ssr::login_start(email, next, via.is_some()).await
}

/// A pending sign-in's provider (its name) and sign-in address, by its `state`: where a browser
/// without JavaScript goes on to from `/login/provider`.
#[server(prefix = "/api/public/unlimited", endpoint = "provider_step")]
pub async fn provider_step(state: String) -> Result<(String, String), AppError> {
    ssr::provider_step(state).await
}

/// Where an identity provider sends the person back (`code` and `state`, or `error`): the
/// browser goes on to the next step, or back to sign-in saying why not.
#[server(prefix = "/api/public/unlimited", endpoint = "sso_callback", input = server_fn::codec::GetUrl)]
pub async fn sso_callback(
    #[server(default)] code: Option<String>,
    #[server(default)] state: Option<String>,
    #[server(default)] error: Option<String>,
) -> Result<(), AppError> {
    ssr::sso_callback(code, state, error).await
}

/// Signed in: the person's portal language, and where to go on if not to their profile.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SignedIn {
    pub lang: Lang,
    pub next: Option<String>,
}

/// The second step: the code, for a session whose password was right. Rate-limited. Answers
/// with the person's portal language (the page switches to it before the next one shows) and
/// where signing in continues.
#[server(prefix = "/api/public", endpoint = "verify_code")]
pub async fn verify_code(code: String) -> Result<SignedIn, AppError> {
    ssr::verify_code(code).await
}

pub use page::{LoginPage, ProviderStepPage};

/// Second step of signing in: the 6-digit code or a recovery code.
#[component]
pub fn CodePage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<VerifyCode>::new();
    let err = error_of(action.value());
    // Signed in: the person's own language first (its messages fetched if need be), then their
    // profile, so that its first frame is in that language, as the server renders their pages.
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(signed_in)) = action.value().get() {
            let navigate = navigate.clone();
            leptos::task::spawn_local(async move {
                i18n.switch_loaded(signed_in.lang).await;
                match signed_in.next {
                    // An application's sign-in is the server's, not a page of this app.
                    Some(next) => crate::browser::go_to(&next),
                    None => navigate("/profile", Default::default()),
                }
            });
        }
    });
    view! {
        <section class="card sign-in">
            <h1>{i18n.t("mfa-code-title")}</h1>
            <p class="muted">{i18n.t("mfa-code-intro")}</p>
            {form_error(err)}
            <ActionForm action=action>
                <CodeField err=err recovery=true focus=true />
                <p class="hint">{i18n.t("mfa-code-recovery-hint")}</p>
                <button type="submit" class="primary">{i18n.t("mfa-code-submit")}</button>
            </ActionForm>
        </section>
    }
}
