//! Signing in and out, and who the signed-in person is.

use crate::error::AppError;
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

/// What the page shell needs to know about the signed-in person.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionUser {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub avatar_style: String,
    pub portal_language: Lang,
    pub can_manage_users: bool,
}

impl SessionUser {
    pub fn display_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub fn initials(&self) -> String {
        self.first_name
            .chars()
            .next()
            .into_iter()
            .chain(self.last_name.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    }
}

/// Signs in with email and password. The one server function open to anonymous callers.
#[server(endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    ssr::login(email, password).await
}

/// Ends the caller's session.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    ssr::logout().await
}

/// The signed-in person, for the page shell.
#[server(endpoint = "me")]
pub async fn current_user() -> Result<SessionUser, AppError> {
    crate::platform::ssr::reply(ssr::current_user())
}

/// Saves the portal language of the signed-in person.
#[server(endpoint = "portal_language")]
pub async fn save_portal_language(lang: String) -> Result<(), AppError> {
    ssr::save_portal_language(lang).await
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let query = use_query_map();
    let signed_out = move || query.with(|q| q.get("signed_out").is_some());
    let was_reset = move || query.with(|q| q.get("reset").is_some());
    let error = move || action.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        move || {
            error()
                .and_then(|e| e.field_message(field))
                .map(|id| view! { <p class="field-error" id=format!("{field}-error")>{i18n.tr(&id)}</p> })
        }
    };
    view! {
        <section class="card sign-in">
            <h1>{i18n.t("auth-sign-in-title")}</h1>
            <p class="muted">{i18n.t("auth-sign-in-intro")}</p>
            <Show when=signed_out>
                <p class="notice" role="status">{i18n.t("auth-signed-out")}</p>
            </Show>
            <Show when=was_reset>
                <p class="notice" role="status">{i18n.t("auth-password-reset-done")}</p>
            </Show>
            {move || {
                error()
                    .filter(|e| !matches!(e, AppError::Validation(_)))
                    .map(|e| view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> })
            }}
            <ActionForm action=action>
                <label for="email">{i18n.t("auth-email")}</label>
                <input id="email" type="email" name="email" autocomplete="username" required />
                {field_error("email")}
                <label for="password">{i18n.t("auth-password")}</label>
                <input
                    id="password"
                    type="password"
                    name="password"
                    autocomplete="current-password"
                    required
                />
                {field_error("password")}
                <button type="submit" class="primary" disabled=move || action.pending().get()>
                    {move || {
                        if action.pending().get() {
                            i18n.tr("auth-signing-in")
                        } else {
                            i18n.tr("auth-sign-in")
                        }
                    }}
                </button>
            </ActionForm>
            <p><a href="/forgot-password">{i18n.t("auth-forgot-password")}</a></p>
        </section>
    }
}
