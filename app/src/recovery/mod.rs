//! "Forgot your password?": a link by e-mail, then a new password. Signing in still asks the code.

use crate::error::AppError;
use crate::form::{checks, error_of, form_error, token_from_query, CheckedInput, FieldCheck, LinkPage, NewPassword};
use crate::i18n::use_i18n;
use crate::platform::LinkInfo;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr;

/// Sends a reset link when the address belongs to someone; answers the same either way.
#[server(prefix = "/api/public", endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    ssr::forgot_password(email).await
}

/// Who a reset link is for.
#[server(prefix = "/api/public/unlimited", endpoint = "check_reset_link")]
pub async fn check_reset_link(token: String) -> Result<LinkInfo, AppError> {
    ssr::check_reset_link(token).await
}

#[server(prefix = "/api/public", endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String, password_confirm: String) -> Result<(), AppError> {
    ssr::reset_password(token, password, password_confirm).await
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ForgotPassword>::new();
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    let err = error_of(action.value());
    let email = FieldCheck::new("email", checks::email, err);
    view! {
        <section class="card sign-in">
            <h1>{i18n.t("forgot-title")}</h1>
            <Show when=sent fallback=move || view! {
                <p class="muted">{i18n.t("forgot-intro")}</p>
                {form_error(err)}
                <ActionForm action=action>
                    <CheckedInput name="email" label="auth-email" kind="email" autocomplete="username" required=true check=email />
                    <button type="submit" class="primary">{i18n.t("forgot-submit")}</button>
                </ActionForm>
            }>
                <p class="notice" role="status">{i18n.t("forgot-sent")}</p>
            </Show>
            <a class="text-link" href="/login">{i18n.t("auth-back-to-sign-in")}</a>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let token = token_from_query();
    let info = Resource::new(move || token.get(), check_reset_link);
    let form = move |who: LinkInfo| {
        let err = error_of(action.value());
        view! {
            <section class="card sign-in">
                <h1>{i18n.t("reset-title")}</h1>
                <p class="muted">{who.email.clone()}</p>
                {form_error(err)}
                <ActionForm action=action>
                    <input type="hidden" name="token" value=move || token.get() />
                    <NewPassword name="password" label="reset-password" err=err />
                    <button type="submit" class="primary">{i18n.t("reset-submit")}</button>
                </ActionForm>
            </section>
        }
    };
    view! { <LinkPage info=info problem=("link-reset-invalid-title", "link-reset-invalid-body") form=form /> }
}
