//! What administrators change on a profile: contact types (with signing authority), permission
//! groups, the account (make a contact a user, resend the invitation, disable, enable) and
//! deleting it. Each runs through [`guard`], so no rule and no coverage is ever broken silently;
//! each writes an activity entry naming who did what to whom.

use super::super::rules::ContactType;
use super::guard;
use crate::domain::{Email, PersonName};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::activation::NewPerson;
use crate::platform::ssr::{client_addr, phone, reply, require_user, AdminDb};

#[derive(sqlx::FromRow)]
struct Target {
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    email_language: String,
    is_user: i64,
    user_status: Option<String>,
    signing_authority_at: Option<i64>,
    is_distribution_list: i64,
    version: i64,
}

/// A profile of the caller's organization; anyone else's id is "not found".
async fn target(admin: &AdminDb, id: &str) -> Result<Target, AppError> {
    admin
        .query_as(
            "SELECT id, email, first_name, last_name, email_language, is_user, user_status, signing_authority_at, \
             is_distribution_list, version FROM profiles WHERE organization_id = $1 AND id = $2",
        )
        .bind(id.to_string())
        .fetch_optional()
        .await?
        .ok_or_else(|| AppError::field("profile", "error-not-found"))
}

/// Refuses a change made on an older version than the profile's, before anything is written
/// (the change claims the version again inside its transaction, see [`guard::claim`]).
fn current(t: &Target, version: i64) -> Result<(), AppError> {
    if t.version == version {
        Ok(())
    } else {
        Err(guard::profile_conflict())
    }
}

async fn log(admin: &AdminDb, t: &Target, kind: &str) -> Result<(), AppError> {
    admin.record_about(&t.id, &t.email, kind, client_addr().as_deref()).await
}

pub async fn set_contact_types(id: String, version: i64, contact_types: Vec<String>, signing_authority: bool) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = target(&admin, &id).await?;
            current(&t, version)?;
            let types = ContactType::parse_list(&contact_types.join(",")).map_err(|e| AppError::field("contact_types", e))?;
            if t.is_user == 0 && types.is_empty() {
                return Err(AppError::field("contact_types", "error-contact-needs-type"));
            }
            let (mut tx, before) = guard::begin(&admin).await?;
            guard::claim(&admin, &mut tx, guard::Versioned::Profile, &t.id, version).await?;
            let now = admin.now();
            // Confirming signing authority records who confirmed it and when; unticking clears it.
            match (signing_authority, t.signing_authority_at.is_some()) {
                (true, false) => {
                    admin
                        .query("UPDATE profiles SET signing_authority_by = $2, signing_authority_at = $3 WHERE organization_id = $1 AND id = $4")
                        .bind(admin.profile_id().to_string())
                        .bind(now)
                        .bind(t.id.clone())
                        .execute_in(&mut tx)
                        .await?;
                }
                (false, true) => {
                    admin
                        .query("UPDATE profiles SET signing_authority_by = NULL, signing_authority_at = NULL WHERE organization_id = $1 AND id = $2")
                        .bind(t.id.clone())
                        .execute_in(&mut tx)
                        .await?;
                }
                _ => {}
            }
            admin.query("DELETE FROM profile_contact_types WHERE organization_id = $1 AND profile_id = $2").bind(t.id.clone()).execute_in(&mut tx).await?;
            for c in &types {
                admin
                    .query("INSERT INTO profile_contact_types (organization_id, profile_id, contact_type_code) VALUES ($1, $2, $3)")
                    .bind(t.id.clone())
                    .bind(c.code().to_string())
                    .execute_in(&mut tx)
                    .await?;
            }
            guard::finish(&admin, tx, before, "contact_types").await?;
            log(&admin, &t, "contact-types-changed").await
        }
        .await,
    )
}

pub async fn set_groups(id: String, version: i64, groups: Vec<String>) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = target(&admin, &id).await?;
            current(&t, version)?;
            if t.is_user == 0 {
                return Err(AppError::field("groups", "error-groups-need-user"));
            }
            let known = super::choices(&admin).await?;
            if groups.iter().any(|g| !known.iter().any(|c| c.label.id == *g)) {
                return Err(AppError::field("groups", "error-not-found"));
            }
            let (mut tx, before) = guard::begin(&admin).await?;
            guard::claim(&admin, &mut tx, guard::Versioned::Profile, &t.id, version).await?;
            admin.query("DELETE FROM permission_group_members WHERE organization_id = $1 AND profile_id = $2").bind(t.id.clone()).execute_in(&mut tx).await?;
            for g in &groups {
                admin
                    .query("INSERT INTO permission_group_members (organization_id, group_id, profile_id, added_at) VALUES ($1, $2, $3, $4)")
                    .bind(g.clone())
                    .bind(t.id.clone())
                    .bind(admin.now())
                    .execute_in(&mut tx)
                    .await?;
            }
            guard::finish(&admin, tx, before, "groups").await?;
            log(&admin, &t, "groups-changed").await
        }
        .await,
    )
}

fn person(t: &Target) -> Result<NewPerson, AppError> {
    Ok(NewPerson {
        email: Email::parse(&t.email).map_err(|e| AppError::field("email", e.0))?,
        first_name: PersonName::parse(&t.first_name).map_err(|e| AppError::field("first_name", e.0))?,
        last_name: PersonName::parse(&t.last_name).map_err(|e| AppError::field("last_name", e.0))?,
        email_language: Lang::parse(&t.email_language).unwrap_or_default(),
    })
}

/// `make-user`, `resend`, `disable` or `enable`.
pub async fn account_action(id: String, version: i64, action: String) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = target(&admin, &id).await?;
            current(&t, version)?;
            let ip = client_addr();
            let status = t.user_status.as_deref();
            match (action.as_str(), t.is_user, status) {
                // A distribution list is a Watchlist contact, never someone who signs in.
                ("make-user", 0, _) if t.is_distribution_list == 1 => return Err(AppError::field("profile", "rule-distribution-list-user")),
                // The invitation (again): any earlier link dies. The invitation moves the
                // version on itself.
                ("make-user", 0, _) | ("resend", 1, Some("invited")) => {
                    admin.invite(person(&t)?, ip.as_deref()).await?;
                }
                ("disable", 1, Some("active" | "invited")) => {
                    if t.id == admin.profile_id() {
                        return Err(AppError::field("profile", "error-not-yourself"));
                    }
                    let (mut tx, before) = guard::begin(&admin).await?;
                    guard::claim(&admin, &mut tx, guard::Versioned::Profile, &t.id, version).await?;
                    admin
                        .query("UPDATE profiles SET user_status = 'disabled', updated_at = $2 WHERE organization_id = $1 AND id = $3")
                        .bind(admin.now())
                        .bind(t.id.clone())
                        .execute_in(&mut tx)
                        .await?;
                    // Their sessions end at once.
                    admin.query("DELETE FROM sessions WHERE organization_id = $1 AND profile_id = $2").bind(t.id.clone()).execute_in(&mut tx).await?;
                    guard::finish(&admin, tx, before, "profile").await?;
                    log(&admin, &t, "user-disabled").await?;
                }
                ("enable", 1, Some("disabled")) => {
                    // Someone who never finished the invitation goes back to invited.
                    let done = admin
                        .query(
                            "UPDATE profiles SET user_status = CASE WHEN totp_secret IS NULL THEN 'invited' ELSE 'active' END, updated_at = $2, \
                             version = version + 1 WHERE organization_id = $1 AND id = $3 AND version = $4",
                        )
                        .bind(admin.now())
                        .bind(t.id.clone())
                        .bind(version)
                        .execute()
                        .await?;
                    if done.rows_affected() == 0 {
                        return Err(guard::profile_conflict());
                    }
                    log(&admin, &t, "user-enabled").await?;
                }
                ("make-user" | "resend" | "disable" | "enable", ..) => return Err(AppError::field("profile", "error-action-not-possible")),
                _ => return Err(AppError::BadRequest),
            }
            leptos_axum::redirect(&format!("/users/profile?id={}&done={action}", t.id));
            Ok(())
        }
        .await,
    )
}

/// Deletes a profile and what hangs on it; its activity stays.
pub async fn delete_profile(id: String, version: i64) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = target(&admin, &id).await?;
            if t.id == admin.profile_id() {
                return Err(AppError::field("profile", "error-not-yourself"));
            }
            current(&t, version)?;
            let (mut tx, before) = guard::begin(&admin).await?;
            guard::claim(&admin, &mut tx, guard::Versioned::Profile, &t.id, version).await?;
            for sql in [
                "DELETE FROM profile_contact_types WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM permission_group_members WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM sessions WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM account_tokens WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM recovery_codes WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM mailing_list_subscriptions WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM profile_drafts WHERE organization_id = $1 AND created_by = $2",
                "UPDATE orders SET ordered_by = NULL WHERE organization_id = $1 AND ordered_by = $2",
                // The notices they received stay, with the name and address they reached; their
                // acknowledgement links die.
                "DELETE FROM notice_links WHERE recipient_id IN (SELECT id FROM notice_recipients WHERE organization_id = $1 AND profile_id = $2)",
                "UPDATE notice_recipients SET profile_id = NULL WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM profiles WHERE organization_id = $1 AND id = $2",
            ] {
                admin.query(sql).bind(t.id.clone()).execute_in(&mut tx).await?;
            }
            guard::finish(&admin, tx, before, "profile").await?;
            log(&admin, &t, "profile-deleted").await?;
            leptos_axum::redirect("/users?deleted=1");
            Ok(())
        }
        .await,
    )
}

/// The details as an administrator posts them.
pub struct DetailsForm {
    pub id: String,
    /// The version of the profile the form was filled in on.
    pub version: i64,
    pub email: String,
    pub salutation: String,
    pub email_language: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: String,
    pub department: String,
    pub contact_phone: String,
}

pub async fn update_profile(f: DetailsForm) -> Result<(), AppError> {
    use crate::domain::{stored, Details, DetailsInput, Holder};
    use crate::platform::ssr::unique_violation;
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = target(&admin, &f.id).await?;
            current(&t, f.version)?;
            let input = DetailsInput {
                // A user's address is how they sign in: they change it themselves, by a link.
                email: if t.is_user == 1 { t.email.clone() } else { f.email },
                salutation: f.salutation,
                email_language: Some(f.email_language),
                first_name: f.first_name,
                last_name: f.last_name,
                job_title: f.job_title,
                department: f.department,
                contact_phone: f.contact_phone,
                mfa_phone: None,
            };
            let holder = if t.is_distribution_list == 1 { Holder::List } else { Holder::Person };
            let d = Details::parse(&input, holder).map_err(AppError::fields)?;
            let unknown = phone::plan_errors(&d);
            if !unknown.is_empty() {
                return Err(AppError::fields(unknown));
            }
            // In a change of its own: a Technical Contact keeps a phone number.
            let (mut tx, before) = guard::begin(&admin).await?;
            let done = admin
                .query(
                    "UPDATE profiles SET email = $2, salutation = $3, email_language = $4, first_name = $5, last_name = $6, job_title = $7, \
                     department = $8, contact_phone = $9, updated_at = $10, version = version + 1 \
                     WHERE organization_id = $1 AND id = $11 AND version = $12",
                )
                .bind(d.email.as_str().to_string())
                .bind(d.salutation.map(|s| s.code().to_string()))
                .bind(d.email_language.unwrap_or_default().code().to_string())
                .bind(d.first_name.as_str().to_string())
                .bind(d.last_name.clone())
                .bind(stored(&d.job_title))
                .bind(stored(&d.department))
                .bind(stored(&d.contact_phone))
                .bind(admin.now())
                .bind(t.id.clone())
                .bind(f.version)
                .execute_in(&mut tx)
                .await
                .map_err(unique_violation("email", "error-email-taken"))?;
            if done.rows_affected() == 0 {
                return Err(guard::profile_conflict());
            }
            guard::finish(&admin, tx, before, "contact_phone").await?;
            log(&admin, &t, "profile-edited").await?;
            leptos_axum::redirect(&format!("/users/profile?id={}&done=edit", t.id));
            Ok(())
        }
        .await,
    )
}
