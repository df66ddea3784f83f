//! The operator's operations, as methods of [`OperatorDb`] (every organization, no identity).

use crate::domain::{Email, PersonName};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::activation::NewPerson;
use crate::platform::ssr::{new_id, unique_violation, OperatorDb};

pub mod api;
mod applications;
pub mod notices;
mod provider;
pub use applications::Registered;
pub use provider::{csv_cell, CrowdMember, Subscriber, ORDER_COLUMNS};

/// The built-in permission groups every organization starts with: (code, portal roles,
/// application roles). Their names and descriptions come from the locales (`group-<code>`).
pub const BUILT_IN_GROUPS: [(&str, &[&str], &[&str]); 2] = [
    (
        "administrators",
        &["users-permissions", "view-activity", "view-orders", "place-orders"],
        &["servicenow-user", "billing-tool", "m365-subscriptions", "reports"],
    ),
    ("users", &["view-orders"], &["servicenow-user"]),
];

pub const SERVICES: [&str; 5] = ["microsoft-365-csp", "servicedesk", "billing", "secwise-watch", "secwise-care"];

/// A person who can sign in at once (the demo's people): details, password hash, TOTP secret.
pub struct ActivePerson<'a> {
    pub email: &'a str,
    pub salutation: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub job_title: &'a str,
    pub department: &'a str,
    pub contact_phone: &'a str,
    pub mfa_phone: Option<&'a str>,
    pub language: Lang,
    pub password_hash: String,
    pub totp_secret: &'a str,
    /// The built-in group they belong to.
    pub group: &'a str,
}

/// An e-mail of the outbox, as `server outbox` prints it.
#[derive(sqlx::FromRow)]
pub struct OutboxEntry {
    pub to_address: String,
    pub subject: String,
    pub body_text: String,
    pub sent_at: Option<i64>,
    pub attempts: i64,
}

impl OperatorDb {
    /// Creates an organization with its built-in groups and the given services. Returns its id.
    pub async fn create_organization(&self, name: &str, services: &[&str]) -> Result<String, AppError> {
        let name = name.trim();
        if name.is_empty() || name.contains(['\r', '\n']) {
            return Err(AppError::field("name", "error-required"));
        }
        let now = self.now();
        let org = new_id();
        let mut tx = self.begin().await?;
        self.insert("organizations").value("id", org.clone()).value("name", name.to_string()).value("created_at", now).execute_in(&mut tx).await?;
        for (code, portal, application) in BUILT_IN_GROUPS {
            let id = new_id();
            self.insert("permission_groups")
                .value("id", id.clone())
                .value("organization_id", org.clone())
                .value("name", code.to_string())
                .value("description", String::new())
                .value("built_in", 1_i64)
                .value("created_at", now)
                .execute_in(&mut tx)
                .await?;
            for (table, roles) in [("permission_group_portal_roles", portal), ("permission_group_application_roles", application)] {
                for role in roles.iter() {
                    self.insert(table).value("group_id", id.clone()).value("role_code", role.to_string()).execute_in(&mut tx).await?;
                }
            }
        }
        tx.commit().await?;
        self.activate_services(&org, services).await?;
        Ok(org)
    }

    /// Activates services of an organization; already active ones stay as they are.
    pub async fn activate_services(&self, organization_id: &str, services: &[&str]) -> Result<(), AppError> {
        for service in services {
            if !SERVICES.contains(service) {
                return Err(AppError::field("service", "error-service-unknown"));
            }
            let inserted = self
                .insert("organization_services")
                .value("organization_id", organization_id.to_string())
                .value("service_code", service.to_string())
                .value("activated_at", self.now())
                .execute()
                .await
                .map_err(unique_violation("service", "error-service-active"));
            match inserted {
                Ok(_) | Err(AppError::Validation(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Puts a person in one of the organization's built-in groups (nothing if already there).
    pub async fn add_to_built_in_group(&self, organization_id: &str, profile_id: &str, code: &str) -> Result<(), AppError> {
        let (group,): (String,) = self
            .query_as("SELECT id FROM permission_groups WHERE organization_id = $1 AND name = $2 AND built_in = 1")
            .bind(organization_id.to_string())
            .bind(code.to_string())
            .fetch_one()
            .await?;
        let inserted = self
            .insert("permission_group_members")
            .value("group_id", group)
            .value("profile_id", profile_id.to_string())
            .value("organization_id", organization_id.to_string())
            .value("added_at", self.now())
            .execute()
            .await
            .map_err(unique_violation("group", "error-already-member"));
        match inserted {
            Ok(_) | Err(AppError::Validation(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// Invites a person; with `admin`, into the administrators group (the Full Role), else into
    /// the users group. Returns the activation link.
    pub async fn invite_person(&self, organization_id: &str, email: &str, first_name: &str, last_name: &str, lang: Lang, admin: bool) -> Result<String, AppError> {
        let email = Email::parse(email).map_err(|e| AppError::field("email", e.0))?;
        let first_name = PersonName::parse(first_name).map_err(|e| AppError::field("first_name", e.0))?;
        let last_name = PersonName::parse(last_name).map_err(|e| AppError::field("last_name", e.0))?;
        let address = email.as_str().to_string();
        let link = self.invite(organization_id, NewPerson { email, first_name, last_name, email_language: lang }).await?;
        let (profile_id,): (String,) = self.query_as("SELECT id FROM profiles WHERE email = $1").bind(address).fetch_one().await?;
        self.add_to_built_in_group(organization_id, &profile_id, if admin { "administrators" } else { "users" }).await?;
        Ok(link)
    }

    /// Adds a person who can sign in at once, with their password hash and TOTP secret. Returns
    /// false (and changes nothing) when the address exists.
    pub async fn add_active_person(&self, organization_id: &str, p: ActivePerson<'_>) -> Result<bool, AppError> {
        let now = self.now();
        let id = new_id();
        let inserted = self
            .insert("profiles")
            .value("id", id.clone())
            .value("organization_id", organization_id.to_string())
            .value("email", p.email.to_string())
            .value("mfa_phone", p.mfa_phone.map(str::to_string))
            .value("salutation", p.salutation.to_string())
            .value("first_name", p.first_name.to_string())
            .value("last_name", p.last_name.to_string())
            .value("job_title", p.job_title.to_string())
            .value("department", p.department.to_string())
            .value("contact_phone", p.contact_phone.to_string())
            .value("avatar_style", "initials".to_string())
            .value("portal_language", p.language.code().to_string())
            .value("email_language", p.language.code().to_string())
            .value("is_user", 1_i64)
            .value("is_distribution_list", 0_i64)
            .value("password_hash", p.password_hash)
            .value("user_status", "active".to_string())
            .value("created_at", now)
            .value("updated_at", now)
            .value("totp_secret", p.totp_secret.to_string())
            .execute()
            .await
        .map_err(unique_violation("email", "error-email-taken"));
        match inserted {
            Ok(_) => {
                self.add_to_built_in_group(organization_id, &id, p.group).await?;
                Ok(true)
            }
            Err(AppError::Validation(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// The id of the organization a person belongs to.
    pub async fn organization_of(&self, email: &str) -> Result<Option<String>, AppError> {
        let row: Option<(String,)> =
            self.query_as("SELECT organization_id FROM profiles WHERE email = $1").bind(email.trim().to_lowercase()).fetch_optional().await?;
        Ok(row.map(|r| r.0))
    }

    /// The id of a user of the organization, by their address.
    pub async fn profile_id_of(&self, organization_id: &str, email: &str) -> Result<Option<String>, AppError> {
        let row: Option<(String,)> = self
            .query_as("SELECT id FROM profiles WHERE organization_id = $1 AND email = $2 AND is_user = 1")
            .bind(organization_id.to_string())
            .bind(email.trim().to_lowercase())
            .fetch_optional()
            .await?;
        Ok(row.map(|r| r.0))
    }

    /// Every organization: (id, name), by name.
    pub async fn organizations(&self) -> Result<Vec<(String, String)>, AppError> {
        Ok(self.query_as("SELECT id, name FROM organizations ORDER BY name, id").fetch_all().await?)
    }

    /// The `n` latest e-mails of the outbox.
    pub async fn latest_mail(&self, n: i64) -> Result<Vec<OutboxEntry>, AppError> {
        Ok(self.query_as("SELECT to_address, subject, body_text, sent_at, attempts FROM outbox ORDER BY created_at DESC LIMIT $1").bind(n).fetch_all().await?)
    }
}
