//! "My Profile": the signed-in person's details and permission groups.

use crate::error::AppError;
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};

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

#[component]
fn Field(label: &'static str, value: Option<String>, #[prop(optional)] id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let empty = value.is_none();
    let shown = move || value.clone().unwrap_or_else(|| i18n.tr("profile-not-set"));
    view! {
        <div class="field" data-field=id>
            <dt>{i18n.t(label)}</dt>
            <dd class:muted=empty>{shown}</dd>
        </div>
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let profile = Resource::new(|| (), |_| get_my_profile());
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => view! { <ProfileView profile=p /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileView(profile: MyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let salutation_id = profile.salutation.as_ref().map(|s| format!("salutation-{s}"));
    let salutation = move || salutation_id.as_ref().map(|id| i18n.tr(id));
    let email_language = profile.email_language;
    let groups = profile.groups.clone();
    let has_groups = !groups.is_empty();
    view! {
        <div class="profile-layout">
            <div class="profile-main">
                <h1>{i18n.t("profile-title")}</h1>
                <section class="card" aria-labelledby="personal-heading">
                    <h2 id="personal-heading">{i18n.t("profile-personal-information")}</h2>
                    <dl class="fields">
                        <Field label="profile-email" id="email" value=Some(profile.email.clone()) />
                        <Field label="profile-mfa-number" id="mfa_phone" value=profile.mfa_phone.clone() />
                        <div class="field" data-field="salutation">
                            <dt>{i18n.t("profile-salutation")}</dt>
                            <dd>{move || salutation().unwrap_or_else(|| i18n.tr("profile-not-set"))}</dd>
                        </div>
                        <Field label="profile-first-name" id="first_name" value=Some(profile.first_name.clone()) />
                        <Field label="profile-last-name" id="last_name" value=Some(profile.last_name.clone()) />
                        <Field label="profile-job-title" id="job_title" value=profile.job_title.clone() />
                        <Field label="profile-department" id="department" value=profile.department.clone() />
                        <Field label="profile-contact-phone" id="contact_phone" value=profile.contact_phone.clone() />
                        <Field label="profile-organization" id="organization" value=Some(profile.organization_name.clone()) />
                    </dl>
                </section>
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
