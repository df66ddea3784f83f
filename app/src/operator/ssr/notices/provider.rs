//! What the provider reads: an organization's contacts by type (so the Service Desk can put the
//! Watchlist in copy of its own incident e-mails), the notices sent, with what became of them,
//! and the contracts with their decisions (whether the tenant may be provisioned).

use super::Contact;
use crate::domain::{AgreementState, ContactType, NoticeKind};
use crate::error::AppError;
use crate::platform::ssr::OperatorDb;

/// One notice as the provider sees it.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct NoticeState {
    pub id: String,
    pub kind: String,
    pub subject: String,
    pub sent_by: String,
    pub created_at: i64,
    /// Comma-separated contact types the organization lacked (its administrators received it).
    pub missing_types: String,
    pub needs_acknowledgement: i64,
    pub acknowledged_at: Option<i64>,
    pub escalated_at: Option<i64>,
    pub recipients: i64,
    /// A contract's: `approved` or `declined`, once a signatory decided.
    pub decision: Option<String>,
}

impl NoticeState {
    /// `delivered`, `reached administrators only (no dpo)`, `waiting for acknowledgement`, …
    pub fn describe(&self) -> String {
        let mut parts = vec![];
        if !self.missing_types.is_empty() {
            parts.push(format!("did not reach its contact type ({}): sent to the administrators", self.missing_types.replace(',', ", ")));
        }
        if self.needs_acknowledgement == 1 {
            parts.push(match (self.acknowledged_at, self.escalated_at) {
                (Some(_), _) => "acknowledged".to_string(),
                (None, Some(_)) => "NOT acknowledged (administrators and Service Desk told)".to_string(),
                (None, None) => "waiting for acknowledgement".to_string(),
            });
        }
        if self.kind == "service-agreement" || self.kind == "csp-contract" {
            parts.push(match self.decision.as_deref() {
                Some(d) => d.to_string(),
                None => "waiting for a decision".to_string(),
            });
        }
        if self.recipients == 0 {
            parts.push("reached NOBODY".to_string());
        }
        if parts.is_empty() {
            "sent".to_string()
        } else {
            parts.join("; ")
        }
    }
}

impl OperatorDb {
    /// Every contact of the organization, type by type (in the order of [`ContactType::ALL`]).
    pub async fn contacts_by_type(&self, organization_id: &str) -> Result<Vec<(ContactType, Vec<Contact>)>, AppError> {
        let mut out = vec![];
        for t in ContactType::ALL {
            out.push((t, self.contacts_of(organization_id, t, false).await?));
        }
        Ok(out)
    }

    /// The organization's notices, newest first.
    pub async fn notices_of(&self, organization_id: &str, limit: i64) -> Result<Vec<NoticeState>, AppError> {
        Ok(self
            .query_as(
                "SELECT n.id, n.kind, n.subject, n.sent_by, n.created_at, n.missing_types, n.needs_acknowledgement, n.acknowledged_at, n.escalated_at, n.decision, \
                   (SELECT COUNT(*) FROM notice_recipients r WHERE r.notice_id = n.id) AS recipients \
                 FROM notices n WHERE n.organization_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2",
            )
            .bind(organization_id.to_string())
            .bind(limit)
            .fetch_all()
            .await?)
    }
}

/// A contract as the provider sees it: its document and what its signatories decided.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ContractState {
    pub id: String,
    pub kind: String,
    pub subject: String,
    pub sent_by: String,
    pub created_at: i64,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    /// The Commercial Contacts with signing authority it reached (0: the administrators were told).
    pub signatories: i64,
    /// `approved` or `declined`.
    pub decision: Option<String>,
    pub decided_at: Option<i64>,
    /// The full name the signatory typed to approve.
    pub decided_name: Option<String>,
    pub decided_email: Option<String>,
    pub decided_ip: Option<String>,
    /// The document's SHA-256 the decision was made on.
    pub decided_sha256: Option<String>,
    pub decline_reason: Option<String>,
}

impl OperatorDb {
    /// Whether the organization has an approved service agreement, and its contracts, newest first.
    pub async fn contracts_of(&self, organization_id: &str) -> Result<(AgreementState, Vec<ContractState>), AppError> {
        let contracts: Vec<ContractState> = self
            .query_as(
                "SELECT n.id, n.kind, n.subject, n.sent_by, n.created_at, d.file_name, d.size, d.sha256, n.decision, n.decided_at, n.decided_name, \
                   n.decided_ip, n.decided_sha256, n.decline_reason, \
                   (SELECT r.email FROM notice_recipients r WHERE r.id = n.decided_by) AS decided_email, \
                   (SELECT COUNT(*) FROM notice_recipients r WHERE r.notice_id = n.id AND r.reached_as = 'commercial' AND r.in_copy = 0) AS signatories \
                 FROM notices n JOIN notice_documents d ON d.notice_id = n.id \
                 WHERE n.organization_id = $1 ORDER BY n.created_at DESC, n.id DESC",
            )
            .bind(organization_id.to_string())
            .fetch_all()
            .await?;
        let agreement = AgreementState::of(contracts.iter().filter(|c| c.kind == NoticeKind::ServiceAgreement.code()).map(|c| c.decision.as_deref()));
        Ok((agreement, contracts))
    }
}
