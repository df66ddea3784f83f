//! "Users & Permissions": the organization's profiles, for those holding that role.

use crate::avatar::{Avatar, AvatarStyle};
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileRow {
    pub avatar_style: String,
    pub avatar_seed: u32,
    pub initials: String,
    pub name: String,
    pub email: String,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub is_user: bool,
    pub status: Option<String>,
}

/// The profiles of the caller's organization. Needs the Users & Permissions role.
#[server(endpoint = "org_profiles")]
pub async fn list_profiles() -> Result<Vec<ProfileRow>, AppError> {
    ssr::list_profiles().await
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let profiles = Resource::new(|| (), |_| list_profiles());
    view! {
        <h1>{i18n.t("users-title")}</h1>
        <nav class="tabs" aria-label=i18n.t("users-title")>
            <span class="tab active" aria-current="page">{i18n.t("users-tab-profiles")}</span>
        </nav>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match profiles.await {
                    Ok(rows) => view! { <ProfileTable rows=rows /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProfileTable(rows: Vec<ProfileRow>) -> impl IntoView {
    let i18n = use_i18n();
    let not_set = move || i18n.tr("profile-not-set");
    view! {
        <section class="card">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("users-col-name")}</th>
                        <th scope="col">{i18n.t("profile-email")}</th>
                        <th scope="col">{i18n.t("profile-job-title")}</th>
                        <th scope="col">{i18n.t("profile-department")}</th>
                        <th scope="col">{i18n.t("users-col-kind")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let kind = if r.is_user { "users-kind-user" } else { "users-kind-contact" };
                            let (job, dept) = (r.job_title.clone(), r.department.clone());
                            view! {
                                <tr>
                                    <td data-label=i18n.t("users-col-name")>
                                        <span class="person">
                                            <Avatar style=AvatarStyle::parse(&r.avatar_style).unwrap_or_default() seed=r.avatar_seed initials=r.initials.clone() />
                                            {r.name}
                                        </span>
                                    </td>
                                    <td data-label=i18n.t("profile-email")>{r.email}</td>
                                    <td data-label=i18n.t("profile-job-title")>{move || job.clone().unwrap_or_else(not_set)}</td>
                                    <td data-label=i18n.t("profile-department")>{move || dept.clone().unwrap_or_else(not_set)}</td>
                                    <td data-label=i18n.t("users-col-kind")>{i18n.t(kind)}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
