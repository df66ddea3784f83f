//! Queries behind "Users & Permissions", scoped by the caller's organization.

use super::ProfileRow;
use crate::error::AppError;
use crate::platform::ssr::{app_state, require_role};
use crate::platform::PortalRole;
use sqlx::Row;

pub async fn list_profiles() -> Result<Vec<ProfileRow>, AppError> {
    let who = require_role(PortalRole::UsersPermissions)?;
    let state = app_state()?;
    let rows = sqlx::query(
        "SELECT first_name, last_name, email, job_title, department, is_user, user_status \
         FROM profiles WHERE organization_id = $1 ORDER BY last_name, first_name",
    )
    .bind(who.organization_id.clone())
    .fetch_all(&state.pool)
    .await?;
    rows.into_iter()
        .map(|r| {
            let first: String = r.try_get("first_name")?;
            let last: String = r.try_get("last_name")?;
            Ok(ProfileRow {
                name: format!("{first} {last}"),
                email: r.try_get("email")?,
                job_title: r.try_get("job_title")?,
                department: r.try_get("department")?,
                is_user: r.try_get::<i64, _>("is_user")? != 0,
                status: r.try_get("user_status")?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(AppError::from)
}
