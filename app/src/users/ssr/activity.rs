//! The Activity tab of Users & Permissions on the server: the organization's log for holders
//! of View organization activity, filtered by person, kind of action and whole days, paged by
//! keyset, and the same view as CSV.

use super::super::{OrgActivityLine, OrgActivityView};
use crate::error::AppError;
use crate::i18n::{activity_text, Lang};
use crate::platform::ssr::activity::{self, Cursor};
use crate::platform::ssr::time::{self, day_range};
use crate::platform::ssr::{reply, request_lang, require_user, ActivityViewerDb, Identity};

const PAGE: i64 = 50;
const CSV_LIMIT: i64 = 100_000;

/// The filters as the URL has them.
#[derive(Default, serde::Deserialize)]
pub struct Filter {
    #[serde(default)]
    pub person: String,
    #[serde(default)]
    pub kind: String,
    pub from: Option<String>,
    pub to: Option<String>,
    #[serde(default)]
    pub before: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    email: String,
    kind: String,
    detail: Option<String>,
    created_at: i64,
    subject_name: Option<String>,
    actor_name: Option<String>,
    same: i64,
}

/// Lines of the organization's log, newest first.
async fn lines(viewer: &ActivityViewerDb, f: &Filter, limit: i64) -> Result<(Vec<Row>, time::DayRange, chrono_tz::Tz), AppError> {
    let tz = viewer.time_zone();
    let r = day_range(tz, viewer.now(), f.from.clone(), f.to.clone())?;
    let person = f.person.trim().to_lowercase();
    if person.len() > 254 || f.kind.len() > 60 || !f.kind.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
        return Err(AppError::BadRequest);
    }
    let before = Some(f.before.as_str()).filter(|b| !b.is_empty()).map(Cursor::parse).transpose()?;
    let (at, id) = before.map_or((r.end, String::new()), |c| (c.at, c.id));
    let rows = viewer
        .query_as(activity::ORG_PAGE)
        .bind(r.start)
        .bind(r.end)
        .bind(person)
        .bind(f.kind.clone())
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all()
        .await?;
    Ok((rows, r, tz))
}

fn line(tz: chrono_tz::Tz, lang: Lang, r: &Row) -> OrgActivityLine {
    OrgActivityLine {
        when: time::format_in(tz, lang, r.created_at),
        email: r.email.clone(),
        kind: r.kind.clone(),
        detail: r.detail.clone(),
        concerns: r.subject_name.clone().unwrap_or_else(|| r.email.clone()),
        by: (r.same == 0).then(|| r.actor_name.clone()).flatten(),
    }
}

pub async fn org_activity(f: Filter) -> Result<OrgActivityView, AppError> {
    reply(
        async {
            let viewer = require_user()?.activity_viewer()?;
            let (mut rows, r, tz) = lines(&viewer, &f, PAGE + 1).await?;
            let older = (rows.len() as i64 > PAGE).then(|| {
                rows.truncate(PAGE as usize);
                rows.last().map(|e| Cursor { at: e.created_at, id: e.id.clone() }.text())
            });
            let lang = request_lang();
            Ok(OrgActivityView {
                lines: rows.iter().map(|e| line(tz, lang, e)).collect(),
                from: r.from,
                to: r.to,
                older: older.flatten(),
                paged: !f.before.is_empty(),
                time_zone: tz.name().to_string(),
            })
        }
        .await,
    )
}

async fn csv(viewer: &ActivityViewerDb, lang: Lang, f: &Filter) -> Result<(String, String), AppError> {
    let (rows, r, tz) = lines(viewer, f, CSV_LIMIT).await?;
    let head = ["activity-date-time", "activity-email", "activity-description", "org-activity-concerns", "org-activity-by"];
    let lines = rows.iter().map(|row| {
        let l = line(tz, lang, row);
        let description = activity_text(lang, &l.kind, l.detail.as_deref());
        vec![l.when, l.email, description, l.concerns, l.by.unwrap_or_default()]
    });
    Ok((format!("organization-activity-{}-{}.csv", r.from, r.to), time::csv_table(lang, &head, lines)))
}

/// `GET /users/activity.csv?…`: the filtered view as a download, for holders of View
/// organization activity.
pub async fn org_activity_csv(
    identity: Option<axum::Extension<Identity>>,
    lang: Option<axum::Extension<crate::platform::ssr::RequestLang>>,
    axum::extract::Query(f): axum::extract::Query<Filter>,
) -> axum::response::Response {
    let lang = lang.map(|l| l.0 .0).unwrap_or_default();
    let file = match identity.map(|axum::Extension(who)| who.activity_viewer()) {
        Some(Ok(viewer)) => csv(&viewer, lang, &f).await,
        Some(Err(e)) => Err(e),
        None => Err(AppError::Unauthorized),
    };
    time::csv_answer(lang, file)
}
