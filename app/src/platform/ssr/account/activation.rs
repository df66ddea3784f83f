//! An invitation: the person invited (by an administrator or the operator), the e-mail with its
//! link, and the link accepted with a password.

use super::super::access::{AdminDb, Insert, OperatorDb};
use super::super::activity::{self, Activity};
use super::super::links::{issue_in, Purpose};
use super::super::mail::{self, Person};
use super::super::session::{self, Stage};
use super::super::state::AppState;
use super::super::{client_addr, new_id, totp};
use super::set_password_from_link;
use crate::domain::{Email, PersonName};
use crate::error::AppError;
use crate::i18n::Lang;

/// Accepts an invitation: sets the password; the session waits for the MFA set-up next.
pub async fn activate(state: &AppState, token: &str, password: &str, confirm: &str) -> Result<(), AppError> {
    let p = set_password_from_link(state, token, Purpose::Invitation, password, confirm).await?;
    let secret = totp::new_secret();
    session::replace(state, &p.id, &p.organization_id, Stage::Enrolment, session::Begin { pending_secret: Some(&secret), return_to: None }).await?;
    p.account().record(state, "password-set", client_addr().as_deref()).await
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
async fn invite(
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
    let inserted = Insert::into(&state.db.pool, "profiles")
        .value("id", id.clone())
        .value("organization_id", organization_id.to_string())
        .value("email", email.clone())
        .value("first_name", person.first_name.as_str().to_string())
        .value("last_name", person.last_name.as_str().to_string())
        .value("portal_language", person.email_language.code().to_string())
        .value("email_language", person.email_language.code().to_string())
        .value("is_user", 1_i64)
        .value("user_status", "invited".to_string())
        .value("created_at", now)
        .value("updated_at", now)
        .unless_exists("email")
        .execute_in(&mut tx)
        .await?;
    let profile_id = if inserted.rows_affected() == 1 {
        id
    } else {
        // The address exists: a contact (never a distribution list) or a not yet active user
        // of the same organization can be invited (again); anyone else's address is taken.
        let row: Option<(String,)> = sqlx::query_as(
            "UPDATE profiles SET is_user = 1, user_status = 'invited', updated_at = $1, version = version + 1 \
             WHERE email = $2 AND organization_id = $3 AND is_distribution_list = 0 AND (user_status IS NULL OR user_status <> 'active') RETURNING id",
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

impl AdminDb {
    /// Invites a person into the caller's organization (see [`invite`]); the caller is the
    /// inviter. Returns the activation link.
    pub async fn invite(&self, person: NewPerson, ip: Option<&str>) -> Result<String, AppError> {
        let who = self.me();
        invite(self.state(), &who.organization_id, Some(&who.profile_id), person, ip).await
    }
}

impl OperatorDb {
    /// Invites a person of `organization_id` (no inviter). Returns the activation link.
    pub async fn invite(&self, organization_id: &str, person: NewPerson) -> Result<String, AppError> {
        invite(self.state(), organization_id, None, person, None).await
    }
}
