//! The provider's API keys: made by the operator with a name and scopes (and, optionally, the one
//! organization they reach), shown once and stored hashed, revocable, rate-limited, each use in
//! an audit log. A valid key with the scope a request needs opens the operator's handle for that
//! request ([`ProviderKey::operator`]); nothing else does on the web side.

use super::access::OperatorDb;
use super::state::AppState;
use super::{hash_token, new_id, random_hex};
use crate::error::AppError;

/// What a key may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    SendNotices,
    ReadContacts,
    ReadContracts,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::SendNotices, Scope::ReadContacts, Scope::ReadContracts];

    pub fn code(self) -> &'static str {
        match self {
            Scope::SendNotices => "notices:send",
            Scope::ReadContacts => "contacts:read",
            Scope::ReadContracts => "contracts:read",
        }
    }

    pub fn parse(code: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.code() == code.trim())
    }
}

/// Why a request with a key is refused: the HTTP status follows from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No key, an unknown one, or a revoked one (401).
    InvalidKey,
    /// The key lacks the scope (403).
    InsufficientScope,
    /// No such organization, or one the key does not reach (404: the same answer for both).
    UnknownOrganization,
    /// Over the per-minute quota (429).
    RateLimited,
}

/// A key that authenticated, for one request.
pub struct ProviderKey {
    id: String,
    name: String,
    scopes: Vec<Scope>,
    organization_id: Option<String>,
    op: OperatorDb,
}

impl ProviderKey {
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The operator's handle for `organization_id`, when this key has `scope` and reaches it.
    pub async fn operator(&self, scope: Scope, organization_id: &str) -> Result<&OperatorDb, Refusal> {
        if !self.scopes.contains(&scope) {
            return Err(Refusal::InsufficientScope);
        }
        if self.organization_id.as_deref().is_some_and(|o| o != organization_id) {
            return Err(Refusal::UnknownOrganization);
        }
        let known: Option<(String,)> = sqlx::query_as("SELECT id FROM organizations WHERE id = $1")
            .bind(organization_id.to_string())
            .fetch_optional(self.op.db())
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "organization lookup");
                Refusal::UnknownOrganization
            })?;
        known.map(|_| &self.op).ok_or(Refusal::UnknownOrganization)
    }

    /// Writes one use to the audit log.
    pub async fn audit(&self, method: &str, path: &str, organization_id: Option<&str>, status: u16, ip: Option<&str>) {
        audit(self.op.state(), Some(&self.id), method, path, organization_id, status, ip).await;
    }
}

async fn audit(state: &AppState, key_id: Option<&str>, method: &str, path: &str, organization_id: Option<&str>, status: u16, ip: Option<&str>) {
    let Some(key_id) = key_id else { return };
    let now = state.now();
    let written = super::access::Insert::into(&state.db.pool, "api_key_uses")
        .value("id", new_id())
        .value("key_id", key_id.to_string())
        .value("method", method.to_string())
        .value("path", path.chars().take(300).collect::<String>())
        .value("organization_id", organization_id.map(str::to_string))
        .value("status", i64::from(status))
        .value("ip", ip.map(str::to_string))
        .value("created_at", now)
        .execute()
        .await;
    let touched = sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2").bind(now).bind(key_id.to_string()).execute(&state.db.pool).await;
    if let Err(e) = written.map(|_| ()).and(touched.map(|_| ())) {
        tracing::error!(error = %e, "API key audit log");
    }
}

#[derive(sqlx::FromRow)]
struct KeyRow {
    id: String,
    name: String,
    scopes: String,
    organization_id: Option<String>,
    revoked_at: Option<i64>,
}

/// A request without a valid key counts against its address's quota: guessing keys is slow.
fn guess(state: &AppState, ip: Option<&str>) -> Refusal {
    if state.allow(&format!("api-guess:{}", ip.unwrap_or("unknown"))) {
        Refusal::InvalidKey
    } else {
        Refusal::RateLimited
    }
}

/// Whether the key was served its quota in the last minute by all the servers together (its
/// audit log is shared; each server's own limiter also holds a burst that is not logged yet).
async fn over_shared_quota(state: &AppState, key_id: &str) -> bool {
    let served: Result<(i64,), _> = sqlx::query_as("SELECT COUNT(*) FROM api_key_uses WHERE key_id = $1 AND created_at > $2 AND status <> 429")
        .bind(key_id.to_string())
        .bind(state.now() - 60)
        .fetch_one(&state.db.pool)
        .await;
    match served {
        Ok((n,)) => n >= i64::from(state.config.rate_limit_per_minute),
        Err(e) => {
            tracing::error!(error = %e, "API key quota");
            false
        }
    }
}

/// The key in an `Authorization: Bearer …` header, checked: known, not revoked, within its quota.
pub async fn authenticate(state: &AppState, authorization: Option<&str>, method: &str, path: &str, ip: Option<&str>) -> Result<ProviderKey, Refusal> {
    // The scheme is case-insensitive (RFC 7235).
    let secret = authorization
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim())
        .filter(|s| !s.is_empty() && s.len() <= 200);
    let Some(secret) = secret else {
        return Err(guess(state, ip));
    };
    let row: Option<KeyRow> =
        sqlx::query_as("SELECT id, name, scopes, organization_id, revoked_at FROM api_keys WHERE key_hash = $1")
            .bind(hash_token(secret))
            .fetch_optional(&state.db.pool)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "API key lookup");
                Refusal::InvalidKey
            })?;
    let Some(KeyRow { id, name, scopes, organization_id, revoked_at }) = row else {
        tracing::warn!(path, "provider API: an unknown key");
        return Err(guess(state, ip));
    };
    if revoked_at.is_some() {
        audit(state, Some(&id), method, path, None, 401, ip).await;
        return Err(Refusal::InvalidKey);
    }
    if !state.allow(&format!("api-key:{id}")) || over_shared_quota(state, &id).await {
        audit(state, Some(&id), method, path, None, 429, ip).await;
        return Err(Refusal::RateLimited);
    }
    Ok(ProviderKey { id, name, scopes: scopes.split(',').filter_map(Scope::parse).collect(), organization_id, op: OperatorDb::for_api(state.clone()) })
}

/// A key as the operator lists it (never its secret).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct KeyInfo {
    pub id: String,
    pub name: String,
    pub scopes: String,
    pub organization_id: Option<String>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

impl OperatorDb {
    /// A new key: returns its id and its secret (shown once; only its hash is kept).
    pub async fn create_api_key(&self, name: &str, scopes: &[Scope], organization_id: Option<&str>) -> Result<(String, String), AppError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.contains(['\r', '\n']) {
            return Err(AppError::field("name", "error-required"));
        }
        if scopes.is_empty() {
            return Err(AppError::field("scopes", "error-api-key-scopes"));
        }
        if let Some(org) = organization_id {
            let known: Option<(String,)> = sqlx::query_as("SELECT id FROM organizations WHERE id = $1").bind(org.to_string()).fetch_optional(self.db()).await?;
            known.ok_or_else(|| AppError::field("organization", "error-organization-unknown"))?;
        }
        let id = new_id();
        let secret = format!("arxp_{}", random_hex(32));
        self.insert("api_keys")
            .value("id", id.clone())
            .value("name", name.to_string())
            .value("key_hash", hash_token(&secret))
            .value("scopes", scopes.iter().map(|s| s.code()).collect::<Vec<_>>().join(","))
            .value("organization_id", organization_id.map(str::to_string))
            .value("created_at", self.now())
            .execute()
            .await?;
        Ok((id, secret))
    }

    /// Revokes a key at once; false when there is no such (unrevoked) key.
    pub async fn revoke_api_key(&self, id: &str) -> Result<bool, AppError> {
        let done = sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL").bind(self.now()).bind(id.to_string()).execute(self.db()).await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn api_keys(&self) -> Result<Vec<KeyInfo>, AppError> {
        Ok(sqlx::query_as("SELECT id, name, scopes, organization_id, created_at, revoked_at, last_used_at FROM api_keys ORDER BY created_at, id")
            .fetch_all(self.db())
            .await?)
    }
}
