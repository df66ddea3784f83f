//! The ecosystem's applications as the provider's flows read them (a catalogue of every
//! organization, like the roles): found by client id, authenticated by their secret; and the
//! rule of who may enter one, in one place: the sign-in, the token exchange, userinfo, My
//! Profile's list and the back-channel logouts all ask it.

use super::access::OrgDb;
use super::hash_token;
use super::state::AppState;
use crate::error::AppError;
use crate::i18n::Lang;
use subtle::ConstantTimeEq;

/// A registered application.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Client {
    pub client_id: String,
    pub name: String,
    /// The service it belongs to: a person's organization must have it active.
    pub service_code: String,
    /// The application role a person needs, through one of their groups.
    pub application_role: String,
    pub backchannel_logout_uri: Option<String>,
    /// Where a person is sent to start the application's sign-in from the portal.
    pub initiate_login_uri: Option<String>,
    secret_hash: String,
}

impl Client {
    /// Whether `secret` is this application's (compared in constant time, as hashes).
    pub fn secret_is(&self, secret: &str) -> bool {
        bool::from(hash_token(secret).as_bytes().ct_eq(self.secret_hash.as_bytes()))
    }
}

const CLIENT_COLUMNS: &str = "client_id, name, service_code, application_role, backchannel_logout_uri, initiate_login_uri, secret_hash";

/// The application with this client id, if registered.
pub async fn find(state: &AppState, client_id: &str) -> Result<Option<Client>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {CLIENT_COLUMNS} FROM oidc_clients WHERE client_id = $1"))
        .bind(client_id.to_string())
        .fetch_optional(&state.db.pool)
        .await?)
}

/// Whether `uri` is one of the application's redirect URIs, exactly as registered.
pub async fn redirect_allowed(state: &AppState, client_id: &str, uri: &str) -> Result<bool, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT uri FROM oidc_redirect_uris WHERE client_id = $1 AND uri = $2")
        .bind(client_id.to_string())
        .bind(uri.to_string())
        .fetch_optional(&state.db.pool)
        .await?;
    Ok(row.is_some())
}

/// The rule, as SQL over an application `c` and a person `p`: an active user whose
/// organization has the application's service active and one of whose groups grants its role.
/// The back-channel logouts end every application session for which it stops holding.
pub(super) const MAY_ENTER: &str = "p.is_user = 1 AND p.user_status = 'active' \
     AND EXISTS (SELECT 1 FROM organization_services os WHERE os.organization_id = p.organization_id AND os.service_code = c.service_code) \
     AND EXISTS (SELECT 1 FROM permission_group_members m JOIN permission_group_application_roles r ON r.group_id = m.group_id \
                 WHERE m.organization_id = p.organization_id AND m.profile_id = p.id AND r.role_code = c.application_role)";

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

/// Whether the caller may enter an application.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    Allowed(Entrant),
    /// None of their groups grants the role, or the service is not active for their
    /// organization: the portal says so and issues nothing.
    Refused,
}

#[derive(sqlx::FromRow)]
struct EntrantRow {
    email: String,
    first_name: String,
    last_name: String,
    portal_language: String,
    organization_name: String,
}

/// An application the caller may open, as My Profile lists it.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OpenApplication {
    pub client_id: String,
    pub name: String,
    pub initiate_login_uri: Option<String>,
}

impl OrgDb {
    /// The caller's entry to `client`, decided on the server from their groups and their
    /// organization's services (an active user only).
    pub async fn entry(&self, client: &Client) -> Result<Entry, AppError> {
        let person: Option<EntrantRow> = self
            .query_as(&format!(
                "SELECT p.email, p.first_name, p.last_name, p.portal_language, o.name AS organization_name \
                 FROM profiles p JOIN organizations o ON o.id = p.organization_id JOIN oidc_clients c ON c.client_id = $3 \
                 WHERE p.organization_id = $1 AND p.id = $2 AND {MAY_ENTER}"
            ))
            .bind(self.profile_id().to_string())
            .bind(client.client_id.clone())
            .fetch_optional()
            .await?;
        let Some(person) = person else { return Ok(Entry::Refused) };
        let roles: Vec<(String,)> = self
            .query_as(
                "SELECT DISTINCT r.role_code FROM permission_group_members m \
                 JOIN permission_group_application_roles r ON r.group_id = m.group_id \
                 JOIN application_roles a ON a.code = r.role_code \
                 WHERE m.organization_id = $1 AND m.profile_id = $2 AND a.required_service = $3 ORDER BY r.role_code",
            )
            .bind(self.profile_id().to_string())
            .bind(client.service_code.clone())
            .fetch_all()
            .await?;
        Ok(Entry::Allowed(Entrant {
            subject: self.profile_id().to_string(),
            email: person.email,
            name: format!("{} {}", person.first_name, person.last_name).trim().to_string(),
            locale: Lang::parse(&person.portal_language).unwrap_or_default(),
            organization_id: self.me().organization_id().to_string(),
            organization_name: person.organization_name,
            roles: roles.into_iter().map(|(r,)| r).collect(),
        }))
    }

    /// The applications the caller may enter now, by name.
    pub async fn my_applications(&self) -> Result<Vec<OpenApplication>, AppError> {
        Ok(self.query_as(&format!(
            "SELECT c.client_id, c.name, c.initiate_login_uri FROM oidc_clients c JOIN profiles p ON p.organization_id = $1 AND p.id = $2 \
             WHERE {MAY_ENTER} ORDER BY c.name, c.client_id"
        ))
        .bind(self.profile_id().to_string())
        .fetch_all()
        .await?)
    }
}
