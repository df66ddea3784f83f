//! Outgoing e-mail: written to the outbox first (its templates are Fluent messages in the
//! recipient's e-mail language), delivered from there over SMTP by a background worker.

use super::access::OrgDb;
use super::state::AppState;
use super::{internal, new_id};
use crate::error::AppError;
use crate::i18n::{translate_args, Lang};
use fluent_bundle::{FluentArgs, FluentValue};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::Row;
use std::time::Duration;

/// An e-mail to queue: which template, to whom, in which language, with which values.
pub(super) struct Mail<'a> {
    pub organization_id: Option<&'a str>,
    pub to_address: &'a str,
    pub to_name: &'a str,
    pub lang: Lang,
    /// Template name: `invitation` uses `mail-invitation-subject` and `mail-invitation-body`.
    pub template: &'a str,
    /// Values for the template. A value named `link` is also rendered as a link in the HTML part.
    pub args: &'a [(&'a str, String)],
}

fn has_line_break(s: &str) -> bool {
    s.contains('\r') || s.contains('\n')
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Writes an e-mail to the outbox and wakes the worker. Names or addresses with line breaks are
/// refused (header injection).
pub(super) async fn enqueue(state: &AppState, mail: Mail<'_>) -> Result<(), AppError> {
    if has_line_break(mail.to_address) || has_line_break(mail.to_name) {
        return Err(AppError::field("email", "error-email-invalid"));
    }
    let mut args = FluentArgs::new();
    for (k, v) in mail.args {
        args.set(k.to_string(), FluentValue::from(v.clone()));
    }
    args.set("name", FluentValue::from(mail.to_name.to_string()));
    let subject = translate_args(mail.lang, &format!("mail-{}-subject", mail.template), Some(&args));
    let text = translate_args(mail.lang, &format!("mail-{}-body", mail.template), Some(&args));
    let link = mail.args.iter().find(|(k, _)| *k == "link").map(|(_, v)| v.as_str());
    let html = render_html(&text, link);
    let now = state.now();
    sqlx::query(
        "INSERT INTO outbox (id, organization_id, to_address, to_name, subject, body_text, body_html, created_at, attempts, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9)",
    )
    .bind(new_id())
    .bind(mail.organization_id.map(str::to_string))
    .bind(mail.to_address.to_string())
    .bind(mail.to_name.to_string())
    .bind(subject.replace(['\r', '\n'], " "))
    .bind(text)
    .bind(html)
    .bind(now)
    .bind(now)
    .execute(&state.db.pool)
    .await?;
    state.mail_wakeup.notify_one();
    Ok(())
}

/// The HTML part: the text's paragraphs, escaped, with the link made clickable.
fn render_html(text: &str, link: Option<&str>) -> String {
    let mut body = String::new();
    for para in text.split("\n\n") {
        let mut p = escape_html(para).replace('\n', "<br>");
        if let Some(link) = link {
            let escaped = escape_html(link);
            p = p.replace(&escaped, &format!(r#"<a href="{escaped}">{escaped}</a>"#));
        }
        body.push_str(&format!("<p>{p}</p>\n"));
    }
    format!(
        "<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.5; color: #1d2433\">\n{body}</body></html>"
    )
}

/// The SMTP transport, built once from the configured URL and reused for every delivery.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// The transport for `smtp_url`, sending as `from`.
    pub fn new(smtp_url: &str, from: &str) -> Result<Mailer, AppError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map(|b| b.timeout(Some(Duration::from_secs(20))).build())
            .map_err(|e| internal(format!("SMTP URL: {e}")))?;
        let from: Mailbox = from.parse().map_err(internal)?;
        Ok(Mailer { transport, from })
    }
}

/// Sends what is due. Returns how many were sent.
pub async fn deliver_due(state: &AppState, mailer: &Mailer) -> Result<usize, AppError> {
    let (transport, from) = (&mailer.transport, &mailer.from);
    let now = state.now();
    let rows = sqlx::query(
        "SELECT id, to_address, to_name, subject, body_text, body_html, attempts FROM outbox \
         WHERE sent_at IS NULL AND next_attempt_at <= $1 AND attempts < 12 ORDER BY created_at LIMIT 20",
    )
    .bind(now)
    .fetch_all(&state.db.pool)
    .await?;
    let mut sent = 0;
    for row in rows {
        let id: String = row.try_get("id")?;
        let attempts: i64 = row.try_get("attempts")?;
        let result = async {
            let to = Mailbox::new(
                Some(row.try_get::<String, _>("to_name").map_err(|e| e.to_string())?),
                row.try_get::<String, _>("to_address")
                    .map_err(|e| e.to_string())?
                    .parse()
                    .map_err(|e| format!("address: {e}"))?,
            );
            let message = Message::builder()
                .from(from.clone())
                .to(to)
                .subject(row.try_get::<String, _>("subject").map_err(|e| e.to_string())?)
                .multipart(
                    MultiPart::alternative()
                        .singlepart(
                            SinglePart::builder()
                                .header(ContentType::TEXT_PLAIN)
                                .body(row.try_get::<String, _>("body_text").map_err(|e| e.to_string())?),
                        )
                        .singlepart(
                            SinglePart::builder()
                                .header(ContentType::TEXT_HTML)
                                .body(row.try_get::<String, _>("body_html").map_err(|e| e.to_string())?),
                        ),
                )
                .map_err(|e| format!("message: {e}"))?;
            transport.send(message).await.map_err(|e| format!("SMTP: {e}"))
        }
        .await;
        let now = state.now();
        match result {
            Ok(_) => {
                sqlx::query("UPDATE outbox SET sent_at = $1, attempts = $2, last_error = NULL WHERE id = $3")
                    .bind(now)
                    .bind(attempts + 1)
                    .bind(id)
                    .execute(&state.db.pool)
                    .await?;
                sent += 1;
            }
            Err(e) => {
                // Back off: 30 s, 1 min, 2 min, … at most an hour.
                let delay = (30i64 << attempts.min(7)).min(3600);
                tracing::warn!(error = %e, attempt = attempts + 1, "e-mail delivery failed; will retry");
                sqlx::query("UPDATE outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4")
                    .bind(attempts + 1)
                    .bind(now + delay)
                    .bind(e.chars().take(500).collect::<String>())
                    .bind(id)
                    .execute(&state.db.pool)
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// Runs until the process ends: delivers due e-mails when woken and every few seconds. Without
/// an SMTP URL the e-mails stay in the outbox.
pub fn spawn_worker(state: AppState) {
    let Some(url) = state.config.smtp_url.clone() else { return };
    let mailer = match Mailer::new(&url, &state.config.mail_from) {
        Ok(m) => m,
        Err(_) => {
            tracing::error!("the SMTP settings cannot be used; e-mails stay in the outbox");
            return;
        }
    };
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver_due(&state, &mailer).await {
                tracing::error!(error = ?e, "e-mail worker");
            }
            let _ = tokio::time::timeout(Duration::from_secs(5), state.mail_wakeup.notified()).await;
        }
    });
}

/// E-mails about the caller's own account.
impl OrgDb {
    /// Queues an e-mail to the caller, in their e-mail language.
    pub async fn mail_me(&self, template: &str, args: &[(&str, String)]) -> Result<(), AppError> {
        super::links::Person::load(self.state(), self.profile_id()).await?.mail(self.state(), template, args).await
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn html_part_escapes_text_and_links_the_link() {
        let html = render_html("Hello <b>you</b>\n\nOpen https://x.example/a?b=1&c=2", Some("https://x.example/a?b=1&c=2"));
        assert!(html.contains("Hello &lt;b&gt;you&lt;/b&gt;"));
        assert!(html.contains(r#"<a href="https://x.example/a?b=1&amp;c=2">"#));
    }
}
