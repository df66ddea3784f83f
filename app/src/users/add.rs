//! "+ Add Profile": 1. details, kind and contact types; 2. permission groups (users only);
//! 3. review and "Confirm". Each step posts to the server, which checks it and keeps it in a
//! draft; the step and the draft live in the URL, so "Back" and a reload land on the same step.

// The first step's server function takes one argument per field, as the form posts them.
#![allow(clippy::too_many_arguments)]

use super::rules::{organization_refusal, refusal, ContactType, Facts};
use super::table::{refused, UsersTabs};
use super::{add_profile_facts, get_draft, group_choices, group_name, ConfirmDraft, DraftGroups, DraftView, GroupChoice};
use crate::error::AppError;
use crate::form::{checks, error_of, field_error, form_error, CheckedInput, FieldCheck, SalutationAndLanguage, Submit};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Step 1: checked, kept in a draft (a new one, or `draft` again after "Back").
#[server(prefix = "/api/admin", endpoint = "draft_details")]
pub async fn draft_details(
    #[server(default)] draft: String,
    email: String,
    #[server(default)] salutation: String,
    email_language: String,
    first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] job_title: String,
    #[server(default)] department: String,
    #[server(default)] contact_phone: String,
    kind: String,
    #[server(default)] contact_types: Vec<String>,
    #[server(default)] signing_authority: Option<String>,
) -> Result<(), AppError> {
    use super::ssr::add;
    let signing_authority = signing_authority.is_some();
    add::draft_details(add::DetailsForm {
        draft, email, salutation, email_language, first_name, last_name, job_title, department, contact_phone, kind, contact_types, signing_authority,
    })
    .await
}

#[component]
pub fn AddProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let step = move || query.with(|q| q.get("step").unwrap_or_else(|| "details".into()));
    let draft_id = move || query.with(|q| q.get("draft").unwrap_or_default());
    // Asked again at each step (each step changes the draft). Without a draft yet, what the
    // first step needs of the organization is asked instead: only administrators get an
    // answer, so others see they have no access.
    let draft = Resource::new(
        move || (draft_id(), step()),
        |(id, _)| async move {
            if id.is_empty() {
                add_profile_facts().await.map(|f| (None, f.secwise))
            } else {
                get_draft(id).await.map(|d| {
                    let secwise = d.secwise;
                    (Some(d), secwise)
                })
            }
        },
    );
    let steps = [("details", "add-step-details"), ("groups", "add-step-groups"), ("review", "add-step-review")];
    view! {
        <UsersTabs />
        <section class="card" aria-labelledby="add-heading">
            <h2 id="add-heading">{i18n.t("users-add-profile-title")}</h2>
            <ol class="steps">
                {steps.map(|(code, label)| view! {
                    <li aria-current=move || (step() == code).then_some("step") class:current=move || step() == code>{i18n.t(label)}</li>
                }).collect_view()}
            </ol>
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
                {move || Suspend::new(async move {
                    match (draft.await, step().as_str()) {
                        (Err(AppError::Validation(_)), _) => view! {
                            <p class="alert" role="alert">{i18n.t("error-draft-gone")}</p>
                            <a class="button secondary" href="/users/new">{i18n.t("users-add-profile-again")}</a>
                        }.into_any(),
                        (Err(e), _) => refused(i18n, e),
                        (Ok((Some(d), _)), "groups") => view! { <GroupsStep draft=d /> }.into_any(),
                        (Ok((Some(d), _)), "review") => view! { <ReviewStep draft=d /> }.into_any(),
                        (Ok((d, secwise)), _) => view! { <DetailsStep draft=d secwise=secwise /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DetailsStep(draft: Option<DraftView>, secwise: bool) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DraftDetails>::new();
    let query = use_query_map();
    // A step refused before the WASM loaded comes back with its errors in the URL.
    let from_url = move || {
        query.with(|q| q.get("invalid")).map(|list| {
            let fields = list
                .split(',')
                .filter_map(|pair| pair.split_once(':'))
                .filter(|(_, id)| id.starts_with("error-") || id.starts_with("rule-"))
                .map(|(field, id)| crate::error::FieldError { field: field.to_string(), message_id: id.to_string() })
                .collect();
            AppError::Validation(fields)
        })
    };
    let action_err = error_of(action.value());
    let err = Signal::derive(move || action_err.get().or_else(from_url));
    // The coverage banner's links preselect the missing type.
    let wanted = query.with_untracked(|q| q.get("type")).and_then(|t| ContactType::parse(&t));
    let d = draft.clone();
    let text = move |f: fn(&DraftView) -> Option<String>| d.as_ref().and_then(f).unwrap_or_default();
    let kind = draft.as_ref().map(|d| d.kind.clone()).unwrap_or_else(|| if wanted.is_some() { "contact".into() } else { "user".into() });
    let types: Vec<ContactType> = draft.as_ref().map(|d| d.contact_types.clone()).unwrap_or_else(|| wanted.into_iter().collect());
    let salutation = text(|d| d.salutation.clone());
    let lang = draft.as_ref().map(|d| d.email_language).unwrap_or_default();
    let signing = draft.as_ref().is_some_and(|d| d.signing_authority);
    let plain = |v: &str| crate::domain::ShortText::parse_optional(v).err().map(|e| e.0);
    let name = |v: &str| crate::domain::PersonName::parse(v).err().map(|e| e.0);
    let kinds = [("user", "add-kind-user"), ("contact", "add-kind-contact"), ("list", "add-kind-list")];
    let chosen_kind = RwSignal::new(if kind == "user" { "user" } else if kind == "list" { "list" } else { "contact" });
    let signed = RwSignal::new(signing);
    let picked = RwSignal::new(types.clone());
    let live = RwSignal::new(false);
    // A Technical Contact needs a phone number: followed as it is typed.
    let has_phone = RwSignal::new(draft.as_ref().is_some_and(|d| d.contact_phone.as_deref().is_some_and(|p| !p.trim().is_empty())));
    // Going live, the rules follow what was chosen before (a person may tick before the
    // browser's code has arrived): the kind, the contact types, signing authority.
    Effect::new(move |_| {
        let form = ".add-form";
        if let Some(code) = crate::browser::ticked(form, "kind").and_then(|v| v.into_iter().next()) {
            if let Some((code, _)) = kinds.iter().find(|(c, _)| *c == code) {
                chosen_kind.set(code);
            }
        }
        if let Some(codes) = crate::browser::ticked(form, "contact_types[]") {
            picked.set(codes.iter().filter_map(|c| ContactType::parse(c)).collect());
        }
        if let Some(on) = crate::browser::ticked(form, "signing_authority") {
            signed.set(!on.is_empty());
        }
        if let Some(phone) = crate::browser::field_value("contact_phone") {
            has_phone.set(!phone.trim().is_empty());
        }
        live.set(true);
    });
    // ServiceNow access is known at the next step (the groups); the organization's services
    // from the start.
    let why = move |t: ContactType| {
        let k = chosen_kind.get();
        let facts = Facts { is_user: k == "user", distribution_list: k == "list", servicenow: k == "user", signing_authority: signed.get(), secwise, phone: has_phone.get() };
        refusal(t, &facts)
    };
    view! {
        {form_error(err)}
        <ActionForm action=action attr:class="add-form">
            <input type="hidden" name="draft" value=draft.as_ref().map(|d| d.id.clone()).unwrap_or_default() />
            <div class="form-grid">
                <div class="form-field">
                    <CheckedInput name="email" label="add-email" kind="email" required=true maxlength=254 value=text(|d| Some(d.email.clone())) check=FieldCheck::new("email", checks::email, err) />
                </div>
                <SalutationAndLanguage salutation=salutation.clone() lang=lang err=err />
                <div class="form-field">
                    <CheckedInput name="first_name" label="profile-first-name" required=true maxlength=100 value=text(|d| Some(d.first_name.clone())) check=FieldCheck::new("first_name", name, err) />
                </div>
                <div class="form-field">
                    <CheckedInput name="last_name" label="profile-last-name" maxlength=100 value=text(|d| Some(d.last_name.clone())) check=FieldCheck::new("last_name", plain, err) />
                </div>
                <div class="form-field">
                    <CheckedInput name="job_title" label="profile-job-title" maxlength=100 value=text(|d| d.job_title.clone()) check=FieldCheck::new("job_title", plain, err) />
                </div>
                <div class="form-field">
                    <CheckedInput name="department" label="profile-department" maxlength=100 value=text(|d| d.department.clone()) check=FieldCheck::new("department", plain, err) />
                </div>
                <div class="form-field" on:input=move |ev| has_phone.set(!event_target_value(&ev).trim().is_empty())>
                    <CheckedInput name="contact_phone" label="add-phone" kind="tel" maxlength=40 value=text(|d| d.contact_phone.clone()) check=FieldCheck::new("contact_phone", checks::phone, err) />
                </div>
            </div>
            <fieldset class="choice-group">
                <legend>{i18n.t("add-kind")}</legend>
                {kinds.map(|(code, label)| {
                    let id = format!("kind-{code}");
                    let desc = format!("{id}-desc");
                    view! {
                        <div class="check-row">
                            <input type="radio" id=id.clone() name="kind" value=code checked=kind == code aria-describedby=desc.clone()
                                on:change=move |_| chosen_kind.set(code) />
                            <label for=id><strong>{i18n.t(label)}</strong></label>
                            <p class="hint muted" id=desc>{i18n.t(match code { "user" => "add-kind-user-hint", "contact" => "add-kind-contact-hint", _ => "add-kind-list-hint" })}</p>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="choice-group" aria-describedby=move || err.get().and_then(|e| e.field_message("contact_types")).map(|_| "contact_types-error")>
                <legend>{i18n.t("users-col-contact-types")}</legend>
                {ContactType::ALL.map(|t| {
                    let id = format!("type-{}", t.code());
                    // Closed, the reason says it all (the rule again, for this person).
                    let reason_id = format!("{id}-reason");
                    let desc = format!("{id}-desc");
                    let ticked = move || picked.with(|p| p.contains(&t));
                    // A type the organization's services forbid is disabled from the first
                    // frame; once the page is live, so is one the choices above forbid, with its
                    // reason (one already ticked stays, so nothing is dropped unseen; the server
                    // refuses it with the same reason).
                    let reason = move || organization_refusal(t, secwise).or_else(|| live.get().then(|| why(t)).flatten());
                    view! {
                        <div class="check-row">
                            <input type="checkbox" id=id.clone() name="contact_types[]" value=t.code() checked=types.contains(&t)
                                disabled=move || reason().is_some() && !ticked()
                                aria-describedby=move || if reason().is_some() { reason_id.clone() } else { desc.clone() }
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    picked.update(|p| { p.retain(|x| *x != t); if on { p.push(t) } });
                                } />
                            <label for=id><strong>{move || i18n.tr(&t.message_id())}</strong></label>
                            <p class="hint muted" id=format!("type-{}-desc", t.code())>{move || i18n.tr(&format!("{}-rule", t.message_id()))}</p>
                            {move || reason().map(|r| view! { <p class="hint" id=format!("type-{}-reason", t.code())>{i18n.tr(r)}</p> })}
                        </div>
                    }
                }).collect_view()}
                <div class="check-row">
                    <input type="checkbox" id="signing_authority" name="signing_authority" value="yes" checked=signing aria-describedby="signing_authority-desc"
                        on:change=move |ev| signed.set(event_target_checked(&ev)) />
                    <label for="signing_authority"><strong>{i18n.t("add-signing-authority")}</strong></label>
                    <p class="hint muted" id="signing_authority-desc">{i18n.t("add-signing-authority-hint")}</p>
                </div>
                {field_error(err, "contact_types")}
            </fieldset>
            <div class="form-actions">
                <Submit pending=action.pending() label="form-next" />
                <a class="button secondary" href="/users">{i18n.t("profile-cancel")}</a>
            </div>
        </ActionForm>
    }
}

#[component]
fn GroupsStep(draft: DraftView) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DraftGroups>::new();
    let err = error_of(action.value());
    let choices = Resource::new(|| (), |_| group_choices());
    let chosen: Vec<String> = draft.groups.iter().map(|g| g.id.clone()).collect();
    let back = format!("/users/new?draft={}&step=details", draft.id);
    let id = draft.id.clone();
    view! {
        <p class="muted">{i18n.t("add-groups-intro")}</p>
        {form_error(err)}
        <ActionForm action=action attr:class="add-form">
            <input type="hidden" name="draft" value=id />
            <fieldset class="choice-group">
                <legend>{i18n.t("add-step-groups")}</legend>
                <Suspense fallback=|| ()>
                    {move || {
                        let chosen = chosen.clone();
                        Suspend::new(async move {
                            choices.await.map(|all| all.into_iter().map(|g| view! { <GroupOption group=g checked=chosen.clone() /> }).collect_view())
                        })
                    }}
                </Suspense>
                {field_error(err, "groups")}
            </fieldset>
            <div class="form-actions">
                <a class="button secondary" href=back>{i18n.t("form-back")}</a>
                <Submit pending=action.pending() label="form-next" />
            </div>
        </ActionForm>
    }
}

/// A group to tick, with its description and what it grants.
#[component]
pub fn GroupOption(group: GroupChoice, checked: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("group-{}", group.label.id);
    let label = group.label.clone();
    let description = if group.label.built_in { format!("group-{}-description", group.label.name) } else { String::new() };
    let custom = group.description.clone();
    let grants: Vec<String> = group
        .portal_roles
        .iter()
        .map(|r| format!("portal-role-{r}"))
        .chain(group.application_roles.iter().map(|r| format!("app-role-{r}")))
        .collect();
    view! {
        <div class="check-row">
            <input type="checkbox" id=id.clone() name="groups[]" value=group.label.id.clone() checked=checked.contains(&group.label.id)
                aria-describedby=format!("{id}-desc {id}-grants") />
            <label for=id.clone()><strong>{move || group_name(i18n, &label)}</strong></label>
            <p class="hint muted" id=format!("{id}-desc")>{move || if description.is_empty() { custom.clone() } else { i18n.tr(&description) }}</p>
            <p class="hint grants-inline" id=format!("{id}-grants")>{move || grants.iter().map(|g| i18n.tr(g)).collect::<Vec<_>>().join(" · ")}</p>
        </div>
    }
}

#[component]
fn ReviewStep(draft: DraftView) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ConfirmDraft>::new();
    let err = error_of(action.value());
    let user = draft.kind == "user";
    let back = format!("/users/new?draft={}&step={}", draft.id, if user { "groups" } else { "details" });
    let not_set = move || i18n.tr("profile-not-set");
    let kind = match draft.kind.as_str() { "user" => "add-kind-user", "list" => "add-kind-list", _ => "add-kind-contact" };
    let types = draft.contact_types.clone();
    let groups = draft.groups.clone();
    let salutation = draft.salutation.clone().map(|s| format!("salutation-{s}"));
    let row = move |label: &'static str, value: Option<String>| {
        view! { <div class="field"><dt>{i18n.t(label)}</dt><dd>{value.unwrap_or_else(not_set)}</dd></div> }
    };
    let id = draft.id.clone();
    view! {
        <p class="muted">{i18n.t(if user { "add-review-user" } else { "add-review-contact" })}</p>
        {form_error(err)}
        {field_error(err, "email")}
        <dl class="fields">
            {row("add-email", Some(draft.email.clone()))}
            <div class="field"><dt>{i18n.t("profile-salutation")}</dt><dd>{move || salutation.as_ref().map(|s| i18n.tr(s)).unwrap_or_else(not_set)}</dd></div>
            {row("add-email-language", Some(draft.email_language.native_name().to_string()))}
            {row("profile-first-name", Some(draft.first_name.clone()))}
            {row("profile-last-name", Some(draft.last_name.clone()).filter(|s| !s.is_empty()))}
            {row("profile-job-title", draft.job_title.clone())}
            {row("profile-department", draft.department.clone())}
            {row("add-phone", draft.contact_phone.clone())}
            <div class="field"><dt>{i18n.t("add-kind")}</dt><dd>{i18n.t(kind)}</dd></div>
            <div class="field"><dt>{i18n.t("users-col-contact-types")}</dt><dd>{move || {
                let t = types.iter().map(|t| i18n.tr(&t.message_id())).collect::<Vec<_>>().join(", ");
                if t.is_empty() { not_set() } else { t }
            }}</dd></div>
            {user.then(|| view! {
                <div class="field"><dt>{i18n.t("users-col-groups")}</dt><dd>{move || {
                    let g = groups.iter().map(|g| group_name(i18n, g)).collect::<Vec<_>>().join(", ");
                    if g.is_empty() { i18n.tr("add-no-groups") } else { g }
                }}</dd></div>
            })}
        </dl>
        <ActionForm action=action attr:class="form-actions">
            <input type="hidden" name="draft" value=id />
            <a class="button secondary" href=back>{i18n.t("form-back")}</a>
            <Submit pending=action.pending() label="form-confirm" busy="profile-saving" />
        </ActionForm>
    }
}
