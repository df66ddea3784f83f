//! The sign-in page, the address first: "Continue" sends an address of a domain that its
//! organization's identity provider covers there, and any other to the password step, whether or
//! not it is anyone's (nothing here tells an outsider which domains are covered beyond the
//! redirect itself). Where an organization allows both, its people choose. Both steps are plain
//! forms that work before the WASM arrives; `?method=password` is the break-glass way in.

use super::{login_way, provider_step, Login, LoginStart, Way};
use crate::error::AppError;
use crate::form::{checks, error_of, field_error, form_error, CheckedInput, FieldCheck, Submit};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The reasons the provider's return may give (`?sso_error=`), each with its message.
const SSO_ERRORS: [&str; 6] = ["unreachable", "invalid", "cancelled", "unverified", "unknown", "disabled"];

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k)).filter(|v| !v.is_empty());
    let sso_error = move || param("sso_error").filter(|c| SSO_ERRORS.contains(&c.as_str()));
    let second = move || param("email").is_some() || param("method").as_deref() == Some("password");
    view! {
        <section class="card sign-in">
            <h1>{i18n.t("auth-sign-in-title")}</h1>
            <p class="muted">{i18n.t("auth-sign-in-intro")}</p>
            <Show when=move || param("signed_out").is_some()>
                <p class="notice" role="status">{i18n.t("auth-signed-out")}</p>
            </Show>
            <Show when=move || param("reset").is_some()>
                <p class="notice" role="status">{i18n.t("auth-password-reset-done")}</p>
            </Show>
            {move || sso_error().map(|c| view! { <p class="alert" role="alert">{move || i18n.tr(&format!("sso-error-{c}"))}</p> })}
            <Show when=second fallback=|| view! { <AddressStep /> }>
                <PasswordStep />
            </Show>
            <p><a class="text-link" href="/forgot-password">{i18n.t("auth-forgot-password")}</a></p>
        </section>
    }
}

/// The address alone, then "Continue".
#[component]
fn AddressStep() -> impl IntoView {
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_default());
    let action = ServerAction::<LoginStart>::new();
    let err = error_of(action.value());
    let email = FieldCheck::new("email", checks::email, err);
    let navigate = use_navigate();
    Effect::new(move |_| match action.value().get() {
        Some(Ok(started)) if started.provider => crate::browser::go_to_provider(&started.to),
        Some(Ok(started)) => navigate(&started.to, Default::default()),
        _ => {}
    });
    view! {
        {form_error(err)}
        <ActionForm action=action>
            <CheckedInput name="email" label="auth-email" kind="email" autocomplete="username" required=true check=email />
            <input type="hidden" name="next" value=next />
            <Submit pending=action.pending() label="auth-continue" busy="auth-continuing" />
        </ActionForm>
    }
}

/// The password for the address given (or typed here, on the break-glass way in), with the
/// organization's identity provider offered first where it allows both.
#[component]
fn PasswordStep() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let (email, next) = (param("email"), param("next"));
    let given = !email.is_empty();
    let action = ServerAction::<Login>::new();
    let err = error_of(action.value());
    let check = FieldCheck::new("email", checks::email, err);
    let unreachable = param("sso") == "unreachable";
    let choose = param("sso") == "choose";
    let way = Resource::new(move || email.clone(), move |e| async move { if choose { login_way(e).await.ok() } else { None } });
    let other = crate::log_table::link("/login", &[("next", next.as_str())]);
    let email_value = param("email");
    view! {
        <Show when=move || unreachable>
            <p class="alert" role="alert">{i18n.t("sso-error-unreachable-password")}</p>
        </Show>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match way.await {
                    Some(Way::Either(name)) => Some(view! { <ProviderChoice name=name /> }),
                    _ => None,
                }
            })}
        </Suspense>
        {form_error(err)}
        <ActionForm action=action>
            {if given {
                view! {
                    <label for="email">{i18n.t("auth-email")}</label>
                    <input id="email" name="email" type="email" autocomplete="username" readonly value=email_value.clone() />
                    <p class="hint"><a class="text-link" href=other>{i18n.t("auth-use-another-address")}</a></p>
                }
                .into_any()
            } else {
                view! { <CheckedInput name="email" label="auth-email" kind="email" autocomplete="username" required=true check=check /> }.into_any()
            }}
            <label for="password">{i18n.t("auth-password")}</label>
            <input id="password" type="password" name="password" autocomplete="current-password" required autofocus=given
                aria-invalid=move || err.get().and_then(|e: AppError| e.field_message("password")).map(|_| "true")
                aria-describedby=move || err.get().and_then(|e: AppError| e.field_message("password")).map(|_| "password-error") />
            {field_error(err, "password")}
            <input type="hidden" name="next" value=param("next") />
            <Submit pending=action.pending() label="auth-sign-in" busy="auth-signing-in" />
        </ActionForm>
    }
}

/// "Sign in with Cronos Azure AD", above the password, where the organization allows both.
#[component]
fn ProviderChoice(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.with_untracked(|q| q.get(k)).unwrap_or_default();
    let action = ServerAction::<LoginStart>::new();
    let err = error_of(action.value());
    Effect::new(move |_| {
        if let Some(Ok(started)) = action.value().get() {
            crate::browser::go_to_provider(&started.to);
        }
    });
    let label = move || crate::i18n::translate_with(i18n.get(), "auth-sign-in-with", "provider", &name);
    view! {
        {form_error(err)}
        {field_error(err, "email")}
        <ActionForm action=action attr:class="provider-choice">
            <input type="hidden" name="email" value=param("email") />
            <input type="hidden" name="next" value=param("next") />
            <input type="hidden" name="via" value="1" />
            <button type="submit" class="primary" aria-busy=move || action.pending().get().to_string()>{label}</button>
        </ActionForm>
        <p class="muted">{i18n.t("auth-or-password")}</p>
    }
}

/// `/login/provider?state=…`: on the way to the organization's identity provider without
/// JavaScript, the page goes on there at once (and offers the link, should it not).
#[component]
pub fn ProviderStepPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let step = Resource::new(move || query.with(|q| q.get("state").unwrap_or_default()), provider_step);
    view! {
        <section class="card sign-in">
            <h1>{i18n.t("auth-sign-in-title")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match step.await {
                        Ok((name, url)) => {
                            let label = move || crate::i18n::translate_with(i18n.get(), "auth-continue-to", "provider", &name);
                            view! {
                                <leptos_meta::Meta http_equiv="refresh" content=format!("0;url={url}") />
                                <p role="status">{label.clone()}</p>
                                <p><a class="button primary" href=url rel="external">{label}</a></p>
                            }
                            .into_any()
                        }
                        Err(_) => view! {
                            <p class="alert" role="alert">{i18n.t("sso-error-invalid")}</p>
                            <p><a class="text-link" href="/login">{i18n.t("auth-back-to-sign-in")}</a></p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
