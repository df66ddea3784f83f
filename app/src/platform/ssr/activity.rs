//! The append-only activity log.

use super::state::AppState;
use super::new_id;
use crate::error::AppError;

/// One line of the activity log.
pub struct Activity<'a> {
    pub organization_id: Option<&'a str>,
    pub actor_profile_id: Option<&'a str>,
    pub subject_profile_id: Option<&'a str>,
    pub email: &'a str,
    /// Fluent id suffix: `sign-in` is shown as `activity-sign-in`.
    pub kind: &'a str,
    pub ip: Option<&'a str>,
}

impl<'a> Activity<'a> {
    /// Something people did to their own account.
    pub fn own(organization_id: &'a str, profile_id: &'a str, email: &'a str, kind: &'a str, ip: Option<&'a str>) -> Self {
        Activity {
            organization_id: Some(organization_id),
            actor_profile_id: Some(profile_id),
            subject_profile_id: Some(profile_id),
            email,
            kind,
            ip,
        }
    }

    /// Something that concerns no known account (an unknown address, a refused client).
    pub fn anonymous(email: &'a str, kind: &'a str, ip: Option<&'a str>) -> Self {
        Activity { organization_id: None, actor_profile_id: None, subject_profile_id: None, email, kind, ip }
    }
}

pub async fn record(state: &AppState, a: Activity<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO activity (id, organization_id, actor_profile_id, subject_profile_id, email, kind, ip, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(a.organization_id.map(str::to_string))
    .bind(a.actor_profile_id.map(str::to_string))
    .bind(a.subject_profile_id.map(str::to_string))
    .bind(a.email.to_string())
    .bind(a.kind.to_string())
    .bind(a.ip.map(str::to_string))
    .bind(state.now())
    .execute(&state.db.pool)
    .await?;
    Ok(())
}
