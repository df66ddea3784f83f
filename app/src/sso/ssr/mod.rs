//! The OpenID Provider on the server: its public documents (`/.well-known/openid-configuration`
//! and the key set), the sign-in ([`authorize`]), the exchange and userinfo ([`flow`]) and the
//! ID token ([`tokens`]). Who may enter an application is the kernel's rule
//! (`clients::Entry`), asked by each of them.

pub mod authorize;
pub mod flow;
pub mod tokens;

use crate::error::AppError;
use crate::platform::ssr::{clients, reply, require_user, signing, AppState};
use axum::extract::Extension;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use openidconnect::core::{
    CoreAuthDisplay, CoreClaimName, CoreClaimType, CoreClientAuthMethod, CoreGrantType, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm, CoreJwsSigningAlgorithm, CoreResponseMode, CoreResponseType, CoreSubjectIdentifierType,
};
use openidconnect::{AdditionalProviderMetadata, AuthUrl, IssuerUrl, JsonWebKeySetUrl, ProviderMetadata, ResponseTypes, Scope, TokenUrl, UserInfoUrl};
use serde::{Deserialize, Serialize};

/// What Discovery says beyond OpenID Connect Core's fields: PKCE (RFC 7636), required here;
/// Back-Channel Logout 1.0 with `sid`; the issuer in the authorization response (RFC 9207).
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct PortalMetadata {
    pub code_challenge_methods_supported: Vec<String>,
    pub backchannel_logout_supported: bool,
    pub backchannel_logout_session_supported: bool,
    pub authorization_response_iss_parameter_supported: bool,
}

impl AdditionalProviderMetadata for PortalMetadata {}

/// The discovery document's type: Core's, with [`PortalMetadata`].
pub type Metadata = ProviderMetadata<
    PortalMetadata,
    CoreAuthDisplay,
    CoreClientAuthMethod,
    CoreClaimName,
    CoreClaimType,
    CoreGrantType,
    CoreJweContentEncryptionAlgorithm,
    CoreJweKeyManagementAlgorithm,
    CoreJsonWebKey,
    CoreResponseMode,
    CoreResponseType,
    CoreSubjectIdentifierType,
>;

/// Where the provider's endpoints are, below the portal's public address (the issuer).
pub const AUTHORIZE_PATH: &str = "/oauth/authorize";
pub const TOKEN_PATH: &str = "/oauth/token";
pub const USERINFO_PATH: &str = "/oauth/userinfo";
pub const JWKS_PATH: &str = "/oauth/jwks";
pub const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";

/// The claims an ID token or the userinfo answer may carry.
const CLAIMS: [&str; 15] =
    ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "amr", "sid", "email", "email_verified", "name", "locale", "organization", "roles"];

/// What the provider offers, as Discovery 1.0 describes it: the authorization code flow only,
/// PKCE with S256, RS256 signatures, public subject identifiers.
pub fn metadata(issuer: &str) -> Result<Metadata, String> {
    let at = |path: &str| format!("{issuer}{path}");
    let meta = Metadata::new(
        IssuerUrl::new(issuer.to_string()).map_err(|e| e.to_string())?,
        AuthUrl::new(at(AUTHORIZE_PATH)).map_err(|e| e.to_string())?,
        JsonWebKeySetUrl::new(at(JWKS_PATH)).map_err(|e| e.to_string())?,
        vec![ResponseTypes::new(vec![CoreResponseType::Code])],
        vec![CoreSubjectIdentifierType::Public],
        vec![CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256],
        PortalMetadata {
            code_challenge_methods_supported: vec!["S256".to_string()],
            backchannel_logout_supported: true,
            backchannel_logout_session_supported: true,
            authorization_response_iss_parameter_supported: true,
        },
    )
    .set_token_endpoint(Some(TokenUrl::new(at(TOKEN_PATH)).map_err(|e| e.to_string())?))
    .set_userinfo_endpoint(Some(UserInfoUrl::new(at(USERINFO_PATH)).map_err(|e| e.to_string())?))
    .set_scopes_supported(Some(["openid", "email", "profile"].map(|s| Scope::new(s.to_string())).to_vec()))
    .set_claims_supported(Some(CLAIMS.map(|c| CoreClaimName::new(c.to_string())).to_vec()))
    .set_grant_types_supported(Some(vec![CoreGrantType::AuthorizationCode]))
    .set_response_modes_supported(Some(vec![CoreResponseMode::Query]))
    .set_token_endpoint_auth_methods_supported(Some(vec![CoreClientAuthMethod::ClientSecretBasic, CoreClientAuthMethod::ClientSecretPost]))
    .set_claims_parameter_supported(Some(false))
    .set_request_parameter_supported(Some(false))
    .set_request_uri_parameter_supported(Some(false));
    Ok(meta)
}

/// JSON with a short shared cache: clients fetch these often, and a rotation must show soon.
fn json(body: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "public, max-age=60")], bytes).into_response(),
        Err(e) => failed(e),
    }
}

fn failed(e: impl std::fmt::Display) -> Response {
    tracing::error!("openid provider: {e}");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// `GET /.well-known/openid-configuration`.
pub async fn discovery(Extension(state): Extension<AppState>) -> Response {
    match metadata(&state.config.public_url) {
        Ok(meta) => json(&meta),
        Err(e) => failed(e),
    }
}

/// `GET /oauth/jwks`: the public keys the ID tokens are checked with.
pub async fn jwks(Extension(state): Extension<AppState>) -> Response {
    match signing::published(&state).await {
        Ok(set) => json(&set),
        Err(e) => failed(format!("{e:?}")),
    }
}

/// The refusal page's content: a registered application's name, and the active users of the
/// caller's own organization who hold Users & Permissions (they manage the groups).
pub async fn refusal(application: String) -> Result<super::Refusal, AppError> {
    reply(
        async {
            let org = require_user()?.org();
            let client = clients::find(org.state(), &application).await?.ok_or_else(|| AppError::field("application", "error-not-found"))?;
            let admins: Vec<(String, String, String)> = org
                .query_as(
                    "SELECT DISTINCT p.first_name, p.last_name, p.email FROM profiles p \
                     JOIN permission_group_members m ON m.profile_id = p.id AND m.organization_id = p.organization_id \
                     JOIN permission_group_portal_roles r ON r.group_id = m.group_id \
                     WHERE p.organization_id = $1 AND p.is_user = 1 AND p.user_status = 'active' AND r.role_code = $2 \
                     ORDER BY p.last_name, p.first_name, p.email",
                )
                .bind(crate::platform::PortalRole::UsersPermissions.code().to_string())
                .fetch_all()
                .await?;
            Ok(super::Refusal {
                application: client.name,
                administrators: admins
                    .into_iter()
                    .map(|(first, last, email)| super::Administrator { name: format!("{first} {last}").trim().to_string(), email })
                    .collect(),
            })
        }
        .await,
    )
}
