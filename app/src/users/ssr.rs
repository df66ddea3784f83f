//! Queries behind "Users & Permissions", on the administrators' handle only.

use super::ProfileRow;
use crate::error::AppError;
use crate::platform::ssr::{reply, require_user};

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    avatar_style: String,
    first_name: String,
    last_name: String,
    email: String,
    job_title: Option<String>,
    department: Option<String>,
    is_user: i64,
    user_status: Option<String>,
}

pub async fn list_profiles() -> Result<Vec<ProfileRow>, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let rows: Vec<Row> = admin
                .query_as(
                    "SELECT id, avatar_style, first_name, last_name, email, job_title, department, is_user, user_status \
                     FROM profiles WHERE organization_id = $1 ORDER BY last_name, first_name",
                )
                .fetch_all(admin.db())
                .await?;
            Ok(rows
                .into_iter()
                .map(|r| ProfileRow {
                    avatar_style: r.avatar_style,
                    avatar_seed: crate::avatar::seed(&r.id),
                    initials: r.first_name.chars().take(1).chain(r.last_name.chars().take(1)).flat_map(char::to_uppercase).collect(),
                    name: format!("{} {}", r.first_name, r.last_name),
                    email: r.email,
                    job_title: r.job_title,
                    department: r.department,
                    is_user: r.is_user != 0,
                    status: r.user_status,
                })
                .collect())
        }
        .await,
    )
}
