//! The Sign-in tab of Users & Permissions: the organization's own identity provider (OpenID
//! Connect, as Microsoft Entra ID), its e-mail domains (each used once the provider's operator
//! verified it), whether passwords still work (a break-glass administrator keeps theirs) and
//! whether its MFA is enough; "Test the connection" reads its discovery document and keys.
// The save takes the form's fields one by one, as the server-function macro wants them.
#![allow(clippy::too_many_arguments)]

use super::table::{refused, UsersTabs};
use crate::error::AppError;
use crate::form::{error_of, field_error, form_error, CheckedInput, FieldCheck, Submit};
use crate::i18n::use_i18n;
use crate::platform::ProviderSettings;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The tab as it opens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInView {
    /// What is configured (version 0 while nothing is).
    #[serde(flatten)]
    pub settings: ProviderSettings,
    /// The organization's users who may be the break-glass administrator: (id, name).
    pub users: Vec<(String, String)>,
    /// What to register at the provider as the redirect URI.
    pub redirect_uri: String,
}

/// What reading the provider found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConnectionTested {
    pub issuer: String,
    pub keys: usize,
}

#[server(prefix = "/api/admin", endpoint = "sign_in_settings")]
pub async fn sign_in_settings() -> Result<SignInView, AppError> {
    super::ssr::sign_in::settings().await
}

/// Saves the settings made on `version`; an empty secret keeps the stored one.
#[server(prefix = "/api/admin", endpoint = "save_sign_in_settings")]
pub async fn save_sign_in_settings(
    display_name: String,
    issuer: String,
    client_id: String,
    #[server(default)] client_secret: String,
    #[server(default)] domains: String,
    #[server(default)] allow_passwords: Option<String>,
    #[server(default)] trust_provider_mfa: Option<String>,
    #[server(default)] break_glass: String,
    version: i64,
) -> Result<(), AppError> {
    let form = super::ssr::sign_in::Form { display_name, issuer, client_id, client_secret, domains, allow_passwords: allow_passwords.is_some(), trust_provider_mfa: trust_provider_mfa.is_some(), break_glass };
    super::ssr::sign_in::save(form, version).await
}

#[server(prefix = "/api/admin", endpoint = "test_sign_in_connection")]
pub async fn test_sign_in_connection() -> Result<ConnectionTested, AppError> {
    super::ssr::sign_in::test().await
}

#[component]
pub fn SignInSettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveSignInSettings>::new();
    // Read again after each save that went through (a refused one keeps what was typed).
    let saves = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            saves.update(|n| *n += 1);
        }
    });
    let settings = Resource::new(move || saves.get(), |_| sign_in_settings());
    view! {
        <UsersTabs />
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <Settings s=s save=save /> }.into_any(),
                    Err(e) => refused(i18n, e),
                }
            })}
        </Suspense>
    }
}

/// A field the server checks (no browser-side rule beyond `required`).
fn server_only(_: &str) -> Option<&'static str> {
    None
}

#[component]
fn Settings(s: SignInView, save: ServerAction<SaveSignInSettings>) -> impl IntoView {
    let SignInView { settings: s, users, redirect_uri: redirect } = s;
    let i18n = use_i18n();
    let err = error_of(save.value());
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    let check = move |name| FieldCheck::new(name, server_only, err);
    let domains_text = s.domains.iter().map(|(d, _)| d.clone()).collect::<Vec<_>>().join("\n");
    let configured = s.version > 0;
    let domain_states = s.domains.clone();
    let break_glass = s.break_glass_profile_id.clone().unwrap_or_default();
    let domains_invalid = move || err.get().and_then(|e| e.field_message("domains")).map(|_| "true");
    let secret_invalid = move || err.get().and_then(|e| e.field_message("client_secret"));
    // The secret typed is sent once and never kept on the page.
    let secret = RwSignal::new(String::new());
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            secret.set(String::new());
        }
    });
    view! {
        <section class="card" aria-labelledby="sign-in-heading">
            <h2 id="sign-in-heading">{i18n.t("idp-title")}</h2>
            <p>{i18n.t("idp-intro")}</p>
            <p class="hint">{i18n.t("idp-redirect-uri")} " " <code class="secret">{redirect}</code></p>
            <Show when=saved>
                <p class="notice" role="status">{i18n.t("idp-saved")}</p>
            </Show>
            {form_error(err)}
            {field_error(err, "form")}
            <ActionForm action=save>
                <CheckedInput name="display_name" label="idp-display-name" value=s.display_name.clone() required=true maxlength=100 check=check("display_name") />
                <p class="hint">{i18n.t("idp-display-name-hint")}</p>
                <CheckedInput name="issuer" label="idp-issuer" kind="url" value=s.issuer.clone() required=true check=check("issuer") />
                <CheckedInput name="client_id" label="idp-client-id" value=s.client_id.clone() required=true maxlength=255 check=check("client_id") />
                <label for="client_secret">{i18n.t("idp-client-secret")}</label>
                <input id="client_secret" name="client_secret" type="password" autocomplete="new-password" required=!s.secret_stored
                    prop:value=secret on:input=move |ev| secret.set(event_target_value(&ev))
                    aria-invalid=move || secret_invalid().map(|_| "true")
                    aria-describedby=move || if secret_invalid().is_some() { "client_secret-hint client_secret-error" } else { "client_secret-hint" } />
                <p class="hint" id="client_secret-hint">{if s.secret_stored { i18n.t("idp-secret-stored") } else { i18n.t("idp-secret-hint") }}</p>
                {field_error(err, "client_secret")}
                <label for="domains">{i18n.t("idp-domains")}</label>
                <textarea id="domains" name="domains" rows="3" required aria-invalid=domains_invalid
                    aria-describedby=move || if domains_invalid().is_some() { "domains-hint domains-error" } else { "domains-hint" }>{domains_text}</textarea>
                <p class="hint" id="domains-hint">{i18n.t("idp-domains-hint")}</p>
                {field_error(err, "domains")}
                {(!domain_states.is_empty()).then(|| view! {
                    <ul class="domains">
                        {domain_states.into_iter().map(|(d, verified)| {
                            let state = if verified { "idp-domain-verified" } else { "idp-domain-waiting" };
                            view! { <li><code>{d}</code> " " <span class=if verified { "badge ok" } else { "badge" }>{i18n.t(state)}</span></li> }
                        }).collect_view()}
                    </ul>
                })}
                <fieldset class="choice-group">
                    <legend>{i18n.t("idp-policy")}</legend>
                    <div class="check-row">
                        <input id="allow_passwords" name="allow_passwords" type="checkbox" value="on" checked=s.allow_passwords />
                        <label for="allow_passwords">{i18n.t("idp-allow-passwords")}</label>
                    </div>
                    <div class="check-row">
                        <input id="trust_provider_mfa" name="trust_provider_mfa" type="checkbox" value="on" checked=s.trust_provider_mfa />
                        <label for="trust_provider_mfa">{i18n.t("idp-trust-mfa")}</label>
                    </div>
                    <label for="break_glass">{i18n.t("idp-break-glass")}</label>
                    <select id="break_glass" name="break_glass" aria-describedby="break_glass-hint">
                        <option value="" selected=break_glass.is_empty()>{i18n.t("idp-break-glass-none")}</option>
                        {users.iter().map(|(id, name)| view! { <option value=id.clone() selected=*id == break_glass>{name.clone()}</option> }).collect_view()}
                    </select>
                    <p class="hint" id="break_glass-hint">{i18n.t("idp-break-glass-hint")}</p>
                    {field_error(err, "break_glass")}
                </fieldset>
                <input type="hidden" name="version" value=s.version />
                <Submit pending=save.pending() label="idp-save" busy="idp-saving" />
            </ActionForm>
        </section>
        {configured.then(|| view! { <TestConnection /> })}
    }
}

/// "Test the connection", with what it found or what is wrong.
#[component]
fn TestConnection() -> impl IntoView {
    let i18n = use_i18n();
    let test = ServerAction::<TestSignInConnection>::new();
    let err = error_of(test.value());
    let found = move || match test.value().get() {
        Some(Ok(t)) => {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("issuer", t.issuer);
            args.set("keys", t.keys);
            Some(crate::i18n::translate_args(i18n.get(), "idp-test-ok", Some(&args)))
        }
        _ => None,
    };
    view! {
        <section class="card" aria-labelledby="test-heading">
            <h2 id="test-heading">{i18n.t("idp-test")}</h2>
            <p class="muted">{i18n.t("idp-test-intro")}</p>
            <ActionForm action=test>
                <Submit pending=test.pending() label="idp-test" busy="idp-testing" class="secondary" />
            </ActionForm>
            <div aria-live="polite">
                {move || found().map(|t| view! { <p class="notice" role="status">{t}</p> })}
                {move || err.get().map(|e| {
                    let id = e.field_message("issuer").unwrap_or_else(|| e.message_id().to_string());
                    view! { <p class="alert" role="alert">{i18n.tr(&id)}</p> }
                })}
            </div>
        </section>
    }
}
