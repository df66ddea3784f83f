//! Editing a profile's details as an administrator: the same domain types and messages as
//! My Profile. A contact's address can be changed here; a user's is theirs to change (it is
//! how they sign in, and it is confirmed by a link).

// The server function takes one argument per field, as the form posts them.
#![allow(clippy::too_many_arguments)]

use super::card::profile_refusal;
use super::ProfileCard;
use crate::domain::{PersonName, ShortText};
use crate::error::AppError;
use crate::form::{checks, error_of, form_error, CheckedInput, FieldCheck, SalutationAndLanguage, Submit};
use crate::i18n::use_i18n;
use leptos::prelude::*;

#[server(prefix = "/api/admin", endpoint = "update_profile")]
pub async fn update_profile(
    id: String,
    version: i64,
    #[server(default)] email: String,
    #[server(default)] salutation: String,
    email_language: String,
    first_name: String,
    #[server(default)] last_name: String,
    #[server(default)] job_title: String,
    #[server(default)] department: String,
    #[server(default)] contact_phone: String,
) -> Result<(), AppError> {
    use super::ssr::manage;
    manage::update_profile(manage::DetailsForm { id, version, email, salutation, email_language, first_name, last_name, job_title, department, contact_phone }).await
}

#[component]
pub fn EditDetails(card: ProfileCard) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UpdateProfile>::new();
    let err = error_of(action.value());
    let plain = |v: &str| ShortText::parse_optional(v).err().map(|e| e.0);
    let name = |v: &str| PersonName::parse(v).err().map(|e| e.0);
    let salutation = card.salutation.clone().unwrap_or_default();
    let lang = card.email_language;
    let back = format!("/users/profile?id={}", card.row.id);
    let user = card.row.is_user;
    view! {
        {form_error(err)}
        {profile_refusal(err, card.row.id.clone())}
        <ActionForm action=action attr:class="details-form">
            <input type="hidden" name="id" value=card.row.id.clone() />
            <input type="hidden" name="version" value=card.version />
            <div class="form-grid">
                <div class="form-field">
                    {if user {
                        view! {
                            <label for="email">{i18n.t("add-email")}</label>
                            <input id="email" type="email" value=card.row.email.clone() readonly aria-describedby="email-hint" />
                            <p class="hint" id="email-hint">{i18n.t("users-email-is-theirs")}</p>
                        }.into_any()
                    } else {
                        view! { <CheckedInput name="email" label="add-email" kind="email" required=true maxlength=254 value=card.row.email.clone() check=FieldCheck::new("email", checks::email, err) /> }.into_any()
                    }}
                </div>
                <SalutationAndLanguage salutation=salutation.clone() lang=lang err=err />
                <div class="form-field">
                    <CheckedInput name="first_name" label="profile-first-name" required=true maxlength=100 value=card.first_name.clone() check=FieldCheck::new("first_name", name, err) />
                </div>
                <div class="form-field">
                    <CheckedInput name="last_name" label="profile-last-name" maxlength=100 value=card.last_name.clone() check=FieldCheck::new("last_name", plain, err) />
                </div>
                <div class="form-field">
                    <CheckedInput name="job_title" label="profile-job-title" maxlength=100 value=card.job_title.clone().unwrap_or_default() check=FieldCheck::new("job_title", plain, err) />
                </div>
                <div class="form-field">
                    <CheckedInput name="department" label="profile-department" maxlength=100 value=card.department.clone().unwrap_or_default() check=FieldCheck::new("department", plain, err) />
                </div>
                <div class="form-field">
                    <CheckedInput name="contact_phone" label="add-phone" kind="tel" maxlength=40 value=card.contact_phone.clone().unwrap_or_default() check=FieldCheck::new("contact_phone", checks::phone, err) />
                </div>
            </div>
            <div class="form-actions">
                <Submit pending=action.pending() label="profile-save" busy="profile-saving" />
                <a class="button secondary" href=back>{i18n.t("profile-cancel")}</a>
            </div>
        </ActionForm>
    }
}
