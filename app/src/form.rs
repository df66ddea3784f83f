//! Pieces every form and page uses: errors on their fields and above the form, the new-password
//! fields, the page an e-mailed link opens, the authenticator set-up and its recovery codes.

use crate::domain::password;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::platform::{LinkInfo, MfaSetupInfo};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The message for `field` from the last result of an action, under the field.
pub fn field_error(err: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        err.get()
            .and_then(|e| e.field_message(field))
            .map(|id| view! { <p class="field-error" id=format!("{field}-error")>{i18n.tr(&id)}</p> })
    }
}

/// Errors that belong to no field, above the form.
pub fn form_error(err: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        err.get()
            .filter(|e| !matches!(e, AppError::Validation(_)))
            .map(|e| view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> })
    }
}

/// The error of an action's last result, if it failed. When a new result fails, the focus goes
/// to the first field in error (or the message above the form), so that it is what is heard.
pub fn error_of<T>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static) -> Signal<Option<AppError>>
where
    T: Send + Sync + 'static,
{
    let err = Signal::derive(move || value.get().and_then(Result::err));
    Effect::new(move |before: Option<()>| {
        if err.with(Option::is_some) && before.is_some() {
            crate::browser::after_next_frame(|| {
                crate::browser::focus_first(r#"#main [aria-invalid="true"], #main .alert, #main .field-error"#);
            });
        }
    });
    err
}

/// An e-mail address that wraps where a reader expects (after the @, before a dot), never in
/// the middle of a name unless one part alone is wider than the line.
#[component]
pub fn Address(email: String) -> impl IntoView {
    let mut parts: Vec<String> = vec![String::new()];
    for c in email.chars() {
        if c == '.' && parts.last().is_some_and(|p| !p.is_empty()) {
            parts.push(String::new());
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
        if c == '@' {
            parts.push(String::new());
        }
    }
    let parts: Vec<(bool, String)> = parts.into_iter().filter(|p| !p.is_empty()).enumerate().map(|(i, p)| (i > 0, p)).collect();
    view! {
        <span class="address">
            {parts.into_iter().map(|(wrap, part)| view! { {wrap.then(|| view! { <wbr /> })}{part} }).collect_view()}
        </span>
    }
}

/// A form's submit button whose busy state is heard as well as seen: while `pending` it
/// carries `aria-busy` and `aria-disabled`, keeps the focus (it is not `disabled`), ignores
/// another press, shows `busy` if given, and a polite live region beside it says so.
/// `blocked` (nothing to save, a rule says no) disables it for real, as the server would refuse.
#[component]
pub fn Submit(
    #[prop(into)] pending: Signal<bool>,
    label: &'static str,
    #[prop(optional)] busy: Option<&'static str>,
    #[prop(optional, into)] blocked: Option<Signal<bool>>,
    #[prop(default = "primary")] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let blocked = move || blocked.is_some_and(|b| b.get());
    let busy_text = busy.unwrap_or("form-busy");
    view! {
        <button type="submit" class=class disabled=blocked
            aria-busy=move || pending.get().then_some("true")
            aria-disabled=move || pending.get().then_some("true")
            on:click=move |ev| {
                if pending.get_untracked() {
                    ev.prevent_default();
                }
            }>
            {move || match (pending.get(), busy) {
                (true, Some(text)) => i18n.tr(text),
                _ => i18n.tr(label),
            }}
        </button>
        <span class="visually-hidden" aria-live="polite">{move || pending.get().then(|| i18n.tr(busy_text))}</span>
    }
}

/// A new password with its strength meter and the rules, then the same again to confirm, each
/// with its error from `err`.
#[component]
pub fn NewPassword(name: &'static str, label: &'static str, err: Signal<Option<AppError>>) -> impl IntoView {
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

/// The `?token=` of the page an e-mailed link opened.
pub fn token_from_query() -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get("token").unwrap_or_default()))
}

/// The page an e-mailed link opens: `form` for the person `info` names, or what to do when the
/// link is dead (`problem`: the Fluent ids of its title and text).
#[component]
pub fn LinkPage<F, V>(info: Resource<Result<LinkInfo, AppError>>, problem: (&'static str, &'static str), form: F) -> impl IntoView
where
    F: Fn(LinkInfo) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || {
                let form = form.clone();
                Suspend::new(async move {
                    match info.await {
                        Ok(who) => form(who).into_any(),
                        Err(_) => view! {
                            <section class="card sign-in">
                                <h1>{i18n.t(problem.0)}</h1>
                                <p>{i18n.t(problem.1)}</p>
                                <a class="text-link" href="/login">{i18n.t("auth-back-to-sign-in")}</a>
                            </section>
                        }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Setting up an authenticator: the QR code and its key, then `children` (the form that sends
/// a first code); once `codes` arrive, the recovery codes instead, then on to `next` (My Profile
/// when none).
#[component]
pub fn MfaEnrol(
    setup: MfaSetupInfo,
    codes: Signal<Option<Vec<String>>>,
    #[prop(optional, into)] next: Signal<Option<String>>,
    children: ChildrenFn,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show
            when=move || codes.get().is_none()
            fallback=move || view! { <RecoveryCodes codes=codes.get().unwrap_or_default() next=next.get() /> }
        >
            <p>{i18n.t("mfa-setup-scan")}</p>
            <div class="qr" role="img" aria-label=i18n.t("mfa-setup-qr-label") inner_html=setup.qr_svg.clone()></div>
            <p>{i18n.t("mfa-setup-manual")}</p>
            <p><code class="secret" id="totp-secret">{setup.secret.clone()}</code></p>
            {children()}
        </Show>
    }
}

#[component]
fn RecoveryCodes(codes: Vec<String>, next: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="recovery" role="status">
            <h2>{i18n.t("mfa-recovery-title")}</h2>
            <p>{i18n.t("mfa-recovery-intro")}</p>
            <ul class="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <a class="button primary" href=next.unwrap_or_else(|| "/profile".into()) rel="external">{i18n.t("mfa-recovery-continue")}</a>
        </div>
    }
}

/// The one-time-code field of the sign-in and set-up forms; `recovery` also takes a recovery code.
#[component]
pub fn CodeField(
    #[prop(default = "code")] id: &'static str,
    err: Signal<Option<AppError>>,
    #[prop(optional)] recovery: bool,
    /// Focus the field on arrival (the page's one task is to type the code).
    #[prop(optional)]
    focus: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let check = FieldCheck::new("code", if recovery { checks::one_time_code } else { checks::totp_code }, err);
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let (true, Some(el)) = (focus, input.get()) {
            let _ = el.focus();
        }
    });
    view! {
        <label for=id>{i18n.t("mfa-code-label")}</label>
        <input
            id=id
            name="code"
            type="text"
            inputmode=if recovery { "text" } else { "numeric" }
            autocomplete="one-time-code"
            node_ref=input
            required
            aria-invalid=check.invalid()
            aria-describedby=check.described_by()
            on:blur=check.on_blur()
            on:input=check.on_input()
        />
        {check.message()}
    }
}

/// A field with its label, its browser-side check and its message: `check` runs as the field is
/// left, the server's message for the same field shows after a submit.
#[component]
pub fn CheckedInput(
    /// The form field's name, also the input's id.
    name: &'static str,
    /// The Fluent id of the label.
    label: &'static str,
    check: FieldCheck,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional, into)] value: String,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label for=name>{i18n.t(label)}</label>
        <input
            id=name
            name=name
            type=kind
            value=value
            autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
            required=required
            maxlength=maxlength
            aria-invalid=check.invalid()
            aria-describedby=check.described_by()
            on:blur=check.on_blur()
            on:input=check.on_input()
        />
        {check.message()}
    }
}

/// The check of one field, run in the browser as the user leaves it with the same domain parse
/// the server runs, so both give the same message on the same field. Empty fields are left to
/// `required` and the server; a field with an error is checked again as the user types, so the
/// message goes as soon as the value is right. After a submit, the server's message shows.
#[derive(Clone, Copy)]
pub struct FieldCheck {
    name: &'static str,
    check: fn(&str) -> Option<&'static str>,
    local: RwSignal<Option<&'static str>>,
    server: Signal<Option<AppError>>,
}

impl FieldCheck {
    pub fn new(name: &'static str, check: fn(&str) -> Option<&'static str>, server: Signal<Option<AppError>>) -> Self {
        FieldCheck { name, check, local: RwSignal::new(None), server }
    }

    fn run(self, value: &str) {
        let found = if value.trim().is_empty() { None } else { (self.check)(value) };
        self.local.set(found);
    }

    pub fn on_blur(self) -> impl Fn(leptos::ev::FocusEvent) + Clone + 'static {
        move |ev| self.run(&event_target_value(&ev))
    }

    pub fn on_input(self) -> impl Fn(leptos::ev::Event) + Clone + 'static {
        move |ev| {
            if self.local.get_untracked().is_some() {
                self.run(&event_target_value(&ev));
            }
        }
    }

    /// The message id shown: the browser's own check first, else the server's answer.
    fn message_id(self) -> Option<String> {
        self.local.get().map(str::to_string).or_else(|| self.server.get().and_then(|e| e.field_message(self.name)))
    }

    pub fn invalid(self) -> impl Fn() -> Option<&'static str> + Clone + Send + Sync + 'static {
        move || self.message_id().map(|_| "true")
    }

    pub fn described_by(self) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
        move || self.message_id().map(|_| format!("{}-error", self.name))
    }

    /// The message under the field.
    pub fn message(self) -> impl IntoView {
        let i18n = use_i18n();
        move || {
            self.message_id().map(|id| view! { <p class="field-error" id=format!("{}-error", self.name)>{i18n.tr(&id)}</p> })
        }
    }
}

/// The browser-side checks, each the domain parse the server runs.
pub mod checks {
    use crate::domain::{Email, OneTimeCode, PhoneNumber, TotpCode};

    pub fn email(v: &str) -> Option<&'static str> {
        Email::parse(v).err().map(|e| e.0)
    }
    pub fn phone(v: &str) -> Option<&'static str> {
        PhoneNumber::parse_optional(v).err().map(|e| e.0)
    }
    pub fn totp_code(v: &str) -> Option<&'static str> {
        TotpCode::parse(v).err().map(|e| e.0)
    }
    pub fn one_time_code(v: &str) -> Option<&'static str> {
        OneTimeCode::parse(v).err().map(|e| e.0)
    }
}

/// "Salutation" (none, or one of the domain's, named in the reader's language), and
/// "Language for communications" (each language named in itself): the two choices of a
/// person's details, in their grid cells.
#[component]
pub fn SalutationAndLanguage(salutation: String, lang: crate::i18n::Lang, err: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="form-field">
            <label for="salutation">{i18n.t("profile-salutation")}</label>
            <select id="salutation" name="salutation">
                <option value="" selected=salutation.is_empty()>{i18n.t("profile-salutation-none")}</option>
                {crate::domain::Salutation::ALL
                    .into_iter()
                    .map(|s| view! { <option value=s.code() selected=salutation == s.code()>{move || i18n.tr(s.message_id())}</option> })
                    .collect_view()}
            </select>
            {field_error(err, "salutation")}
        </div>
        <div class="form-field">
            <label for="email_language">{i18n.t("add-email-language")}</label>
            <select id="email_language" name="email_language">
                {crate::i18n::Lang::ALL.into_iter().map(|l| view! { <option value=l.code() selected=l == lang>{l.native_name()}</option> }).collect_view()}
            </select>
            {field_error(err, "email_language")}
        </div>
    }
}

/// Under a list paged by keyset: "Back to the newest" on a later page, "Show older" while there
/// is more (`newest` and `older` are their links).
#[component]
pub fn Pager(newest: Option<String>, older: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="pager">
            {newest.map(|href| view! { <a class="text-link" href=href>{i18n.t("activity-newest")}</a> })}
            {older.map(|href| view! { <a class="button secondary" href=href>{i18n.t("activity-show-older")}</a> })}
        </div>
    }
}
