//! Single sign-on for the Arxus ecosystem: the portal is the OpenID Provider (OpenID Connect Core
//! 1.0 with Discovery) of the provider's applications, and its permission groups decide who
//! enters each one. The protocol's endpoints live on the server ([`ssr`]); the pages here are
//! what a person sees when an application cannot be entered: a sign-in link that is not valid,
//! or "You don't have access to <application>" with who can grant it.

use crate::error::AppError;
use crate::form::Address;
use crate::i18n::{translate_with, use_i18n};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

/// Someone who can grant access: an administrator of the person's organization.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Administrator {
    pub name: String,
    pub email: String,
}

/// Why an application could not be entered, as the refusal page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub application: String,
    pub administrators: Vec<Administrator>,
}

/// The application's name and who in the caller's organization can grant access to it. Only
/// for a registered application; never another organization's people.
#[server(endpoint = "application_refusal")]
pub async fn application_refusal(application: String) -> Result<Refusal, AppError> {
    ssr::refusal(application).await
}

/// `/oauth/authorize` when the request names no registered application or a redirect address
/// it did not register: nothing can be sent back, so the portal says so itself (status 400).
#[component]
pub fn InvalidSignInPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card sign-in">
            <h1>{i18n.t("sso-invalid-title")}</h1>
            <p>{i18n.t("sso-invalid-text")}</p>
            <p><a class="text-link" href="/profile">{i18n.t("sso-back-to-profile")}</a></p>
        </section>
    }
}

/// "You don't have access to <application>": the portal issued nothing, and says who can grant
/// access.
#[component]
pub fn RefusedPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let refusal = Resource::new(move || query.with(|q| q.get("application").unwrap_or_default()), application_refusal);
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match refusal.await {
                    Ok(r) => view! { <Refused refusal=r /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => {
                        // An unknown application is named on its field; any other error as itself.
                        let id = match &e {
                            AppError::Validation(fields) => fields.first().map(|f| f.message_id.clone()).unwrap_or_default(),
                            other => other.message_id().to_string(),
                        };
                        view! {
                            <h1>{i18n.t("sso-refused-page-title")}</h1>
                            <p class="alert" role="alert">{move || i18n.tr(&id)}</p>
                        }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Refused(refusal: Refusal) -> impl IntoView {
    let i18n = use_i18n();
    let application = refusal.application.clone();
    let heading = move || translate_with(i18n.get(), "sso-refused-title", "application", &application);
    let admins = refusal.administrators;
    let none = admins.is_empty();
    view! {
        <section class="card" aria-labelledby="refused-heading">
            <h1 id="refused-heading">{heading}</h1>
            <p>{i18n.t("sso-refused-text")}</p>
            <h2>{i18n.t("sso-refused-who")}</h2>
            {if none {
                view! { <p>{i18n.t("sso-refused-no-admin")}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {admins.into_iter().map(|a| {
                            let mail = format!("mailto:{}", a.email);
                            view! { <li>{a.name}" "<a class="text-link" href=mail><Address email=a.email.clone() /></a></li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <p><a class="text-link" href="/profile">{i18n.t("sso-back-to-profile")}</a></p>
        </section>
    }
}
