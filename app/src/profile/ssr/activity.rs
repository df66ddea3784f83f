//! The Activity tab on the server: the caller's own log, in their time zone, paged by keyset;
//! the same range as CSV.

use super::super::{ActivityLine, ActivityView};
use crate::error::AppError;
use crate::i18n::{activity_text, Lang};
use crate::platform::ssr::activity::{Cursor, Entry};
use crate::platform::ssr::time::{self, day_range as range};
use crate::platform::ssr::{reply, request_lang, require_user, Identity, OrgDb};
use chrono_tz::Tz;

const PAGE: i64 = 50;
/// The CSV holds at most this many lines (the newest).
const CSV_LIMIT: i64 = 100_000;

fn line(tz: Tz, lang: Lang, e: &Entry) -> ActivityLine {
    ActivityLine { when: time::format_in(tz, lang, e.created_at), email: e.email.clone(), kind: e.kind.clone(), detail: e.detail.clone() }
}

pub async fn my_activity(from: Option<String>, to: Option<String>, before: Option<String>) -> Result<ActivityView, AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let tz = org.time_zone();
            let r = range(tz, org.now(), from, to)?;
            let before = before.filter(|b| !b.is_empty()).map(|b| Cursor::parse(&b)).transpose()?;
            let mut rows = org.own_activity(r.start, r.end, before.as_ref(), PAGE + 1).await?;
            let older = (rows.len() as i64 > PAGE).then(|| {
                rows.truncate(PAGE as usize);
                rows.last().map(|e| e.cursor().text())
            });
            let lang = request_lang();
            Ok(ActivityView {
                lines: rows.iter().map(|e| line(tz, lang, e)).collect(),
                from: r.from,
                to: r.to,
                older: older.flatten(),
                paged: before.is_some(),
                time_zone: tz.name().to_string(),
            })
        }
        .await,
    )
}

pub async fn set_time_zone(name: String) -> Result<(), AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let tz = time::parse_zone(&name).ok_or(AppError::BadRequest)?;
            org.save_time_zone(tz).await
        }
        .await,
    )
}

async fn csv(org: &OrgDb, lang: Lang, from: Option<String>, to: Option<String>) -> Result<(String, String), AppError> {
    let tz = org.time_zone();
    let r = range(tz, org.now(), from, to)?;
    let rows = org.own_activity(r.start, r.end, None, CSV_LIMIT).await?;
    let lines = rows.iter().map(|e| {
        let l = line(tz, lang, e);
        let description = activity_text(lang, &l.kind, l.detail.as_deref());
        vec![l.when, l.email, description]
    });
    Ok((format!("activity-{}-{}.csv", r.from, r.to), time::csv_table(lang, &["activity-date-time", "activity-email", "activity-description"], lines)))
}

#[derive(serde::Deserialize)]
pub struct CsvQuery {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /profile/activity.csv?from=&to=`: the filtered range as a download.
pub async fn activity_csv(
    identity: Option<axum::Extension<Identity>>,
    lang: Option<axum::Extension<crate::platform::ssr::RequestLang>>,
    axum::extract::Query(q): axum::extract::Query<CsvQuery>,
) -> axum::response::Response {
    let lang = lang.map(|l| l.0 .0).unwrap_or_default();
    let file = match identity {
        Some(axum::Extension(who)) => csv(&who.org(), lang, q.from, q.to).await,
        None => Err(AppError::Unauthorized),
    };
    time::csv_answer(lang, file)
}
