//! Dates and times in the viewer's time zone, with the IANA database (server side only: the
//! browser receives text).

use crate::error::AppError;
use crate::i18n::Lang;
use chrono::{Duration, LocalResult, NaiveDate, TimeZone};
use chrono_tz::Tz;

/// The zone named `name`, or UTC when unknown.
pub fn zone(name: Option<&str>) -> Tz {
    name.and_then(parse_zone).unwrap_or(Tz::UTC)
}

/// An IANA zone name, as a browser reports it.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

/// The calendar day in `tz` at `secs`.
pub fn day_of(tz: Tz, secs: i64) -> NaiveDate {
    match tz.timestamp_opt(secs, 0) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.date_naive(),
        LocalResult::None => NaiveDate::default(),
    }
}

/// The first second of `day` in `tz`. Where midnight does not exist (a change to summer time at
/// midnight), the day starts at the first local time that does.
pub fn day_start(tz: Tz, day: NaiveDate) -> i64 {
    let mut t = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    for _ in 0..48 {
        match tz.from_local_datetime(&t) {
            LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => return x.timestamp(),
            LocalResult::None => t += Duration::minutes(30),
        }
    }
    t.and_utc().timestamp()
}

/// `2026-11-23` as typed in a date field; a field error on `field` otherwise.
pub fn parse_day(field: &str, s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| AppError::field(field, "error-date-invalid"))
}

pub fn day_text(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Whole days `from` to `to` (both included) in `tz`, as `[start, end)` seconds.
pub fn days_range(tz: Tz, from: NaiveDate, to: NaiveDate) -> Result<(i64, i64), AppError> {
    if from > to {
        return Err(AppError::field("to", "error-date-range"));
    }
    let next = to.succ_opt().ok_or_else(|| AppError::field("to", "error-date-invalid"))?;
    Ok((day_start(tz, from), day_start(tz, next)))
}

/// A range of whole days as the filter shows it, and as seconds `[start, end)`.
pub struct DayRange {
    pub from: String,
    pub to: String,
    pub start: i64,
    pub end: i64,
}

/// The range typed in a From / To filter; an empty end is today, an empty start 29 days
/// before the end (30 days in all). Errors stand on `from` and `to`.
pub fn day_range(tz: Tz, now: i64, from: Option<String>, to: Option<String>) -> Result<DayRange, AppError> {
    let today = day_of(tz, now);
    let given = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
    let to_day = given(to).as_deref().map(|s| parse_day("to", s)).transpose();
    let from_day = given(from).as_deref().map(|s| parse_day("from", s)).transpose();
    let (from_day, to_day) = match (from_day, to_day) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(AppError::Validation(mut a)), Err(AppError::Validation(b))) => {
            a.extend(b);
            return Err(AppError::Validation(a));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    let to_day = to_day.unwrap_or(today);
    let from_day = from_day.unwrap_or(to_day - Duration::days(29));
    let (start, end) = days_range(tz, from_day, to_day)?;
    Ok(DayRange { from: day_text(from_day), to: day_text(to_day), start, end })
}

/// A CSV cell: quoted, quotes doubled, and a leading `= + - @` defused for spreadsheets.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// A table as CSV: the columns' names (message ids) in `lang`, then one line per row; CRLF.
pub fn csv_table(lang: Lang, columns: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = columns.iter().map(|id| csv_cell(&crate::i18n::translate(lang, id))).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// The answer to a CSV download: the file (`name`, `body`) as an attachment; someone signed
/// out is sent to sign in; a refusal is said in the reader's language with its status.
pub fn csv_answer(lang: Lang, file: Result<(String, String), AppError>) -> axum::response::Response {
    use axum::response::IntoResponse;
    use http::{header, StatusCode};
    match file {
        Ok((name, body)) => (
            [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))],
            body,
        )
            .into_response(),
        Err(AppError::Unauthorized) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/login")]).into_response(),
        Err(e) => (StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), crate::i18n::translate(lang, e.message_id())).into_response(),
    }
}

/// A moment as the reader sees it in their zone, with the zone's abbreviation.
pub fn format_in(tz: Tz, lang: Lang, secs: i64) -> String {
    let pattern = match lang {
        Lang::En => "%Y-%m-%d %H:%M %Z",
        _ => "%d/%m/%Y %H:%M %Z",
    };
    match tz.timestamp_opt(secs, 0) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.format(pattern).to_string(),
        LocalResult::None => String::new(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_day_starts_at_local_midnight() {
        let brussels = parse_zone("Europe/Brussels").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        // 23 November 2026 00:00 CET is 22 November 23:00 UTC.
        assert_eq!(day_start(brussels, day), 1_795_388_400);
        assert_eq!(day_of(brussels, 1_795_388_400), day);
        assert_eq!(day_of(brussels, 1_795_388_399), day.pred_opt().unwrap());
    }

    #[test]
    fn days_around_summer_time_have_their_real_length() {
        let brussels = parse_zone("Europe/Brussels").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let (start, end) = days_range(brussels, day, day).unwrap();
        assert_eq!(end - start, 23 * 3600);
        // São Paulo once skipped midnight itself: the day starts at 01:00.
        let sao_paulo = parse_zone("America/Sao_Paulo").unwrap();
        let skipped = NaiveDate::from_ymd_opt(2018, 11, 4).unwrap();
        assert_eq!(format_in(sao_paulo, Lang::En, day_start(sao_paulo, skipped)), "2018-11-04 01:00 -02");
    }

    #[test]
    fn ranges_are_checked() {
        let d = |s| parse_day("from", s);
        assert!(d("2026-02-30").is_err());
        assert!(d("yesterday").is_err());
        assert!(days_range(Tz::UTC, d("2026-11-23").unwrap(), d("2026-11-01").unwrap()).is_err());
        assert_eq!(zone(Some("Not/AZone")), Tz::UTC);
        assert_eq!(format_in(Tz::UTC, Lang::Fr, 0), "01/01/1970 00:00 UTC");
    }
}
