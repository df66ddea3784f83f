//! One activity table for every log the portal shows (a person's own Activity tab, the
//! organization's): the date range (with a view's own filters before it) in a GET form that
//! works before the WASM loads, the time zone, the lines with the columns a view adds, "Show
//! older" by keyset, and the CSV of the same view.

use crate::error::AppError;
use crate::form::{field_error, Pager};
use crate::i18n::{translate_with, use_i18n};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

/// A link to `path` with the non-empty `pairs` as its query.
pub fn link(path: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", v.replace('%', "%25").replace('&', "%26").replace('+', "%2B").replace(' ', "%20").replace('#', "%23")))
        .collect();
    if query.is_empty() { path.to_string() } else { format!("{path}?{}", query.join("&")) }
}

/// One line of a log: when, the address, the kind of action, and the cells of the columns the
/// view adds.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    pub when: String,
    pub email: String,
    pub kind: String,
    /// What the line names besides its kind (an identity provider).
    pub detail: Option<String>,
    pub more: Vec<String>,
}

/// The filters of a log, in a GET form to `action`: the view's own fields (`children`), then the
/// date range, each date with its error. Until a range is chosen, it says it shows the last 30
/// days.
#[component]
pub fn LogFilters(action: &'static str, from: String, to: String, err: Option<AppError>, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let chosen = query.with_untracked(|q| q.get("from").is_some_and(|v| !v.is_empty()) || q.get("to").is_some_and(|v| !v.is_empty()));
    let err = Signal::stored(err);
    let invalid = move |f: &'static str| err.with(|e| e.as_ref().and_then(|e| e.field_message(f)).map(|_| "true"));
    let described = move |f: &'static str| {
        let hint = (!chosen).then_some("range-hint");
        let error = err.with(|e| e.as_ref().and_then(|e| e.field_message(f))).map(|_| format!("{f}-error"));
        let ids: Vec<String> = hint.map(str::to_string).into_iter().chain(error).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <Form method="GET" action=action attr:class="filters" attr:role="search">
            {children.map(|c| c())}
            <div class="form-field">
                <label for="from">{i18n.t("activity-from")}</label>
                <input id="from" name="from" type="date" value=from aria-invalid=move || invalid("from") aria-describedby=move || described("from") />
                {field_error(err, "from")}
            </div>
            <div class="form-field">
                <label for="to">{i18n.t("activity-to")}</label>
                <input id="to" name="to" type="date" value=to aria-invalid=move || invalid("to") aria-describedby=move || described("to") />
                {field_error(err, "to")}
            </div>
            <button type="submit" class="secondary">{i18n.t("activity-apply")}</button>
            {(!chosen).then(|| view! { <p class="hint range-hint" id="range-hint">{i18n.t("activity-last-30-days")}</p> })}
        </Form>
    }
}

/// A log as a card: its heading, the CSV of the same view, the filters, the time zone, the
/// table (with `more` columns after the description) and the pager.
#[component]
pub fn LogTable(
    heading_id: &'static str,
    title: &'static str,
    csv: String,
    filters: AnyView,
    zone: String,
    #[prop(optional)] more: Vec<&'static str>,
    lines: Vec<LogLine>,
    newest: Option<String>,
    older: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let empty = lines.is_empty();
    let columns: Vec<&'static str> = ["activity-date-time", "activity-email", "activity-description"].into_iter().chain(more).collect();
    let head = columns.clone();
    view! {
        <section class="card" aria-labelledby=heading_id>
            <div class="card-head">
                <h2 id=heading_id>{i18n.t(title)}</h2>
                <a class="button secondary" href=csv download="">{i18n.t("activity-download-csv")}</a>
            </div>
            {filters}
            <p class="muted">{move || translate_with(i18n.get(), "activity-time-zone", "zone", &zone)}</p>
            <Show when=move || !empty fallback=move || view! { <p>{i18n.t("activity-empty")}</p> }>
                <table class="data">
                    <caption class="visually-hidden">{i18n.t(title)}</caption>
                    <thead>
                        <tr>{head.clone().into_iter().map(|c| view! { <th scope="col">{i18n.t(c)}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {lines
                            .clone()
                            .into_iter()
                            .map(|l| {
                                let (kind, detail) = (l.kind, l.detail);
                                let text = move || crate::i18n::activity_text(i18n.get(), &kind, detail.as_deref());
                                let cells: Vec<AnyView> = [l.when.into_any(), l.email.into_any(), text.into_any()]
                                    .into_iter()
                                    .chain(l.more.into_iter().map(IntoAny::into_any))
                                    .collect();
                                view! {
                                    <tr>
                                        {cells.into_iter().zip(columns.clone()).map(|(cell, c)| view! { <td data-label=i18n.t(c)>{cell}</td> }).collect_view()}
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
