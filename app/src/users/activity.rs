//! The Activity tab of Users & Permissions ("View activities: Track logins, updates, or other
//! user actions"): the organization's log with who each line concerns and who did it; filters
//! by person, kind of action and whole days, all in the URL; "Show older" by keyset; CSV.

use super::org_activity;
use super::table::{refused, UsersTabs};
use super::OrgActivityView;
use crate::error::AppError;
use crate::form::field_error;
use crate::i18n::{activity_kinds, translate_with, use_i18n};
use crate::form::Pager;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn encode(v: &str) -> String {
    v.replace('%', "%25").replace('&', "%26").replace('+', "%2B").replace(' ', "%20").replace('#', "%23")
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
                    Err(e) => refused(i18n, e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Filters(from: String, to: String, err: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (person, kind) = query.with_untracked(|q| (q.get("person").unwrap_or_default(), q.get("kind").unwrap_or_default()));
    let err = Signal::stored(err);
    view! {
        <Form method="GET" action="/users/activity" attr:class="filters" attr:role="search">
            <div class="form-field">
                <label for="person">{i18n.t("org-activity-person")}</label>
                <input id="person" name="person" type="search" value=person maxlength="254" />
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
            <div class="form-field">
                <label for="from">{i18n.t("activity-from")}</label>
                <input id="from" name="from" type="date" value=from aria-describedby="from-error" />
                {field_error(err, "from")}
            </div>
            <div class="form-field">
                <label for="to">{i18n.t("activity-to")}</label>
                <input id="to" name="to" type="date" value=to aria-describedby="to-error" />
                {field_error(err, "to")}
            </div>
            <button type="submit" class="secondary">{i18n.t("activity-apply")}</button>
        </Form>
    }
}

#[component]
fn Log(view: OrgActivityView, err: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (person, kind) = query.with_untracked(|q| (q.get("person").unwrap_or_default(), q.get("kind").unwrap_or_default()));
    let filters = format!("person={}&kind={}&from={}&to={}", encode(&person), encode(&kind), view.from, view.to);
    let csv = format!("/users/activity.csv?{filters}");
    let older = view.older.clone().map(|c| format!("/users/activity?{filters}&before={c}"));
    let newest = view.paged.then(|| format!("/users/activity?{filters}"));
    let zone = view.time_zone.clone();
    let empty = view.lines.is_empty();
    let lines = view.lines.clone();
    let col = move |id: &'static str| i18n.t(id);
    view! {
        <section class="card" aria-labelledby="org-activity-heading">
            <div class="card-head">
                <h2 id="org-activity-heading">{i18n.t("users-tab-activity")}</h2>
                <a class="button secondary" href=csv download="">{i18n.t("activity-download-csv")}</a>
            </div>
            <Filters from=view.from.clone() to=view.to.clone() err=err />
            <p class="muted">{move || translate_with(i18n.get(), "activity-time-zone", "zone", &zone)}</p>
            <Show when=move || !empty fallback=move || view! { <p>{i18n.t("activity-empty")}</p> }>
                <table class="data">
                    <caption class="visually-hidden">{i18n.t("users-tab-activity")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{col("activity-date-time")}</th>
                            <th scope="col">{col("activity-email")}</th>
                            <th scope="col">{col("activity-description")}</th>
                            <th scope="col">{col("org-activity-concerns")}</th>
                            <th scope="col">{col("org-activity-by")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {lines
                            .clone()
                            .into_iter()
                            .map(|l| {
                                let kind = format!("activity-{}", l.kind);
                                view! {
                                    <tr>
                                        <td data-label=col("activity-date-time")>{l.when}</td>
                                        <td data-label=col("activity-email")>{l.email}</td>
                                        <td data-label=col("activity-description")>{move || i18n.tr(&kind)}</td>
                                        <td data-label=col("org-activity-concerns")>{l.concerns}</td>
                                        <td data-label=col("org-activity-by")>{l.by.unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </Show>
            <Pager newest=newest older=older />
        </section>
    }
}
