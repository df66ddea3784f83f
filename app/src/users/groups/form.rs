//! "Add Permission Group" and editing a custom group: "Name", "Description", the portal roles and
//! the application roles (a role whose service is not active is disabled with that reason),
//! then a review naming who gains and who loses which role, then "Confirm".
//!
//! The first step is a GET form: its choices travel in the URL to the review, which asks the
//! server to check them; Back returns to the form with the same choices.

use super::super::group_name;
use super::super::table::{refused, UsersTabs};
use super::view::GrantLists;
use super::{description_error, grant_ids, permission_groups, preview_group, review_again_on_conflict, GroupPreview, GroupSummary, GroupsView, RoleChange, SaveGroup, DESCRIPTION_MAX};
use crate::error::AppError;
use crate::form::{error_of, field_error, form_error, CheckedInput, FieldCheck, Submit};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_location, use_query_map};

/// The choices as the URL carries them.
#[derive(Clone, Debug, PartialEq)]
struct Choices {
    id: String,
    name: String,
    description: String,
    portal: Vec<String>,
    application: Vec<String>,
}

#[component]
pub fn GroupFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let location = use_location();
    let choices = move || {
        query.with(|q| Choices {
            id: q.get("id").unwrap_or_default(),
            name: q.get("name").unwrap_or_default(),
            description: q.get("description").unwrap_or_default(),
            portal: q.get_all("portal_roles").unwrap_or_default(),
            application: q.get_all("application_roles").unwrap_or_default(),
        })
    };
    let reviewing = move || query.with(|q| q.get("step").as_deref() == Some("review"));
    // Asked again after a conflict, so the review shows the group as it now is.
    let tries = RwSignal::new(0u32);
    let catalogue = Resource::new(|| (), |_| permission_groups());
    let preview = Resource::new(
        move || (reviewing().then(choices), tries.get()),
        |(c, _)| async move {
            match c {
                Some(c) => preview_group(c.id, c.name, c.description, c.portal, c.application).await.map(Some),
                None => Ok(None),
            }
        },
    );
    let save = ServerAction::<SaveGroup>::new();
    review_again_on_conflict(save.value(), tries);
    let editing = move || location.pathname.get().ends_with("/edit");
    view! {
        <UsersTabs />
        <section class="card" aria-labelledby="group-form-heading">
            <h2 id="group-form-heading">{move || i18n.tr(if editing() { "groups-edit-title" } else { "groups-add" })}</h2>
            <ol class="steps">
                <li aria-current=move || (!reviewing()).then_some("step") class:current=move || !reviewing()>{i18n.t("groups-step-define")}</li>
                <li aria-current=move || reviewing().then_some("step") class:current=reviewing>{i18n.t("add-step-review")}</li>
            </ol>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
                {move || Suspend::new(async move {
                    let (cat, pre) = (catalogue.await, preview.await);
                    let c = choices();
                    let cat = match cat {
                        Ok(cat) => cat,
                        Err(e) => return refused(i18n, e),
                    };
                    let current = cat.groups.iter().find(|g| g.label.id == c.id).cloned();
                    if editing() && current.as_ref().is_none_or(|g| g.label.built_in) {
                        let why = if current.is_some() { "error-group-built-in" } else { "error-not-found" };
                        return view! { <p class="alert" role="alert">{i18n.t(why)}</p> }.into_any();
                    }
                    match pre {
                        Ok(Some(p)) => view! { <Review choices=c preview=p save=save /> }.into_any(),
                        Ok(None) => {
                            // Back from the review keeps the choices; a first visit starts from the group.
                            let start = if query.with(|q| q.get("name").is_some()) { c } else { from_group(c.id, current.as_ref()) };
                            view! { <Define catalogue=cat choices=start err=None /> }.into_any()
                        }
                        Err(AppError::Validation(v)) => view! { <Define catalogue=cat choices=c err=Some(AppError::Validation(v)) /> }.into_any(),
                        Err(e) => refused(i18n, e),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn from_group(id: String, g: Option<&GroupSummary>) -> Choices {
    match g {
        Some(g) => Choices {
            id,
            name: g.label.name.clone(),
            description: g.description.clone(),
            portal: g.portal_roles.clone(),
            application: g.application_roles.clone(),
        },
        None => Choices { id, name: String::new(), description: String::new(), portal: vec![], application: vec![] },
    }
}

/// The first step: what the group is and what it grants.
#[component]
fn Define(catalogue: GroupsView, choices: Choices, err: Option<AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let action = location.pathname.get_untracked();
    let err = Signal::derive(move || err.clone());
    let cancel = if choices.id.is_empty() { "/users/groups".to_string() } else { format!("/users/groups/view?id={}", choices.id) };
    let name_check = |v: &str| crate::domain::ShortText::parse(v).err().map(|e| e.0);
    let description = FieldCheck::new("description", description_error, err);
    let role = move |field: &'static str, code: String, prefix: &'static str, checked: bool, inactive: Option<String>| {
        let id = format!("{field}-{code}");
        let reason_id = format!("{id}-reason");
        let label = format!("{prefix}{code}");
        let reason = inactive.map(|s| format!("service-inactive-{s}"));
        view! {
            <div class="check-row">
                <input type="checkbox" id=id.clone() name=field value=code checked=checked && reason.is_none() disabled=reason.is_some()
                    aria-describedby=reason.as_ref().map(|_| reason_id.clone()) />
                <label for=id><strong>{move || i18n.tr(&label)}</strong></label>
                {reason.map(|r| view! { <p class="hint" id=reason_id>{move || i18n.tr(&r)}</p> })}
            </div>
        }
    };
    view! {
        {form_error(err)}
        {field_error(err, "group")}
        <Form method="GET" action=action attr:class="add-form">
            {(!choices.id.is_empty()).then(|| view! { <input type="hidden" name="id" value=choices.id.clone() /> })}
            <input type="hidden" name="step" value="review" />
            <div class="form-field">
                <CheckedInput name="name" label="groups-name" required=true maxlength=100 value=choices.name.clone() check=FieldCheck::new("name", name_check, err) />
            </div>
            <div class="form-field">
                <label for="description">{i18n.t("groups-description")}</label>
                <textarea id="description" name="description" rows="3" maxlength=DESCRIPTION_MAX
                    aria-invalid=description.invalid() aria-describedby=description.described_by()
                    on:blur=description.on_blur() on:input=description.on_input()>
                    {choices.description.clone()}
                </textarea>
                {description.message()}
            </div>
            <fieldset class="choice-group">
                <legend>{i18n.t("groups-portal-roles")}</legend>
                <p class="hint">{i18n.t("groups-portal-roles-hint")}</p>
                {catalogue.portal_roles.iter().map(|r| role("portal_roles", r.clone(), "portal-role-", choices.portal.contains(r), None)).collect_view()}
            </fieldset>
            <fieldset class="choice-group" aria-describedby=move || err.get().and_then(|e| e.field_message("application_roles")).map(|_| "application_roles-error")>
                <legend>{i18n.t("groups-application-roles")}</legend>
                <p class="hint">{i18n.t("groups-application-roles-hint")}</p>
                {catalogue.application_roles.iter().map(|r| role("application_roles", r.code.clone(), "app-role-", choices.application.contains(&r.code), r.inactive_service.clone())).collect_view()}
                {field_error(err, "application_roles")}
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="primary">{i18n.t("form-next")}</button>
                <a class="button secondary" href=cancel>{i18n.t("profile-cancel")}</a>
            </div>
        </Form>
    }
}

/// Who gains and who loses which role.
#[component]
pub fn ImpactTable(impact: Vec<RoleChange>) -> impl IntoView {
    let i18n = use_i18n();
    if impact.is_empty() {
        return view! { <p class="muted">{i18n.t("groups-impact-none")}</p> }.into_any();
    }
    let col = move |id: &'static str| i18n.t(id);
    let roles = move |ids: Vec<String>| move || ids.iter().map(|r| i18n.tr(r)).collect::<Vec<_>>().join(", ");
    view! {
        <table class="data">
            <caption class="visually-hidden">{i18n.t("groups-impact")}</caption>
            <thead>
                <tr>
                    <th scope="col">{col("users-col-name")}</th>
                    <th scope="col">{col("groups-gains")}</th>
                    <th scope="col">{col("groups-loses")}</th>
                </tr>
            </thead>
            <tbody>
                {impact.into_iter().map(|c| view! {
                    <tr>
                        <td data-label=col("users-col-name")>{c.person.name.clone()}<br /><span class="muted">{c.person.email.clone()}</span></td>
                        <td data-label=col("groups-gains")>{roles(c.gains.clone())}</td>
                        <td data-label=col("groups-loses")>{roles(c.loses.clone())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The review: the group as it will be, whom it affects, and "Confirm".
#[component]
fn Review(choices: Choices, preview: GroupPreview, save: ServerAction<SaveGroup>) -> impl IntoView {
    let i18n = use_i18n();
    let err = error_of(save.value());
    let back = format!("{}?{}", use_location().pathname.get_untracked(), choices.query());
    let c = choices.clone();
    let version = preview.current.as_ref().map(|g| g.version).unwrap_or_default();
    let before = preview.current.as_ref().map(|g| (g.label.clone(), g.grants()));
    let after = grant_ids(&c.portal, &c.application);
    let changed: Vec<(String, bool)> = match &before {
        Some((_, was)) => after.iter().filter(|r| !was.contains(r)).map(|r| (r.clone(), true)).chain(was.iter().filter(|r| !after.contains(r)).map(|r| (r.clone(), false))).collect(),
        None => vec![],
    };
    let not_set = move || i18n.tr("profile-not-set");
    let description = (!c.description.trim().is_empty()).then(|| c.description.clone());
    view! {
        <p class="muted">{i18n.t(if before.is_some() { "groups-review-edit" } else { "groups-review-new" })}</p>
        {form_error(err)}
        {field_error(err, "group")}
        {field_error(err, "name")}
        <dl class="fields">
            <div class="field"><dt>{i18n.t("groups-name")}</dt><dd>{c.name.clone()}
                {before.as_ref().filter(|(l, _)| l.name != c.name).map(|(l, _)| {
                    let l = l.clone();
                    view! { <span class="muted">" ("{i18n.t("groups-was")}" "{move || group_name(i18n, &l)}")"</span> }
                })}
            </dd></div>
            <div class="field"><dt>{i18n.t("groups-description")}</dt><dd>{description.unwrap_or_else(not_set)}</dd></div>
        </dl>
        <GrantLists portal=c.portal.clone() application=c.application.clone() />
        {(!changed.is_empty()).then(|| view! {
            <ul class="changes">
                {changed.into_iter().map(|(r, added)| view! {
                    <li>{move || i18n.tr(if added { "groups-role-added" } else { "groups-role-removed" })}" "{move || i18n.tr(&r)}</li>
                }).collect_view()}
            </ul>
        })}
        <h3>{i18n.t("groups-impact")}</h3>
        <ImpactTable impact=preview.impact.clone() />
        <ActionForm action=save attr:class="form-actions">
            <input type="hidden" name="id" value=c.id.clone() />
            <input type="hidden" name="version" value=version.to_string() />
            <input type="hidden" name="name" value=c.name.clone() />
            <input type="hidden" name="description" value=c.description.clone() />
            {c.portal.iter().map(|r| view! { <input type="hidden" name="portal_roles[]" value=r.clone() /> }).collect_view()}
            {c.application.iter().map(|r| view! { <input type="hidden" name="application_roles[]" value=r.clone() /> }).collect_view()}
            <a class="button secondary" href=back>{i18n.t("form-back")}</a>
            <Submit pending=save.pending() label="form-confirm" busy="profile-saving" />
        </ActionForm>
    }
}

impl Choices {
    /// The first step's URL query for these choices (where "Back" goes).
    fn query(&self) -> String {
        let mut pairs = vec![];
        if !self.id.is_empty() {
            pairs.push(format!("id={}", encode(&self.id)));
        }
        pairs.push(format!("name={}", encode(&self.name)));
        pairs.push(format!("description={}", encode(&self.description)));
        pairs.extend(self.portal.iter().map(|r| format!("portal_roles={}", encode(r))));
        pairs.extend(self.application.iter().map(|r| format!("application_roles={}", encode(r))));
        pairs.join("&")
    }
}

/// A query value as a URL carries it.
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
