//! The ecosystem's applications as the provider's flows read them (a catalogue of every
//! organization, like the roles): found by client id, authenticated by their secret.

use super::state::AppState;
use super::hash_token;
use crate::error::AppError;
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
    secret_hash: String,
}

impl Client {
    /// Whether `secret` is this application's (compared in constant time, as hashes).
    pub fn secret_is(&self, secret: &str) -> bool {
        bool::from(hash_token(secret).as_bytes().ct_eq(self.secret_hash.as_bytes()))
    }
}

/// The application with this client id, if registered.
pub async fn find(state: &AppState, client_id: &str) -> Result<Option<Client>, AppError> {
    Ok(sqlx::query_as(
        "SELECT client_id, name, service_code, application_role, backchannel_logout_uri, secret_hash FROM oidc_clients WHERE client_id = $1",
    )
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
