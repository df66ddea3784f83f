//! Sending a notice: the portal decides who receives it from the contact types, writes one
//! e-mail per addressed contact (the Watchlist in copy where the kind says so) in each one's
//! language, and sends what reaches no contact of a type to the administrators, with the reason.

use super::{acknowledge_paragraph, type_names, write_mail, Contact, NoticeMail};
use crate::domain::ContactType;
use crate::error::AppError;
use crate::i18n::translate;
use crate::domain::NoticeKind;
use crate::platform::ssr::activity::{self, Activity};
use crate::platform::ssr::{contact_links, OperatorDb, Tx};

/// Someone the notice reached, and as what (`technical`, …, or `administrator`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reached {
    pub name: String,
    pub email: String,
    pub reached_as: String,
    pub in_copy: bool,
}

/// What the provider learns once a notice is sent.
#[derive(Clone, Debug)]
pub struct Sent {
    pub id: String,
    pub reached: Vec<Reached>,
    /// The contact types the organization has nobody for: its administrators received it.
    pub missing: Vec<ContactType>,
}

/// The most a notice's text may hold.
const MAX_SUBJECT: usize = 200;
const MAX_BODY: usize = 20_000;

impl OperatorDb {
    /// Sends `kind` to the organization: checked, recorded, and queued to every recipient.
    /// `sent_by` names the sender (`operator`, or an API key's name).
    pub async fn send_notice(&self, organization_id: &str, kind: NoticeKind, subject: &str, body: &str, sent_by: &str) -> Result<Sent, AppError> {
        if kind.is_contract() {
            return Err(AppError::field("kind", "error-notice-kind-contract"));
        }
        self.send(organization_id, kind, subject, body, sent_by, None).await
    }

    /// Sends a service agreement or CSP contract with its document (a PDF) to the Commercial
    /// Contacts with signing authority, each with a link to approve or decline it.
    pub async fn send_contract(&self, organization_id: &str, kind: NoticeKind, title: &str, body: &str, document: Document, sent_by: &str) -> Result<Sent, AppError> {
        if !kind.is_contract() {
            return Err(AppError::field("kind", "error-contract-kind"));
        }
        document.check()?;
        self.send(organization_id, kind, title, body, sent_by, Some(document)).await
    }

    async fn send(&self, organization_id: &str, kind: NoticeKind, subject: &str, body: &str, sent_by: &str, document: Option<Document>) -> Result<Sent, AppError> {
        let subject = subject.trim();
        let body = body.trim();
        if subject.is_empty() || subject.chars().count() > MAX_SUBJECT || subject.contains(['\r', '\n']) {
            return Err(AppError::field("subject", "error-notice-subject"));
        }
        if body.is_empty() || body.chars().count() > MAX_BODY {
            return Err(AppError::field("body", "error-notice-body"));
        }
        let organization = self.organization_name(organization_id).await?.ok_or_else(|| AppError::field("organization", "error-organization-unknown"))?;
        let route = kind.route();

        // Who: the holders of each addressed type, a person once (as the first type they hold).
        let mut to: Vec<(Contact, ContactType)> = vec![];
        let mut missing = vec![];
        for t in route.to {
            let holders = self.contacts_of(organization_id, *t, route.signing_authority).await?;
            if holders.is_empty() {
                missing.push(*t);
            }
            for c in holders {
                if !to.iter().any(|(p, _)| p.id == c.id) {
                    to.push((c, *t));
                }
            }
        }
        let mut cc: Vec<(Contact, ContactType)> = vec![];
        for t in route.cc {
            for c in self.contacts_of(organization_id, *t, false).await? {
                if !to.iter().chain(cc.iter()).any(|(p, _)| p.id == c.id) {
                    cc.push((c, *t));
                }
            }
        }
        let admins: Vec<Contact> = if missing.is_empty() {
            vec![]
        } else {
            self.administrators_of(organization_id).await?.into_iter().filter(|a| !to.iter().any(|(p, _)| p.id == a.id)).collect()
        };

        let now = self.now();
        let id = super::id();
        let mut tx = self.begin().await?;
        self.insert("notices")
            .value("id", id.clone())
            .value("organization_id", organization_id.to_string())
            .value("kind", kind.code().to_string())
            .value("subject", subject.to_string())
            .value("body", body.to_string())
            .value("sent_by", sent_by.to_string())
            .value("missing_types", missing.iter().map(|t| t.code()).collect::<Vec<_>>().join(","))
            .value("needs_acknowledgement", i64::from(route.acknowledgement))
            .value("created_at", now)
            .execute_in(&mut tx)
            .await?;
        if let Some(d) = &document {
            self.insert("notice_documents")
                .value("notice_id", id.clone())
                .value("organization_id", organization_id.to_string())
                .value("file_name", d.file_name.clone())
                .value("size", d.bytes.len() as i64)
                .value("sha256", d.sha256())
                .value("content_base64", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &d.bytes))
                .execute_in(&mut tx)
                .await?;
        }
        let contract = document.is_some();
        let n = Notice { op: self, tx: &mut tx, id: &id, organization_id, organization: &organization, kind, subject, body, contract };
        let mut sending = Sending { n, reached: vec![] };
        let copies: Vec<String> = cc.iter().map(|(c, _)| c.mailbox()).collect();
        for (c, t) in &to {
            sending.reach(c, t.code(), false, copies.clone(), &[], route.acknowledgement).await?;
        }
        for (c, t) in &cc {
            sending.record(c, t.code(), true).await?;
        }
        for a in &admins {
            sending.reach(a, "administrator", false, vec![], &missing, route.acknowledgement).await?;
        }
        let reached = sending.reached;
        tx.commit().await?;
        self.state().wake_mail();
        if missing.len() == route.to.len() && admins.is_empty() {
            tracing::error!(notice = %id, organization = %organization_id, "a notice reached nobody: the organization has neither the contact nor an administrator");
        }
        Ok(Sent { id, reached, missing })
    }
}

/// The notice being sent, inside its transaction.
struct Notice<'a> {
    op: &'a OperatorDb,
    tx: &'a mut Tx,
    id: &'a str,
    organization_id: &'a str,
    organization: &'a str,
    kind: NoticeKind,
    subject: &'a str,
    body: &'a str,
    /// A document to approve: the signatories' links open its review page.
    contract: bool,
}

struct Sending<'a> {
    n: Notice<'a>,
    reached: Vec<Reached>,
}

impl Sending<'_> {
    /// Records a recipient; returns the row's id.
    async fn record(&mut self, c: &Contact, reached_as: &str, in_copy: bool) -> Result<String, AppError> {
        let n = &mut self.n;
        let rid = super::id();
        n.op.insert("notice_recipients")
            .value("id", rid.clone())
            .value("notice_id", n.id.to_string())
            .value("organization_id", n.organization_id.to_string())
            .value("profile_id", Some(c.id.clone()))
            .value("name", c.name())
            .value("email", c.email.clone())
            .value("lang", c.lang().code().to_string())
            .value("reached_as", reached_as.to_string())
            .value("in_copy", i64::from(in_copy))
            .value("created_at", n.op.now())
            .execute_in(n.tx)
            .await?;
        activity::record_in(
            &mut *n.tx,
            n.op.state(),
            Activity {
                organization_id: Some(n.organization_id),
                actor_profile_id: None,
                subject_profile_id: Some(&c.id),
                email: &c.email,
                kind: "notice-received",
                ip: None,
            },
        )
        .await?;
        self.reached.push(Reached { name: c.name(), email: c.email.clone(), reached_as: reached_as.to_string(), in_copy });
        Ok(rid)
    }

    /// Records an addressed recipient and queues their e-mail; `missing` (for an administrator)
    /// says which contact types it stands in for.
    async fn reach(&mut self, c: &Contact, reached_as: &str, in_copy: bool, cc: Vec<String>, missing: &[ContactType], acknowledgement: bool) -> Result<(), AppError> {
        let rid = self.record(c, reached_as, in_copy).await?;
        let n = &mut self.n;
        let state = n.op.state();
        let lang = c.lang();
        let kind = translate(lang, &n.kind.message_id());
        let mut intro = fluent_bundle::FluentArgs::new();
        intro.set("organization", n.organization.to_string());
        intro.set("kind", kind.clone());
        let intro = if missing.is_empty() {
            let role = ContactType::parse(reached_as).map(|t| translate(lang, &t.message_id())).unwrap_or_default();
            intro.set("role", role);
            crate::i18n::translate_args(lang, "mail-notice-intro", Some(&intro))
        } else {
            intro.set("missing", type_names(lang, missing));
            crate::i18n::translate_args(lang, "mail-notice-intro-fallback", Some(&intro))
        };
        let mut args = vec![("kind", kind), ("subject", n.subject.to_string()), ("intro", intro), ("text", n.body.to_string())];
        if n.contract && missing.is_empty() {
            // A signatory: a link to read the document and approve or decline it.
            let token = contact_links::issue_in(n.tx, state, &rid).await?;
            let link = format!("{}/contracts/review?token={token}", state.config.public_url);
            let mut review = fluent_bundle::FluentArgs::new();
            review.set("link", link.clone());
            review.set("until", crate::platform::format_timestamp(lang, n.op.now() + state.config.notice_link_ttl_secs));
            args.push(("acknowledge", format!("{}\n\n", crate::i18n::translate_args(lang, "mail-contract-review", Some(&review)))));
            args.push(("link", link));
        } else if acknowledgement {
            let token = contact_links::issue_in(n.tx, state, &rid).await?;
            let link = format!("{}/notices/acknowledge?token={token}", state.config.public_url);
            args.push(("acknowledge", acknowledge_paragraph(lang, &link, n.op.now() + state.config.notice_link_ttl_secs)));
            args.push(("link", link));
        } else {
            args.push(("acknowledge", String::new()));
        }
        write_mail(n.tx, n.op, c, NoticeMail { organization_id: n.organization_id, template: "notice", args, cc }).await
    }
}

/// The most a contract's document may weigh.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

/// A contract's document as the provider attaches it.
pub struct Document {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Document {
    /// A PDF by its content (the `%PDF-` header and an `%%EOF` near the end), not by its name,
    /// of at most [`MAX_DOCUMENT_BYTES`], with a plain file name.
    fn check(&self) -> Result<(), AppError> {
        if self.bytes.is_empty() || self.bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(AppError::field("document", "error-document-size"));
        }
        let tail = &self.bytes[self.bytes.len().saturating_sub(1024)..];
        if !self.bytes.starts_with(b"%PDF-") || !tail.windows(5).any(|w| w == b"%%EOF") {
            return Err(AppError::field("document", "error-document-not-pdf"));
        }
        let name = self.file_name.trim();
        if name.is_empty() || name.chars().count() > 200 || name.contains(['/', '\\', '\r', '\n', '"']) {
            return Err(AppError::field("document", "error-document-name"));
        }
        Ok(())
    }

    /// Its SHA-256, in hexadecimal: what a decision is recorded against.
    pub fn sha256(&self) -> String {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&self.bytes))
    }
}
