//! A sign-in through an organization's provider: sent there with the authorization code flow
//! (PKCE S256, `state`, `nonce`, the address as `login_hint`), the pending sign-in kept as a
//! row; back with a code that is exchanged once, an ID token checked (issuer, audience,
//! signature against the provider's published keys, nonce, expiry, a verified address), and the
//! person matched to an active or invited user of that organization. No account is made here:
//! the portal's profiles and permission groups stay the source of access.

use super::super::activity::{self, Activity};
use super::super::credentials;
use super::super::session::{self, Begin, Stage};
use super::super::state::AppState;
use super::super::{cookies, hash_token, random_hex, totp};
use super::{http_client, Provider};
use crate::domain::{Email, ReturnTo};
use crate::error::AppError;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope};

/// How long the provider may take to send the person back.
const PENDING_SECS: i64 = 10 * 60;

/// Where the provider sends the person back: the callback server function.
pub const CALLBACK_PATH: &str = "/api/public/unlimited/sso_callback";

/// What reading the provider's discovery document and keys found.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tested {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub keys: usize,
}

/// Why a sign-in through a provider did not complete: the code of the message the sign-in page
/// shows (`sso-error-<code>`) and of the activity line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// The provider cannot be reached, or answered nonsense.
    Unreachable,
    /// The answer could not be verified (state, code, token), or the provider refused the portal.
    Invalid,
    /// The person cancelled or the provider declined.
    Cancelled,
    /// The provider did not vouch for the address.
    Unverified,
    /// Nobody of the organization with that address may sign in.
    Unknown,
    Disabled,
}

impl Refused {
    pub fn code(self) -> &'static str {
        match self {
            Refused::Unreachable => "unreachable",
            Refused::Invalid => "invalid",
            Refused::Cancelled => "cancelled",
            Refused::Unverified => "unverified",
            Refused::Unknown => "unknown",
            Refused::Disabled => "disabled",
        }
    }
}

fn callback_url(state: &AppState) -> String {
    format!("{}{CALLBACK_PATH}", state.config.public_url)
}

/// Discovery documents with their keys, by issuer, as read in the last few minutes: a sign-in
/// reads them once, not at each of its steps. A token signed with a key not among them reads
/// them again (the provider rotated its keys).
type Discovered = std::collections::HashMap<String, (std::time::Instant, CoreProviderMetadata)>;
static DISCOVERED: std::sync::OnceLock<std::sync::Mutex<Discovered>> = std::sync::OnceLock::new();
const DISCOVERED_SECS: u64 = 300;

/// The provider's discovery document and keys: from the last few minutes' reading, or `fresh`.
async fn discover(state: &AppState, p: &Provider, fresh: bool) -> Result<CoreProviderMetadata, Refused> {
    let cache = DISCOVERED.get_or_init(Default::default);
    if !fresh {
        let known = cache.lock().ok().and_then(|c| c.get(&p.issuer).cloned());
        if let Some((_, metadata)) = known.filter(|(at, _)| at.elapsed().as_secs() < DISCOVERED_SECS) {
            return Ok(metadata);
        }
    }
    let http = http_client(state).map_err(|_| Refused::Unreachable)?;
    let issuer = IssuerUrl::new(p.issuer.clone()).map_err(|_| Refused::Unreachable)?;
    let metadata = CoreProviderMetadata::discover_async(issuer, &http).await.map_err(|e| {
        tracing::warn!(organization = %p.organization_id, issuer = %p.issuer, error = %e, "an identity provider's discovery failed");
        Refused::Unreachable
    })?;
    if let Ok(mut c) = cache.lock() {
        c.insert(p.issuer.clone(), (std::time::Instant::now(), metadata.clone()));
    }
    Ok(metadata)
}

/// "Test the connection": the discovery document (its issuer the one configured) and the keys.
pub async fn test(state: &AppState, p: &Provider) -> Result<Tested, AppError> {
    let http = http_client(state)?;
    let issuer = IssuerUrl::new(p.issuer.clone()).map_err(|_| AppError::field("issuer", "error-idp-issuer"))?;
    let metadata = CoreProviderMetadata::discover_async(issuer, &http).await.map_err(|e| {
        use openidconnect::DiscoveryError as D;
        let id = match e {
            D::Request(_) => "error-idp-unreachable",
            D::Validation(_) => "error-idp-issuer-mismatch",
            D::Response(..) | D::Parse(_) | D::UrlParse(_) | D::Other(_) => "error-idp-not-openid",
            _ => "error-idp-not-openid",
        };
        AppError::field("issuer", id)
    })?;
    let keys = metadata.jwks().keys().len();
    if keys == 0 {
        return Err(AppError::field("issuer", "error-idp-no-keys"));
    }
    Ok(Tested { issuer: metadata.issuer().to_string(), authorization_endpoint: metadata.authorization_endpoint().to_string(), keys })
}

/// Records an attempt "via <provider>" with its outcome.
async fn record(state: &AppState, organization_id: &str, profile_id: Option<&str>, email: &str, kind: &str, provider: &str, ip: Option<&str>) -> Result<(), AppError> {
    let line = Activity { organization_id: Some(organization_id), actor_profile_id: profile_id, subject_profile_id: profile_id, email, kind, ip };
    activity::record_detailed(state, line, Some(provider)).await
}

/// Where a sign-in goes: the provider's address, and the sign-in's `state` (its key here).
pub struct Begun {
    pub url: String,
    pub state: String,
}

/// Sends `email` to its organization's provider.
pub async fn begin(state: &AppState, p: &Provider, email: &Email, return_to: Option<&ReturnTo>, ip: Option<&str>) -> Result<Begun, Refused> {
    let metadata = match discover(state, p, false).await {
        Ok(m) => m,
        Err(r) => {
            let _ = record(state, &p.organization_id, None, email.as_str(), "sso-failed-unreachable", &p.display_name, ip).await;
            return Err(r);
        }
    };
    // The provider's sign-in page is where the browser goes: HTTPS, as everything fetched.
    if !super::allowed(metadata.authorization_endpoint().as_str(), state.config.idp_allow_insecure) {
        tracing::warn!(organization = %p.organization_id, "an identity provider's authorization endpoint is not HTTPS to a public address");
        let _ = record(state, &p.organization_id, None, email.as_str(), "sso-failed-unreachable", &p.display_name, ip).await;
        return Err(Refused::Unreachable);
    }
    let redirect = RedirectUrl::new(callback_url(state)).map_err(|_| Refused::Invalid)?;
    let client = CoreClient::from_provider_metadata(metadata, ClientId::new(p.client_id.clone()), Some(ClientSecret::new(p.client_secret.clone()))).set_redirect_uri(redirect);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, csrf, nonce) = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge)
        .add_extra_param("login_hint", email.as_str().to_string())
        .url();
    // Bound to this browser: its half is a cookie only the provider's return is sent.
    let browser = random_hex(32);
    cookies::set(&cookies::sso(state, &browser, PENDING_SECS, CALLBACK_PATH));
    let stored = super::Insert::into(&state.db.pool, "sso_pending")
        .value("state_hash", hash_token(csrf.secret()))
        .value("organization_id", p.organization_id.clone())
        .value("nonce", nonce.secret().clone())
        .value("pkce_verifier", verifier.secret().clone())
        .value("login_hint", email.as_str().to_string())
        .value("return_to", return_to.map(|r| r.as_str().to_string()))
        .value("authorize_url", Some(url.to_string()))
        .value("browser_hash", Some(hash_token(&browser)))
        .value("expires_at", state.now() + PENDING_SECS)
        .execute()
        .await;
    if let Err(e) = stored {
        tracing::error!(error = ?e, "storing a pending sign-in");
        return Err(Refused::Invalid);
    }
    // Old pending sign-ins nobody came back for.
    let _ = sqlx::query("DELETE FROM sso_pending WHERE expires_at < $1").bind(state.now()).execute(&state.db.pool).await;
    Ok(Begun { url: url.to_string(), state: csrf.secret().clone() })
}

/// The provider's name and sign-in address of a pending sign-in, found by its `state` (not
/// spent: the provider's return spends it): where a browser without JavaScript goes on to.
pub async fn pending_url(state: &AppState, csrf: &str) -> Result<Option<(String, String)>, AppError> {
    if csrf.is_empty() || csrf.len() > 200 {
        return Ok(None);
    }
    let found: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT p.display_name, s.authorize_url FROM sso_pending s JOIN identity_providers p ON p.organization_id = s.organization_id \
         WHERE s.state_hash = $1 AND s.expires_at >= $2",
    )
    .bind(hash_token(csrf))
    .bind(state.now())
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(found.and_then(|(name, url)| url.map(|u| (name, u))))
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    organization_id: String,
    nonce: String,
    pkce_verifier: String,
    login_hint: String,
    return_to: Option<String>,
    expires_at: i64,
    browser_hash: Option<String>,
}

#[derive(sqlx::FromRow)]
struct PersonRow {
    id: String,
    organization_id: String,
    user_status: Option<String>,
    totp_secret: Option<String>,
}

/// Back from the provider: the sign-in checked and, when it holds, a session at its next step.
/// Gives where the browser goes next; a refusal says why (and the provider's name, once known).
pub async fn finish(state: &AppState, code: Option<&str>, csrf: Option<&str>, error: Option<&str>, ip: Option<&str>) -> Result<String, (Refused, Option<String>)> {
    // The pending sign-in, taken once: a replayed `state` finds nothing.
    let Some(csrf) = csrf.filter(|s| !s.is_empty() && s.len() <= 200) else { return Err((Refused::Invalid, None)) };
    let pending: Option<PendingRow> = sqlx::query_as(
        "DELETE FROM sso_pending WHERE state_hash = $1 RETURNING organization_id, nonce, pkce_verifier, login_hint, return_to, expires_at, browser_hash",
    )
    .bind(hash_token(csrf))
    .fetch_optional(&state.db.pool)
    .await
    .map_err(|_| (Refused::Invalid, None))?;
    let Some(pending) = pending.filter(|p| p.expires_at >= state.now()) else {
        tracing::warn!("a sign-in came back from a provider with an unknown, used or expired state");
        return Err((Refused::Invalid, None));
    };
    // The browser that started it, and no other: an answer carried elsewhere signs nobody in.
    let browser = cookies::read(&cookies::request_headers(), cookies::SSO_COOKIE).map(|b| hash_token(&b));
    cookies::set(&cookies::sso(state, "", 0, CALLBACK_PATH));
    if browser.is_none() || browser != pending.browser_hash {
        tracing::warn!("a provider's answer came back to another browser than the one that started the sign-in");
        return Err((Refused::Invalid, None));
    }
    let p = match super::provider(state, &pending.organization_id).await {
        Ok(Some(p)) => p,
        _ => return Err((Refused::Invalid, None)),
    };
    let name = Some(p.display_name.clone());
    let refuse = |r: Refused, profile: Option<String>, email: String| {
        let (state, p, ip) = (state.clone(), p.clone(), ip.map(str::to_string));
        async move {
            let kind = match r {
                Refused::Unreachable => "sso-failed-unreachable".to_string(),
                Refused::Cancelled => "sso-cancelled".to_string(),
                other => format!("sso-refused-{}", other.code()),
            };
            if let Err(e) = record(&state, &p.organization_id, profile.as_deref(), &email, &kind, &p.display_name, ip.as_deref()).await {
                tracing::error!(error = ?e, "recording a refused sign-in");
            }
            (r, Some(p.display_name.clone()))
        }
    };
    if error.is_some() || code.is_none() {
        return Err(refuse(Refused::Cancelled, None, pending.login_hint.clone()).await);
    }
    let metadata = match discover(state, &p, false).await {
        Ok(m) => m,
        Err(r) => return Err(refuse(r, None, pending.login_hint.clone()).await),
    };
    let http = http_client(state).map_err(|_| (Refused::Unreachable, name.clone()))?;
    let redirect = RedirectUrl::new(callback_url(state)).map_err(|_| (Refused::Invalid, name.clone()))?;
    let client = CoreClient::from_provider_metadata(metadata, ClientId::new(p.client_id.clone()), Some(ClientSecret::new(p.client_secret.clone()))).set_redirect_uri(redirect);
    let exchanged = match client.exchange_code(AuthorizationCode::new(code.unwrap_or_default().to_string())) {
        Ok(req) => req.set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier.clone())).request_async(&http).await,
        Err(e) => {
            tracing::warn!(error = %e, "the provider has no token endpoint");
            return Err(refuse(Refused::Unreachable, None, pending.login_hint.clone()).await);
        }
    };
    let tokens = match exchanged {
        Ok(t) => t,
        Err(openidconnect::RequestTokenError::Request(e)) => {
            tracing::warn!(error = %e, "the provider's token endpoint cannot be reached");
            return Err(refuse(Refused::Unreachable, None, pending.login_hint.clone()).await);
        }
        Err(e) => {
            // A wrong client secret shows here, at the first real sign-in.
            tracing::error!(organization = %p.organization_id, error = %e, "the provider refused the code exchange (wrong client id or secret?)");
            return Err(refuse(Refused::Invalid, None, pending.login_hint.clone()).await);
        }
    };
    use openidconnect::TokenResponse;
    let Some(id_token) = tokens.id_token() else { return Err(refuse(Refused::Invalid, None, pending.login_hint.clone()).await) };
    let nonce = Nonce::new(pending.nonce.clone());
    let mut checked = id_token.claims(&client.id_token_verifier(), &nonce).cloned();
    if let Err(openidconnect::ClaimsVerificationError::SignatureVerification(_)) = checked {
        // Signed with a key the portal has not read yet: the provider's keys, read again once.
        if let Ok(fresh) = discover(state, &p, true).await {
            let again = CoreClient::from_provider_metadata(fresh, ClientId::new(p.client_id.clone()), Some(ClientSecret::new(p.client_secret.clone())));
            checked = id_token.claims(&again.id_token_verifier(), &nonce).cloned();
        }
    }
    let claims = match checked {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(organization = %p.organization_id, error = %e, "an ID token failed its checks");
            return Err(refuse(Refused::Invalid, None, pending.login_hint.clone()).await);
        }
    };
    // The address and whether the provider verified it: in the ID token, or else (a provider
    // that keeps the ID token small) from its userinfo endpoint, for the same subject.
    let (mut claimed, mut verified) = (claims.email().map(|e| e.as_str().to_string()), claims.email_verified());
    if claimed.is_none() {
        use openidconnect::OAuth2TokenResponse;
        if let Ok(req) = client.user_info(tokens.access_token().clone(), Some(claims.subject().clone())) {
            let info: Result<openidconnect::UserInfoClaims<openidconnect::EmptyAdditionalClaims, openidconnect::core::CoreGenderClaim>, _> = req.request_async(&http).await;
            match info {
                Ok(info) => (claimed, verified) = (info.email().map(|e| e.as_str().to_string()), info.email_verified()),
                Err(e) => tracing::warn!(error = %e, "the provider's userinfo endpoint"),
            }
        }
    }
    let Ok(email) = Email::parse(claimed.as_deref().unwrap_or_default()) else { return Err(refuse(Refused::Unverified, None, pending.login_hint.clone()).await) };
    // A provider that says the address is not verified is refused; one that says nothing (as
    // Microsoft Entra ID) vouches for addresses of the domains verified for the organization.
    if verified == Some(false) {
        return Err(refuse(Refused::Unverified, None, email.as_str().to_string()).await);
    }
    let mfa = claims.auth_method_refs().is_some_and(|amr| amr.iter().any(|m| m.as_str() == "mfa"));
    // The address must be of a verified domain of this organization, and one of its users.
    let domain_ours: Option<(String,)> = sqlx::query_as("SELECT domain FROM sso_domains WHERE organization_id = $1 AND domain = $2 AND verified_at IS NOT NULL")
        .bind(p.organization_id.clone())
        .bind(email.domain().to_string())
        .fetch_optional(&state.db.pool)
        .await
        .map_err(|_| (Refused::Invalid, name.clone()))?;
    let person: Option<PersonRow> = sqlx::query_as("SELECT id, organization_id, user_status, totp_secret FROM profiles WHERE email = $1 AND is_user = 1")
        .bind(email.as_str().to_string())
        .fetch_optional(&state.db.pool)
        .await
        .map_err(|_| (Refused::Invalid, name.clone()))?;
    let Some(person) = person.filter(|x| x.organization_id == p.organization_id && domain_ours.is_some()) else {
        return Err(refuse(Refused::Unknown, None, email.as_str().to_string()).await);
    };
    match person.user_status.as_deref() {
        Some("active") | Some("invited") => {}
        _ => return Err(refuse(Refused::Disabled, Some(person.id.clone()), email.as_str().to_string()).await),
    }
    let return_to = ReturnTo::optional(pending.return_to.as_deref());
    let started = start_session(state, &p, &person, mfa, return_to.as_ref(), email.as_str(), ip).await;
    started.map_err(|e| {
        tracing::error!(error = ?e, "starting a session after a provider's sign-in");
        (Refused::Invalid, name.clone())
    })
}

/// The session the verified person continues in: signed in when the provider's MFA is trusted
/// and was done; else the portal's code next (or its set-up, for someone who has none yet).
async fn start_session(state: &AppState, p: &Provider, person: &PersonRow, mfa: bool, return_to: Option<&ReturnTo>, email: &str, ip: Option<&str>) -> Result<String, AppError> {
    if person.user_status.as_deref() == Some("invited") {
        // Accepted at the provider: the invitation's link is spent (no portal password to choose).
        sqlx::query("UPDATE account_tokens SET used_at = $1 WHERE profile_id = $2 AND purpose = 'invite' AND used_at IS NULL")
            .bind(state.now())
            .bind(person.id.clone())
            .execute(&state.db.pool)
            .await?;
    }
    if mfa && p.trust_provider_mfa {
        // Signed in by the provider's own factors: the portal's failure count starts again. (On
        // the way to the portal's code, it is the code step that counts and resets it.)
        credentials::reset_failures(state, email).await?;
        if person.user_status.as_deref() == Some("invited") {
            let activated = sqlx::query("UPDATE profiles SET user_status = 'active', updated_at = $1, version = version + 1 WHERE id = $2 AND user_status = 'invited'")
                .bind(state.now())
                .bind(person.id.clone())
                .execute(&state.db.pool)
                .await?;
            if activated.rows_affected() != 1 {
                return Err(AppError::Forbidden);
            }
            record(state, &p.organization_id, Some(&person.id), email, "activated", &p.display_name, ip).await?;
        }
        session::replace(state, &person.id, &person.organization_id, Stage::Authenticated, Begin { pending_secret: None, return_to: None }).await?;
        record(state, &p.organization_id, Some(&person.id), email, "sso-signed-in", &p.display_name, ip).await?;
        return Ok(return_to.map_or("/profile".to_string(), |r| r.as_str().to_string()));
    }
    record(state, &p.organization_id, Some(&person.id), email, "sso-verified", &p.display_name, ip).await?;
    if person.totp_secret.is_some() {
        session::replace(state, &person.id, &person.organization_id, Stage::SecondFactor, Begin { pending_secret: None, return_to }).await?;
        Ok("/login/code".to_string())
    } else {
        let secret = totp::new_secret();
        session::replace(state, &person.id, &person.organization_id, Stage::Enrolment, Begin { pending_secret: Some(&secret), return_to }).await?;
        Ok("/mfa/setup".to_string())
    }
}
