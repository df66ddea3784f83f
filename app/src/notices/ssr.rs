//! A contact acknowledging a notice through its e-mailed link: the link opens the one
//! recipient it was sent to; acknowledging spends all of that recipient's links.

use crate::error::AppError;
use super::{LinkedNotice, NoticeKind};
use crate::platform::ssr::activity::{self, Activity};
use crate::platform::ssr::{app_state, client_addr, contact_links, reply, RecipientDb};

#[derive(sqlx::FromRow)]
struct Row {
    profile_id: String,
    name: String,
    email: String,
    reached_as: String,
    kind: String,
    subject: String,
    body: String,
    organization: String,
    created_at: i64,
}

async fn read(db: &RecipientDb) -> Result<Row, AppError> {
    Ok(db
        .query_as(
            "SELECT r.profile_id, r.name, r.email, r.reached_as, n.kind, n.subject, n.body, o.name AS organization, n.created_at \
             FROM notice_recipients r JOIN notices n ON n.id = r.notice_id JOIN organizations o ON o.id = r.organization_id \
             WHERE r.organization_id = $1 AND r.id = $2",
        )
        .fetch_one()
        .await?)
}

/// The notice a valid link shows: what it says, to whom, from when.
pub async fn notice_by_link(token: String) -> Result<LinkedNotice, AppError> {
    reply(
        async {
            let db = contact_links::open(&app_state()?, &token).await?;
            let r = read(&db).await?;
            Ok(LinkedNotice {
                kind: NoticeKind::parse(&r.kind).ok_or_else(|| crate::platform::ssr::internal(format!("notice kind {}", r.kind)))?,
                subject: r.subject,
                body: r.body,
                organization: r.organization,
                name: r.name,
                reached_as: r.reached_as,
                sent_at: r.created_at,
            })
        }
        .await,
    )
}

/// Records the acknowledgement (who, when, from which address); the link is spent. A second
/// submission (another tab, a replay) finds no link and is refused.
pub async fn acknowledge_notice(token: String) -> Result<(), AppError> {
    reply(
        async {
            let state = app_state()?;
            let db = contact_links::open(&state, &token).await?;
            let r = read(&db).await?;
            let ip = client_addr();
            let now = db.now();
            let mut tx = db.begin().await?;
            if !contact_links::spend_in(&mut tx, &db).await? {
                return Err(AppError::LinkInvalid);
            }
            db.query("UPDATE notice_recipients SET acknowledged_at = $3, acknowledged_ip = $4 WHERE organization_id = $1 AND id = $2 AND acknowledged_at IS NULL")
                .bind(now)
                .bind(ip.clone())
                .execute_in(&mut tx)
                .await?;
            db.query(
                "UPDATE notices SET acknowledged_at = $3 WHERE organization_id = $1 AND acknowledged_at IS NULL \
                 AND id = (SELECT notice_id FROM notice_recipients WHERE organization_id = $1 AND id = $2)",
            )
            .bind(now)
            .execute_in(&mut tx)
            .await?;
            activity::record_in(
                &mut tx,
                &state,
                Activity {
                    organization_id: Some(db.organization_id()),
                    actor_profile_id: Some(&r.profile_id),
                    subject_profile_id: Some(&r.profile_id),
                    email: &r.email,
                    kind: "notice-acknowledged",
                    ip: ip.as_deref(),
                },
            )
            .await?;
            tx.commit().await?;
            if crate::platform::ssr::is_form_post() {
                leptos_axum::redirect("/notices/acknowledge?acknowledged=1");
            }
            Ok(())
        }
        .await,
    )
}
