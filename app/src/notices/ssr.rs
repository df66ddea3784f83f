//! A contact acting through a notice's e-mailed link: acknowledging a notice, or approving or
//! declining a contract. The link opens the one recipient it was sent to; acting spends all of
//! that recipient's links.

use crate::error::AppError;
use super::{LinkedContract, LinkedNotice, NoticeKind};
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

/// The kind of a notice to acknowledge: a contract's link opens its own page, not this one.
fn plain_kind(r: &Row) -> Result<NoticeKind, AppError> {
    NoticeKind::parse(&r.kind).filter(|k| !k.is_contract()).ok_or(AppError::LinkInvalid)
}

fn contract_kind(r: &Row) -> Result<NoticeKind, AppError> {
    NoticeKind::parse(&r.kind).filter(|k| k.is_contract()).ok_or(AppError::LinkInvalid)
}

/// The notice a valid link shows: what it says, to whom, from when.
pub async fn notice_by_link(token: String) -> Result<LinkedNotice, AppError> {
    reply(
        async {
            let db = contact_links::open(&app_state()?, &token).await?;
            let r = read(&db).await?;
            Ok(LinkedNotice {
                kind: plain_kind(&r)?,
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
            plain_kind(&r)?;
            let ip = client_addr();
            let now = db.now();
            let mut tx = db.begin().await?;
            if !contact_links::spend_in(&mut tx, &db).await? {
                return Err(AppError::LinkInvalid);
            }
            let acknowledged = db
                .query("UPDATE notice_recipients SET acknowledged_at = $3, acknowledged_ip = $4 WHERE organization_id = $1 AND id = $2 AND acknowledged_at IS NULL")
                .bind(now)
                .bind(ip.clone())
                .execute_in(&mut tx)
                .await?;
            if acknowledged.rows_affected() != 1 {
                return Err(AppError::LinkInvalid);
            }
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

#[derive(sqlx::FromRow)]
struct DocumentRow {
    file_name: String,
    size: i64,
    sha256: String,
}

/// The document of the link's recipient's contract.
const RECIPIENTS_DOCUMENT: &str = "FROM notice_documents d JOIN notice_recipients r ON r.notice_id = d.notice_id WHERE r.organization_id = $1 AND r.id = $2";

async fn document_of(db: &RecipientDb) -> Result<DocumentRow, AppError> {
    Ok(db
        .query_as(&format!("SELECT d.file_name, d.size, d.sha256 {RECIPIENTS_DOCUMENT}"))
        .fetch_one()
        .await?)
}

/// The contract a signatory's valid link shows.
pub async fn contract_by_link(token: String) -> Result<LinkedContract, AppError> {
    reply(
        async {
            let db = contact_links::open(&app_state()?, &token).await?;
            let r = read(&db).await?;
            let kind = contract_kind(&r)?;
            let d = document_of(&db).await?;
            Ok(LinkedContract {
                kind,
                title: r.subject,
                body: r.body,
                organization: r.organization,
                name: r.name,
                sent_at: r.created_at,
                file_name: d.file_name,
                size: d.size,
                sha256: d.sha256,
            })
        }
        .await,
    )
}

/// Case, spaces and accents typed as they come: "jan  JANSSENS" signs for Jan Janssens.
fn same_name(typed: &str, name: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    !typed.trim().is_empty() && norm(typed) == norm(name)
}

/// Approves (typing one's full name) or declines (with a reason) a contract; the first
/// decision of any signatory stands, and is recorded with who, when, from where and on which
/// document (its SHA-256).
pub async fn decide_contract(token: String, decision: String, full_name: String, reason: String) -> Result<(), AppError> {
    reply(
        async {
            let state = app_state()?;
            let db = contact_links::open(&state, &token).await?;
            let r = read(&db).await?;
            contract_kind(&r)?;
            let (decision, typed, reason) = match decision.as_str() {
                "approve" if same_name(&full_name, &r.name) => ("approved", Some(full_name.trim().to_string()), None),
                "approve" => return Err(AppError::field("full_name", "error-signature-name")),
                "decline" if !reason.trim().is_empty() && reason.trim().chars().count() <= 2000 => ("declined", None, Some(reason.trim().to_string())),
                "decline" => return Err(AppError::field("reason", "error-decline-reason")),
                _ => return Err(AppError::BadRequest),
            };
            let ip = client_addr();
            let mut tx = db.begin().await?;
            if !contact_links::spend_in(&mut tx, &db).await? {
                return Err(AppError::LinkInvalid);
            }
            let done = db
                .query(
                    "UPDATE notices SET decision = $3, decided_at = $4, decided_by = $2, decided_name = $5, decided_ip = $6, decline_reason = $7, \
                     decided_sha256 = (SELECT d.sha256 FROM notice_documents d WHERE d.notice_id = notices.id) \
                     WHERE organization_id = $1 AND decision IS NULL AND id = (SELECT notice_id FROM notice_recipients WHERE organization_id = $1 AND id = $2)",
                )
                .bind(decision)
                .bind(db.now())
                .bind(typed)
                .bind(ip.clone())
                .bind(reason)
                .execute_in(&mut tx)
                .await?;
            if done.rows_affected() != 1 {
                // Another signatory decided first: theirs stands (and this link stays unspent).
                return Err(AppError::field("decision", "error-contract-decided"));
            }
            activity::record_in(
                &mut tx,
                &state,
                Activity {
                    organization_id: Some(db.organization_id()),
                    actor_profile_id: Some(&r.profile_id),
                    subject_profile_id: Some(&r.profile_id),
                    email: &r.email,
                    kind: if decision == "approved" { "contract-approved" } else { "contract-declined" },
                    ip: ip.as_deref(),
                },
            )
            .await?;
            tx.commit().await?;
            if crate::platform::ssr::is_form_post() {
                leptos_axum::redirect(&format!("/contracts/review?decided={decision}"));
            }
            Ok(())
        }
        .await,
    )
}

/// `GET /contracts/document?token=…`: the PDF, to its signatories while their link is valid.
pub async fn document(
    axum::extract::Extension(state): axum::extract::Extension<crate::platform::ssr::AppState>,
    lang: Option<axum::extract::Extension<crate::platform::ssr::RequestLang>>,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let token = q.get("token").cloned().unwrap_or_default();
    let found = async {
        let db = contact_links::open(&state, &token).await?;
        let r = read(&db).await?;
        contract_kind(&r)?;
        let (name, content): (String, String) = db
            .query_as(&format!("SELECT d.file_name, d.content_base64 {RECIPIENTS_DOCUMENT}"))
            .fetch_one()
            .await?;
        let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, content).map_err(crate::platform::ssr::internal)?;
        Ok::<_, AppError>((name, bytes))
    }
    .await;
    match found {
        Ok((name, bytes)) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, format!("inline; filename=\"{}\"", name.replace(['"', '\\'], ""))),
                (header::CACHE_CONTROL, "no-store".to_string()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ],
            bytes,
        )
            .into_response(),
        // Opened in a browser: said in the recipient's language (the link's, else the browser's).
        Err(AppError::LinkInvalid) => {
            let lang = lang.map(|l| l.0 .0).unwrap_or_default();
            let text = crate::i18n::translate(lang, "notice-link-invalid-title");
            (StatusCode::GONE, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
        }
        Err(e) => {
            tracing::error!(error = ?e, "contract document");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
