//! Queries behind "My Profile", on the caller's own handle.

use super::{GroupSummary, MyProfile};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::{client_addr, reply, require_user};

#[derive(sqlx::FromRow)]
struct ProfileRow {
    email: String,
    mfa_phone: Option<String>,
    salutation: Option<String>,
    first_name: String,
    last_name: String,
    job_title: Option<String>,
    department: Option<String>,
    contact_phone: Option<String>,
    portal_language: String,
    email_language: String,
    organization_name: String,
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: String,
    name: String,
    description: String,
    built_in: i64,
}

pub async fn my_profile() -> Result<MyProfile, AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let p: ProfileRow = org
                .query_as(
                    "SELECT p.email, p.mfa_phone, p.salutation, p.first_name, p.last_name, p.job_title, \
                            p.department, p.contact_phone, p.portal_language, p.email_language, o.name AS organization_name \
                     FROM profiles p JOIN organizations o ON o.id = p.organization_id \
                     WHERE p.organization_id = $1 AND p.id = $2",
                )
                .bind(org.profile_id().to_string())
                .fetch_one(org.db())
                .await?;
            let groups: Vec<GroupRow> = org
                .query_as(
                    "SELECT g.id, g.name, g.description, g.built_in FROM permission_groups g \
                     JOIN permission_group_members m ON m.group_id = g.id AND m.organization_id = g.organization_id \
                     WHERE g.organization_id = $1 AND m.profile_id = $2 \
                     ORDER BY g.built_in DESC, g.name",
                )
                .bind(org.profile_id().to_string())
                .fetch_all(org.db())
                .await?;
            Ok(MyProfile {
                email: p.email,
                mfa_phone: p.mfa_phone,
                salutation: p.salutation,
                first_name: p.first_name,
                last_name: p.last_name,
                job_title: p.job_title,
                department: p.department,
                contact_phone: p.contact_phone,
                organization_name: p.organization_name,
                portal_language: Lang::parse(&p.portal_language).unwrap_or_default(),
                email_language: Lang::parse(&p.email_language).unwrap_or_default(),
                groups: groups
                    .into_iter()
                    .map(|g| GroupSummary { id: g.id, name: g.name, description: g.description, built_in: g.built_in != 0 })
                    .collect(),
            })
        }
        .await,
    )
}

/// The details as the form posts them, before parsing.
pub struct DetailsForm {
    pub salutation: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: String,
    pub department: String,
    pub contact_phone: String,
    pub mfa_phone: String,
}

/// Parses every field; the errors of all fields in error come back together.
pub async fn update_my_details(form: DetailsForm) -> Result<(), AppError> {
    use crate::domain::{Invalid, PersonName, PhoneNumber, Salutation, ShortText};
    use crate::error::FieldError;
    reply(
        async {
            let org = require_user()?.org();
            let mut errors = vec![];
            let mut on = |field: &str, e: Invalid| errors.push(FieldError { field: field.to_string(), message_id: e.0.to_string() });
            let salutation = Salutation::parse_optional(&form.salutation).map_err(|e| on("salutation", e)).ok();
            let first = PersonName::parse(&form.first_name).map_err(|e| on("first_name", e)).ok();
            let last = PersonName::parse(&form.last_name).map_err(|e| on("last_name", e)).ok();
            let job = ShortText::parse_optional(&form.job_title).map_err(|e| on("job_title", e)).ok();
            let department = ShortText::parse_optional(&form.department).map_err(|e| on("department", e)).ok();
            let phone = PhoneNumber::parse_optional(&form.contact_phone).map_err(|e| on("contact_phone", e)).ok();
            let mfa = PhoneNumber::parse_optional(&form.mfa_phone).map_err(|e| on("mfa_phone", e)).ok();
            let (Some(salutation), Some(first), Some(last), Some(job), Some(department), Some(phone), Some(mfa)) =
                (salutation, first, last, job, department, phone, mfa)
            else {
                return Err(AppError::Validation(errors));
            };
            let text = |t: Option<ShortText>| t.map(|t| t.as_str().to_string());
            let number = |p: Option<PhoneNumber>| p.map(|p| p.as_str().to_string());
            org.query(
                "UPDATE profiles SET salutation = $2, first_name = $3, last_name = $4, job_title = $5, department = $6, \
                 contact_phone = $7, mfa_phone = $8, updated_at = $9 WHERE organization_id = $1 AND id = $10",
            )
            .bind(salutation.map(|s| s.code().to_string()))
            .bind(first.as_str().to_string())
            .bind(last.as_str().to_string())
            .bind(text(job))
            .bind(text(department))
            .bind(number(phone))
            .bind(number(mfa))
            .bind(org.now())
            .bind(org.profile_id().to_string())
            .execute(org.db())
            .await?;
            org.record_own("profile-updated", client_addr().as_deref()).await?;
            leptos_axum::redirect("/profile?saved=details");
            Ok(())
        }
        .await,
    )
}
