//! "My Profile": the signed-in person's details and permission groups.

use crate::error::AppError;
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};

mod details;
#[cfg(feature = "ssr")]
mod ssr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub built_in: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyProfile {
    pub email: String,
    pub mfa_phone: Option<String>,
    pub salutation: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub contact_phone: Option<String>,
    pub organization_name: String,
    pub portal_language: Lang,
    pub email_language: Lang,
    pub groups: Vec<GroupSummary>,
}

/// The caller's own profile and permission groups.
#[server(endpoint = "my_profile")]
pub async fn get_my_profile() -> Result<MyProfile, AppError> {
    ssr::my_profile().await
}

/// Saves the caller's details. Every field is parsed with the shared domain types; all the
/// fields in error come back at once, each with its message. Phone numbers are stored in E.164.
#[server(endpoint = "update_my_details")]
pub async fn update_my_details(
    salutation: String,
    first_name: String,
    last_name: String,
    job_title: String,
    department: String,
    contact_phone: String,
    mfa_phone: String,
) -> Result<(), AppError> {
    ssr::update_my_details(ssr::DetailsForm { salutation, first_name, last_name, job_title, department, contact_phone, mfa_phone }).await
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<UpdateMyDetails>::new();
    // Fetched again after a successful save only: a refused one keeps the form as typed.
    let saves = RwSignal::new(0u32);
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(()))) {
            saves.update(|n| *n += 1);
        }
    });
    let profile = Resource::new(move || saves.get(), |_| get_my_profile());
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => view! { <ProfileView profile=p save=save /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileView(profile: MyProfile, save: ServerAction<UpdateMyDetails>) -> impl IntoView {
    let i18n = use_i18n();
    let email_language = profile.email_language;
    let groups = profile.groups.clone();
    let has_groups = !groups.is_empty();
    view! {
        <div class="profile-layout">
            <div class="profile-main">
                <h1>{i18n.t("profile-title")}</h1>
                <details::PersonalInformation profile=profile.clone() action=save />
                <section class="card" aria-labelledby="security-heading">
                    <h2 id="security-heading">{i18n.t("profile-security-settings")}</h2>
                    <ul class="links">
                        <li><a href="/profile/security#change-password">{i18n.t("security-change-password")}</a></li>
                        <li><a href="/profile/security#edit-mfa">{i18n.t("security-edit-mfa")}</a></li>
                        <li><a href="/profile/security#sessions-heading">{i18n.t("security-sessions")}</a></li>
                    </ul>
                </section>
                <section class="card" aria-labelledby="prefs-heading">
                    <h2 id="prefs-heading">{i18n.t("profile-communication-preferences")}</h2>
                    <dl class="fields">
                        <div class="field" data-field="portal_language">
                            <dt>{i18n.t("profile-portal-language")}</dt>
                            // The portal language is the one the page is in: it follows the switch.
                            <dd>{move || i18n.tr(i18n.get().message_id())}</dd>
                        </div>
                        <div class="field" data-field="email_language">
                            <dt>{i18n.t("profile-email-language")}</dt>
                            <dd>{move || i18n.tr(email_language.message_id())}</dd>
                        </div>
                    </dl>
                </section>
            </div>
            <aside class="card profile-groups" aria-labelledby="groups-heading">
                <h2 id="groups-heading">{i18n.t("profile-permission-groups")}</h2>
                <p class="muted">{i18n.t("profile-permission-groups-intro")}</p>
                <Show when=move || has_groups fallback=move || view! { <p>{i18n.t("profile-no-groups")}</p> }>
                    <ul class="groups">
                        {groups
                            .clone()
                            .into_iter()
                            .map(|g| {
                                // Built-in groups carry a code, named in the reader's language.
                                let (name, description) = if g.built_in {
                                    let (n, d) = (format!("group-{}", g.name), format!("group-{}-description", g.name));
                                    (Signal::derive(move || i18n.tr(&n)), Signal::derive(move || i18n.tr(&d)))
                                } else {
                                    (Signal::stored(g.name.clone()), Signal::stored(g.description.clone()))
                                };
                                view! {
                                    <li class="group">
                                        <strong>{name}</strong>
                                        {g.built_in.then(|| view! { <span class="badge">{i18n.t("profile-built-in")}</span> })}
                                        <p class="muted">{description}</p>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </Show>
            </aside>
        </div>
    }
}
