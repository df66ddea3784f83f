//! Queries behind "My Profile", scoped by the caller's organization.

use super::{GroupSummary, MyProfile};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::{app_state, require_user, AppState, Identity};
use sqlx::Row;

pub async fn my_profile() -> Result<MyProfile, AppError> {
    let who = require_user()?;
    let state = app_state()?;
    load_profile(&state, &who).await
}

async fn load_profile(state: &AppState, who: &Identity) -> Result<MyProfile, AppError> {
    let row = sqlx::query(
        "SELECT p.email, p.mfa_phone, p.salutation, p.first_name, p.last_name, p.job_title, \
                p.department, p.contact_phone, p.portal_language, p.email_language, o.name AS organization_name \
         FROM profiles p JOIN organizations o ON o.id = p.organization_id \
         WHERE p.id = $1 AND p.organization_id = $2",
    )
    .bind(who.profile_id.clone())
    .bind(who.organization_id.clone())
    .fetch_one(&state.pool)
    .await?;
    let groups = sqlx::query(
        "SELECT g.id, g.name, g.description, g.built_in FROM permission_groups g \
         JOIN permission_group_members m ON m.group_id = g.id AND m.organization_id = g.organization_id \
         WHERE m.profile_id = $1 AND g.organization_id = $2 \
         ORDER BY g.built_in DESC, g.name",
    )
    .bind(who.profile_id.clone())
    .bind(who.organization_id.clone())
    .fetch_all(&state.pool)
    .await?
    .into_iter()
    .map(|g| {
        Ok(GroupSummary {
            id: g.try_get("id")?,
            name: g.try_get("name")?,
            description: g.try_get("description")?,
            built_in: g.try_get::<i64, _>("built_in")? != 0,
        })
    })
    .collect::<Result<Vec<_>, sqlx::Error>>()?;
    let lang = |col: &str| -> Result<Lang, sqlx::Error> {
        let code: String = row.try_get(col)?;
        Ok(Lang::parse(&code).unwrap_or_default())
    };
    Ok(MyProfile {
        email: row.try_get("email")?,
        mfa_phone: row.try_get("mfa_phone")?,
        salutation: row.try_get("salutation")?,
        first_name: row.try_get("first_name")?,
        last_name: row.try_get("last_name")?,
        job_title: row.try_get("job_title")?,
        department: row.try_get("department")?,
        contact_phone: row.try_get("contact_phone")?,
        organization_name: row.try_get("organization_name")?,
        portal_language: lang("portal_language")?,
        email_language: lang("email_language")?,
        groups,
    })
}
