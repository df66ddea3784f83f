//! Changing the e-mail address, which is also the sign-in identifier: the new address receives a
//! single-use link, the old one a notice; until the link is used the old address stays.

use super::super::access::OrgDb;
use super::super::links::{self, Purpose};
use super::super::mail::{self, Mail, Person};
use super::super::state::AppState;
use super::super::{client_addr, hash_token, unique_violation};
use crate::domain::{Email, LinkToken};
use crate::error::AppError;

/// The new address of the caller's change waiting for its link, or NULL, as a scalar subquery
/// for a statement of [`OrgDb`]: `$1` the organization, `$2` the profile, `$3` now. A macro so
/// that it can be part of a `concat!` statement.
macro_rules! pending_email_sql {
    () => {
        "(SELECT new_email FROM account_tokens \
          WHERE organization_id = $1 AND profile_id = $2 AND purpose = 'email' AND used_at IS NULL AND expires_at >= $3 \
          ORDER BY expires_at DESC LIMIT 1)"
    };
}
pub(crate) use pending_email_sql;

impl OrgDb {
    /// Starts a change to `new`: an address already in use is a field error on `email`; an
    /// earlier pending change is replaced.
    pub async fn request_email_change(&self, new: &Email, ip: Option<&str>) -> Result<(), AppError> {
        let state = self.state();
        let taken: Option<(String,)> = sqlx::query_as("SELECT id FROM profiles WHERE email = $1")
            .bind(new.as_str().to_string())
            .fetch_optional(&state.db.pool)
            .await?;
        if taken.is_some() {
            return Err(AppError::field("email", "error-email-taken"));
        }
        let me = Person::load(state, self.profile_id()).await?;
        let token = links::issue_with(state, &me.id, &me.organization_id, Purpose::EmailChange, Some(new.as_str())).await?;
        let link = format!("{}/confirm-email?token={token}", state.config.public_url);
        let hours = (state.config.email_change_ttl_secs / 3600).max(1).to_string();
        let name = format!("{} {}", me.first_name, me.last_name);
        let lang = me.lang();
        let new_address = new.as_str().to_string();
        mail::enqueue(
            state,
            Mail {
                organization_id: Some(&me.organization_id),
                to_address: new.as_str(),
                to_name: &name,
                lang,
                template: "email-change",
                args: &[("link", link), ("hours", hours), ("email", new_address.clone())],
                greeting: me.greeting(lang),
                cc: vec![],
            },
        )
        .await?;
        me.mail(state, "email-change-notice", &[("email", new_address)]).await?;
        self.record_own("email-change-requested", ip).await
    }

    /// Cancels the pending change: its link stops working.
    pub async fn cancel_email_change(&self, ip: Option<&str>) -> Result<(), AppError> {
        let done = self
            .query("DELETE FROM account_tokens WHERE organization_id = $1 AND profile_id = $2 AND purpose = 'email' AND used_at IS NULL")
            .bind(self.profile_id().to_string())
            .execute()
            .await?;
        if done.rows_affected() > 0 {
            self.record_own("email-change-cancelled", ip).await?;
        }
        Ok(())
    }
}

/// Uses an e-mail change link: the new address becomes the profile's. Returns it.
pub async fn confirm(state: &AppState, token: &str) -> Result<String, AppError> {
    let token = LinkToken::parse(token).map_err(|_| AppError::LinkInvalid)?;
    let profile_id = links::holder(state, &token, Purpose::EmailChange).await?;
    let (new_email,): (Option<String>,) = sqlx::query_as("SELECT new_email FROM account_tokens WHERE token_hash = $1")
        .bind(hash_token(token.as_str()))
        .fetch_one(&state.db.pool)
        .await?;
    let new_email = new_email.ok_or(AppError::LinkInvalid)?;
    let mut tx = state.db.pool.begin().await?;
    let used = sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
        .bind(state.now())
        .bind(hash_token(token.as_str()))
        .execute(&mut *tx)
        .await?;
    if used.rows_affected() != 1 {
        return Err(AppError::LinkInvalid);
    }
    sqlx::query("UPDATE profiles SET email = $1, updated_at = $2, version = version + 1 WHERE id = $3")
        .bind(new_email.clone())
        .bind(state.now())
        .bind(profile_id.clone())
        .execute(&mut *tx)
        .await
        .map_err(unique_violation("email", "error-email-taken"))?;
    tx.commit().await?;
    let p = Person::load(state, &profile_id).await?;
    p.account().record(state, "email-changed", client_addr().as_deref()).await?;
    Ok(new_email)
}
