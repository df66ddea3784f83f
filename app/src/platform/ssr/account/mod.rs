//! The account flows, above the links and the outbox they use: an invitation accepted
//! (activation), a forgotten password reset, an e-mail address changed. The floor above the
//! rest of the kernel: nothing below imports from here.

pub mod activation;
pub mod email_change;
pub mod reset;

use super::credentials::{self, check_new_password};
use super::links::{holder, use_up, Purpose};
use super::mail::Person;
use super::state::AppState;
use crate::domain::LinkToken;
use crate::error::AppError;

/// The password step of a link: the link must be valid and the password pass every rule; then
/// the link is used up (once, even against a parallel request) and the password set.
pub(super) async fn set_password_from_link(state: &AppState, token: &str, purpose: Purpose, password: &str, confirm: &str) -> Result<Person, AppError> {
    let token = LinkToken::parse(token).map_err(|_| AppError::LinkInvalid)?;
    let p = Person::load(state, &holder(state, &token, purpose).await?).await?;
    let new = check_new_password("password", password, confirm, &p.organization_name, &p.email)?;
    if !use_up(state, &token).await? {
        return Err(AppError::LinkInvalid);
    }
    credentials::set_password(state, &p.id, new).await?;
    Ok(p)
}

