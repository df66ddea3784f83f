//! The ID token an application receives: OpenID Connect Core's claims, signed RS256 with the
//! key that signs now, plus the person's organization and their roles for the application.

use crate::platform::ssr::clients::Entrant;
use crate::error::AppError;
use crate::platform::ssr::internal;
use crate::platform::ssr::signing::{SigningKey, TOKEN_LIFETIME_SECS};
use chrono::{DateTime, Utc};
use openidconnect::core::{CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm};
use openidconnect::{
    AdditionalClaims, Audience, AuthenticationMethodReference, EndUserEmail, EndUserName, IdToken, IdTokenClaims, IssuerUrl, LanguageTag, Nonce,
    StandardClaims, SubjectIdentifier,
};
use serde::{Deserialize, Serialize};

/// The portal's own claims: whose organization, and which of its roles count here.
#[derive(Clone, Debug, Deserialize, PartialEq, Serialize)]
pub struct PortalClaims {
    pub organization: Organization,
    pub roles: Vec<String>,
    /// The session id a back-channel logout names (OpenID Connect Back-Channel Logout 1.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Serialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
}

impl AdditionalClaims for PortalClaims {}

/// The ID token's type: Core's, with [`PortalClaims`].
pub type PortalIdToken = IdToken<PortalClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;

/// How the person signed in: a password, then a one-time code.
pub const AMR: [&str; 3] = ["pwd", "otp", "mfa"];

/// What goes into one ID token besides the person.
pub struct Issue<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: Option<&'a str>,
    /// When the person signed in to the portal (Unix time).
    pub auth_time: i64,
    pub now: i64,
    /// The application's session id.
    pub sid: Option<&'a str>,
}

fn at(t: i64) -> Result<DateTime<Utc>, AppError> {
    DateTime::from_timestamp(t, 0).ok_or_else(|| internal(format!("time {t} out of range")))
}

/// The signed ID token (compact JWS) for `who`, valid [`TOKEN_LIFETIME_SECS`].
pub fn id_token(key: &SigningKey, who: &Entrant, issue: &Issue<'_>) -> Result<String, AppError> {
    let standard = StandardClaims::new(SubjectIdentifier::new(who.subject.clone()))
        .set_email(Some(EndUserEmail::new(who.email.clone())))
        .set_email_verified(Some(true))
        .set_name(Some(EndUserName::new(who.name.clone()).into()))
        .set_locale(Some(LanguageTag::new(who.locale.code().to_string())));
    let portal = PortalClaims {
        organization: Organization { id: who.organization_id.clone(), name: who.organization_name.clone() },
        roles: who.roles.clone(),
        sid: issue.sid.map(str::to_string),
    };
    let claims = IdTokenClaims::new(
        IssuerUrl::new(issue.issuer.to_string()).map_err(internal)?,
        vec![Audience::new(issue.client_id.to_string())],
        at(issue.now + TOKEN_LIFETIME_SECS)?,
        at(issue.now)?,
        standard,
        portal,
    )
    .set_auth_time(Some(at(issue.auth_time)?))
    .set_nonce(issue.nonce.map(|n| Nonce::new(n.to_string())))
    .set_auth_method_refs(Some(AMR.iter().map(|m| AuthenticationMethodReference::new(m.to_string())).collect()));
    let token = PortalIdToken::new(claims, &key.key, CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256, None, None).map_err(internal)?;
    Ok(token.to_string())
}
