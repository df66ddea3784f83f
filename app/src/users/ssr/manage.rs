//! What administrators change on a profile: contact types (with signing authority), permission
//! groups, the account (make a contact a user, resend the invitation, disable, enable) and
//! deleting it. Each runs through [`guard`], so no rule and no coverage is ever broken silently;
//! each writes an activity entry naming who did what to whom.

use super::super::rules::ContactType;
use super::guard;
use crate::domain::{Email, PersonName};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::links::NewPerson;
use crate::platform::ssr::{client_addr, reply, require_user, AdminDb};

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
}

/// A profile of the caller's organization; anyone else's id is "not found".
async fn target(admin: &AdminDb, id: &str) -> Result<Target, AppError> {
    admin
        .query_as(
            "SELECT id, email, first_name, last_name, email_language, is_user, user_status, signing_authority_at \
             FROM profiles WHERE organization_id = $1 AND id = $2",
        )
        .bind(id.to_string())
        .fetch_optional(admin.db())
        .await?
        .ok_or_else(|| AppError::field("profile", "error-not-found"))
}

async fn log(admin: &AdminDb, t: &Target, kind: &str) -> Result<(), AppError> {
    admin.record_about(&t.id, &t.email, kind, client_addr().as_deref()).await
}

pub async fn set_contact_types(id: String, contact_types: Vec<String>, signing_authority: bool) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = target(&admin, &id).await?;
            let types = ContactType::parse_list(&contact_types.join(",")).map_err(|e| AppError::field("contact_types", e))?;
            if t.is_user == 0 && types.is_empty() {
                return Err(AppError::field("contact_types", "error-contact-needs-type"));
            }
            let (mut tx, before) = guard::begin(&admin).await?;
            let now = admin.now();
            // Confirming signing authority records who confirmed it and when; unticking clears it.
            match (signing_authority, t.signing_authority_at.is_some()) {
                (true, false) => {
                    admin
                        .query("UPDATE profiles SET signing_authority_by = $2, signing_authority_at = $3 WHERE organization_id = $1 AND id = $4")
                        .bind(admin.profile_id().to_string())
                        .bind(now)
                        .bind(t.id.clone())
                        .execute(&mut *tx)
                        .await?;
                }
                (false, true) => {
                    admin
                        .query("UPDATE profiles SET signing_authority_by = NULL, signing_authority_at = NULL WHERE organization_id = $1 AND id = $2")
                        .bind(t.id.clone())
                        .execute(&mut *tx)
                        .await?;
                }
                _ => {}
            }
            admin.query("DELETE FROM profile_contact_types WHERE organization_id = $1 AND profile_id = $2").bind(t.id.clone()).execute(&mut *tx).await?;
            for c in &types {
                admin
                    .query("INSERT INTO profile_contact_types (organization_id, profile_id, contact_type_code) VALUES ($1, $2, $3)")
                    .bind(t.id.clone())
                    .bind(c.code().to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            guard::finish(&admin, tx, before, "contact_types").await?;
            log(&admin, &t, "contact-types-changed").await
        }
        .await,
    )
}

pub async fn set_groups(id: String, groups: Vec<String>) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = target(&admin, &id).await?;
            if t.is_user == 0 {
                return Err(AppError::field("groups", "error-groups-need-user"));
            }
            let known = super::choices(&admin).await?;
            if groups.iter().any(|g| !known.iter().any(|c| c.label.id == *g)) {
                return Err(AppError::field("groups", "error-not-found"));
            }
            let (mut tx, before) = guard::begin(&admin).await?;
            admin.query("DELETE FROM permission_group_members WHERE organization_id = $1 AND profile_id = $2").bind(t.id.clone()).execute(&mut *tx).await?;
            for g in &groups {
                admin
                    .query("INSERT INTO permission_group_members (organization_id, group_id, profile_id, added_at) VALUES ($1, $2, $3, $4)")
                    .bind(g.clone())
                    .bind(t.id.clone())
                    .bind(admin.now())
                    .execute(&mut *tx)
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
pub async fn account_action(id: String, action: String) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = target(&admin, &id).await?;
            let ip = client_addr();
            let status = t.user_status.as_deref();
            match (action.as_str(), t.is_user, status) {
                // The invitation (again): any earlier link dies.
                ("make-user", 0, _) | ("resend", 1, Some("invited")) => {
                    admin.invite(person(&t)?, ip.as_deref()).await?;
                }
                ("disable", 1, Some("active" | "invited")) => {
                    if t.id == admin.profile_id() {
                        return Err(AppError::field("profile", "error-not-yourself"));
                    }
                    let (mut tx, before) = guard::begin(&admin).await?;
                    admin
                        .query("UPDATE profiles SET user_status = 'disabled', updated_at = $2 WHERE organization_id = $1 AND id = $3")
                        .bind(admin.now())
                        .bind(t.id.clone())
                        .execute(&mut *tx)
                        .await?;
                    // Their sessions end at once.
                    admin.query("DELETE FROM sessions WHERE organization_id = $1 AND profile_id = $2").bind(t.id.clone()).execute(&mut *tx).await?;
                    guard::finish(&admin, tx, before, "profile").await?;
                    log(&admin, &t, "user-disabled").await?;
                }
                ("enable", 1, Some("disabled")) => {
                    // Someone who never finished the invitation goes back to invited.
                    admin
                        .query(
                            "UPDATE profiles SET user_status = CASE WHEN totp_secret IS NULL THEN 'invited' ELSE 'active' END, updated_at = $2 \
                             WHERE organization_id = $1 AND id = $3",
                        )
                        .bind(admin.now())
                        .bind(t.id.clone())
                        .execute(admin.db())
                        .await?;
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
pub async fn delete_profile(id: String) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let t = target(&admin, &id).await?;
            if t.id == admin.profile_id() {
                return Err(AppError::field("profile", "error-not-yourself"));
            }
            let (mut tx, before) = guard::begin(&admin).await?;
            for sql in [
                "DELETE FROM profile_contact_types WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM permission_group_members WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM sessions WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM account_tokens WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM recovery_codes WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM mailing_list_subscriptions WHERE organization_id = $1 AND profile_id = $2",
                "DELETE FROM profile_drafts WHERE organization_id = $1 AND created_by = $2",
                "UPDATE orders SET ordered_by = NULL WHERE organization_id = $1 AND ordered_by = $2",
                "DELETE FROM profiles WHERE organization_id = $1 AND id = $2",
            ] {
                admin.query(sql).bind(t.id.clone()).execute(&mut *tx).await?;
            }
            guard::finish(&admin, tx, before, "profile").await?;
            log(&admin, &t, "profile-deleted").await?;
            leptos_axum::redirect("/users?deleted=1");
            Ok(())
        }
        .await,
    )
}
