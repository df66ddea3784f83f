//! The Profiles tab: the organization's users and contacts, searched and filtered through the
//! URL (a GET form: the same before and after the WASM loads), paged by name.

use super::rules::ContactType;
use super::{group_name, list_profiles, ProfileList, UserStatus};
use crate::avatar::{Avatar, AvatarStyle};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::platform::{PortalRole, SignedIn};
use leptos::prelude::*;
use leptos_router::components::{Form, Redirect};
use leptos_router::hooks::use_query_map;

/// The tabs of Users & Permissions, each its own URL: those the person's roles open (Profiles,
/// Permission Groups, Contracts and Sign-in with Users & Permissions, Activity with View organization activity).
#[component]
pub fn UsersTabs() -> impl IntoView {
    let i18n = use_i18n();
    let location = leptos_router::hooks::use_location();
    let user = use_context::<SignedIn>();
    let tab = move |href: &'static str, label: &'static str| {
        let current = move || {
            let path = location.pathname.get();
            let on = match href {
                "/users" => path == "/users" || path.starts_with("/users/profile") || path == "/users/new",
                "/users/groups" => path.starts_with("/users/groups"),
                _ => path == href,
            };
            on.then_some("page")
        };
        view! { <a class="tab" class:active=move || current().is_some() href=href aria-current=current>{i18n.t(label)}</a> }
    };
    view! {
        <h1>{i18n.t("users-title")}</h1>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let u = match user {
                    Some(SignedIn(r)) => r.await.ok(),
                    None => None,
                };
                let has = |role| u.as_ref().is_some_and(|u| u.has(role));
                let (manage, activity) = (has(PortalRole::UsersPermissions), has(PortalRole::ViewActivity));
                (manage || activity).then(|| view! {
                    <nav class="tabs" aria-label=i18n.t("users-tabs")>
                        {manage.then(|| tab("/users", "users-tab-profiles"))}
                        {manage.then(|| tab("/users/groups", "users-tab-groups"))}
                        {manage.then(|| tab("/users/contracts", "users-tab-contracts"))}
                        {manage.then(|| tab("/users/sign-in", "users-tab-sign-in"))}
                        {activity.then(|| tab("/users/activity", "users-tab-activity"))}
                    </nav>
                })
            })}
        </Transition>
    }
}

/// What a refusal of the whole page looks like: signed out goes to sign-in, no role says so.
pub fn refused(i18n: crate::i18n::I18n, e: AppError) -> AnyView {
    refused_saying(i18n, e, "users-no-access")
}

/// A refusal whose lack of role is explained by `no_access` (a message id).
pub fn refused_saying(i18n: crate::i18n::I18n, e: AppError, no_access: &'static str) -> AnyView {
    match e {
        AppError::Unauthorized => view! { <Redirect path="/login" /> }.into_any(),
        AppError::Forbidden => view! {
            <section class="card">
                <h2>{i18n.t("users-no-access-title")}</h2>
                <p>{i18n.t(no_access)}</p>
            </section>
        }
        .into_any(),
        e => view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let list = Resource::new(
        move || (param("q"), param("kind"), param("contact_type"), param("status"), param("after")),
        |(q, kind, contact_type, status, after)| list_profiles(q, kind, contact_type, status, after),
    );
    view! {
        <UsersTabs />
        <Show when=move || query.with(|q| q.get("deleted").is_some())>
            <p class="notice" role="status">{i18n.t("users-deleted")}</p>
        </Show>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => view! { <Profiles list=l /> }.into_any(),
                    Err(e) => refused(i18n, e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Filters() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.with_untracked(|q| q.get(k).unwrap_or_default());
    let option = move |value: &'static str, label: String, current: &str| {
        view! { <option value=value selected=current == value>{label}</option> }
    };
    let (kind, ct, status) = (param("kind"), param("contact_type"), param("status"));
    view! {
        <Form method="GET" action="/users" attr:class="filters" attr:role="search">
            <div class="form-field">
                <label for="q">{i18n.t("users-search")}</label>
                <input id="q" name="q" type="search" value=param("q") maxlength="100" />
            </div>
            <div class="form-field">
                <label for="kind">{i18n.t("users-filter-kind")}</label>
                <select id="kind" name="kind">
                    {option("", i18n.tr("users-all"), &kind)}
                    {option("user", i18n.tr("users-kind-user"), &kind)}
                    {option("contact", i18n.tr("users-kind-contact"), &kind)}
                </select>
            </div>
            <div class="form-field">
                <label for="contact_type">{i18n.t("users-col-contact-types")}</label>
                <select id="contact_type" name="contact_type">
                    {option("", i18n.tr("users-all"), &ct)}
                    {ContactType::ALL.into_iter().map(|t| option(t.code(), i18n.tr(&t.message_id()), &ct)).collect_view()}
                </select>
            </div>
            <div class="form-field">
                <label for="status">{i18n.t("users-col-status")}</label>
                <select id="status" name="status">
                    {option("", i18n.tr("users-all"), &status)}
                    {UserStatus::ALL.into_iter().map(|s| option(s.code(), i18n.tr(&s.message_id()), &status)).collect_view()}
                </select>
            </div>
            <button type="submit" class="secondary">{i18n.t("users-apply")}</button>
        </Form>
    }
}

#[component]
fn Profiles(list: ProfileList) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = list.next.clone().map(|after| {
        let mut pairs: Vec<String> = query.with_untracked(|q| {
            ["q", "kind", "contact_type", "status"]
                .iter()
                .filter_map(|k| q.get(k).filter(|v| !v.is_empty()).map(|v| format!("{k}={}", v.replace('%', "%25").replace('&', "%26").replace(' ', "+"))))
                .collect()
        });
        pairs.push(format!("after={after}"));
        format!("/users?{}", pairs.join("&"))
    });
    let missing = list.missing.clone();
    let empty = list.rows.is_empty();
    let rows = list.rows.clone();
    let col = move |id: &'static str| i18n.t(id);
    view! {
        {(!missing.is_empty()).then(|| view! {
            <div class="alert coverage" role="note">
                <p>{i18n.t("users-coverage-intro")}</p>
                <ul>
                    {missing.into_iter().map(|t| {
                        let href = format!("/users/new?type={}", t.code());
                        view! { <li><a href=href>{move || i18n.tr(&format!("coverage-missing-{}", t.code()))}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        })}
        <section class="card" aria-labelledby="profiles-heading">
            <div class="card-head">
                <h2 id="profiles-heading">{i18n.t("users-tab-profiles")}</h2>
                <a class="button primary" href="/users/new">{i18n.t("users-add-profile")}</a>
            </div>
            <Filters />
            <Show when=move || !empty fallback=move || view! { <p>{i18n.t("users-none-found")}</p> }>
                <table class="data">
                    <caption class="visually-hidden">{i18n.t("users-tab-profiles")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{col("users-col-name")}</th>
                            <th scope="col">{col("profile-email")}</th>
                            <th scope="col">{col("users-filter-kind")}</th>
                            <th scope="col">{col("users-col-contact-types")}</th>
                            <th scope="col">{col("users-col-status")}</th>
                            <th scope="col">{col("users-col-groups")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .clone()
                            .into_iter()
                            .map(|r| {
                                let href = format!("/users/profile?id={}", r.id);
                                let kind = match (r.is_user, r.contact_types.is_empty()) {
                                    (true, true) => "users-kind-user",
                                    (true, false) => "users-kind-both",
                                    (false, _) if r.distribution_list => "users-kind-list",
                                    _ => "users-kind-contact",
                                };
                                let types = r.contact_types.clone();
                                let groups = r.groups.clone();
                                let status = r.status.map(|s| s.message_id());
                                view! {
                                    <tr>
                                        <td data-label=col("users-col-name")>
                                            <a class="person" href=href>
                                                <Avatar style=AvatarStyle::parse(&r.avatar_style).unwrap_or_default() seed=r.avatar_seed initials=r.initials.clone() />
                                                {r.name.clone()}
                                            </a>
                                        </td>
                                        <td data-label=col("profile-email")>{r.email.clone()}</td>
                                        <td data-label=col("users-filter-kind")>{i18n.t(kind)}</td>
                                        <td data-label=col("users-col-contact-types")>
                                            {move || types.iter().map(|t| i18n.tr(&t.message_id())).collect::<Vec<_>>().join(", ")}
                                        </td>
                                        <td data-label=col("users-col-status")>{move || status.as_ref().map(|s| i18n.tr(s)).unwrap_or_default()}</td>
                                        <td data-label=col("users-col-groups")>
                                            {move || groups.iter().map(|g| group_name(i18n, g)).collect::<Vec<_>>().join(", ")}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </Show>
            <div class="pager">
                {next.map(|href| view! { <a class="button secondary" href=href>{i18n.t("users-next-page")}</a> })}
            </div>
        </section>
    }
}
