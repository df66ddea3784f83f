//! Communication preferences on the server: mailing lists (an unsubscribe is for good) and the
//! two languages.

use super::super::{ListState, ListStatus};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::{client_addr, cookies, reply, require_user, time, OrgDb};

#[derive(sqlx::FromRow)]
struct ListRow {
    code: String,
    subscribed: Option<i64>,
    changed_at: Option<i64>,
}

/// Every list of the catalogue with the caller's state.
pub async fn lists(org: &OrgDb) -> Result<Vec<ListStatus>, AppError> {
    let rows: Vec<ListRow> = org
        .query_as(
            "SELECT l.code, s.subscribed, s.changed_at FROM mailing_lists l \
             LEFT JOIN mailing_list_subscriptions s ON s.list_code = l.code AND s.organization_id = $1 AND s.profile_id = $2 \
             ORDER BY l.sort_order",
        )
        .bind(org.profile_id().to_string())
        .fetch_all()
        .await?;
    let tz = org.time_zone();
    Ok(rows
        .into_iter()
        .map(|r| ListStatus {
            state: match (r.subscribed, r.changed_at) {
                (Some(1), _) => ListState::Subscribed,
                (Some(_), Some(at)) => ListState::Unsubscribed { on: time::day_text(time::day_of(tz, at)) },
                _ => ListState::NotSubscribed,
            },
            code: r.code,
        })
        .collect())
}

/// Makes the caller subscribed to exactly the lists in `chosen` (comma-separated codes).
/// Subscribing again to a list left earlier is refused; so are unknown lists.
pub async fn update_my_lists(chosen: String) -> Result<(), AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let current = lists(&org).await?;
            let chosen: Vec<&str> = chosen.split(',').map(str::trim).filter(|c| !c.is_empty()).collect();
            if chosen.iter().any(|c| !current.iter().any(|l| l.code == *c)) {
                return Err(AppError::field("lists", "error-list-unknown"));
            }
            if current.iter().any(|l| matches!(l.state, ListState::Unsubscribed { .. }) && chosen.contains(&l.code.as_str())) {
                return Err(AppError::field("lists", "error-list-unsubscribed"));
            }
            let ip = client_addr();
            for l in &current {
                let wanted = chosen.contains(&l.code.as_str());
                let change = match (&l.state, wanted) {
                    (ListState::NotSubscribed, true) => 1,
                    (ListState::Subscribed, false) => 0,
                    _ => continue,
                };
                // The guard keeps a list left for good left, even against a parallel request.
                let done = org
                    .query(
                        "INSERT INTO mailing_list_subscriptions (organization_id, profile_id, list_code, subscribed, changed_at) \
                         VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (profile_id, list_code) DO UPDATE SET subscribed = excluded.subscribed, changed_at = excluded.changed_at \
                         WHERE mailing_list_subscriptions.subscribed = 1",
                    )
                    .bind(org.profile_id().to_string())
                    .bind(l.code.clone())
                    .bind(change)
                    .bind(org.now())
                    .execute()
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(AppError::field("lists", "error-list-unsubscribed"));
                }
                let kind = if change == 1 { "list-subscribed" } else { "list-unsubscribed" };
                org.record_own(kind, ip.as_deref()).await?;
            }
            leptos_axum::redirect("/profile?saved=lists#prefs-heading");
            Ok(())
        }
        .await,
    )
}

pub async fn update_my_languages(portal_language: String, email_language: String, version: i64) -> Result<(), AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let mut errors = vec![];
            let portal = Lang::parse(&portal_language);
            let email = Lang::parse(&email_language);
            if portal.is_none() {
                errors.push(crate::error::FieldError { field: "portal_language".into(), message_id: "error-language-invalid".into() });
            }
            if email.is_none() {
                errors.push(crate::error::FieldError { field: "email_language".into(), message_id: "error-language-invalid".into() });
            }
            let (Some(portal), Some(email)) = (portal, email) else { return Err(AppError::Validation(errors)) };
            // Made on the profile the review showed: an e-mail language an administrator (or
            // another window) set since is not overwritten.
            let (now_at, before): (i64, String) = org
                .query_as("SELECT version, email_language FROM profiles WHERE organization_id = $1 AND id = $2")
                .bind(org.profile_id().to_string())
                .fetch_one()
                .await?;
            if now_at != version {
                return Err(AppError::field("profile", "error-my-profile-changed"));
            }
            let ip = client_addr();
            if before != email.code() {
                let done = org
                    .query("UPDATE profiles SET email_language = $2, updated_at = $3, version = version + 1 WHERE organization_id = $1 AND id = $4 AND version = $5")
                    .bind(email.code().to_string())
                    .bind(org.now())
                    .bind(org.profile_id().to_string())
                    .bind(version)
                    .execute()
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(AppError::field("profile", "error-my-profile-changed"));
                }
                org.record_own("email-language-changed", ip.as_deref()).await?;
            }
            org.save_portal_language(portal, ip.as_deref()).await?;
            // Also for this browser once signed out.
            if let (Some(opts), Ok(v)) = (
                use_context_opts(),
                http::HeaderValue::from_str(&cookies::language(portal.code(), org.state().config.secure_cookies())),
            ) {
                opts.append_header(http::header::SET_COOKIE, v);
            }
            leptos_axum::redirect("/profile?saved=languages#prefs-heading");
            Ok(())
        }
        .await,
    )
}

fn use_context_opts() -> Option<leptos_axum::ResponseOptions> {
    leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
}
