//! "Security Settings" of My Profile: Change Password, Edit your MFA, the Multifactor
//! Authentication Number, and where you're signed in.

use crate::domain::SessionPublicId;
use crate::error::AppError;
use crate::form::{checks, error_of, field_error, form_error, CheckedInput, CodeField, FieldCheck, MfaEnrol, NewPassword};
use crate::i18n::use_i18n;
use crate::platform::{format_timestamp, MfaSetupInfo};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: String,
    pub current: bool,
    pub ip: Option<String>,
    /// The browser and the system, read from the user agent ("Chrome", "Linux"), when known.
    pub browser: Option<String>,
    pub os: Option<String>,
    /// The user agent as the browser sent it, shown on demand.
    pub user_agent: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// Checks the current password: rate-limited.
#[server(prefix = "/api/verify", endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String, password_confirm: String) -> Result<(), AppError> {
    ssr::change_password(current_password, new_password, password_confirm).await
}

/// Checks the password and a current code, then answers the new secret to set up.
#[server(prefix = "/api/verify", endpoint = "start_mfa_change")]
pub async fn start_mfa_change(current_password: String, code: String) -> Result<MfaSetupInfo, AppError> {
    ssr::start_mfa_change(current_password, code).await
}

/// Confirms the new secret with one of its codes; answers the new recovery codes.
#[server(prefix = "/api/verify", endpoint = "confirm_mfa_change")]
pub async fn confirm_mfa_change(code: String) -> Result<Vec<String>, AppError> {
    ssr::confirm_mfa_change(code).await
}

#[server(endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    ssr::my_sessions().await
}

/// Signs out one session (`id`) or every other one (no `id`).
#[server(endpoint = "revoke_sessions")]
pub async fn revoke_sessions(id: Option<SessionPublicId>) -> Result<(), AppError> {
    ssr::revoke_sessions(id).await
}

#[server(endpoint = "mfa_phone")]
pub async fn update_mfa_phone(mfa_phone: String) -> Result<(), AppError> {
    ssr::update_mfa_phone(mfa_phone).await
}

/// The saved Multifactor Authentication Number.
#[server(endpoint = "my_mfa_phone")]
pub async fn my_mfa_phone() -> Result<Option<String>, AppError> {
    ssr::my_mfa_phone().await
}

#[component]
fn ChangePassword() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let err = error_of(change.value());
    view! {
        <section class="card" aria-labelledby="change-password">
            <h2 id="change-password">{i18n.t("security-change-password")}</h2>
            <Show when=move || matches!(change.value().get(), Some(Ok(())))>
                <p class="notice" role="status">{i18n.t("security-password-changed")}</p>
            </Show>
            {form_error(err)}
            <ActionForm action=change>
                <label for="current_password">{i18n.t("security-current-password")}</label>
                <input id="current_password" name="current_password" type="password" autocomplete="current-password" required />
                {field_error(err, "current_password")}
                <NewPassword name="new_password" label="security-new-password" err=err />
                <button type="submit" class="primary">{i18n.t("security-change-password")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ConfirmNewMfa(setup: MfaSetupInfo) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = ServerAction::<ConfirmMfaChange>::new();
    let codes = Signal::derive(move || confirm.value().get().and_then(Result::ok));
    let err = error_of(confirm.value());
    view! {
        <MfaEnrol setup=setup codes=codes>
            {form_error(err)}
            <ActionForm action=confirm>
                <CodeField id="new_mfa_code" err=err focus=true />
                <button type="submit" class="primary">{i18n.t("mfa-setup-confirm")}</button>
            </ActionForm>
        </MfaEnrol>
    }
}

#[component]
fn EditMfa() -> impl IntoView {
    let i18n = use_i18n();
    let mfa = ServerAction::<StartMfaChange>::new();
    let phone = ServerAction::<UpdateMfaPhone>::new();
    let saved_phone = Resource::new(move || phone.version().get(), |_| my_mfa_phone());
    let err = error_of(mfa.value());
    let phone_err = error_of(phone.value());
    let number = FieldCheck::new("mfa_phone", checks::phone, phone_err);
    view! {
        <section class="card" aria-labelledby="edit-mfa">
            <h2 id="edit-mfa">{i18n.t("security-edit-mfa")}</h2>
            {move || match mfa.value().get() {
                Some(Ok(setup)) => view! { <ConfirmNewMfa setup=setup /> }.into_any(),
                _ => view! {
                    <p class="muted">{i18n.t("security-edit-mfa-intro")}</p>
                    {form_error(err)}
                    <ActionForm action=mfa>
                        <label for="mfa_current_password">{i18n.t("security-current-password")}</label>
                        <input id="mfa_current_password" name="current_password" type="password" autocomplete="current-password" required />
                        {field_error(err, "current_password")}
                        <CodeField id="mfa_code" err=err />
                        <button type="submit" class="primary">{i18n.t("security-edit-mfa")}</button>
                    </ActionForm>
                }.into_any(),
            }}
            <Show when=move || matches!(phone.value().get(), Some(Ok(())))>
                <p class="notice" role="status">{i18n.t("security-saved")}</p>
            </Show>
            <ActionForm action=phone>
                <Transition fallback=move || view! { <CheckedInput name="mfa_phone" label="profile-mfa-number" kind="tel" autocomplete="tel" check=number /> }>
                    {move || Suspend::new(async move {
                        let current = saved_phone.await.ok().flatten().unwrap_or_default();
                        view! { <CheckedInput name="mfa_phone" label="profile-mfa-number" kind="tel" autocomplete="tel" value=current check=number /> }
                    })}
                </Transition>
                <button type="submit">{i18n.t("security-save")}</button>
            </ActionForm>
        </section>
    }
}

/// "Chrome on Linux", in the reader's language; the raw user agent stays one click away.
fn device_name(browser: Option<String>, os: Option<String>) -> impl Fn() -> String + Send + Sync + 'static {
    let i18n = use_i18n();
    move || {
        let lang = i18n.get();
        match (&browser, &os) {
            (Some(b), Some(o)) => crate::i18n::translate_args(lang, "security-session-device-name", Some(&crate::i18n::args(&[("browser", b), ("os", o)]))),
            (Some(b), None) => b.clone(),
            (None, Some(o)) => o.clone(),
            (None, None) => crate::i18n::translate(lang, "security-session-unknown-device"),
        }
    }
}

#[component]
fn Sessions() -> impl IntoView {
    let i18n = use_i18n();
    let revoke = ServerAction::<RevokeSessions>::new();
    let sessions = Resource::new(move || revoke.version().get(), |_| my_sessions());
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{i18n.t("security-sessions")}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = match sessions.await {
                        Ok(list) => list,
                        Err(AppError::Unauthorized) => return view! { <Redirect path="/login" /> }.into_any(),
                        Err(e) => return view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
                    };
                    view! {
                        <table class="data">
                            <thead><tr>
                                <th scope="col">{i18n.t("security-session-device")}</th>
                                <th scope="col">{i18n.t("security-session-address")}</th>
                                <th scope="col">{i18n.t("security-session-last-seen")}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.t("security-session-actions")}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|s| {
                                    let last_seen = s.last_seen_at;
                                    let device = device_name(s.browser.clone(), s.os.clone());
                                    let raw = s.user_agent.clone().unwrap_or_default();
                                    view! {
                                        <tr>
                                            <td data-label=i18n.t("security-session-device")>
                                                <div class="stack">
                                                    <span>{device}</span>
                                                    {(!raw.is_empty()).then(|| view! {
                                                        <details class="raw">
                                                            <summary>{i18n.t("security-session-raw")}</summary>
                                                            <code>{raw.clone()}</code>
                                                        </details>
                                                    })}
                                                </div>
                                            </td>
                                            <td data-label=i18n.t("security-session-address")>{s.ip.clone().unwrap_or_default()}</td>
                                            <td data-label=i18n.t("security-session-last-seen")>{move || format_timestamp(i18n.get(), last_seen)}</td>
                                            <td>
                                                {if s.current {
                                                    view! { <span class="badge">{i18n.t("security-this-device")}</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <ActionForm action=revoke>
                                                            <input type="hidden" name="id" value=s.id.clone() />
                                                            <button type="submit" class="secondary">{i18n.t("nav-sign-out")}</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                }}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                })}
            </Transition>
            <ActionForm action=revoke>
                <button type="submit">{i18n.t("security-sign-out-others")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h1>{i18n.t("security-title")}</h1>
        <div class="security-grid">
            <ChangePassword />
            <EditMfa />
        </div>
        <Sessions />
    }
}
