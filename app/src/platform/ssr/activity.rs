//! The append-only activity log.

use super::access::Insert;
use super::state::AppState;
use super::new_id;
use crate::error::AppError;

/// A page of a person's own log: organization, person, `[start, end)`, below the cursor
/// (`created_at`, `id`), newest first, at most `$7`. Index `activity_own_page_idx`.
pub const OWN_PAGE: &str = "SELECT id, email, kind, detail, created_at FROM activity \
     WHERE organization_id = $1 AND subject_profile_id = $2 AND created_at >= $3 AND created_at < $4 \
       AND (created_at < $5 OR (created_at = $5 AND id < $6)) \
     ORDER BY created_at DESC, id DESC LIMIT $7";

/// A page of an organization's log for its administrators: organization, `[start, end)`, one
/// person's address or `''`, one kind or `''`, below the cursor (`created_at`, `id`), newest
/// first, at most `$8`, with the names of whom it concerns and who did it. Index
/// `activity_organization_page_idx`.
pub const ORG_PAGE: &str = "SELECT a.id, a.email, a.kind, a.detail, a.created_at, \
       (SELECT s.first_name || ' ' || s.last_name FROM profiles s WHERE s.id = a.subject_profile_id) AS subject_name, \
       (SELECT p.first_name || ' ' || p.last_name FROM profiles p WHERE p.id = a.actor_profile_id) AS actor_name, \
       CASE WHEN a.actor_profile_id = a.subject_profile_id THEN 1 ELSE 0 END AS same \
     FROM activity a WHERE a.organization_id = $1 AND a.created_at >= $2 AND a.created_at < $3 \
       AND ($4 = '' OR a.email = $4) AND ($5 = '' OR a.kind = $5) \
       AND (a.created_at < $6 OR (a.created_at = $6 AND a.id < $7)) \
     ORDER BY a.created_at DESC, a.id DESC LIMIT $8";

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
    let mut conn = state.db.pool.acquire().await?;
    record_in(&mut conn, state, a).await
}

/// [`record`] with what the line names besides its kind: the identity provider of
/// "attempted to log in via Cronos Azure AD".
pub async fn record_detailed(state: &AppState, a: Activity<'_>, detail: Option<&str>) -> Result<(), AppError> {
    let mut conn = state.db.pool.acquire().await?;
    write(&mut conn, state, a, detail).await
}

/// [`record`] inside the caller's transaction.
pub async fn record_in(conn: &mut sqlx::AnyConnection, state: &AppState, a: Activity<'_>) -> Result<(), AppError> {
    write(conn, state, a, None).await
}

async fn write(conn: &mut sqlx::AnyConnection, state: &AppState, a: Activity<'_>, detail: Option<&str>) -> Result<(), AppError> {
    Insert::into(&state.db.pool, "activity")
        .value("id", new_id())
        .value("organization_id", a.organization_id.map(str::to_string))
        .value("actor_profile_id", a.actor_profile_id.map(str::to_string))
        .value("subject_profile_id", a.subject_profile_id.map(str::to_string))
        .value("email", a.email.to_string())
        .value("kind", a.kind.to_string())
        .value("ip", a.ip.map(str::to_string))
        .value("detail", detail.map(str::to_string))
        .value("created_at", state.now())
        .execute_on(conn)
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
    /// What the line names besides its kind (an identity provider).
    pub detail: Option<String>,
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
                OWN_PAGE,
            )
            .bind(self.profile_id().to_string())
            .bind(start)
            .bind(end)
            .bind(at)
            .bind(id)
            .bind(limit)
            .fetch_all()
            .await?)
    }

    /// The caller's saved time zone, as read with their session at the start of the request.
    pub fn time_zone(&self) -> chrono_tz::Tz {
        self.me().time_zone
    }

    /// Saves the time zone the caller's browser reports.
    pub async fn save_time_zone(&self, tz: chrono_tz::Tz) -> Result<(), AppError> {
        self.query("UPDATE profiles SET time_zone = $2 WHERE organization_id = $1 AND id = $3")
            .bind(tz.name().to_string())
            .bind(self.profile_id().to_string())
            .execute()
            .await?;
        Ok(())
    }
}

impl super::access::OrgDb {
    /// Logs something the caller did to their own account.
    pub async fn record_own(&self, kind: &str, ip: Option<&str>) -> Result<(), AppError> {
        let who = self.me();
        record(self.state(), Activity::own(&who.organization_id, &who.profile_id, &who.email, kind, ip)).await
    }

    /// Saves the caller's portal language, and logs a change.
    pub async fn save_portal_language(&self, lang: crate::i18n::Lang, ip: Option<&str>) -> Result<(), AppError> {
        self.query("UPDATE profiles SET portal_language = $2, updated_at = $3 WHERE organization_id = $1 AND id = $4")
            .bind(lang.code().to_string())
            .bind(self.now())
            .bind(self.profile_id().to_string())
            .execute()
            .await?;
        if lang != self.me().portal_language {
            self.record_own("language-changed", ip).await?;
        }
        Ok(())
    }
}

impl super::access::AdminDb {
    /// Logs what the caller did to someone of the organization (the entry names both).
    pub async fn record_about(&self, subject_profile_id: &str, email: &str, kind: &str, ip: Option<&str>) -> Result<(), AppError> {
        let who = self.me();
        let line = Activity {
            organization_id: Some(&who.organization_id),
            actor_profile_id: Some(&who.profile_id),
            subject_profile_id: Some(subject_profile_id),
            email,
            kind,
            ip,
        };
        record(self.state(), line).await
    }
}

/// For the bench only: a large log, and how the database reads its pages.
impl super::access::OperatorDb {
    /// The organization and profile ids of `email`.
    async fn organization_and_profile(&self, email: &str) -> Result<(String, String), AppError> {
        sqlx::query_as("SELECT organization_id, id FROM profiles WHERE email = $1")
            .bind(email.to_string())
            .fetch_optional(self.db())
            .await?
            .ok_or(AppError::field("email", "error-not-found"))
    }

    /// Adds `n` made-up entries to the log of `email`'s organization, one a minute going back
    /// from now, a quarter of them about that person (so their own tab is long too). Returns
    /// how many were added. Their ids start with `bench-`.
    pub async fn seed_bench_activity(&self, email: &str, n: i64) -> Result<u64, AppError> {
        let (org, me) = self.organization_and_profile(email).await?;
        let start: i64 = sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM activity WHERE id LIKE 'bench-%'").fetch_one(self.db()).await?.0;
        let done = sqlx::query(
            "WITH RECURSIVE n(x) AS (SELECT CAST($3 AS BIGINT) UNION ALL SELECT x + 1 FROM n WHERE x < $4) \
             INSERT INTO activity (id, organization_id, actor_profile_id, subject_profile_id, email, kind, ip, created_at) \
             SELECT 'bench-' || CAST(x AS TEXT), CAST($1 AS TEXT), \
               CASE WHEN x % 4 = 0 THEN CAST($2 AS TEXT) END, CASE WHEN x % 4 = 0 THEN CAST($2 AS TEXT) END, \
               CASE WHEN x % 4 = 0 THEN CAST($5 AS TEXT) ELSE 'colleague' || CAST(x % 500 AS TEXT) || '@example.invalid' END, \
               CASE x % 5 WHEN 0 THEN 'sign-in' WHEN 1 THEN 'profile-updated' WHEN 2 THEN 'sign-out' \
                 WHEN 3 THEN 'language-changed' ELSE 'sign-in-failed' END, \
               NULL, CAST($6 AS BIGINT) - x * 60 \
             FROM n",
        )
        .bind(org)
        .bind(me)
        .bind(start + 1)
        .bind(start + n)
        .bind(email.to_string())
        .bind(self.now())
        .execute(self.db())
        .await?;
        if self.state().db.postgres {
            // What autovacuum does soon after such an insert; SQLite keeps no statistics unless asked.
            sqlx::query("ANALYZE activity").execute(self.db()).await?;
        }
        Ok(done.rows_affected())
    }

    /// How the database reads the first page and a page a year and a half back of
    /// `email`'s organization log and of their own log: the plan lines of each.
    pub async fn activity_plans(&self, email: &str) -> Result<Vec<(String, Vec<String>)>, AppError> {
        let (org, me) = self.organization_and_profile(email).await?;
        let explain = if self.state().db.postgres { "EXPLAIN " } else { "EXPLAIN QUERY PLAN " };
        let now = self.now();
        let day = 86_400;
        let mut plans = Vec::new();
        for (name, start, end) in [("first page", now - 30 * day, now), ("deep page", now - 560 * day, now - 550 * day)] {
            let org_sql = format!("{explain}{ORG_PAGE}");
            let rows = sqlx::query(&org_sql)
                .bind(org.clone())
                .bind(start)
                .bind(end)
                .bind(String::new())
                .bind(String::new())
                .bind(end)
                .bind(String::new())
                .bind(50_i64)
                .fetch_all(self.db())
                .await?;
            plans.push((format!("organization, {name} (activity_organization_page_idx)"), plan_lines(&rows)));
            let own_sql = format!("{explain}{OWN_PAGE}");
            let rows = sqlx::query(&own_sql)
                .bind(org.clone())
                .bind(me.clone())
                .bind(start)
                .bind(end)
                .bind(end)
                .bind(String::new())
                .bind(50_i64)
                .fetch_all(self.db())
                .await?;
            plans.push((format!("own, {name} (activity_own_page_idx)"), plan_lines(&rows)));
        }
        Ok(plans)
    }
}

/// The text of each plan line: SQLite's `detail` (its last column), PostgreSQL's `QUERY PLAN`.
fn plan_lines(rows: &[sqlx::any::AnyRow]) -> Vec<String> {
    use sqlx::Row;
    rows.iter().filter_map(|r| r.try_get::<String, _>(r.len().saturating_sub(1)).ok()).collect()
}

/// Whether a plan reads a whole table, sorts the rows itself, or walks an index that is not
/// `index` for the activity log, rather than walking `index`.
pub fn plan_scans(lines: &[String], index: &str) -> bool {
    let activity_by_index = |l: &str| (l.contains(" activity ") || l.contains(" a ") || l.contains("on activity")) && l.contains(index);
    let scans = lines.iter().any(|l| {
        let l = l.trim_start_matches([' ', '-', '>']);
        (l.starts_with("SCAN ") && !l.starts_with("SCAN CONSTANT")) || l.contains("Seq Scan") || l.contains("USE TEMP B-TREE") || l.starts_with("Sort ")
    });
    scans || !lines.iter().any(|l| activity_by_index(l))
}
