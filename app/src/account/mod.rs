//! Account security: invitations and first sign-in, the second factor, recovery codes,
//! password change and reset, where you're signed in.

use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::platform::format_timestamp;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

pub mod password;
#[cfg(feature = "ssr")]
pub mod ssr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkPurpose {
    Invitation,
    Reset,
}

/// Who a valid link belongs to, for the page it opens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkInfo {
    pub first_name: String,
    pub email: String,
}

/// What an authenticator app needs: a QR code and the same secret as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MfaSetupInfo {
    pub secret: String,
    pub otpauth_uri: String,
    pub qr_svg: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: String,
    pub current: bool,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

// Open to callers who are not signed in yet: each checks its link or pending session itself.

#[server(endpoint = "check_link")]
pub async fn check_link(token: String, purpose: LinkPurpose) -> Result<LinkInfo, AppError> {
    crate::platform::ssr::reply(ssr::check_link(token, purpose).await)
}

#[server(endpoint = "activate")]
pub async fn activate(token: String, password: String, password_confirm: String) -> Result<(), AppError> {
    crate::platform::ssr::reply(ssr::activate(token, password, password_confirm).await)
}

#[server(endpoint = "mfa_setup")]
pub async fn mfa_setup() -> Result<MfaSetupInfo, AppError> {
    crate::platform::ssr::reply(ssr::mfa_setup().await)
}

#[server(endpoint = "confirm_mfa")]
pub async fn confirm_mfa(code: String) -> Result<Vec<String>, AppError> {
    crate::platform::ssr::reply(ssr::confirm_mfa(code).await)
}

#[server(endpoint = "verify_code")]
pub async fn verify_code(code: String) -> Result<(), AppError> {
    crate::platform::ssr::reply(ssr::verify_code(code).await)
}

#[server(endpoint = "forgot_password")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    crate::platform::ssr::reply(ssr::forgot_password(email).await)
}

#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String, password_confirm: String) -> Result<(), AppError> {
    crate::platform::ssr::reply(ssr::reset_password(token, password, password_confirm).await)
}

// Signed-in only.

#[server(endpoint = "change_password")]
pub async fn change_password(current_password: String, new_password: String, password_confirm: String) -> Result<(), AppError> {
    crate::platform::ssr::reply(ssr::change_password(current_password, new_password, password_confirm).await)
}

#[server(endpoint = "start_mfa_change")]
pub async fn start_mfa_change(current_password: String, code: String) -> Result<MfaSetupInfo, AppError> {
    crate::platform::ssr::reply(ssr::start_mfa_change(current_password, code).await)
}

#[server(endpoint = "my_sessions")]
pub async fn my_sessions() -> Result<Vec<SessionInfo>, AppError> {
    crate::platform::ssr::reply(ssr::my_sessions().await)
}

/// Signs out one session (`id`) or every other one (no `id`).
#[server(endpoint = "revoke_sessions")]
pub async fn revoke_sessions(id: Option<String>) -> Result<(), AppError> {
    crate::platform::ssr::reply(ssr::revoke_sessions(id).await)
}

#[server(endpoint = "mfa_phone")]
pub async fn update_mfa_phone(mfa_phone: String) -> Result<(), AppError> {
    crate::platform::ssr::reply(ssr::update_mfa_phone(mfa_phone).await)
}

// ---------------------------------------------------------------------------------------------
// Pieces of forms.

/// The message for `field` from the last result of an action, under the field.
fn field_error(err: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        err.get()
            .and_then(|e| e.field_message(field))
            .map(|id| view! { <p class="field-error" id=format!("{field}-error")>{i18n.tr(&id)}</p> })
    }
}

/// Errors that belong to no field, above the form.
fn form_error(err: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        err.get()
            .filter(|e| !matches!(e, AppError::Validation(_)))
            .map(|e| view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> })
    }
}

/// The error of an action's last result, if it failed.
fn error_of<T>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static) -> Signal<Option<AppError>>
where
    T: Send + Sync + 'static,
{
    Signal::derive(move || value.get().and_then(Result::err))
}

/// A new password with its strength meter and the rules, then the same again to confirm, each
/// with its error from `err`.
#[component]
fn NewPassword(name: &'static str, label: &'static str, err: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let score = move || password::strength(&typed.get());
    let words = ["password-strength-0", "password-strength-1", "password-strength-2", "password-strength-3", "password-strength-4"];
    view! {
        <label for=name>{i18n.t(label)}</label>
        <input
            id=name
            name=name
            type="password"
            autocomplete="new-password"
            required
            minlength=password::MIN_CHARS
            maxlength=password::MAX_CHARS
            on:input=move |ev| typed.set(event_target_value(&ev))
        />
        <p class="hint">{i18n.t("password-rules")}</p>
        <div class="strength" aria-live="polite">
            <meter min="0" max="4" value=score></meter>
            <span>{move || i18n.tr(words[score() as usize])}</span>
        </div>
        {field_error(err, name)}
        <label for="password_confirm">{i18n.t("password-confirm")}</label>
        <input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required />
        {field_error(err, "password_confirm")}
    }
}

fn token_from_query() -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get("token").unwrap_or_default()))
}

// ---------------------------------------------------------------------------------------------
// Pages.

/// Second step of signing in: the 6-digit code or a recovery code.
#[component]
pub fn CodePage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<VerifyCode>::new();
    view! {
        <section class="card sign-in">
            <h1>{i18n.t("mfa-code-title")}</h1>
            <p class="muted">{i18n.t("mfa-code-intro")}</p>
            {form_error(error_of(action.value()))}
            <ActionForm action=action>
                <label for="code">{i18n.t("mfa-code-label")}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required />
                {field_error(error_of(action.value()), "code")}
                <p class="hint">{i18n.t("mfa-code-recovery-hint")}</p>
                <button type="submit" class="primary">{i18n.t("mfa-code-submit")}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn LinkProblem(purpose: LinkPurpose) -> impl IntoView {
    let i18n = use_i18n();
    let (title, body) = match purpose {
        LinkPurpose::Invitation => ("link-invitation-invalid-title", "link-invitation-invalid-body"),
        LinkPurpose::Reset => ("link-reset-invalid-title", "link-reset-invalid-body"),
    };
    view! {
        <section class="card sign-in">
            <h1>{i18n.t(title)}</h1>
            <p>{i18n.t(body)}</p>
            <a href="/login">{i18n.t("auth-back-to-sign-in")}</a>
        </section>
    }
}

/// The page an e-mailed link opens: `form` for the person the link (`?token=`) was made for, or
/// what to do when the link is dead.
#[component]
fn LinkPage<F, V>(purpose: LinkPurpose, form: F) -> impl IntoView
where
    F: Fn(LinkInfo, Signal<String>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let token = token_from_query();
    let info = Resource::new(move || token.get(), move |t| check_link(t, purpose));
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    match info.await {
                        Ok(who) => form(who, token).into_any(),
                        Err(_) => view! { <LinkProblem purpose=purpose /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The invitation link: set a password; MFA set-up follows.
#[component]
pub fn ActivatePage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Activate>::new();
    let form = move |who: LinkInfo, token: Signal<String>| {
        view! {
            <section class="card sign-in">
                <h1>{i18n.t("activate-title")}</h1>
                <p>{move || crate::i18n::translate_with(i18n.get(), "activate-intro", "name", &who.first_name)}</p>
                <p class="muted">{who.email.clone()}</p>
                {form_error(error_of(action.value()))}
                <ActionForm action=action>
                    <input type="hidden" name="token" value=move || token.get() />
                    <NewPassword name="password" label="activate-password" err=error_of(action.value()) />
                    <button type="submit" class="primary">{i18n.t("activate-submit")}</button>
                </ActionForm>
            </section>
        }
    };
    view! { <LinkPage purpose=LinkPurpose::Invitation form=form /> }
}

/// QR code and secret of a pending MFA set-up, and the form that confirms it.
#[component]
fn MfaEnrol(setup: MfaSetupInfo) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ConfirmMfa>::new();
    let codes = move || action.value().get().and_then(Result::ok);
    view! {
        <Show
            when=move || codes().is_none()
            fallback=move || view! { <RecoveryCodes codes=codes().unwrap_or_default() /> }
        >
            <p>{i18n.t("mfa-setup-scan")}</p>
            <div class="qr" inner_html=setup.qr_svg.clone()></div>
            <p>{i18n.t("mfa-setup-manual")}</p>
            <p><code class="secret" id="totp-secret">{setup.secret.clone()}</code></p>
            {form_error(error_of(action.value()))}
            <ActionForm action=action>
                <label for="code">{i18n.t("mfa-code-label")}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required />
                {field_error(error_of(action.value()), "code")}
                <button type="submit" class="primary">{i18n.t("mfa-setup-confirm")}</button>
            </ActionForm>
        </Show>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="recovery" role="status">
            <h2>{i18n.t("mfa-recovery-title")}</h2>
            <p>{i18n.t("mfa-recovery-intro")}</p>
            <ul class="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <a class="button primary" href="/profile" rel="external">{i18n.t("mfa-recovery-continue")}</a>
        </div>
    }
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
                        Ok(s) => view! { <MfaEnrol setup=s /> }.into_any(),
                        Err(e) => view! {
                            <p class="alert" role="alert">{i18n.tr(e.message_id())}</p>
                            <a href="/login">{i18n.t("auth-back-to-sign-in")}</a>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ForgotPassword>::new();
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <section class="card sign-in">
            <h1>{i18n.t("forgot-title")}</h1>
            <Show when=sent fallback=move || view! {
                <p class="muted">{i18n.t("forgot-intro")}</p>
                {form_error(error_of(action.value()))}
                <ActionForm action=action>
                    <label for="email">{i18n.t("auth-email")}</label>
                    <input id="email" name="email" type="email" autocomplete="username" required />
                    {field_error(error_of(action.value()), "email")}
                    <button type="submit" class="primary">{i18n.t("forgot-submit")}</button>
                </ActionForm>
            }>
                <p class="notice" role="status">{i18n.t("forgot-sent")}</p>
            </Show>
            <a href="/login">{i18n.t("auth-back-to-sign-in")}</a>
        </section>
    }
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let form = move |who: LinkInfo, token: Signal<String>| {
        view! {
            <section class="card sign-in">
                <h1>{i18n.t("reset-title")}</h1>
                <p class="muted">{who.email.clone()}</p>
                {form_error(error_of(action.value()))}
                <ActionForm action=action>
                    <input type="hidden" name="token" value=move || token.get() />
                    <NewPassword name="password" label="reset-password" err=error_of(action.value()) />
                    <button type="submit" class="primary">{i18n.t("reset-submit")}</button>
                </ActionForm>
            </section>
        }
    };
    view! { <LinkPage purpose=LinkPurpose::Reset form=form /> }
}

/// "Security Settings" of My Profile: Change Password, Edit your MFA, the MFA number, sessions.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let i18n = use_i18n();
    let change = ServerAction::<ChangePassword>::new();
    let mfa = ServerAction::<StartMfaChange>::new();
    let phone = ServerAction::<UpdateMfaPhone>::new();
    let revoke = ServerAction::<RevokeSessions>::new();
    let sessions = Resource::new(move || (revoke.version().get(), change.version().get()), |_| my_sessions());
    let profile = Resource::new(|| (), |_| crate::profile::get_my_profile());
    view! {
        <h1>{i18n.t("security-title")}</h1>
        <div class="security-grid">
            <section class="card" aria-labelledby="change-password">
                <h2 id="change-password">{i18n.t("security-change-password")}</h2>
                <Show when=move || matches!(change.value().get(), Some(Ok(())))>
                    <p class="notice" role="status">{i18n.t("security-password-changed")}</p>
                </Show>
                {form_error(error_of(change.value()))}
                <ActionForm action=change>
                    <label for="current_password">{i18n.t("security-current-password")}</label>
                    <input id="current_password" name="current_password" type="password" autocomplete="current-password" required />
                    {field_error(error_of(change.value()), "current_password")}
                    <NewPassword name="new_password" label="security-new-password" err=error_of(change.value()) />
                    <button type="submit" class="primary">{i18n.t("security-change-password")}</button>
                </ActionForm>
            </section>
            <section class="card" aria-labelledby="edit-mfa">
                <h2 id="edit-mfa">{i18n.t("security-edit-mfa")}</h2>
                {move || match mfa.value().get() {
                    Some(Ok(setup)) => view! { <MfaEnrol setup=setup /> }.into_any(),
                    _ => view! {
                        <p class="muted">{i18n.t("security-edit-mfa-intro")}</p>
                        {form_error(error_of(mfa.value()))}
                        <ActionForm action=mfa>
                            <label for="mfa_current_password">{i18n.t("security-current-password")}</label>
                            <input id="mfa_current_password" name="current_password" type="password" autocomplete="current-password" required />
                            {field_error(error_of(mfa.value()), "current_password")}
                            <label for="mfa_code">{i18n.t("mfa-code-label")}</label>
                            <input id="mfa_code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required />
                            {field_error(error_of(mfa.value()), "code")}
                            <button type="submit" class="primary">{i18n.t("security-edit-mfa")}</button>
                        </ActionForm>
                    }.into_any(),
                }}
                <Show when=move || matches!(phone.value().get(), Some(Ok(())))>
                    <p class="notice" role="status">{i18n.t("security-saved")}</p>
                </Show>
                <ActionForm action=phone>
                    <label for="mfa_phone">{i18n.t("profile-mfa-number")}</label>
                    <Suspense fallback=|| view! { <input id="mfa_phone" name="mfa_phone" type="tel" autocomplete="tel" /> }>
                        {move || Suspend::new(async move {
                            let current = profile.await.ok().and_then(|p| p.mfa_phone).unwrap_or_default();
                            view! { <input id="mfa_phone" name="mfa_phone" type="tel" autocomplete="tel" value=current /> }
                        })}
                    </Suspense>
                    {field_error(error_of(phone.value()), "mfa_phone")}
                    <button type="submit">{i18n.t("security-save")}</button>
                </ActionForm>
            </section>
        </div>
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{i18n.t("security-sessions")}</h2>
            <Suspense fallback=|| ()>
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
                                <th scope="col"></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|s| {
                                    let id = s.id.clone();
                                    let last_seen = s.last_seen_at;
                                    view! {
                                        <tr>
                                            <td>{s.user_agent.clone().unwrap_or_default()}</td>
                                            <td>{s.ip.clone().unwrap_or_default()}</td>
                                            <td>{move || format_timestamp(i18n.get(), last_seen)}</td>
                                            <td>
                                                {if s.current {
                                                    view! { <span class="badge">{i18n.t("security-this-device")}</span> }.into_any()
                                                } else {
                                                    view! {
                                                        <ActionForm action=revoke>
                                                            <input type="hidden" name="id" value=id />
                                                            <button type="submit">{i18n.t("nav-sign-out")}</button>
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
            </Suspense>
            <ActionForm action=revoke>
                <button type="submit">{i18n.t("security-sign-out-others")}</button>
            </ActionForm>
        </section>
    }
}
