//! Who may enter an application: a person enters only while one of their permission groups
//! grants the application's role and its service is active for their organization. What the
//! application then learns of them (the ID token's claims) is read here too, in one place.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::clients::Client;
use crate::platform::ssr::OrgDb;

/// What an application learns of the person who enters it.
#[derive(Clone, Debug, PartialEq)]
pub struct Entrant {
    /// Stable per person, never the e-mail: the profile's id.
    pub subject: String,
    pub email: String,
    pub name: String,
    pub locale: Lang,
    pub organization_id: String,
    pub organization_name: String,
    /// The person's application roles of the application's service.
    pub roles: Vec<String>,
}

/// Whether the caller may enter `client`.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Allowed(Entrant),
    /// None of their groups grants the role, or the service is not active for their
    /// organization: the portal says so and issues nothing.
    Refused,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    email: String,
    first_name: String,
    last_name: String,
    portal_language: String,
    organization_name: String,
    service_active: i64,
}

/// The caller's entry to `client`, decided on the server from their groups and their
/// organization's services (an active user only).
pub async fn entry(org: &OrgDb, client: &Client) -> Result<Entry, AppError> {
    let person: Option<PersonRow> = org
        .query_as(
            "SELECT p.email, p.first_name, p.last_name, p.portal_language, o.name AS organization_name, \
             (SELECT COUNT(*) FROM organization_services s WHERE s.organization_id = $1 AND s.service_code = $3) AS service_active \
             FROM profiles p JOIN organizations o ON o.id = p.organization_id \
             WHERE p.organization_id = $1 AND p.id = $2 AND p.is_user = 1 AND p.user_status = 'active'",
        )
        .bind(org.profile_id().to_string())
        .bind(client.service_code.clone())
        .fetch_optional()
        .await?;
    let Some(person) = person else { return Ok(Entry::Refused) };
    let roles: Vec<(String,)> = org
        .query_as(
            "SELECT DISTINCT r.role_code FROM permission_group_members m \
             JOIN permission_group_application_roles r ON r.group_id = m.group_id \
             JOIN application_roles a ON a.code = r.role_code \
             WHERE m.organization_id = $1 AND m.profile_id = $2 AND a.required_service = $3 ORDER BY r.role_code",
        )
        .bind(org.profile_id().to_string())
        .bind(client.service_code.clone())
        .fetch_all()
        .await?;
    let roles: Vec<String> = roles.into_iter().map(|(r,)| r).collect();
    if person.service_active == 0 || !roles.contains(&client.application_role) {
        return Ok(Entry::Refused);
    }
    Ok(Entry::Allowed(Entrant {
        subject: org.profile_id().to_string(),
        email: person.email,
        name: format!("{} {}", person.first_name, person.last_name).trim().to_string(),
        locale: Lang::parse(&person.portal_language).unwrap_or_default(),
        organization_id: org.me().organization_id().to_string(),
        organization_name: person.organization_name,
        roles,
    }))
}
