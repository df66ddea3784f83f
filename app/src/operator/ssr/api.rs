//! The provider's API (`/provider/v1/…`, JSON, `Authorization: Bearer <key>`): the contacts of
//! an organization by type, its notices, sent and read, and its contracts, sent and read. Each request asks the kernel for
//! the operator's handle with the scope it needs; each use is in the key's audit log.

use crate::domain::NoticeKind;
use crate::error::AppError;
use crate::i18n::{translate, Lang};
use crate::platform::ssr::api_keys::{self, ProviderKey, Refusal, Scope};
use crate::platform::ssr::{AppState, ClientAddr, OperatorDb};
use axum::extract::{Extension, Path};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

pub const CONTACTS_PATH: &str = "/provider/v1/organizations/{organization}/contacts";
pub const NOTICES_PATH: &str = "/provider/v1/organizations/{organization}/notices";
pub const CONTRACTS_PATH: &str = "/provider/v1/organizations/{organization}/contracts";

/// The most a contract's request may weigh: its PDF (10 MB at most) in base64, and the text.
pub const CONTRACT_BODY_LIMIT: usize = 15 * 1024 * 1024;

/// Whether a request is a contract sent through the API (its body may be that large; it is read
/// only once the key is known).
pub fn is_contract_upload(method: &Method, path: &str) -> bool {
    method == Method::POST && path.starts_with("/provider/v1/organizations/") && path.ends_with("/contracts") && path.matches('/').count() == 5
}

fn refused(r: Refusal) -> Response {
    let (status, code) = match r {
        Refusal::InvalidKey => (StatusCode::UNAUTHORIZED, "invalid_key"),
        Refusal::InsufficientScope => (StatusCode::FORBIDDEN, "insufficient_scope"),
        Refusal::UnknownOrganization => (StatusCode::NOT_FOUND, "unknown_organization"),
        Refusal::RateLimited => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
    };
    let mut res = (status, Json(json!({ "error": code }))).into_response();
    if r == Refusal::InvalidKey {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    }
    res
}

/// One request: the key, checked; then `work` (the operator's handle, the key's name, the
/// organization) when the key has `scope` for the organization; the outcome audited.
struct Call<'a> {
    state: &'a AppState,
    method: Method,
    uri: Uri,
    ip: Option<String>,
    headers: HeaderMap,
}

impl Call<'_> {
    async fn run<F, Fut>(self, scope: Scope, organization: &str, work: F) -> Response
    where
        F: FnOnce(OperatorDb, String, String) -> Fut,
        Fut: std::future::Future<Output = Response>,
    {
        let auth = self.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
        let path = self.uri.path().to_string();
        let key: ProviderKey = match api_keys::authenticate(self.state, auth, self.method.as_str(), &path, self.ip.as_deref()).await {
            Ok(k) => k,
            Err(r) => return refused(r),
        };
        let res = match key.operator(scope, organization).await {
            Ok(op) => work(op.clone(), key.name().to_string(), organization.to_string()).await,
            Err(r) => refused(r),
        };
        key.audit(self.method.as_str(), &path, Some(organization), res.status().as_u16(), self.ip.as_deref()).await;
        res
    }
}

fn failed(e: AppError) -> Response {
    match e {
        AppError::Validation(fields) => {
            let errors: Vec<_> =
                fields.iter().map(|f| json!({ "field": f.field, "message": translate(Lang::En, &f.message_id), "code": f.message_id })).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": "invalid_request", "fields": errors }))).into_response()
        }
        other => {
            tracing::error!(error = ?other, "provider API");
            (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({ "error": "server_error" }))).into_response()
        }
    }
}

/// 201 with what was sent: whom it reached (and whether in copy, for a notice) and the contact
/// types the organization lacked.
fn created(sent: &super::notices::Sent, with_copy: bool) -> Response {
    let reached: Vec<_> = sent
        .reached
        .iter()
        .map(|r| {
            let mut one = json!({ "name": r.name, "email": r.email, "as": r.reached_as });
            if with_copy {
                one["in_copy"] = json!(r.in_copy);
            }
            one
        })
        .collect();
    let missing: Vec<_> = sent.missing.iter().map(|t| t.code()).collect();
    (StatusCode::CREATED, Json(json!({ "id": sent.id, "reached": reached, "missing_contact_types": missing }))).into_response()
}

#[derive(Serialize)]
struct ContactOut {
    #[serde(rename = "type")]
    kind: &'static str,
    name: String,
    email: String,
    phone: Option<String>,
    email_language: String,
}

/// `GET …/contacts`: every contact, type by type (`contacts:read`).
pub async fn contacts(Extension(state): Extension<AppState>, addr: Option<Extension<ClientAddr>>, Path(organization): Path<String>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let call = Call { state: &state, method, uri, ip: addr.map(|a| a.0 .0), headers };
    call.run(Scope::ReadContacts, &organization, |op, _, organization| async move {
        match op.contacts_by_type(&organization).await {
            Ok(by_type) => {
                let out: Vec<ContactOut> = by_type
                    .into_iter()
                    .flat_map(|(t, people)| {
                        people.into_iter().map(move |c| ContactOut { kind: t.code(), name: c.name(), email: c.email, phone: c.contact_phone, email_language: c.email_language })
                    })
                    .collect();
                Json(json!({ "contacts": out })).into_response()
            }
            Err(e) => failed(e),
        }
    })
    .await
}

#[derive(Deserialize)]
pub struct NoticeIn {
    kind: String,
    subject: String,
    body: String,
}

/// `POST …/notices`: sends a notice (`notices:send`); answers who it reached.
pub async fn send_notice(
    Extension(state): Extension<AppState>,
    addr: Option<Extension<ClientAddr>>,
    Path(organization): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Json<NoticeIn>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let call = Call { state: &state, method, uri, ip: addr.map(|a| a.0 .0), headers };
    call.run(Scope::SendNotices, &organization, |op, key_name, organization| async move {
        let Ok(Json(n)) = body else {
            return (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_request", "message": "a JSON body with kind, subject and body" }))).into_response();
        };
        let Some(kind) = NoticeKind::parse(&n.kind) else {
            return failed(AppError::field("kind", "error-notice-kind-unknown"));
        };
        match op.send_notice(&organization, kind, &n.subject, &n.body, &format!("api:{key_name}")).await {
            Ok(sent) => created(&sent, true),
            Err(e) => failed(e),
        }
    })
    .await
}

/// `GET …/notices`: the latest notices and what became of them (`notices:send`).
pub async fn notices(Extension(state): Extension<AppState>, addr: Option<Extension<ClientAddr>>, Path(organization): Path<String>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let call = Call { state: &state, method, uri, ip: addr.map(|a| a.0 .0), headers };
    call.run(Scope::SendNotices, &organization, |op, _, organization| async move {
        match op.notices_of(&organization, 100).await {
            Ok(list) => {
                let out: Vec<_> = list
                    .iter()
                    .map(|n| {
                        json!({
                            "id": n.id, "kind": n.kind, "subject": n.subject, "sent_by": n.sent_by, "created_at": n.created_at,
                            "missing_contact_types": n.missing_types.split(',').filter(|t| !t.is_empty()).collect::<Vec<_>>(),
                            "needs_acknowledgement": n.needs_acknowledgement == 1, "acknowledged_at": n.acknowledged_at,
                            "escalated_at": n.escalated_at, "recipients": n.recipients, "state": n.describe(),
                        })
                    })
                    .collect();
                Json(json!({ "notices": out })).into_response()
            }
            Err(e) => failed(e),
        }
    })
    .await
}

#[derive(Deserialize)]
pub struct ContractIn {
    kind: String,
    title: String,
    #[serde(default)]
    body: String,
    file_name: String,
    /// The PDF, base64.
    document_base64: String,
}

/// `POST …/contracts`: sends a service agreement or CSP contract with its PDF (`notices:send`);
/// the body is read only once the key is known.
pub async fn send_contract(
    Extension(state): Extension<AppState>,
    addr: Option<Extension<ClientAddr>>,
    Path(organization): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let call = Call { state: &state, method, uri, ip: addr.map(|a| a.0 .0), headers };
    call.run(Scope::SendNotices, &organization, |op, key_name, organization| async move {
        let bad = |m: &str| (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_request", "message": m }))).into_response();
        let Ok(bytes) = axum::body::to_bytes(body, CONTRACT_BODY_LIMIT).await else {
            return (StatusCode::PAYLOAD_TOO_LARGE, Json(json!({ "error": "too_large" }))).into_response();
        };
        let Ok(c) = serde_json::from_slice::<ContractIn>(&bytes) else {
            return bad("a JSON body with kind, title, body, file_name and document_base64");
        };
        let Some(kind) = NoticeKind::parse(&c.kind) else {
            return failed(AppError::field("kind", "error-notice-kind-unknown"));
        };
        let Ok(pdf) = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, c.document_base64.trim()) else {
            return failed(AppError::field("document", "error-document-not-pdf"));
        };
        let text = if c.body.trim().is_empty() { c.title.clone() } else { c.body };
        let document = super::notices::send::Document { file_name: c.file_name, bytes: pdf };
        match op.send_contract(&organization, kind, &c.title, &text, document, &format!("api:{key_name}")).await {
            Ok(sent) => created(&sent, false),
            Err(e) => failed(e),
        }
    })
    .await
}

/// `GET …/contracts`: whether the organization has an approved service agreement (its tenant
/// may be provisioned), and each contract with its decision (`contracts:read`).
pub async fn contracts(Extension(state): Extension<AppState>, addr: Option<Extension<ClientAddr>>, Path(organization): Path<String>, method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let call = Call { state: &state, method, uri, ip: addr.map(|a| a.0 .0), headers };
    call.run(Scope::ReadContracts, &organization, |op, _, organization| async move {
        match op.contracts_of(&organization).await {
            Ok((agreement, list)) => {
                let out: Vec<_> = list
                    .iter()
                    .map(|c| {
                        json!({
                            "id": c.id, "kind": c.kind, "title": c.subject, "sent_by": c.sent_by, "created_at": c.created_at,
                            "document": { "file_name": c.file_name, "size": c.size, "sha256": c.sha256 },
                            "signatories": c.signatories,
                            "decision": c.decision, "decided_at": c.decided_at, "decided_name": c.decided_name, "decided_email": c.decided_email,
                            "decided_ip": c.decided_ip, "decided_sha256": c.decided_sha256, "decline_reason": c.decline_reason,
                        })
                    })
                    .collect();
                Json(json!({ "service_agreement": agreement.code(), "tenant_may_be_provisioned": agreement.approved(), "contracts": out })).into_response()
            }
            Err(e) => failed(e),
        }
    })
    .await
}
