//! Outgoing e-mail: written to the outbox first (its templates are Fluent messages in the
//! recipient's e-mail language), delivered from there over SMTP by a background worker.

use super::access::{Insert, OrgDb};
use super::state::AppState;
use super::{internal, new_id};
use crate::error::AppError;
use crate::i18n::{translate_args, Lang};
use fluent_bundle::{FluentArgs, FluentValue};
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::{AnyConnection, Row};
use std::time::Duration;

/// An e-mail to queue: which template, to whom, in which language, with which values.
pub struct Mail<'a> {
    pub organization_id: Option<&'a str>,
    pub to_address: &'a str,
    pub to_name: &'a str,
    pub lang: Lang,
    /// Template name: `invitation` uses `mail-invitation-subject` and `mail-invitation-body`.
    pub template: &'a str,
    /// Values for the template. A value named `link` is also rendered as a link in the HTML part.
    pub args: &'a [(&'a str, String)],
    /// How the e-mail addresses its recipient, in `lang` ([`greeting`]): the templates' `$greeting`.
    pub greeting: String,
    /// Addresses in copy (the Watchlist contacts of an incident update), as `Name <address>`.
    pub cc: Vec<String>,
}

/// How an e-mail addresses a person, in the language it is written in: with their salutation
/// ("Dear Ms. Claes", "Chère Madame Claes", "Geachte mevrouw Claes"), by their name without one.
pub fn greeting(lang: Lang, salutation: Option<&str>, first_name: &str, last_name: &str) -> String {
    let mut args = FluentArgs::new();
    args.set("salutation", FluentValue::from(salutation.unwrap_or("none").to_string()));
    args.set("first", FluentValue::from(first_name.to_string()));
    args.set("last", FluentValue::from(last_name.to_string()));
    translate_args(lang, "mail-greeting", Some(&args))
}

fn has_line_break(s: &str) -> bool {
    s.contains('\r') || s.contains('\n')
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The person a link or an e-mail is for.
#[derive(sqlx::FromRow)]
pub(super) struct Person {
    pub id: String,
    pub organization_id: String,
    pub organization_name: String,
    pub email: String,
    pub salutation: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub email_language: String,
}

impl Person {
    pub async fn load(state: &AppState, profile_id: &str) -> Result<Person, AppError> {
        Person::load_in(&mut *state.db.pool.acquire().await?, profile_id).await
    }

    /// [`Person::load`] inside the caller's transaction.
    pub(super) async fn load_in(conn: &mut AnyConnection, profile_id: &str) -> Result<Person, AppError> {
        Ok(sqlx::query_as(
            "SELECT p.id, p.organization_id, o.name AS organization_name, p.email, p.salutation, p.first_name, p.last_name, p.email_language \
             FROM profiles p JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1",
        )
        .bind(profile_id.to_string())
        .fetch_one(conn)
        .await?)
    }

    /// An e-mail to this person (`name` is [`Person::full_name`]), in their e-mail language.
    pub(super) fn mail_to<'a>(&'a self, name: &'a str, template: &'a str, args: &'a [(&'a str, String)]) -> Mail<'a> {
        let lang = self.lang();
        Mail {
            organization_id: Some(&self.organization_id),
            to_address: &self.email,
            to_name: name,
            lang,
            template,
            args,
            greeting: self.greeting(lang),
            cc: vec![],
        }
    }

    /// Their e-mail language.
    pub fn lang(&self) -> Lang {
        Lang::parse(&self.email_language).unwrap_or_default()
    }

    /// How an e-mail in `lang` addresses them.
    pub fn greeting(&self, lang: Lang) -> String {
        greeting(lang, self.salutation.as_deref(), &self.first_name, &self.last_name)
    }

    pub fn account(&self) -> super::credentials::Account {
        super::credentials::Account { profile_id: self.id.clone(), organization_id: self.organization_id.clone(), email: self.email.clone() }
    }

    /// Queues an e-mail to this person in their e-mail language.
    pub async fn mail(&self, state: &AppState, template: &str, args: &[(&str, String)]) -> Result<(), AppError> {
        let name = self.full_name();
        enqueue(state, self.mail_to(&name, template, args)).await
    }

    pub(super) fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Writes an e-mail to the outbox and wakes the worker. Names or addresses with line breaks are
/// refused (header injection).
pub(super) async fn enqueue(state: &AppState, mail: Mail<'_>) -> Result<(), AppError> {
    let mut conn = state.db.pool.acquire().await?;
    write(&mut conn, state, mail).await?;
    state.mail_wakeup.notify_one();
    Ok(())
}

/// [`enqueue`] inside the caller's transaction: the e-mail exists only if the transaction
/// commits. The caller wakes the worker after the commit (`state.mail_wakeup`).
pub async fn write(conn: &mut AnyConnection, state: &AppState, mail: Mail<'_>) -> Result<(), AppError> {
    if has_line_break(mail.to_address) || has_line_break(mail.to_name) || mail.cc.iter().any(|c| has_line_break(c)) {
        return Err(AppError::field("email", "error-email-invalid"));
    }
    let mut args = FluentArgs::new();
    for (k, v) in mail.args {
        args.set(k.to_string(), FluentValue::from(v.clone()));
    }
    args.set("name", FluentValue::from(mail.to_name.to_string()));
    args.set("greeting", FluentValue::from(mail.greeting.clone()));
    let subject = translate_args(mail.lang, &format!("mail-{}-subject", mail.template), Some(&args));
    let text = translate_args(mail.lang, &format!("mail-{}-body", mail.template), Some(&args));
    let link = mail.args.iter().find(|(k, _)| *k == "link").map(|(_, v)| v.as_str());
    let html = render_html(&text, link);
    let now = state.now();
    Insert::into(&state.db.pool, "outbox")
        .value("id", new_id())
        .value("organization_id", mail.organization_id.map(str::to_string))
        .value("to_address", mail.to_address.to_string())
        .value("to_name", mail.to_name.to_string())
        .value("cc", (!mail.cc.is_empty()).then(|| mail.cc.join("\n")))
        .value("subject", subject.replace(['\r', '\n'], " "))
        .value("body_text", text)
        .value("body_html", html)
        .value("created_at", now)
        .value("attempts", 0_i64)
        .value("next_attempt_at", now)
        .execute_on(conn)
        .await?;
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
    /// The transport for `smtp_url`, sending as `from`, each delivery given `timeout`.
    pub fn new(smtp_url: &str, from: &str, timeout: Duration) -> Result<Mailer, AppError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map(|b| b.timeout(Some(timeout)).build())
            .map_err(|e| internal(format!("SMTP URL: {e}")))?;
        let from: Mailbox = from.parse().map_err(internal)?;
        Ok(Mailer { transport, from })
    }
}

/// How many e-mails one call of [`deliver_due`] sends at most.
const BATCH: usize = 20;

/// An e-mail claimed for delivery.
struct Claimed {
    id: String,
    to_address: String,
    to_name: String,
    /// `Name <address>` per line.
    cc: Option<String>,
    subject: String,
    body_text: String,
    body_html: String,
    /// Failed attempts before this one.
    attempts: i64,
}

/// Claims the oldest due e-mail for this process: one statement makes it not due for a lease of
/// three SMTP time-outs (longer than one delivery can take; if this process dies meanwhile,
/// another takes the e-mail over when the lease ends) and counts the attempt, so no other worker (of this server or another one on
/// the same database) takes it meanwhile. On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets workers
/// claim different e-mails at once; SQLite has a single writer, so its statement is atomic as is.
async fn claim(state: &AppState) -> Result<Option<Claimed>, AppError> {
    let now = state.now();
    let lock = if state.db.postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
    let row = sqlx::query(&format!(
        "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1 WHERE id = (\
           SELECT id FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $2 AND attempts < 12 \
           ORDER BY created_at, id LIMIT 1{lock}) \
         RETURNING id, to_address, to_name, cc, subject, body_text, body_html, attempts"
    ))
    .bind(now + 3 * state.config.smtp_timeout_secs)
    .bind(now)
    .fetch_optional(&state.db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Claimed {
        id: row.try_get("id")?,
        to_address: row.try_get("to_address")?,
        to_name: row.try_get("to_name")?,
        cc: row.try_get("cc")?,
        subject: row.try_get("subject")?,
        body_text: row.try_get("body_text")?,
        body_html: row.try_get("body_html")?,
        attempts: row.try_get::<i64, _>("attempts")? - 1,
    }))
}

/// The domain of the Message-ID: the public URL's host.
fn message_domain(state: &AppState) -> String {
    state.config.public_origin().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_else(|| "portal.invalid".into())
}

async fn send(mailer: &Mailer, mail: &Claimed, domain: &str) -> Result<(), String> {
    let to = Mailbox::new(Some(mail.to_name.clone()), mail.to_address.parse().map_err(|e| format!("address: {e}"))?);
    let mut message = Message::builder().from(mailer.from.clone()).to(to);
    // `Name <address>` per line, the name taken as it is (lettre encodes it): a name that
    // would not parse as a header ("SOC Team (24/7)") still goes out; an address that does not
    // parse is left out of the copy, never a reason to hold the message.
    for cc in mail.cc.iter().flat_map(|c| c.lines()) {
        let (name, address) = match cc.rsplit_once('<') {
            Some((name, rest)) => (name.trim(), rest.trim_end_matches('>').trim()),
            None => ("", cc.trim()),
        };
        match address.parse() {
            Ok(address) => message = message.cc(Mailbox::new((!name.is_empty()).then(|| name.to_string()), address)),
            Err(e) => tracing::warn!(error = %e, "a copy address that does not parse was left out"),
        }
    }
    let message = message
        // The outbox row's id: a retry after a crash sends the same Message-ID, so a receiving
        // system can tell a repeat.
        .message_id(Some(format!("<{}@{domain}>", mail.id)))
        .subject(mail.subject.clone())
        .multipart(
            MultiPart::alternative()
                .singlepart(SinglePart::builder().header(ContentType::TEXT_PLAIN).body(mail.body_text.clone()))
                .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(mail.body_html.clone())),
        )
        .map_err(|e| format!("message: {e}"))?;
    mailer.transport.send(message).await.map(|_| ()).map_err(|e| format!("SMTP: {e}"))
}

/// Sends what is due, one claimed e-mail at a time. Returns how many were sent.
pub async fn deliver_due(state: &AppState, mailer: &Mailer) -> Result<usize, AppError> {
    deliver_until(state, mailer, &|| false).await
}

/// [`deliver_due`], stopping between two e-mails once `stop` says so.
async fn deliver_until(state: &AppState, mailer: &Mailer, stop: &(dyn Fn() -> bool + Sync)) -> Result<usize, AppError> {
    let domain = message_domain(state);
    let mut sent = 0;
    for _ in 0..BATCH {
        if stop() {
            break;
        }
        let Some(mail) = claim(state).await? else { break };
        let result = send(mailer, &mail, &domain).await;
        let now = state.now();
        match result {
            Ok(()) => {
                sqlx::query("UPDATE outbox SET sent_at = $1, last_error = NULL WHERE id = $2")
                    .bind(now)
                    .bind(mail.id)
                    .execute(&state.db.pool)
                    .await?;
                sent += 1;
            }
            Err(e) => {
                // Back off: 30 s, 1 min, 2 min, … at most an hour (from PORTAL_MAIL_RETRY_SECONDS).
                let delay = state.config.retry_delay(mail.attempts);
                tracing::warn!(error = %e, attempt = mail.attempts + 1, "e-mail delivery failed; will retry");
                sqlx::query("UPDATE outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3")
                    .bind(now + delay)
                    .bind(e.chars().take(500).collect::<String>())
                    .bind(mail.id)
                    .execute(&state.db.pool)
                    .await?;
            }
        }
    }
    Ok(sent)
}

/// Delivers due e-mails when woken and every few seconds, until `stop` turns true; it stops
/// between two e-mails, never during one. Without an SMTP URL the e-mails stay in the outbox
/// and there is no worker.
pub fn spawn_worker(state: AppState, mut stop: tokio::sync::watch::Receiver<bool>) -> Option<tokio::task::JoinHandle<()>> {
    let url = state.config.smtp_url.clone()?;
    let timeout = Duration::from_secs(state.config.smtp_timeout_secs.max(1) as u64);
    let mailer = match Mailer::new(&url, &state.config.mail_from, timeout) {
        Ok(m) => m,
        Err(_) => {
            tracing::error!("the SMTP settings cannot be used; e-mails stay in the outbox");
            return None;
        }
    };
    Some(tokio::spawn(async move {
        loop {
            let stopping = stop.clone();
            if let Err(e) = deliver_until(&state, &mailer, &move || *stopping.borrow()).await {
                tracing::error!(error = ?e, "e-mail worker");
            }
            if *stop.borrow() {
                break;
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                _ = state.mail_wakeup.notified() => {}
                // The sender gone means the server is ending too.
                changed = stop.changed() => if changed.is_err() { break },
            }
        }
    }))
}

/// E-mails about the caller's own account.
impl OrgDb {
    /// Queues an e-mail to the caller, in their e-mail language.
    pub async fn mail_me(&self, template: &str, args: &[(&str, String)]) -> Result<(), AppError> {
        Person::load(self.state(), self.profile_id()).await?.mail(self.state(), template, args).await
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
