//! Queries behind "My Profile", on the caller's own handle.

pub mod activity;
pub mod orders;
pub mod prefs;

use super::{GroupSummary, MyProfile};
use crate::avatar::{self, AvatarStyle};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::{app_state, client_addr, email_change, phone, reply, require_user};
use crate::platform::PortalRole;

#[derive(sqlx::FromRow)]
struct ProfileRow {
    email: String,
    mfa_phone: Option<String>,
    salutation: Option<String>,
    first_name: String,
    last_name: String,
    job_title: Option<String>,
    department: Option<String>,
    contact_phone: Option<String>,
    portal_language: String,
    email_language: String,
    avatar_style: String,
    organization_name: String,
    /// The address of a change waiting for its confirmation.
    pending_email: Option<String>,
    version: i64,
}

/// One of the caller's groups with one thing it grants: the group repeats per grant (once,
/// with no grant, when it grants nothing).
#[derive(sqlx::FromRow)]
struct GroupGrantRow {
    id: String,
    name: String,
    description: String,
    built_in: i64,
    role_code: Option<String>,
    kind: Option<String>,
}

pub async fn my_profile() -> Result<MyProfile, AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let p: ProfileRow = org
                .query_as(concat!(
                    "SELECT p.email, p.mfa_phone, p.salutation, p.first_name, p.last_name, p.job_title, \
                            p.department, p.contact_phone, p.portal_language, p.email_language, p.avatar_style, p.version, o.name AS organization_name, ",
                    email_change::pending_email_sql!(),
                    " AS pending_email \
                     FROM profiles p JOIN organizations o ON o.id = p.organization_id \
                     WHERE p.organization_id = $1 AND p.id = $2",
                ))
                .bind(org.profile_id().to_string())
                .bind(org.now())
                .fetch_one()
                .await?;
            // The groups and what each grants, portal roles first, in the catalogue's order; an
            // application role counts only while its service is active for the organization.
            let rows: Vec<GroupGrantRow> = org
                .query_as(
                    "SELECT g.id, g.name, g.description, g.built_in, x.role_code, x.kind FROM permission_groups g \
                     JOIN permission_group_members m ON m.group_id = g.id AND m.organization_id = g.organization_id \
                     LEFT JOIN ( \
                       SELECT r.group_id, r.role_code, 'portal' AS kind, c.sort_order FROM permission_group_portal_roles r \
                         JOIN permission_group_members m2 ON m2.group_id = r.group_id JOIN portal_roles c ON c.code = r.role_code \
                         WHERE m2.organization_id = $1 AND m2.profile_id = $2 \
                       UNION ALL \
                       SELECT r.group_id, r.role_code, 'application' AS kind, c.sort_order FROM permission_group_application_roles r \
                         JOIN permission_group_members m2 ON m2.group_id = r.group_id JOIN application_roles c ON c.code = r.role_code \
                         WHERE m2.organization_id = $1 AND m2.profile_id = $2 AND (c.required_service IS NULL OR EXISTS (SELECT 1 FROM organization_services s WHERE s.organization_id = $1 AND s.service_code = c.required_service)) \
                     ) x ON x.group_id = g.id \
                     WHERE g.organization_id = $1 AND m.profile_id = $2 \
                     ORDER BY g.built_in DESC, g.name, g.id, x.kind DESC, x.sort_order",
                )
                .bind(org.profile_id().to_string())
                .fetch_all()
                .await?;
            let mut groups: Vec<GroupSummary> = Vec::new();
            for r in rows {
                if groups.last().is_none_or(|g| g.id != r.id) {
                    groups.push(GroupSummary {
                        portal_roles: Vec::new(),
                        application_roles: Vec::new(),
                        id: r.id,
                        name: r.name,
                        description: r.description,
                        built_in: r.built_in != 0,
                    });
                }
                if let (Some(g), Some(code)) = (groups.last_mut(), r.role_code) {
                    match r.kind.as_deref() {
                        // A role that guards nothing yet is not shown as if it did.
                        Some("portal") if PortalRole::parse(&code).is_some_and(PortalRole::guards_something) => g.portal_roles.push(code),
                        Some("application") => g.application_roles.push(code),
                        _ => {}
                    }
                }
            }
            let lists = prefs::lists(&org).await?;
            let issuer = org.state().config.public_url.clone();
            let applications = org.my_applications().await?.into_iter().map(|a| application_link(&issuer, a)).collect();
            Ok(MyProfile {
                applications,
                avatar_style: AvatarStyle::parse(&p.avatar_style).unwrap_or_default().code().to_string(),
                avatar_seed: avatar::seed(org.profile_id()),
                pending_email: p.pending_email,
                lists,
                email: p.email,
                mfa_phone: p.mfa_phone.as_deref().map(phone::display),
                salutation: p.salutation,
                first_name: p.first_name,
                last_name: p.last_name,
                job_title: p.job_title,
                department: p.department,
                contact_phone: p.contact_phone.as_deref().map(phone::display),
                organization_name: p.organization_name,
                portal_language: Lang::parse(&p.portal_language).unwrap_or_default(),
                email_language: Lang::parse(&p.email_language).unwrap_or_default(),
                groups,
                version: p.version,
            })
        }
        .await,
    )
}

/// Where "Your applications" sends a person: the application's login initiation address with
/// the portal as `iss` (OpenID Connect Core 4), which starts its sign-in here.
fn application_link(issuer: &str, a: crate::platform::ssr::clients::OpenApplication) -> super::MyApplication {
    let href = a.initiate_login_uri.as_deref().and_then(|u| url::Url::parse(u).ok()).map(|mut url| {
        url.query_pairs_mut().append_pair("iss", issuer);
        url.to_string()
    });
    super::MyApplication { name: a.name, href }
}

/// The details as the form posts them, before parsing.
pub struct DetailsForm {
    /// The version of the profile the form was filled in on.
    pub version: i64,
    pub email: String,
    pub salutation: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: String,
    pub department: String,
    pub contact_phone: String,
    pub mfa_phone: String,
}

/// Parses every field; the errors of all fields in error come back together.
pub async fn update_my_details(form: DetailsForm) -> Result<(), AppError> {
    use crate::domain::{stored, Details, DetailsInput, Holder};
    reply(
        async {
            let org = require_user()?.org();
            let input = DetailsInput {
                email: form.email,
                salutation: form.salutation,
                email_language: None,
                first_name: form.first_name,
                last_name: form.last_name,
                job_title: form.job_title,
                department: form.department,
                contact_phone: form.contact_phone,
                mfa_phone: Some(form.mfa_phone),
            };
            let d = Details::parse(&input, Holder::Person).map_err(AppError::fields)?;
            let unknown = phone::plan_errors(&d);
            if !unknown.is_empty() {
                return Err(AppError::fields(unknown));
            }
            // A Technical Contact must stay reachable: a number on file is not removed (an older
            // profile without one may still change the rest).
            if d.contact_phone.is_none() {
                let technical: Option<(Option<String>,)> = org
                    .query_as(
                        "SELECT p.contact_phone FROM profile_contact_types ct JOIN profiles p ON p.id = ct.profile_id \
                         WHERE ct.organization_id = $1 AND ct.profile_id = $2 AND ct.contact_type_code = 'technical'",
                    )
                    .bind(org.profile_id().to_string())
                    .fetch_optional()
                    .await?;
                if technical.is_some_and(|(phone,)| phone.is_some_and(|p| !p.is_empty())) {
                    return Err(AppError::field("contact_phone", "rule-technical-phone"));
                }
            }
            // Made on what the form showed: a change saved since (in another window, or by an
            // administrator) is not overwritten.
            let (now_at,): (i64,) = org.query_as("SELECT version FROM profiles WHERE organization_id = $1 AND id = $2").bind(org.profile_id().to_string()).fetch_one().await?;
            if now_at != form.version {
                return Err(AppError::field("profile", "error-my-profile-changed"));
            }
            // A new address waits for its link; the rest is saved only if that can start.
            let ip = client_addr();
            let changing = !d.email.as_str().eq_ignore_ascii_case(org.me().email());
            if changing {
                org.request_email_change(&d.email, ip.as_deref()).await?;
            }
            let done = org.query(
                "UPDATE profiles SET salutation = $2, first_name = $3, last_name = $4, job_title = $5, department = $6, \
                 contact_phone = $7, mfa_phone = $8, updated_at = $9, version = version + 1 \
                 WHERE organization_id = $1 AND id = $10 AND version = $11",
            )
            .bind(d.salutation.map(|s| s.code().to_string()))
            .bind(d.first_name.as_str().to_string())
            .bind(d.last_name)
            .bind(stored(&d.job_title))
            .bind(stored(&d.department))
            .bind(stored(&d.contact_phone))
            .bind(stored(&d.mfa_phone))
            .bind(org.now())
            .bind(org.profile_id().to_string())
            .bind(form.version)
            .execute()
            .await?;
            if done.rows_affected() == 0 {
                return Err(AppError::field("profile", "error-my-profile-changed"));
            }
            org.record_own("profile-updated", ip.as_deref()).await?;
            leptos_axum::redirect(if changing { "/profile?saved=email" } else { "/profile?saved=details" });
            Ok(())
        }
        .await,
    )
}

pub async fn cancel_email_change() -> Result<(), AppError> {
    reply(
        async {
            let org = require_user()?.org();
            org.cancel_email_change(client_addr().as_deref()).await?;
            leptos_axum::redirect("/profile?saved=email-cancelled");
            Ok(())
        }
        .await,
    )
}

pub async fn confirm_email_change(token: String) -> Result<(), AppError> {
    reply(
        async {
            email_change::confirm(&app_state()?, &token).await?;
            leptos_axum::redirect("/confirm-email?confirmed=1");
            Ok(())
        }
        .await,
    )
}

pub async fn set_my_avatar(style: String) -> Result<(), AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let style = AvatarStyle::parse(&style).ok_or_else(|| AppError::field("style", "error-avatar-style"))?;
            org.query("UPDATE profiles SET avatar_style = $2, updated_at = $3 WHERE organization_id = $1 AND id = $4")
                .bind(style.code().to_string())
                .bind(org.now())
                .bind(org.profile_id().to_string())
                .execute()
                .await?;
            org.record_own("avatar-changed", client_addr().as_deref()).await?;
            leptos_axum::redirect("/profile?saved=avatar");
            Ok(())
        }
        .await,
    )
}
