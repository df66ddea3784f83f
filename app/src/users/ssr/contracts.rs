//! The Contracts tab on the server, on the administrators' handle: the organization's
//! contracts with their decisions, whether its service agreement is approved, and each
//! document, read by the organization's administrators only.

use super::super::contracts::{ContractLine, ContractsView};
use crate::domain::{AgreementState, NoticeKind};
use crate::error::AppError;
use crate::platform::ssr::{reply, require_user, AdminDb, Identity};

/// The most contracts the tab lists (newest first).
const LIMIT: i64 = 200;

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    kind: String,
    subject: String,
    created_at: i64,
    file_name: String,
    size: i64,
    sha256: String,
    decision: Option<String>,
    decided_at: Option<i64>,
    decided_by: Option<String>,
    decline_reason: Option<String>,
}

async fn view(admin: &AdminDb) -> Result<ContractsView, AppError> {
    let rows: Vec<Row> = admin
        .query_as(
            "SELECT n.id, n.kind, n.subject, n.created_at, d.file_name, d.size, d.sha256, n.decision, n.decided_at, n.decline_reason, \
               (SELECT r.name FROM notice_recipients r WHERE r.organization_id = $1 AND r.id = n.decided_by) AS decided_by \
             FROM notices n JOIN notice_documents d ON d.notice_id = n.id AND d.organization_id = $1 \
             WHERE n.organization_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2",
        )
        .bind(LIMIT)
        .fetch_all()
        .await?;
    // The signatories each one reached (an administrator standing in for a missing one is not).
    let signatories: Vec<(String, String)> = admin
        .query_as(
            "SELECT r.notice_id, r.name FROM notice_recipients r JOIN notice_documents d ON d.notice_id = r.notice_id \
             WHERE r.organization_id = $1 AND r.reached_as = 'commercial' AND r.in_copy = 0 ORDER BY r.name, r.id",
        )
        .fetch_all()
        .await?;
    let agreements: Vec<(Option<String>,)> =
        admin.query_as("SELECT decision FROM notices WHERE organization_id = $1 AND kind = $2").bind(NoticeKind::ServiceAgreement.code()).fetch_all().await?;
    let lines = rows
        .into_iter()
        .filter_map(|r| {
            let kind = NoticeKind::parse(&r.kind)?;
            let signatories = signatories.iter().filter(|(n, _)| *n == r.id).map(|(_, name)| name.clone()).collect();
            Some(ContractLine {
                id: r.id,
                kind,
                title: r.subject,
                sent_at: r.created_at,
                file_name: r.file_name,
                size: r.size,
                sha256: r.sha256,
                decision: r.decision,
                decided_at: r.decided_at,
                decided_by: r.decided_by,
                decline_reason: r.decline_reason,
                signatories,
            })
        })
        .collect();
    Ok(ContractsView { agreement: AgreementState::of(agreements.iter().map(|(d,)| d.as_deref())), lines })
}

pub async fn org_contracts() -> Result<ContractsView, AppError> {
    reply(async { view(&require_user()?.admin()?).await }.await)
}

/// The PDF of one of the organization's contracts, for its administrators.
async fn document_of(admin: &AdminDb, id: &str) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let found: Option<(String, String)> = admin
        .query_as("SELECT file_name, content_base64 FROM notice_documents WHERE organization_id = $1 AND notice_id = $2")
        .bind(id.to_string())
        .fetch_optional()
        .await?;
    let Some((name, content)) = found else { return Ok(None) };
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, content).map_err(crate::platform::ssr::internal)?;
    Ok(Some((name, bytes)))
}

/// `GET /users/contracts/document?id=…`: a contract's document, to the administrators of the
/// organization it was sent to; anyone else gets the same answer as for no such contract.
pub async fn document(identity: Option<axum::Extension<Identity>>, axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let id = q.get("id").cloned().unwrap_or_default();
    let found = match identity {
        Some(axum::Extension(who)) => match who.admin() {
            Ok(admin) => document_of(&admin, &id).await,
            Err(e) => Err(e),
        },
        None => Err(AppError::Unauthorized),
    };
    match found {
        Ok(Some((name, bytes))) => (
            [
                (header::CONTENT_TYPE, "application/pdf".to_string()),
                (header::CONTENT_DISPOSITION, format!("inline; filename=\"{}\"", name.replace(['"', '\\'], ""))),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(AppError::Unauthorized) => StatusCode::UNAUTHORIZED.into_response(),
        Err(AppError::Forbidden) => StatusCode::FORBIDDEN.into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "contract document for administrators");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
