//! "Personal information" of My Profile: the details, and the form that edits them ("Edit",
//! then "Save" or "Cancel"). Editing has its own URL (`?edit=details`), so it works the same
//! before the WASM has loaded.

// The server function takes one argument per field of the form, as the browser posts it.
#![allow(clippy::too_many_arguments)]

use super::{CancelEmailChange, MyProfile, Saves};
use crate::error::AppError;
use crate::domain::{PersonName, Salutation, ShortText};
use crate::form::{checks, error_of, form_error, CheckedInput, FieldCheck, Submit};
use crate::i18n::{translate_with, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Saves the caller's details. Every field is parsed with the shared domain types; all the
/// fields in error come back at once, each with its message. Phone numbers are stored in E.164.
#[server(endpoint = "update_my_details")]
pub async fn update_my_details(
    version: i64,
    email: String,
    salutation: String,
    first_name: String,
    last_name: String,
    job_title: String,
    department: String,
    contact_phone: String,
    mfa_phone: String,
) -> Result<(), AppError> {
    super::ssr::update_my_details(super::ssr::DetailsForm { version, email, salutation, first_name, last_name, job_title, department, contact_phone, mfa_phone }).await
}

fn person_name(v: &str) -> Option<&'static str> {
    PersonName::parse(v).err().map(|e| e.0)
}

fn short_text(v: &str) -> Option<&'static str> {
    ShortText::parse_optional(v).err().map(|e| e.0)
}

#[component]
fn Field(label: &'static str, value: Option<String>, #[prop(optional)] id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let empty = value.is_none();
    let shown = move || value.clone().unwrap_or_else(|| i18n.tr("profile-not-set"));
    view! {
        <div class="field" data-field=id>
            <dt>{i18n.t(label)}</dt>
            <dd class:muted=empty>{shown}</dd>
        </div>
    }
}

#[component]
pub fn PersonalInformation(profile: MyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateMyDetails>::new();
    let cancel = ServerAction::<CancelEmailChange>::new();
    let saves = expect_context::<Saves>();
    saves.after(action.value());
    saves.after(cancel.value());
    let query = use_query_map();
    let editing = move || query.with(|q| q.get("edit").as_deref() == Some("details"));
    let saved = move |what: &str| query.with(|q| q.get("saved").as_deref() == Some(what));
    let view_profile = profile.clone();
    let pending = profile.pending_email.clone();
    view! {
        <section class="card" aria-labelledby="personal-heading">
            <div class="card-head">
                <h2 id="personal-heading">{i18n.t("profile-personal-information")}</h2>
                <Show when=move || !editing()>
                    <a class="button secondary" href="/profile?edit=details">{i18n.t("profile-edit")}</a>
                </Show>
            </div>
            <Show when=move || (saved("details") || saved("email")) && !editing()>
                <p class="notice" role="status">{i18n.t("profile-details-saved")}</p>
            </Show>
            <Show when=move || saved("email-cancelled")>
                <p class="notice" role="status">{i18n.t("email-change-cancelled")}</p>
            </Show>
            {pending.map(|new| {
                let text = move || translate_with(i18n.get(), "email-change-pending", "email", &new);
                view! {
                    <div class="notice pending-email" role="status">
                        <p>{text}</p>
                        <ActionForm action=cancel>
                            <Submit pending=cancel.pending() label="email-change-cancel" class="secondary" />
                        </ActionForm>
                    </div>
                }
            })}
            <Show
                when=editing
                fallback=move || view! { <DetailsView profile=view_profile.clone() /> }
            >
                <DetailsEdit profile=profile.clone() action=action />
            </Show>
        </section>
    }
}

#[component]
fn DetailsView(profile: MyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let salutation_id = profile.salutation.as_ref().map(|s| format!("salutation-{s}"));
    let salutation = move || salutation_id.as_ref().map(|id| i18n.tr(id));
    view! {
        <dl class="fields">
            <Field label="profile-email" id="email" value=Some(profile.email.clone()) />
            <Field label="profile-mfa-number" id="mfa_phone" value=profile.mfa_phone.clone() />
            <div class="field" data-field="salutation">
                <dt>{i18n.t("profile-salutation")}</dt>
                <dd>{move || salutation().unwrap_or_else(|| i18n.tr("profile-not-set"))}</dd>
            </div>
            <Field label="profile-first-name" id="first_name" value=Some(profile.first_name.clone()) />
            <Field label="profile-last-name" id="last_name" value=Some(profile.last_name.clone()) />
            <Field label="profile-job-title" id="job_title" value=profile.job_title.clone() />
            <Field label="profile-department" id="department" value=profile.department.clone() />
            <Field label="profile-contact-phone" id="contact_phone" value=profile.contact_phone.clone() />
            <Field label="profile-organization" id="organization" value=Some(profile.organization_name.clone()) />
        </dl>
    }
}

/// One field of the form in its grid cell.
#[component]
fn TextField(
    name: &'static str,
    label: &'static str,
    value: String,
    check: FieldCheck,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <div class="form-field">
            <CheckedInput name=name label=label value=value check=check kind=kind autocomplete=autocomplete required=required maxlength=100 />
        </div>
    }
}

#[component]
fn DetailsEdit(profile: MyProfile, action: ServerAction<UpdateMyDetails>) -> impl IntoView {
    let i18n = use_i18n();
    let err = error_of(action.value());
    let check = move |name: &'static str, f: fn(&str) -> Option<&'static str>| FieldCheck::new(name, f, err);
    let current = profile.salutation.clone().unwrap_or_default();
    let salutation_err = FieldCheck::new("salutation", |v| Salutation::parse_optional(v).err().map(|e| e.0), err);
    view! {
        {form_error(err)}
        <Show when=move || err.get().is_some_and(|e| matches!(e, crate::error::AppError::Validation(_)) && e.field_message("profile").is_none())>
            <p class="alert" role="alert">{i18n.t("error-validation")}</p>
        </Show>
        {move || err.get().and_then(|e| e.field_message("profile")).map(|m| view! {
            <p class="alert" role="alert">{i18n.tr(&m)}" " <a href="/profile?edit=details" rel="external">{i18n.t("profile-reload")}</a></p>
        })}
        <ActionForm action=action attr:class="details-form">
            <input type="hidden" name="version" value=profile.version />
            <div class="form-grid">
                <div class="form-field">
                    <CheckedInput name="email" label="profile-email" kind="email" autocomplete="email" required=true maxlength=254 value=profile.email.clone() check=check("email", checks::email) />
                    <p class="hint">{i18n.t("profile-email-hint")}</p>
                </div>
                <TextField name="mfa_phone" label="profile-mfa-number" kind="tel" autocomplete="tel" value=profile.mfa_phone.clone().unwrap_or_default() check=check("mfa_phone", checks::phone) />
                <div class="form-field">
                    <label for="salutation">{i18n.t("profile-salutation")}</label>
                    <select id="salutation" name="salutation" aria-invalid=salutation_err.invalid() aria-describedby=salutation_err.described_by()>
                        <option value="" selected=current.is_empty()>{i18n.t("profile-salutation-none")}</option>
                        {Salutation::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.code() selected=current == s.code()>{move || i18n.tr(s.message_id())}</option> })
                            .collect_view()}
                    </select>
                    {salutation_err.message()}
                </div>
                <TextField name="first_name" label="profile-first-name" autocomplete="given-name" required=true value=profile.first_name.clone() check=check("first_name", person_name) />
                <TextField name="last_name" label="profile-last-name" autocomplete="family-name" required=true value=profile.last_name.clone() check=check("last_name", person_name) />
                <TextField name="job_title" label="profile-job-title" autocomplete="organization-title" value=profile.job_title.clone().unwrap_or_default() check=check("job_title", short_text) />
                <TextField name="department" label="profile-department" value=profile.department.clone().unwrap_or_default() check=check("department", short_text) />
                <TextField name="contact_phone" label="profile-contact-phone" kind="tel" autocomplete="tel" value=profile.contact_phone.clone().unwrap_or_default() check=check("contact_phone", checks::phone) />
            </div>
            <div class="form-actions">
                <Submit pending=action.pending() label="profile-save" busy="profile-saving" />
                <a class="button secondary" href="/profile">{i18n.t("profile-cancel")}</a>
            </div>
        </ActionForm>
    }
}
