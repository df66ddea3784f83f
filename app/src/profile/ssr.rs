//! Queries behind "My Profile", on the caller's own handle.

use super::{GroupSummary, MyProfile};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::{reply, require_user};

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
