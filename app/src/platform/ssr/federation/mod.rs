//! Signing in through an organization's own identity provider (OpenID Connect, as with
//! Microsoft Entra ID): its settings (the client secret sealed under the server's key), the
//! e-mail domains it covers once the provider's operator verified them, and which way an
//! address signs in. The flow itself (authorization code with PKCE, `state`, `nonce`, the ID
//! token checked) is in `flow.rs`; everything a sign-in waits on is a row, never memory.

pub mod flow;
mod outbound;

pub use outbound::{allowed, http_client, Outbound};

use super::access::{AdminDb, Insert, OperatorDb};
use super::sealed;
use super::state::AppState;
use crate::domain::Email;
use crate::error::AppError;

/// What an organization's administrators or the operator set.
#[derive(Clone)]
pub struct Settings {
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    /// `None` keeps the secret already stored.
    pub client_secret: Option<String>,
    pub domains: Vec<String>,
    pub allow_passwords: bool,
    pub trust_provider_mfa: bool,
    pub break_glass_profile_id: Option<String>,
}

pub use crate::platform::ProviderSettings as Shown;

#[derive(sqlx::FromRow)]
struct Row {
    organization_id: String,
    display_name: String,
    issuer: String,
    client_id: String,
    client_secret_sealed: String,
    allow_passwords: i64,
    trust_provider_mfa: i64,
    break_glass_profile_id: Option<String>,
    version: i64,
}

const COLUMNS: &str = "organization_id, display_name, issuer, client_id, client_secret_sealed, allow_passwords, trust_provider_mfa, break_glass_profile_id, version";

/// An organization's provider, ready to use: its secret opened (never printed).
#[derive(Clone)]
pub struct Provider {
    pub organization_id: String,
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub allow_passwords: bool,
    pub trust_provider_mfa: bool,
    pub break_glass_profile_id: Option<String>,
}

impl std::fmt::Debug for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Provider").field("organization_id", &self.organization_id).field("issuer", &self.issuer).field("client_id", &self.client_id).finish_non_exhaustive()
    }
}

/// The server's key for secrets, or the reason nothing can be sealed.
fn key(state: &AppState) -> Result<sealed::Key, AppError> {
    state.config.secret_key.ok_or_else(|| AppError::field("client_secret", "error-idp-no-key"))
}

async fn row(state: &AppState, organization_id: &str) -> Result<Option<Row>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM identity_providers WHERE organization_id = $1"))
        .bind(organization_id.to_string())
        .fetch_optional(&state.db.pool)
        .await?)
}

/// The organization's provider, its secret opened with the server's key.
pub async fn provider(state: &AppState, organization_id: &str) -> Result<Option<Provider>, AppError> {
    let Some(r) = row(state, organization_id).await? else { return Ok(None) };
    let secret = sealed::open(&key(state)?, &r.organization_id, &r.client_secret_sealed).ok_or_else(|| {
        tracing::error!(organization = %organization_id, "an identity provider's secret does not open with this server's PORTAL_SECRET_KEY");
        AppError::Internal
    })?;
    Ok(Some(Provider {
        organization_id: r.organization_id,
        display_name: r.display_name,
        issuer: r.issuer,
        client_id: r.client_id,
        client_secret: secret,
        allow_passwords: r.allow_passwords == 1,
        trust_provider_mfa: r.trust_provider_mfa == 1,
        break_glass_profile_id: r.break_glass_profile_id,
    }))
}

async fn shown(state: &AppState, organization_id: &str) -> Result<Option<Shown>, AppError> {
    let Some(r) = row(state, organization_id).await? else { return Ok(None) };
    let domains: Vec<(String, Option<i64>)> = sqlx::query_as("SELECT domain, verified_at FROM sso_domains WHERE organization_id = $1 ORDER BY domain")
        .bind(organization_id.to_string())
        .fetch_all(&state.db.pool)
        .await?;
    Ok(Some(Shown {
        display_name: r.display_name,
        issuer: r.issuer,
        client_id: r.client_id,
        secret_stored: !r.client_secret_sealed.is_empty(),
        domains: domains.into_iter().map(|(d, v)| (d, v.is_some())).collect(),
        allow_passwords: r.allow_passwords == 1,
        trust_provider_mfa: r.trust_provider_mfa == 1,
        break_glass_profile_id: r.break_glass_profile_id,
        version: r.version,
    }))
}

/// Who may be the break-glass administrator: the organization's active holders of Users &
/// Permissions, (id, name) by name.
async fn break_glass_candidates(state: &AppState, organization_id: &str) -> Result<Vec<(String, String)>, AppError> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT DISTINCT p.id, p.first_name || ' ' || p.last_name, p.first_name, p.last_name FROM profiles p \
         JOIN permission_group_members m ON m.profile_id = p.id AND m.organization_id = p.organization_id \
         JOIN permission_group_portal_roles r ON r.group_id = m.group_id AND r.role_code = 'users-permissions' \
         WHERE p.organization_id = $1 AND p.is_user = 1 AND p.user_status = 'active' ORDER BY p.first_name, p.last_name, p.id",
    )
    .bind(organization_id.to_string())
    .fetch_all(&state.db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.0, r.1)).collect())
}

/// A domain as a DNS name: lowercased, dotted, letters, digits and hyphens.
pub fn parse_domain(raw: &str) -> Option<String> {
    let d = raw.trim().trim_end_matches('.').to_lowercase();
    let label_ok = |l: &str| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    (d.len() <= 253 && d.contains('.') && d.split('.').all(label_ok)).then_some(d)
}

/// The issuer as a URL the portal will fetch: HTTPS (plain HTTP only where the server allows
/// it, for development and tests), no query or fragment.
pub fn parse_issuer(state: &AppState, raw: &str) -> Option<String> {
    let u = url::Url::parse(raw.trim()).ok()?;
    let scheme_ok = u.scheme() == "https" || (u.scheme() == "http" && state.config.idp_allow_insecure);
    (scheme_ok && u.host_str().is_some() && u.query().is_none() && u.fragment().is_none() && u.username().is_empty()).then(|| raw.trim().to_string())
}

/// Checks and stores `s` for the organization, made on `version` (0: none yet); the domains
/// listed are the organization's from now on (new ones wait for the operator's verification).
async fn save(state: &AppState, organization_id: &str, s: Settings, version: i64, by: &str) -> Result<(), AppError> {
    let mut errors = vec![];
    let name = s.display_name.trim().to_string();
    if name.is_empty() || name.chars().count() > 100 || name.contains(['\r', '\n']) {
        errors.push(("display_name", "error-idp-name"));
    }
    let issuer = parse_issuer(state, &s.issuer);
    if issuer.is_none() {
        errors.push(("issuer", if state.config.idp_allow_insecure { "error-idp-issuer" } else { "error-idp-issuer-https" }));
    }
    let client_id = s.client_id.trim().to_string();
    if client_id.is_empty() || client_id.len() > 255 || client_id.contains(char::is_whitespace) {
        errors.push(("client_id", "error-idp-client-id"));
    }
    let secret = s.client_secret.as_deref().map(str::trim).filter(|v| !v.is_empty());
    if secret.is_some_and(|v| v.len() > 1000) {
        errors.push(("client_secret", "error-idp-client-secret"));
    }
    let mut domains = vec![];
    for raw in s.domains.iter().filter(|d| !d.trim().is_empty()) {
        match parse_domain(raw) {
            Some(d) if !domains.contains(&d) => domains.push(d),
            Some(_) => {}
            None if errors.iter().any(|e| e.0 == "domains") => {}
            None => errors.push(("domains", "error-idp-domain")),
        }
    }
    if domains.is_empty() && !errors.iter().any(|e| e.0 == "domains") {
        errors.push(("domains", "error-idp-domains-required"));
    }
    let existing = row(state, organization_id).await?;
    // Another provider (issuer or client) is another trust: its own secret, and the domains
    // verified again by the operator before anyone is sent there.
    let repointed = existing.as_ref().is_some_and(|r| Some(r.issuer.as_str()) != issuer.as_deref() || r.client_id != client_id);
    if (existing.is_none() || repointed) && secret.is_none() {
        errors.push(("client_secret", if repointed { "error-idp-client-secret-again" } else { "error-idp-client-secret" }));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors.into_iter().map(|(f, m)| crate::error::FieldError { field: f.into(), message_id: m.into() }).collect()));
    }
    if existing.as_ref().map_or(0, |r| r.version) != version {
        return Err(AppError::field("form", "error-idp-conflict"));
    }
    let sealed_secret = match secret {
        Some(v) => sealed::seal(&key(state)?, organization_id, v),
        None => existing.as_ref().map(|r| r.client_secret_sealed.clone()).unwrap_or_default(),
    };
    // The break-glass administrator is one of the organization's own active administrators.
    if let Some(p) = &s.break_glass_profile_id {
        if !break_glass_candidates(state, organization_id).await?.iter().any(|(id, _)| id == p) {
            return Err(AppError::field("break_glass", "error-idp-break-glass"));
        }
    }
    let now = state.now();
    let mut tx = state.db.pool.begin().await?;
    let written = if existing.is_some() {
        sqlx::query(
            "UPDATE identity_providers SET display_name = $1, issuer = $2, client_id = $3, client_secret_sealed = $4, allow_passwords = $5, \
             trust_provider_mfa = $6, break_glass_profile_id = $7, version = version + 1, updated_at = $8, updated_by = $9 \
             WHERE organization_id = $10 AND version = $11",
        )
        .bind(name)
        .bind(issuer.unwrap_or_default())
        .bind(client_id)
        .bind(sealed_secret)
        .bind(i64::from(s.allow_passwords))
        .bind(i64::from(s.trust_provider_mfa))
        .bind(s.break_glass_profile_id.clone())
        .bind(now)
        .bind(by.to_string())
        .bind(organization_id.to_string())
        .bind(version)
        .execute(&mut *tx)
        .await?
        .rows_affected()
    } else {
        Insert::into(&state.db.pool, "identity_providers")
            .value("organization_id", organization_id.to_string())
            .value("display_name", name)
            .value("issuer", issuer.unwrap_or_default())
            .value("client_id", client_id)
            .value("client_secret_sealed", sealed_secret)
            .value("allow_passwords", i64::from(s.allow_passwords))
            .value("trust_provider_mfa", i64::from(s.trust_provider_mfa))
            .value("break_glass_profile_id", s.break_glass_profile_id.clone())
            .value("updated_at", now)
            .value("updated_by", Some(by.to_string()))
            .unless_exists("organization_id")
            .execute_in(&mut tx)
            .await?
            .rows_affected()
    };
    if written != 1 {
        return Err(AppError::field("form", "error-idp-conflict"));
    }
    if repointed {
        sqlx::query("UPDATE sso_domains SET verified_at = NULL WHERE organization_id = $1").bind(organization_id.to_string()).execute(&mut *tx).await?;
    }
    // The domains: those no longer listed go; new ones wait for verification; one another
    // organization holds is refused.
    let held: Vec<(String,)> = sqlx::query_as("SELECT domain FROM sso_domains WHERE organization_id = $1").bind(organization_id.to_string()).fetch_all(&mut *tx).await?;
    for (d,) in &held {
        if !domains.contains(d) {
            sqlx::query("DELETE FROM sso_domains WHERE organization_id = $1 AND domain = $2").bind(organization_id.to_string()).bind(d.clone()).execute(&mut *tx).await?;
        }
    }
    for d in domains.iter().filter(|d| !held.iter().any(|(h,)| h == *d)) {
        let added = Insert::into(&state.db.pool, "sso_domains")
            .value("domain", d.clone())
            .value("organization_id", organization_id.to_string())
            .value("created_at", now)
            .unless_exists("domain")
            .execute_in(&mut tx)
            .await?;
        if added.rows_affected() != 1 {
            return Err(AppError::field("domains", "error-idp-domain-taken"));
        }
    }
    tx.commit().await?;
    Ok(())
}

impl AdminDb {
    /// The organization's provider settings, if any (never the secret).
    pub async fn identity_provider(&self) -> Result<Option<Shown>, AppError> {
        shown(self.state(), &self.me().organization_id).await
    }

    /// Who may be the organization's break-glass administrator: (id, name).
    pub async fn break_glass_candidates(&self) -> Result<Vec<(String, String)>, AppError> {
        break_glass_candidates(self.state(), &self.me().organization_id).await
    }

    /// Saves the organization's provider settings, made on the `version` the page showed.
    pub async fn save_identity_provider(&self, s: Settings, version: i64) -> Result<(), AppError> {
        save(self.state(), &self.me().organization_id, s, version, &self.me().email).await
    }

    /// Reads the provider's discovery document and keys: what is wrong, said clearly.
    pub async fn test_identity_provider(&self) -> Result<flow::Tested, AppError> {
        let p = provider(self.state(), &self.me().organization_id).await?.ok_or_else(|| AppError::field("issuer", "error-idp-none"))?;
        flow::test(self.state(), &p).await
    }
}

impl OperatorDb {
    pub async fn identity_provider(&self, organization_id: &str) -> Result<Option<Shown>, AppError> {
        shown(self.state(), organization_id).await
    }

    /// Sets an organization's provider (replacing what was there, whatever its version).
    pub async fn set_identity_provider(&self, organization_id: &str, s: Settings) -> Result<(), AppError> {
        let version = row(self.state(), organization_id).await?.map_or(0, |r| r.version);
        save(self.state(), organization_id, s, version, "operator").await
    }

    /// Marks a domain of the organization verified (the operator checked it belongs to them).
    pub async fn verify_sso_domain(&self, organization_id: &str, domain: &str) -> Result<bool, AppError> {
        let domain = parse_domain(domain).ok_or_else(|| AppError::field("domain", "error-idp-domain"))?;
        let done = sqlx::query("UPDATE sso_domains SET verified_at = $1 WHERE organization_id = $2 AND domain = $3")
            .bind(self.now())
            .bind(organization_id.to_string())
            .bind(domain)
            .execute(self.db())
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn test_identity_provider(&self, organization_id: &str) -> Result<flow::Tested, AppError> {
        let p = provider(self.state(), organization_id).await?.ok_or_else(|| AppError::field("issuer", "error-idp-none"))?;
        flow::test(self.state(), &p).await
    }
}

/// Which way an address signs in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Way {
    /// With the portal's password (no provider covers its domain).
    Password,
    /// Through the organization's provider; `passwords` when its people may still use one.
    Provider { organization_id: String, display_name: String, passwords: bool },
}

/// The way `email` signs in: its domain, verified for an organization with a provider.
pub async fn way_for(state: &AppState, email: &Email) -> Result<Way, AppError> {
    let found: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT p.organization_id, p.display_name, p.allow_passwords FROM sso_domains d \
         JOIN identity_providers p ON p.organization_id = d.organization_id \
         WHERE d.domain = $1 AND d.verified_at IS NOT NULL",
    )
    .bind(email.domain().to_string())
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(match found {
        Some((organization_id, display_name, passwords)) => Way::Provider { organization_id, display_name, passwords: passwords == 1 },
        None => Way::Password,
    })
}

/// The provider of the organization that covers `email` (a verified domain of that very
/// organization), and whether `profile_id` may still use a password: the invitation's page.
pub async fn covering(state: &AppState, organization_id: &str, profile_id: &str, email: &str) -> Result<Option<(String, bool)>, AppError> {
    let Ok(email) = Email::parse(email) else { return Ok(None) };
    match way_for(state, &email).await? {
        Way::Provider { organization_id: theirs, display_name, .. } if theirs == organization_id => {
            Ok(Some((display_name, password_allowed(state, organization_id, profile_id).await?)))
        }
        _ => Ok(None),
    }
}

/// Whether `profile_id` may sign in with a password: no provider forbids it, or they are its
/// break-glass administrator.
pub async fn password_allowed(state: &AppState, organization_id: &str, profile_id: &str) -> Result<bool, AppError> {
    let found: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT allow_passwords, break_glass_profile_id FROM identity_providers WHERE organization_id = $1")
            .bind(organization_id.to_string())
            .fetch_optional(&state.db.pool)
            .await?;
    Ok(match found {
        None => true,
        Some((allow, break_glass)) => allow == 1 || break_glass.as_deref() == Some(profile_id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_dns_names() {
        assert_eq!(parse_domain(" Cronos.BE. ").as_deref(), Some("cronos.be"));
        for bad in ["cronos", "-a.be", "a..be", "a b.be", "ex@mple.com", ""] {
            assert_eq!(parse_domain(bad), None, "{bad}");
        }
    }
}
