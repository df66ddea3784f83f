//! "My communication preferences": the mailing lists and the two languages, each edited in
//! steps that live in the URL (choose, "Next" to a review, "Back" keeps the choices, "Confirm"),
//! so they work the same before the WASM has loaded.

use super::{ListState, ListStatus, MyProfile, Saves, UpdateMyLanguages, UpdateMyLists};
use crate::form::{error_of, field_error, form_error, Submit};
use crate::i18n::{translate_with, use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

fn list_name(code: &str) -> String {
    format!("list-{code}")
}

#[component]
pub fn CommunicationPreferences(profile: MyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let edit = move || query.with(|q| q.get("edit"));
    let saved = move |what: &str| query.with(|q| q.get("saved").as_deref() == Some(what));
    let lists = StoredValue::new(profile.lists.clone());
    let (portal, email, version) = (profile.portal_language, profile.email_language, profile.version);
    view! {
        <section class="card" aria-labelledby="prefs-heading">
            <h2 id="prefs-heading">{i18n.t("profile-communication-preferences")}</h2>
            <Show when=move || saved("lists")>
                <p class="notice" role="status">{i18n.t("lists-saved")}</p>
            </Show>
            <Show when=move || saved("languages")>
                <p class="notice" role="status">{i18n.t("languages-saved")}</p>
            </Show>
            <div class="card-head">
                <h3 id="lists-heading">{i18n.t("lists-title")}</h3>
                <Show when=move || edit().as_deref() != Some("lists")>
                    <a class="button secondary" href="/profile?edit=lists#lists-heading">{i18n.t("lists-edit")}</a>
                </Show>
            </div>
            {move || match edit().as_deref() {
                Some("lists") => view! { <ListsEdit lists=lists.get_value() /> }.into_any(),
                _ => view! { <ListsView lists=lists.get_value() /> }.into_any(),
            }}
            <div class="card-head">
                <h3 id="languages-heading">{i18n.t("languages-title")}</h3>
                <Show when=move || edit().as_deref() != Some("languages")>
                    <a class="button secondary" href="/profile?edit=languages#languages-heading">{i18n.t("languages-edit")}</a>
                </Show>
            </div>
            {move || match edit().as_deref() {
                Some("languages") => view! { <LanguagesEdit portal=portal email=email version=version /> }.into_any(),
                _ => view! {
                    <dl class="fields">
                        <div class="field" data-field="portal_language">
                            <dt>{i18n.t("profile-portal-language")}</dt>
                            // The portal language is the one the page is in: it follows the switch.
                            <dd>{move || i18n.get().native_name()}</dd>
                        </div>
                        <div class="field" data-field="email_language">
                            <dt>{i18n.t("profile-email-language")}</dt>
                            <dd>{email.native_name()}</dd>
                        </div>
                    </dl>
                }.into_any(),
            }}
        </section>
    }
}

fn state_text(state: &ListState) -> (String, Option<String>) {
    match state {
        ListState::Subscribed => ("lists-subscribed".into(), None),
        ListState::NotSubscribed => ("lists-not-subscribed".into(), None),
        ListState::Unsubscribed { on } => ("lists-unsubscribed-on".into(), Some(on.clone())),
    }
}

#[component]
fn ListsView(lists: Vec<ListStatus>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="mailing-lists">
            {lists
                .into_iter()
                .map(|l| {
                    let (id, date) = state_text(&l.state);
                    let state = move || match &date {
                        Some(d) => translate_with(i18n.get(), &id, "date", d),
                        None => i18n.tr(&id),
                    };
                    let (name, description) = (list_name(&l.code), format!("{}-description", list_name(&l.code)));
                    view! {
                        <li class="mailing-list">
                            <div>
                                <strong>{move || i18n.tr(&name)}</strong>
                                <p class="muted">{move || i18n.tr(&description)}</p>
                            </div>
                            <span class="badge" class:on=matches!(l.state, ListState::Subscribed)>{state}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The lists chosen in the URL (`list=a&list=b`), or, on first opening, the subscribed ones.
fn chosen(lists: &[ListStatus], from_url: Option<Vec<String>>, step_taken: bool) -> Vec<String> {
    match from_url {
        Some(codes) => codes,
        None if step_taken => vec![],
        None => lists.iter().filter(|l| l.state == ListState::Subscribed).map(|l| l.code.clone()).collect(),
    }
}

#[component]
fn ListsEdit(lists: Vec<ListStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let review = move || query.with(|q| q.get("step").as_deref() == Some("review"));
    let lists = StoredValue::new(lists);
    let choice = move || {
        let (codes, taken) = query.with(|q| (q.get_all("list"), q.get("step").is_some()));
        lists.with_value(|lists| chosen(lists, codes, taken))
    };
    move || {
        if review() {
            view! { <ListsReview lists=lists.get_value() chosen=choice() /> }.into_any()
        } else {
            let picked = choice();
            view! {
                <Form method="GET" action="/profile" attr:class="lists-form">
                    <input type="hidden" name="edit" value="lists" />
                    <input type="hidden" name="step" value="review" />
                    <fieldset>
                        <legend>{i18n.t("lists-choose")}</legend>
                        {lists
                            .get_value()
                            .into_iter()
                            .map(|l| {
                                let id = format!("list-{}", l.code);
                                let left = match &l.state {
                                    ListState::Unsubscribed { on } => Some(on.clone()),
                                    _ => None,
                                };
                                let reason_id = format!("{id}-reason");
                                let desc = format!("{id}-desc");
                                let described = if left.is_some() { format!("{desc} {reason_id}") } else { desc.clone() };
                                let (name, description) = (list_name(&l.code), format!("{}-description", list_name(&l.code)));
                                view! {
                                    <div class="check-row">
                                        <input
                                            type="checkbox"
                                            id=id.clone()
                                            name="list"
                                            value=l.code.clone()
                                            checked=picked.contains(&l.code)
                                            disabled=left.is_some()
                                            aria-describedby=described
                                        />
                                        <label for=id><strong>{move || i18n.tr(&name)}</strong></label>
                                        <p class="hint muted" id=desc>{move || i18n.tr(&description)}</p>
                                        {left.map(|on| view! {
                                            <p class="hint" id=reason_id>{move || translate_with(i18n.get(), "lists-left-for-good", "date", &on)}</p>
                                        })}
                                    </div>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    <p class="hint">{i18n.t("lists-unsubscribe-warning")}</p>
                    <div class="form-actions">
                        <button type="submit" class="primary">{i18n.t("form-next")}</button>
                        <a class="button secondary" href="/profile#prefs-heading">{i18n.t("profile-cancel")}</a>
                    </div>
                </Form>
            }
            .into_any()
        }
    }
}

#[component]
fn ListsReview(lists: Vec<ListStatus>, chosen: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateMyLists>::new();
    expect_context::<Saves>().after(action.value());
    let err = error_of(action.value());
    let back = format!("/profile?edit=lists&step=choose{}#lists-heading", chosen.iter().map(|c| format!("&list={c}")).collect::<String>());
    // Exactly what changes: subscriptions to add, and lists left (for good).
    let changes: Vec<(String, bool)> = lists
        .iter()
        .filter_map(|l| match (&l.state, chosen.contains(&l.code)) {
            (ListState::NotSubscribed, true) => Some((l.code.clone(), true)),
            (ListState::Subscribed, false) => Some((l.code.clone(), false)),
            _ => None,
        })
        .collect();
    let nothing = changes.is_empty();
    let joined = chosen.join(",");
    view! {
        <h4>{i18n.t("lists-review")}</h4>
        {form_error(err)}
        {field_error(err, "lists")}
        <Show when=move || !nothing fallback=move || view! { <p>{i18n.t("lists-no-change")}</p> }>
            <ul class="review">
                {changes
                    .clone()
                    .into_iter()
                    .map(|(code, subscribe)| {
                        let name = list_name(&code);
                        let line = move || translate_with(i18n.get(), if subscribe { "lists-will-subscribe" } else { "lists-will-unsubscribe" }, "list", &i18n.tr(&name));
                        view! {
                            <li class:warning=!subscribe>
                                {line}
                                {(!subscribe).then(|| view! { <strong class="warning-text">{i18n.t("lists-cannot-undo")}</strong> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </Show>
        <ActionForm action=action attr:class="form-actions">
            <input type="hidden" name="lists" value=joined />
            <a class="button secondary" href=back>{i18n.t("form-back")}</a>
            <Submit pending=action.pending() label="form-confirm" busy="profile-saving" blocked=Signal::stored(nothing) />
        </ActionForm>
    }
}

#[component]
fn LanguagesEdit(portal: Lang, email: Lang, version: i64) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let picked = move |key: &str, saved: Lang| query.with(|q| q.get(key).and_then(|c| Lang::parse(&c))).unwrap_or(saved);
    let review = move || query.with(|q| q.get("step").as_deref() == Some("review"));
    let select = move |name: &'static str, label: &'static str, current: Lang| {
        view! {
            <div class="form-field">
                <label for=name>{i18n.t(label)}</label>
                <select id=name name=name>
                    {Lang::ALL
                        .into_iter()
                        .map(|l| view! { <option value=l.code() lang=l.code() selected=l == current>{l.native_name()}</option> })
                        .collect_view()}
                </select>
            </div>
        }
    };
    move || {
        let (new_portal, new_email) = (picked("portal_language", portal), picked("email_language", email));
        if review() {
            view! { <LanguagesReview before=(portal, email) after=(new_portal, new_email) version=version /> }.into_any()
        } else {
            view! {
                <Form method="GET" action="/profile" attr:class="languages-form">
                    <input type="hidden" name="edit" value="languages" />
                    <input type="hidden" name="step" value="review" />
                    <div class="form-grid">
                        {select("portal_language", "profile-portal-language", new_portal)}
                        {select("email_language", "profile-email-language", new_email)}
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="primary">{i18n.t("form-next")}</button>
                        <a class="button secondary" href="/profile#prefs-heading">{i18n.t("profile-cancel")}</a>
                    </div>
                </Form>
            }
            .into_any()
        }
    }
}

#[component]
/// `version`: the profile's, as the "Before" column shows it; a change saved since is not
/// overwritten.
fn LanguagesReview(before: (Lang, Lang), after: (Lang, Lang), version: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateMyLanguages>::new();
    expect_context::<Saves>().after(action.value());
    // The new portal language takes effect at once, in place.
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            i18n.switch(after.0);
        }
    });
    let err = error_of(action.value());
    let back = format!("/profile?edit=languages&portal_language={}&email_language={}#languages-heading", after.0.code(), after.1.code());
    let row = move |label: &'static str, b: Lang, a: Lang| {
        view! {
            <tr class:changed=b != a>
                <th scope="row">{i18n.t(label)}</th>
                <td data-label=i18n.t("languages-before")>{b.native_name()}</td>
                <td data-label=i18n.t("languages-after")>{a.native_name()}</td>
            </tr>
        }
    };
    view! {
        <h4 id="languages-review-heading">{i18n.t("languages-review")}</h4>
        {form_error(err)}
        {field_error(err, "profile")}
        {field_error(err, "portal_language")}
        {field_error(err, "email_language")}
        <table class="data compact" aria-labelledby="languages-review-heading">
            <thead>
                <tr>
                    <td></td>
                    <th scope="col">{i18n.t("languages-before")}</th>
                    <th scope="col">{i18n.t("languages-after")}</th>
                </tr>
            </thead>
            <tbody>
                {row("profile-portal-language", before.0, after.0)}
                {row("profile-email-language", before.1, after.1)}
            </tbody>
        </table>
        <ActionForm action=action attr:class="form-actions">
            <input type="hidden" name="portal_language" value=after.0.code() />
            <input type="hidden" name="email_language" value=after.1.code() />
            <input type="hidden" name="version" value=version />
            <a class="button secondary" href=back>{i18n.t("form-back")}</a>
            <Submit pending=action.pending() label="form-confirm" busy="profile-saving" />
        </ActionForm>
    }
}
