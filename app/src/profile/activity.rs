//! The Activity tab: the person's own log, newest first, in their time zone; a date range that
//! lives in the URL (a GET form, so it works before the WASM loads), "Show older" by keyset,
//! and the same range as CSV.

use super::{my_activity, set_time_zone, ActivityView};
use crate::browser;
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::log_table::{link, LogFilters, LogLine, LogTable};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

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
                    Err(e @ AppError::Validation(_)) => view! { <LogFilters action="/profile/activity" from=param("from").unwrap_or_default() to=param("to").unwrap_or_default() err=Some(e) /> }.into_any(),
                    Err(e) => view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ActivityList(view: ActivityView, zone_saved: RwSignal<u32>) -> impl IntoView {
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
    let lines = view.lines.iter().map(|l| LogLine { when: l.when.clone(), email: l.email.clone(), kind: l.kind.clone(), detail: l.detail.clone(), more: vec![] }).collect();
    let filters = view! { <LogFilters action="/profile/activity" from=from to=to err=None /> }.into_any();
    view! {
        <LogTable heading_id="activity-heading" title="activity-title" csv=csv filters=filters zone=view.time_zone.clone() lines=lines newest=newest older=older />
    }
}
