//! One permission group: what it grants ("Roles") and its members ("Users", with "Manage
//! users"); a custom group can be edited or deleted (after a confirmation naming what is lost).

use super::super::group_name;
use super::super::table::{refused, UsersTabs};
use super::{description_of, permission_group, BuiltInMark, DeleteGroup, GroupDetail, Person};
use crate::avatar::{Avatar, AvatarStyle};
use crate::error::AppError;
use crate::form::{error_of, field_error, form_error, Address, Submit};
use crate::i18n::{translate_count, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn GroupPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = move || query.with(|q| q.get("id").unwrap_or_default());
    let detail = Resource::new(move || (id(), query.with(|q| q.get("saved"))), |(id, _)| permission_group(id));
    let saved = move || {
        query.with(|q| q.get("saved")).map(|s| if s == "members" { "groups-members-saved" } else { "groups-saved" })
    };
    view! {
        <UsersTabs />
        <p><a class="text-link" href="/users/groups">{i18n.t("groups-back-to-list")}</a></p>
        {move || saved().map(|s| view! { <p class="notice" role="status">{i18n.t(s)}</p> })}
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Group detail=d /> }.into_any(),
                    Err(AppError::Validation(_)) => view! { <p class="alert" role="alert">{i18n.t("error-not-found")}</p> }.into_any(),
                    Err(e) => refused(i18n, e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Group(detail: GroupDetail) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let users_tab = move || query.with(|q| q.get("tab").as_deref() == Some("users"));
    let g = detail.group.clone();
    let label = g.label.clone();
    let base = format!("/users/groups/view?id={}", g.label.id);
    let users_href = format!("{base}&tab=users");
    let sub = move |href: String, label: &'static str, on: bool| {
        view! { <a class="tab" class:active=on href=href aria-current=on.then_some("page")>{i18n.t(label)}</a> }
    };
    let edit = (!g.label.built_in).then(|| {
        let href = format!("/users/groups/edit?id={}", g.label.id);
        view! { <a class="button secondary" href=href>{i18n.t("profile-edit")}</a> }
    });
    let summary = g.clone();
    let roles = detail.clone();
    view! {
        <section class="card" aria-labelledby="group-heading">
            <div class="card-head">
                <h2 id="group-heading">{move || group_name(i18n, &label)}</h2>
                {g.label.built_in.then(|| view! { <BuiltInMark /> })}
                {edit}
            </div>
            <p>{move || description_of(i18n, &summary)}</p>
            {g.label.built_in.then(|| view! { <p class="hint">{i18n.t("groups-built-in-reason")}</p> })}
            <nav class="tabs" aria-label=i18n.t("groups-sections")>
                {move || sub(base.clone(), "groups-tab-roles", !users_tab())}
                {move || sub(users_href.clone(), "groups-tab-users", users_tab())}
            </nav>
            <Show when=users_tab fallback=move || view! { <Roles detail=roles.clone() /> }>
                <Members detail=detail.clone() />
            </Show>
        </section>
    }
}

/// The roles a group grants, as two labelled lists.
#[component]
pub fn GrantLists(portal: Vec<String>, application: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let list = move |codes: Vec<String>, prefix: &'static str| {
        move || {
            if codes.is_empty() {
                view! { <p class="muted">{i18n.t("groups-grants-none")}</p> }.into_any()
            } else {
                view! { <ul class="grants">{codes.iter().map(|c| view! { <li>{i18n.tr(&format!("{prefix}{c}"))}</li> }).collect_view()}</ul> }.into_any()
            }
        }
    };
    view! {
        <h3>{i18n.t("groups-portal-roles")}</h3>
        {list(portal, "portal-role-")}
        <h3>{i18n.t("groups-application-roles")}</h3>
        {list(application, "app-role-")}
    }
}

#[component]
fn Roles(detail: GroupDetail) -> impl IntoView {
    let i18n = use_i18n();
    let g = detail.group.clone();
    let query = use_query_map();
    let confirming = move || query.with(|q| q.get("confirm").as_deref() == Some("delete"));
    let delete = ServerAction::<DeleteGroup>::new();
    let err = error_of(delete.value());
    let confirm_href = format!("/users/groups/view?id={}&confirm=delete#delete-heading", g.label.id);
    let back_href = StoredValue::new(format!("/users/groups/view?id={}", g.label.id));
    let (id, version, members) = (StoredValue::new(g.label.id.clone()), g.version, g.members);
    view! {
        <GrantLists portal=g.portal_roles.clone() application=g.application_roles.clone() />
        {(!g.label.built_in).then(|| view! {
            <Show when=move || !confirming()>
                <div class="button-row">
                    <a class="button danger" href=confirm_href.clone()>{i18n.t("groups-delete")}</a>
                </div>
            </Show>
            <Show when=confirming>
                <div class="confirm-box" role="group" aria-labelledby="delete-heading">
                    <h3 id="delete-heading">{i18n.t("groups-delete-title")}</h3>
                    <p>{move || translate_count(i18n.get(), "groups-delete-lost", members)}</p>
                    {form_error(err)}
                    {field_error(err, "group")}
                    <ActionForm action=delete attr:class="form-actions">
                        <input type="hidden" name="id" value=id.get_value() />
                        <input type="hidden" name="version" value=version.to_string() />
                        <a class="button secondary" href=back_href.get_value()>{i18n.t("profile-cancel")}</a>
                        <Submit pending=delete.pending() label="groups-delete-confirm" class="danger" />
                    </ActionForm>
                </div>
            </Show>
        })}
    }
}

/// A list of people with their avatar, e-mail and status.
#[component]
pub fn PeopleList(people: Vec<Person>, #[prop(optional)] empty: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    if people.is_empty() && !empty.is_empty() {
        return view! { <p class="muted">{i18n.t(empty)}</p> }.into_any();
    }
    view! {
        <ul class="people">
            {people.into_iter().map(|p| {
                let status = p.status.map(|s| s.message_id());
                let href = format!("/users/profile?id={}", p.id);
                view! {
                    <li>
                        <a class="person" href=href>
                            <Avatar style=AvatarStyle::parse(&p.avatar_style).unwrap_or_default() seed=p.avatar_seed initials=p.initials.clone() />
                            {p.name.clone()}
                        </a>
                        <span class="muted"><Address email=p.email.clone() /></span>
                        {move || status.as_ref().map(|s| view! { <span class="badge">{i18n.tr(s)}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// How many members the Users tab shows at once, as the Profiles table does.
pub const MEMBERS_PAGE: usize = 50;

/// The page of `people` (by name) that follows the one whose last person is `after`.
pub fn members_page(people: &[Person], after: Option<&str>) -> (Vec<Person>, Option<String>) {
    let start = after.and_then(|id| people.iter().position(|p| p.id == id)).map_or(0, |at| at + 1);
    let page: Vec<Person> = people.iter().skip(start).take(MEMBERS_PAGE).cloned().collect();
    let next = (start + MEMBERS_PAGE < people.len()).then(|| page.last().map(|p| p.id.clone())).flatten();
    (page, next)
}

#[component]
fn Members(detail: GroupDetail) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = detail.group.label.id.clone();
    let manage = format!("/users/groups/manage?id={id}");
    let count = detail.group.members;
    let people = StoredValue::new(detail.members.clone());
    let page = move || people.with_value(|all| members_page(all, query.with(|q| q.get("after")).as_deref()));
    view! {
        <div class="card-head">
            <h3 id="members-heading">{move || translate_count(i18n.get(), "groups-member-count", count)}</h3>
            <a class="button primary" href=manage>{i18n.t("groups-manage-users")}</a>
        </div>
        {move || {
            let (shown, next) = page();
            let id = id.clone();
            view! {
                <PeopleList people=shown empty="groups-no-members" />
                <div class="pager">
                    {next.map(|after| {
                        let href = format!("/users/groups/view?id={id}&tab=users&after={after}");
                        view! { <a class="button secondary" href=href>{i18n.t("users-next-page")}</a> }
                    })}
                </div>
            }
        }}
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn people(n: usize) -> Vec<Person> {
        (0..n)
            .map(|i| Person {
                id: format!("p{i}"),
                name: format!("Person {i}"),
                email: format!("p{i}@example.invalid"),
                avatar_style: "initials".into(),
                avatar_seed: 0,
                initials: "PP".into(),
                status: None,
            })
            .collect()
    }

    #[test]
    fn a_long_member_list_comes_in_pages_that_follow_each_other() {
        let all = people(193);
        let (first, next) = members_page(&all, None);
        assert_eq!((first.len(), first[0].id.as_str(), next.as_deref()), (50, "p0", Some("p49")));
        let (second, next) = members_page(&all, next.as_deref());
        assert_eq!((second.len(), second[0].id.as_str()), (50, "p50"));
        let (_, next) = members_page(&all, next.as_deref());
        let (last, next) = members_page(&all, next.as_deref());
        assert_eq!((last.len(), last[42].id.as_str(), next), (43, "p192", None));
        let (exactly, next) = members_page(&people(50), None);
        assert_eq!((exactly.len(), next), (50, None), "no empty page after a full one");
        let (unknown, _) = members_page(&all, Some("someone-else"));
        assert_eq!(unknown[0].id, "p0", "an unknown place starts from the first page");
    }
}
