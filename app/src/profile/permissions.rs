//! "Understand your permissions", on the right of the Profile tab: the person's permission
//! groups with what each grants, and a summary of what they may do and which group grants it.

use super::{GroupSummary, MyApplication};
use crate::i18n::{translate_with, use_i18n};
use leptos::prelude::*;

/// A group's name and description: built-in groups carry a code, named in the reader's language.
fn texts(g: &GroupSummary) -> (Signal<String>, Signal<String>) {
    let i18n = use_i18n();
    if g.built_in {
        let (n, d) = (format!("group-{}", g.name), format!("group-{}-description", g.name));
        (Signal::derive(move || i18n.tr(&n)), Signal::derive(move || i18n.tr(&d)))
    } else {
        (Signal::stored(g.name.clone()), Signal::stored(g.description.clone()))
    }
}

/// Every role the groups grant, portal roles first, each with the groups granting it.
fn summary(groups: &[GroupSummary]) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = vec![];
    let ids = |g: &GroupSummary| {
        let portal = g.portal_roles.iter().map(|r| format!("portal-role-{r}"));
        portal.chain(g.application_roles.iter().map(|r| format!("app-role-{r}"))).collect::<Vec<_>>()
    };
    for (i, g) in groups.iter().enumerate() {
        for id in ids(g) {
            match out.iter_mut().find(|(r, _)| *r == id) {
                Some((_, by)) => by.push(i),
                None => out.push((id, vec![i])),
            }
        }
    }
    out.sort_by_key(|(id, _)| !id.starts_with("portal-"));
    out
}

#[component]
pub fn Permissions(groups: Vec<GroupSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let names: Vec<Signal<String>> = groups.iter().map(|g| texts(g).0).collect();
    let roles = summary(&groups);
    let has_groups = !groups.is_empty();
    let role_list = move |ids: Vec<String>| {
        ids.into_iter().map(|id| view! { <li>{move || i18n.tr(&id)}</li> }).collect_view()
    };
    view! {
        <aside class="card profile-groups" aria-labelledby="groups-heading">
            <h2 id="groups-heading">{i18n.t("profile-permission-groups")}</h2>
            <p class="muted">{i18n.t("profile-permission-groups-intro")}</p>
            <p><a href="/help/permission-groups">{i18n.t("profile-groups-more")}</a></p>
            <Show when=move || has_groups fallback=move || view! { <p>{i18n.t("profile-no-groups")}</p> }>
                <ul class="groups">
                    {groups
                        .clone()
                        .into_iter()
                        .map(|g| {
                            let (name, description) = texts(&g);
                            let portal: Vec<String> = g.portal_roles.iter().map(|r| format!("portal-role-{r}")).collect();
                            let apps: Vec<String> = g.application_roles.iter().map(|r| format!("app-role-{r}")).collect();
                            view! {
                                <li class="group">
                                    <h3>{name}</h3>
                                    {g.built_in.then(|| view! { <span class="badge">{i18n.t("profile-built-in")}</span> })}
                                    <p class="muted">{description}</p>
                                    {(!portal.is_empty()).then(|| view! {
                                        <p class="grant-label">{i18n.t("permissions-portal-roles")}</p>
                                        <ul class="grants">{role_list(portal)}</ul>
                                    })}
                                    {(!apps.is_empty()).then(|| view! {
                                        <p class="grant-label">{i18n.t("permissions-application-roles")}</p>
                                        <ul class="grants">{role_list(apps)}</ul>
                                    })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <h3 id="can-do-heading">{i18n.t("permissions-summary")}</h3>
                <ul class="can-do" aria-labelledby="can-do-heading">
                    {roles
                        .clone()
                        .into_iter()
                        .map(|(id, by)| {
                            let names = names.clone();
                            let granted = move || {
                                let groups = by.iter().filter_map(|i| names.get(*i).map(|n| n.get())).collect::<Vec<_>>().join(", ");
                                translate_with(i18n.get(), "permissions-granted-by-groups", "groups", &groups)
                            };
                            view! {
                                <li>
                                    <strong>{move || i18n.tr(&id)}</strong>
                                    <span class="muted">{granted}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </Show>
        </aside>
    }
}

/// "Your applications": the ecosystem's applications the person's groups open now, each a link
/// that starts its sign-in through the portal.
#[component]
pub fn Applications(applications: Vec<MyApplication>) -> impl IntoView {
    let i18n = use_i18n();
    let none = applications.is_empty();
    view! {
        <section class="card" aria-labelledby="applications-heading">
            <h2 id="applications-heading">{i18n.t("profile-applications")}</h2>
            {if none {
                view! { <p class="muted">{i18n.t("profile-applications-none")}</p> }.into_any()
            } else {
                view! {
                    <ul class="links">
                        {applications.into_iter().map(|a| match a.href {
                            Some(href) => view! { <li><a href=href>{a.name}</a></li> }.into_any(),
                            None => view! { <li>{a.name}</li> }.into_any(),
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
