//! The Activity tab of Users & Permissions ("View activities: Track logins, updates, or other
//! user actions"): the organization's log with who each line concerns and who did it; filters
//! by person, kind of action and whole days, all in the URL; "Show older" by keyset; CSV.

use super::table::{refused_saying, UsersTabs};
use super::OrgActivityView;
use crate::error::AppError;
use crate::i18n::{activity_kinds, use_i18n};
use crate::log_table::{link, LogFilters, LogLine, LogTable};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The organization's activity for those holding View organization activity, filtered, newest first.
#[server(prefix = "/api/org-activity", endpoint = "org_activity")]
pub async fn org_activity(
    #[server(default)] person: String,
    #[server(default)] kind: String,
    #[server(default)] from: Option<String>,
    #[server(default)] to: Option<String>,
    #[server(default)] before: String,
) -> Result<OrgActivityView, AppError> {
    super::ssr::activity::org_activity(super::ssr::activity::Filter { person, kind, from, to, before }).await
}

#[component]
pub fn OrgActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let view = Resource::new(
        move || (param("person"), param("kind"), param("from"), param("to"), param("before")),
        |(person, kind, from, to, before)| org_activity(person, kind, Some(from), Some(to), before),
    );
    view! {
        <UsersTabs />
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match view.await {
                    Ok(v) => view! { <Log view=v err=None /> }.into_any(),
                    Err(e @ AppError::Validation(_)) => view! { <Filters from=param("from") to=param("to") err=Some(e) /> }.into_any(),
                    Err(e) => refused_saying(i18n, e, "users-no-access-activity"),
                }
            })}
        </Suspense>
    }
}

/// The person and kind filters, before the date range.
#[component]
fn Filters(from: String, to: String, err: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (person, kind) = query.with_untracked(|q| (q.get("person").unwrap_or_default(), q.get("kind").unwrap_or_default()));
    view! {
        <LogFilters action="/users/activity" from=from to=to err=err>
            <div class="form-field">
                <label for="person">{i18n.t("org-activity-person")}</label>
                <input id="person" name="person" type="search" value=person.clone() maxlength="254" />
            </div>
            <div class="form-field">
                <label for="kind">{i18n.t("org-activity-kind")}</label>
                <select id="kind" name="kind">
                    <option value="" selected=kind.is_empty()>{i18n.t("users-all")}</option>
                    {activity_kinds()
                        .into_iter()
                        .map(|k| {
                            let id = format!("activity-{k}");
                            view! { <option value=k selected=kind == k>{move || i18n.tr(&id)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        </LogFilters>
    }
}

#[component]
fn Log(view: OrgActivityView, err: Option<AppError>) -> impl IntoView {
    let query = use_query_map();
    let (person, kind) = query.with_untracked(|q| (q.get("person").unwrap_or_default(), q.get("kind").unwrap_or_default()));
    let filters = [("person", person.as_str()), ("kind", kind.as_str()), ("from", view.from.as_str()), ("to", view.to.as_str())];
    let csv = link("/users/activity.csv", &filters);
    let older = view.older.clone().map(|c| link("/users/activity", &[&filters[..], &[("before", c.as_str())]].concat()));
    let newest = view.paged.then(|| link("/users/activity", &filters));
    let lines = view
        .lines
        .iter()
        .map(|l| LogLine { when: l.when.clone(), email: l.email.clone(), kind: l.kind.clone(), detail: l.detail.clone(), more: vec![l.concerns.clone(), l.by.clone().unwrap_or_default()] })
        .collect();
    let form = view! { <Filters from=view.from.clone() to=view.to.clone() err=err /> }.into_any();
    view! {
        <LogTable
            heading_id="org-activity-heading"
            title="users-tab-activity"
            csv=csv
            filters=form
            zone=view.time_zone.clone()
            more=vec!["org-activity-concerns", "org-activity-by"]
            lines=lines
            newest=newest
            older=older
        />
    }
}
