//! What the provider's operators do: create a customer organization with its built-in groups,
//! activate its services, invite its first administrator. Used by the command line and the demo.

use app::account::ssr::invite;
use app::error::AppError;
use app::i18n::Lang;
use app::platform::ssr::{new_id, AppState};
use sqlx::Row;

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

/// Creates an organization with its built-in groups and the given services. Returns its id.
pub async fn create_organization(state: &AppState, name: &str, services: &[&str]) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() || name.contains(['\r', '\n']) {
        return Err(AppError::field("name", "error-required"));
    }
    let now = state.now();
    let org = new_id();
    let mut tx = state.pool.begin().await?;
    sqlx::query("INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(org.clone())
        .bind(name.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    for (code, portal, application) in BUILT_IN_GROUPS {
        let id = new_id();
        sqlx::query("INSERT INTO permission_groups (id, organization_id, name, description, built_in, created_at) VALUES ($1, $2, $3, '', 1, $4)")
            .bind(id.clone())
            .bind(org.clone())
            .bind(code.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        for role in portal {
            sqlx::query("INSERT INTO permission_group_portal_roles (group_id, role_code) VALUES ($1, $2)")
                .bind(id.clone())
                .bind(role.to_string())
                .execute(&mut *tx)
                .await?;
        }
        for role in application {
            sqlx::query("INSERT INTO permission_group_application_roles (group_id, role_code) VALUES ($1, $2)")
                .bind(id.clone())
                .bind(role.to_string())
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    activate_services(state, &org, services).await?;
    Ok(org)
}

/// Activates services of an organization; already active ones stay as they are.
pub async fn activate_services(state: &AppState, organization_id: &str, services: &[&str]) -> Result<(), AppError> {
    for service in services {
        if !SERVICES.contains(service) {
            return Err(AppError::field("service", "error-service-unknown"));
        }
        let active = sqlx::query("SELECT 1 FROM organization_services WHERE organization_id = $1 AND service_code = $2")
            .bind(organization_id.to_string())
            .bind(service.to_string())
            .fetch_optional(&state.pool)
            .await?;
        if active.is_none() {
            sqlx::query("INSERT INTO organization_services (organization_id, service_code, activated_at) VALUES ($1, $2, $3)")
                .bind(organization_id.to_string())
                .bind(service.to_string())
                .bind(state.now())
                .execute(&state.pool)
                .await?;
        }
    }
    Ok(())
}

/// Puts a person in one of the organization's built-in groups.
pub async fn add_to_built_in_group(state: &AppState, organization_id: &str, profile_id: &str, code: &str) -> Result<(), AppError> {
    let row = sqlx::query("SELECT id FROM permission_groups WHERE organization_id = $1 AND name = $2 AND built_in = 1")
        .bind(organization_id.to_string())
        .bind(code.to_string())
        .fetch_one(&state.pool)
        .await?;
    let group: String = row.try_get("id")?;
    let present = sqlx::query("SELECT 1 FROM permission_group_members WHERE group_id = $1 AND profile_id = $2")
        .bind(group.clone())
        .bind(profile_id.to_string())
        .fetch_optional(&state.pool)
        .await?;
    if present.is_none() {
        sqlx::query("INSERT INTO permission_group_members (group_id, profile_id, organization_id, added_at) VALUES ($1, $2, $3, $4)")
            .bind(group)
            .bind(profile_id.to_string())
            .bind(organization_id.to_string())
            .bind(state.now())
            .execute(&state.pool)
            .await?;
    }
    Ok(())
}

/// Invites a person; with `admin`, into the administrators group (the Full Role). Returns the link.
pub async fn invite_person(
    state: &AppState,
    organization_id: &str,
    email: &str,
    first_name: &str,
    last_name: &str,
    lang: Lang,
    admin: bool,
) -> Result<String, AppError> {
    let link = invite(state, organization_id, email, first_name, last_name, lang, None, None).await?;
    let (profile_id,): (String,) = sqlx::query_as("SELECT id FROM profiles WHERE email = $1")
        .bind(email.trim().to_lowercase())
        .fetch_one(&state.pool)
        .await?;
    add_to_built_in_group(state, organization_id, &profile_id, if admin { "administrators" } else { "users" }).await?;
    Ok(link)
}
