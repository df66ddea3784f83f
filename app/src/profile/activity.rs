//! The Activity tab: the person's own log, newest first, in their time zone; a date range that
//! lives in the URL (a GET form, so it works before the WASM loads), "Show older" by keyset,
//! and the same range as CSV.

use super::{my_activity, set_time_zone, ActivityView};
use crate::browser;
use crate::error::AppError;
use crate::form::field_error;
use crate::i18n::{translate_with, use_i18n};
use crate::form::Pager;
use leptos::prelude::*;
use leptos_router::components::{Form, Redirect};
use leptos_router::hooks::use_query_map;

fn link(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", v.replace('%', "%25").replace('&', "%26").replace('+', "%2B").replace(' ', "%20")))
        .collect();
    if query.is_empty() { path.to_string() } else { format!("{path}?{}", query.join("&")) }
}

#[component]
pub fn ActivityTab() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |k: &str| query.with(|q| q.get(k));
    // Saving the browser's zone refetches the page, rendered in it.
    let zone_saved = RwSignal::new(0u32);
    let page = Resource::new(
        move || (param("from"), param("to"), param("before"), zone_saved.get()),
        |(from, to, before, _)| my_activity(from, to, before),
    );
    view! {
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(v) => view! { <ActivityList view=v zone_saved=zone_saved /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e @ AppError::Validation(_)) => view! { <RangeForm from=param("from").unwrap_or_default() to=param("to").unwrap_or_default() err=Some(e) /> }.into_any(),
                    Err(e) => view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RangeForm(from: String, to: String, err: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let err = Signal::stored(err);
    let invalid = move |f: &'static str| err.with(|e| e.as_ref().and_then(|e| e.field_message(f)).map(|_| "true"));
    view! {
        <Form method="GET" action="/profile/activity" attr:class="range-form">
            <div class="form-field">
                <label for="from">{i18n.t("activity-from")}</label>
                <input id="from" name="from" type="date" value=from aria-invalid=move || invalid("from") aria-describedby="from-error" />
                {field_error(err, "from")}
            </div>
            <div class="form-field">
                <label for="to">{i18n.t("activity-to")}</label>
                <input id="to" name="to" type="date" value=to aria-invalid=move || invalid("to") aria-describedby="to-error" />
                {field_error(err, "to")}
            </div>
            <button type="submit" class="secondary">{i18n.t("activity-apply")}</button>
        </Form>
    }
}

#[component]
fn ActivityList(view: ActivityView, zone_saved: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    // Times are written by the server in the zone saved on the profile: the browser's zone is
    // saved once, and the page asked again in it.
    let saved_zone = view.time_zone.clone();
    Effect::new(move |_| {
        if let Some(tz) = browser::time_zone().filter(|tz| *tz != saved_zone) {
            leptos::task::spawn_local(async move {
                if set_time_zone(tz).await.is_ok() {
                    zone_saved.update(|n| *n += 1);
                }
            });
        }
    });
    let (from, to) = (view.from.clone(), view.to.clone());
    let csv = link("/profile/activity.csv", &[("from", &from), ("to", &to)]);
    let older = view.older.clone().map(|c| link("/profile/activity", &[("from", &from), ("to", &to), ("before", &c)]));
    let newest = view.paged.then(|| link("/profile/activity", &[("from", &from), ("to", &to)]));
    let zone = view.time_zone.clone();
    let empty = view.lines.is_empty();
    let lines = view.lines.clone();
    view! {
        <section class="card" aria-labelledby="activity-heading">
            <div class="card-head">
                <h2 id="activity-heading">{i18n.t("activity-title")}</h2>
                <a class="button secondary" href=csv download="">{i18n.t("activity-download-csv")}</a>
            </div>
            <RangeForm from=from.clone() to=to.clone() err=None />
            <p class="muted">{move || translate_with(i18n.get(), "activity-time-zone", "zone", &zone)}</p>
            <Show when=move || !empty fallback=move || view! { <p>{i18n.t("activity-empty")}</p> }>
                <table class="data">
                    <caption class="visually-hidden">{i18n.t("activity-title")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("activity-date-time")}</th>
                            <th scope="col">{i18n.t("activity-email")}</th>
                            <th scope="col">{i18n.t("activity-description")}</th>
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
                                        <td data-label=i18n.t("activity-date-time")>{l.when}</td>
                                        <td data-label=i18n.t("activity-email")>{l.email}</td>
                                        <td data-label=i18n.t("activity-description")>{move || i18n.tr(&kind)}</td>
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
