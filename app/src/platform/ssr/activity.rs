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

/// A place in a list paged by (time, id), newest first: the next page starts below it.
#[derive(Clone, Debug, PartialEq)]
pub struct Cursor {
    pub at: i64,
    pub id: String,
}

impl Cursor {
    /// `1795352340.3f2a…` as written in a "Show older" link.
    pub fn parse(s: &str) -> Result<Cursor, AppError> {
        let (at, id) = s.split_once('.').ok_or(AppError::BadRequest)?;
        let at = at.parse().map_err(|_| AppError::BadRequest)?;
        if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(AppError::BadRequest);
        }
        Ok(Cursor { at, id: id.to_string() })
    }

    pub fn text(&self) -> String {
        format!("{}.{}", self.at, self.id)
    }
}

/// One line of the log as stored.
#[derive(sqlx::FromRow, Clone, Debug)]
pub struct Entry {
    pub id: String,
    pub email: String,
    pub kind: String,
    pub created_at: i64,
}

impl Entry {
    pub fn cursor(&self) -> Cursor {
        Cursor { at: self.created_at, id: self.id.clone() }
    }
}

impl super::access::OrgDb {
    /// The caller's own log in `[start, end)`, newest first, below `before`; at most `limit`.
    pub async fn own_activity(&self, start: i64, end: i64, before: Option<&Cursor>, limit: i64) -> Result<Vec<Entry>, AppError> {
        let (at, id) = before.map_or((end, String::new()), |c| (c.at, c.id.clone()));
        Ok(self
            .query_as(
                "SELECT id, email, kind, created_at FROM activity \
                 WHERE organization_id = $1 AND subject_profile_id = $2 AND created_at >= $3 AND created_at < $4 \
                   AND (created_at < $5 OR (created_at = $5 AND id < $6)) \
                 ORDER BY created_at DESC, id DESC LIMIT $7",
            )
            .bind(self.profile_id().to_string())
            .bind(start)
            .bind(end)
            .bind(at)
            .bind(id)
            .bind(limit)
            .fetch_all(self.db())
            .await?)
    }

    /// The caller's saved time zone.
    pub async fn time_zone(&self) -> Result<chrono_tz::Tz, AppError> {
        let (name,): (Option<String>,) = self
            .query_as("SELECT time_zone FROM profiles WHERE organization_id = $1 AND id = $2")
            .bind(self.profile_id().to_string())
            .fetch_one(self.db())
            .await?;
        Ok(super::time::zone(name.as_deref()))
    }

    /// Saves the time zone the caller's browser reports.
    pub async fn save_time_zone(&self, tz: chrono_tz::Tz) -> Result<(), AppError> {
        self.query("UPDATE profiles SET time_zone = $2 WHERE organization_id = $1 AND id = $3")
            .bind(tz.name().to_string())
            .bind(self.profile_id().to_string())
            .execute(self.db())
            .await?;
        Ok(())
    }
}
