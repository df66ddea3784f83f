//! Single-use links sent by e-mail (invitations and password resets; only hashes are stored),
//! and what opening them does.

use super::activity::{self, Activity};
use super::credentials::{self, check_new_password, Account};
use super::mail::{self, Mail};
use super::session::{self, Stage};
use super::state::AppState;
use super::{client_addr, hash_token, new_id, random_hex, totp};
use crate::domain::{Email, LinkToken, PersonName};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::LinkInfo;
use sqlx::AnyConnection;

/// What a link is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Invitation,
    Reset,
    /// Confirms a new e-mail address (the token carries the address).
    EmailChange,
}

impl Purpose {
    fn code(self) -> &'static str {
        match self {
            Purpose::Invitation => "invite",
            Purpose::Reset => "reset",
            Purpose::EmailChange => "email",
        }
    }

    fn ttl(self, state: &AppState) -> i64 {
        match self {
            Purpose::Invitation => state.config.invite_ttl_secs,
            Purpose::Reset => state.config.reset_ttl_secs,
            Purpose::EmailChange => state.config.email_change_ttl_secs,
        }
    }
}

/// The person a link or an e-mail is for.
#[derive(sqlx::FromRow)]
pub(super) struct Person {
    pub id: String,
    pub organization_id: String,
    pub organization_name: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub email_language: String,
}

impl Person {
    pub async fn load(state: &AppState, profile_id: &str) -> Result<Person, AppError> {
        Person::load_in(&mut *state.db.pool.acquire().await?, profile_id).await
    }

    /// [`Person::load`] inside the caller's transaction.
    async fn load_in(conn: &mut AnyConnection, profile_id: &str) -> Result<Person, AppError> {
        Ok(sqlx::query_as(
            "SELECT p.id, p.organization_id, o.name AS organization_name, p.email, p.first_name, p.last_name, p.email_language \
             FROM profiles p JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1",
        )
        .bind(profile_id.to_string())
        .fetch_one(conn)
        .await?)
    }

    /// An e-mail to this person (`name` is [`Person::full_name`]), in their e-mail language.
    fn mail_to<'a>(&'a self, name: &'a str, template: &'a str, args: &'a [(&'a str, String)]) -> Mail<'a> {
        Mail {
            organization_id: Some(&self.organization_id),
            to_address: &self.email,
            to_name: name,
            lang: Lang::parse(&self.email_language).unwrap_or_default(),
            template,
            args,
        }
    }

    pub fn account(&self) -> Account {
        Account { profile_id: self.id.clone(), organization_id: self.organization_id.clone(), email: self.email.clone() }
    }

    /// Queues an e-mail to this person in their e-mail language.
    pub async fn mail(&self, state: &AppState, template: &str, args: &[(&str, String)]) -> Result<(), AppError> {
        let name = self.full_name();
        mail::enqueue(state, self.mail_to(&name, template, args)).await
    }

    fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// Creates a link token for a person; any older unused one for the same purpose dies.
async fn issue(state: &AppState, profile_id: &str, organization_id: &str, purpose: Purpose) -> Result<String, AppError> {
    issue_with(state, profile_id, organization_id, purpose, None).await
}

/// [`issue`], for a link that confirms a new e-mail address.
pub(super) async fn issue_with(
    state: &AppState,
    profile_id: &str,
    organization_id: &str,
    purpose: Purpose,
    new_email: Option<&str>,
) -> Result<String, AppError> {
    let mut tx = state.db.pool.begin().await?;
    let token = issue_in(&mut tx, state, profile_id, organization_id, purpose, new_email).await?;
    tx.commit().await?;
    Ok(token)
}

/// [`issue_with`] inside the caller's transaction.
async fn issue_in(
    conn: &mut AnyConnection,
    state: &AppState,
    profile_id: &str,
    organization_id: &str,
    purpose: Purpose,
    new_email: Option<&str>,
) -> Result<String, AppError> {
    let now = state.now();
    let token = random_hex(32);
    sqlx::query("DELETE FROM account_tokens WHERE profile_id = $1 AND purpose = $2 AND used_at IS NULL")
        .bind(profile_id.to_string())
        .bind(purpose.code().to_string())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, profile_id, organization_id, purpose, created_at, expires_at, new_email) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(hash_token(&token))
    .bind(profile_id.to_string())
    .bind(organization_id.to_string())
    .bind(purpose.code().to_string())
    .bind(now)
    .bind(now + purpose.ttl(state))
    .bind(new_email.map(str::to_string))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// The profile behind a valid (known, unused, unexpired) link.
pub(super) async fn holder(state: &AppState, token: &LinkToken, purpose: Purpose) -> Result<String, AppError> {
    let row: Option<(String, i64, Option<i64>)> =
        sqlx::query_as("SELECT profile_id, expires_at, used_at FROM account_tokens WHERE token_hash = $1 AND purpose = $2")
            .bind(hash_token(token.as_str()))
            .bind(purpose.code().to_string())
            .fetch_optional(&state.db.pool)
            .await?;
    match row {
        Some((profile_id, expires, None)) if expires >= state.now() => Ok(profile_id),
        _ => Err(AppError::LinkInvalid),
    }
}

/// Marks a link used; false if another request used it first.
pub(super) async fn use_up(state: &AppState, token: &LinkToken) -> Result<bool, AppError> {
    let done = sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(state.now())
        .bind(hash_token(token.as_str()))
        .execute(&state.db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The e-mail language of the person a link was made for, even if the link is no longer valid,
/// so that its page speaks their language.
pub async fn link_language(state: &AppState, token: &str) -> Result<Option<Lang>, AppError> {
    let Ok(token) = LinkToken::parse(token) else { return Ok(None) };
    let row: Option<(String,)> =
        sqlx::query_as("SELECT p.email_language FROM account_tokens t JOIN profiles p ON p.id = t.profile_id WHERE t.token_hash = $1")
            .bind(hash_token(token.as_str()))
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(row.and_then(|(code,)| Lang::parse(&code)))
}

/// Who a valid link belongs to.
pub async fn check(state: &AppState, token: &str, purpose: Purpose) -> Result<LinkInfo, AppError> {
    let token = LinkToken::parse(token).map_err(|_| AppError::LinkInvalid)?;
    let p = Person::load(state, &holder(state, &token, purpose).await?).await?;
    Ok(LinkInfo { first_name: p.first_name, email: p.email })
}

/// The password step of a link: the link must be valid and the password pass every rule; then
/// the link is used up (once, even against a parallel request) and the password set.
async fn set_password_from_link(state: &AppState, token: &str, purpose: Purpose, password: &str, confirm: &str) -> Result<Person, AppError> {
    let token = LinkToken::parse(token).map_err(|_| AppError::LinkInvalid)?;
    let p = Person::load(state, &holder(state, &token, purpose).await?).await?;
    let new = check_new_password("password", password, confirm, &p.organization_name, &p.email)?;
    if !use_up(state, &token).await? {
        return Err(AppError::LinkInvalid);
    }
    credentials::set_password(state, &p.id, new).await?;
    Ok(p)
}

/// Accepts an invitation: sets the password; the session waits for the MFA set-up next.
pub async fn activate(state: &AppState, token: &str, password: &str, confirm: &str) -> Result<(), AppError> {
    let p = set_password_from_link(state, token, Purpose::Invitation, password, confirm).await?;
    session::replace(state, &p.id, &p.organization_id, Stage::Enrolment, Some(&totp::new_secret())).await?;
    p.account().record(state, "password-set", client_addr().as_deref()).await
}

/// Sets a new password from a reset link. Every session ends; signing in still asks the code.
pub async fn reset_password(state: &AppState, token: &str, password: &str, confirm: &str) -> Result<(), AppError> {
    let p = set_password_from_link(state, token, Purpose::Reset, password, confirm).await?;
    session::end_all(state, &p.id).await?;
    credentials::reset_failures(state, &p.email).await?;
    p.account().record(state, "password-reset", client_addr().as_deref()).await?;
    p.mail(state, "password-changed", &[]).await
}

/// "Forgot password": answers alike whether or not the address belongs to someone. The lookup is
/// the same for both; the link, the e-mail and the log line are made after the answer, between
/// 0.1 and 0.4 s later.
pub async fn request_reset(state: &AppState, email: Email, ip: Option<String>) -> Result<(), AppError> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT id, organization_id FROM profiles WHERE email = $1 AND is_user = 1 AND user_status = 'active'")
            .bind(email.as_str().to_string())
            .fetch_optional(&state.db.pool)
            .await?;
    if let Some((profile_id, organization_id)) = row {
        let state = state.clone();
        tokio::spawn(async move {
            // Started a little later, at a random moment, so that it never weighs on this
            // answer nor lines up with the next one.
            let wait = 100 + rand::random::<u64>() % 300;
            tokio::time::sleep(std::time::Duration::from_millis(wait)).await;
            let work = async {
                let token = issue(&state, &profile_id, &organization_id, Purpose::Reset).await?;
                let p = Person::load(&state, &profile_id).await?;
                let link = format!("{}/reset-password?token={token}", state.config.public_url);
                let minutes = (state.config.reset_ttl_secs / 60).to_string();
                p.mail(&state, "password-reset", &[("link", link), ("minutes", minutes)]).await?;
                p.account().record(&state, "password-reset-requested", ip.as_deref()).await
            };
            if let Err(e) = work.await {
                tracing::error!(error = ?e, "queuing a password reset failed");
            }
        });
    }
    Ok(())
}

/// Someone to invite: a new user, or an existing contact of the organization becoming one.
pub struct NewPerson {
    pub email: Email,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email_language: Lang,
}

/// Invites a person of an organization: creates the user (status "invited"), or makes an
/// invited user or a contact of the same organization one again; any earlier invitation link
/// dies; the invitation e-mail is queued. All of it in one transaction: an invitation is either
/// whole (person, link, e-mail, activity line) or not there. Returns the activation link.
pub(super) async fn invite(
    state: &AppState,
    organization_id: &str,
    invited_by: Option<&str>,
    person: NewPerson,
    ip: Option<&str>,
) -> Result<String, AppError> {
    let now = state.now();
    let email = person.email.as_str().to_string();
    let id = new_id();
    let mut tx = state.db.pool.begin().await?;
    // No failing statement inside the transaction (PostgreSQL would abort it): a taken address
    // inserts nothing, and is then looked at.
    let inserted = sqlx::query(
        "INSERT INTO profiles (id, organization_id, email, first_name, last_name, portal_language, email_language, \
         is_user, user_status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6, 1, 'invited', $7, $7) \
         ON CONFLICT (email) DO NOTHING",
    )
    .bind(id.clone())
    .bind(organization_id.to_string())
    .bind(email.clone())
    .bind(person.first_name.as_str().to_string())
    .bind(person.last_name.as_str().to_string())
    .bind(person.email_language.code().to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let profile_id = if inserted.rows_affected() == 1 {
        id
    } else {
        // The address exists: a contact or a not yet active user of the same organization
        // can be invited (again); anyone else's address is taken.
        let row: Option<(String,)> = sqlx::query_as(
            "UPDATE profiles SET is_user = 1, user_status = 'invited', updated_at = $1 \
             WHERE email = $2 AND organization_id = $3 AND (user_status IS NULL OR user_status <> 'active') RETURNING id",
        )
        .bind(now)
        .bind(email.clone())
        .bind(organization_id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        row.ok_or_else(|| AppError::field("email", "error-email-taken"))?.0
    };
    let token = issue_in(&mut tx, state, &profile_id, organization_id, Purpose::Invitation, None).await?;
    let link = format!("{}/activate?token={token}", state.config.public_url);
    let p = Person::load_in(&mut tx, &profile_id).await?;
    let days = (state.config.invite_ttl_secs / 86_400).max(1).to_string();
    let name = p.full_name();
    let args = [("link", link.clone()), ("organization", p.organization_name.clone()), ("days", days)];
    mail::write(&mut tx, state, p.mail_to(&name, "invitation", &args)).await?;
    activity::record_in(
        &mut tx,
        state,
        Activity {
            organization_id: Some(organization_id),
            actor_profile_id: invited_by,
            subject_profile_id: Some(&profile_id),
            email: &email,
            kind: "invited",
            ip,
        },
    )
    .await?;
    tx.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(link)
}
