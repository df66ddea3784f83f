//! A notice that needs an acknowledgement and gets none: after the configured time its
//! addressed recipients are reminded (with a new link); after twice that time the
//! organization's administrators and the provider's Service Desk are told.

use super::{acknowledge_paragraph, write_mail, Contact, NoticeMail};
use crate::error::AppError;
use crate::i18n::{translate, Lang};
use crate::domain::NoticeKind;
use crate::platform::format_timestamp;
use crate::platform::ssr::activity::{self, Activity};
use crate::platform::ssr::{contact_links, OperatorDb};
use std::time::Duration;

#[derive(sqlx::FromRow)]
struct Waiting {
    id: String,
    organization_id: String,
    organization: String,
    kind: String,
    subject: String,
    body: String,
    created_at: i64,
}

#[derive(sqlx::FromRow)]
struct Unacknowledged {
    recipient_id: String,
    profile_id: String,
}

impl OperatorDb {
    /// Reminds and escalates what is due; returns (reminders, escalations) queued. Safe to run
    /// on several servers at once: each step is claimed by one conditional update.
    pub async fn remind_due(&self) -> Result<(usize, usize), AppError> {
        let now = self.now();
        let wait = self.state().config.notice_remind_secs;
        let waiting: Vec<Waiting> = self
            .query_as(
                "SELECT n.id, n.organization_id, o.name AS organization, n.kind, n.subject, n.body, n.created_at \
                 FROM notices n JOIN organizations o ON o.id = n.organization_id \
                 WHERE n.needs_acknowledgement = 1 AND n.acknowledged_at IS NULL AND n.escalated_at IS NULL AND n.created_at <= $1 \
                 ORDER BY n.created_at LIMIT 100",
            )
            .bind(now - wait)
            .fetch_all()
            .await?;
        let (mut reminded, mut escalated) = (0, 0);
        for n in waiting {
            // One notice that fails (an address the outbox refuses) holds up no other.
            let done = if n.created_at <= now - 2 * wait { self.escalate(&n).await.map(|e| (0, usize::from(e))) } else { self.remind(&n).await.map(|r| (r, 0)) };
            match done {
                Ok((r, e)) => {
                    reminded += r;
                    escalated += e;
                }
                Err(e) => tracing::error!(error = ?e, notice = %n.id, "notice reminder"),
            }
        }
        Ok((reminded, escalated))
    }

    async fn remind(&self, n: &Waiting) -> Result<usize, AppError> {
        let kind = NoticeKind::parse(&n.kind).unwrap_or(NoticeKind::Alert);
        let pending: Vec<Unacknowledged> = self
            .query_as(
                "SELECT id AS recipient_id, profile_id FROM notice_recipients \
                 WHERE notice_id = $1 AND in_copy = 0 AND acknowledged_at IS NULL AND reminded_at IS NULL AND profile_id IS NOT NULL",
            )
            .bind(n.id.clone())
            .fetch_all()
            .await?;
        let mut sent = 0;
        for p in pending {
            let mut tx = self.begin().await?;
            // Claimed: another server reminding at the same moment finds it done.
            let claimed = self
                .query("UPDATE notice_recipients SET reminded_at = $1 WHERE id = $2 AND reminded_at IS NULL AND acknowledged_at IS NULL")
                .bind(self.now())
                .bind(p.recipient_id.clone())
                .execute_in(&mut tx)
                .await?;
            if claimed.rows_affected() != 1 {
                continue;
            }
            let Some(c) = self.contact(&p.profile_id).await? else { continue };
            let lang = c.lang();
            let token = contact_links::issue_in(&mut tx, self.state(), &p.recipient_id).await?;
            let link = format!("{}/notices/acknowledge?token={token}", self.state().config.public_url);
            let until = self.now() + self.state().config.notice_link_ttl_secs;
            let args = vec![
                ("kind", translate(lang, &kind.message_id())),
                ("subject", n.subject.clone()),
                ("sent", format_timestamp(lang, n.created_at)),
                ("text", n.body.clone()),
                ("acknowledge", acknowledge_paragraph(lang, &link, until)),
                ("link", link),
            ];
            write_mail(&mut tx, self, &c, NoticeMail { organization_id: &n.organization_id, template: "notice-reminder", args, cc: vec![] }).await?;
            tx.commit().await?;
            sent += 1;
        }
        self.state().wake_mail();
        Ok(sent)
    }

    /// Tells the administrators and the Service Desk; false when another server did.
    async fn escalate(&self, n: &Waiting) -> Result<bool, AppError> {
        let kind = NoticeKind::parse(&n.kind).unwrap_or(NoticeKind::Alert);
        let mut tx = self.begin().await?;
        let claimed = self
            .query("UPDATE notices SET escalated_at = $1 WHERE id = $2 AND escalated_at IS NULL AND acknowledged_at IS NULL")
            .bind(self.now())
            .bind(n.id.clone())
            .execute_in(&mut tx)
            .await?;
        if claimed.rows_affected() != 1 {
            return Ok(false);
        }
        let recipients: Vec<(String, String, Option<String>)> = self
            .query_as("SELECT name, email, profile_id FROM notice_recipients WHERE notice_id = $1 AND in_copy = 0 ORDER BY name")
            .bind(n.id.clone())
            .fetch_all()
            .await?;
        let names = recipients.iter().map(|(name, email, _)| format!("{name} <{email}>")).collect::<Vec<_>>().join(", ");
        let service_desk = Contact {
            id: String::new(),
            email: self.state().config.service_desk_email.clone(),
            salutation: None,
            first_name: "Service".into(),
            last_name: "Desk".into(),
            email_language: Lang::En.code().into(),
            contact_phone: None,
        };
        let mut told = self.administrators_of(&n.organization_id).await?;
        told.push(service_desk);
        for c in &told {
            let lang = c.lang();
            let args = vec![
                ("kind", translate(lang, &kind.message_id())),
                ("subject", n.subject.clone()),
                ("organization", n.organization.clone()),
                ("sent", format_timestamp(lang, n.created_at)),
                ("recipients", names.clone()),
                ("text", n.body.clone()),
            ];
            write_mail(&mut tx, self, c, NoticeMail { organization_id: &n.organization_id, template: "notice-unacknowledged", args, cc: vec![] }).await?;
        }
        for (_, email, profile_id) in &recipients {
            let Some(profile_id) = profile_id else { continue };
            activity::record_in(
                &mut tx,
                self.state(),
                Activity {
                    organization_id: Some(&n.organization_id),
                    actor_profile_id: None,
                    subject_profile_id: Some(profile_id),
                    email,
                    kind: "notice-not-acknowledged",
                    ip: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
        self.state().wake_mail();
        tracing::warn!(notice = %n.id, organization = %n.organization_id, "a notice was not acknowledged in time: administrators and the Service Desk told");
        Ok(true)
    }

    async fn contact(&self, profile_id: &str) -> Result<Option<Contact>, AppError> {
        Ok(self
            .query_as("SELECT p.id, p.email, p.salutation, p.first_name, p.last_name, p.email_language, p.contact_phone FROM profiles p WHERE p.id = $1")
            .bind(profile_id.to_string())
            .fetch_optional()
            .await?)
    }
}

/// Runs [`OperatorDb::remind_due`] every minute until `stop` turns true.
pub fn spawn(op: OperatorDb, mut stop: tokio::sync::watch::Receiver<bool>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = op.remind_due().await {
                tracing::error!(error = ?e, "notice reminders");
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(60)) => {}
                changed = stop.changed() => if changed.is_err() || *stop.borrow() { break },
            }
        }
    })
}
