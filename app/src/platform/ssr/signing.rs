//! The keys the portal signs its ID tokens with (RS256, 2048-bit RSA), kept in the database so
//! that every server signs with the same one. The operator rotates them: the new key signs from
//! then on, and the ones before stay published (to check what they signed) until the longest-lived
//! token they could have signed has expired; then they leave the key set.

use super::access::{Insert, OperatorDb};
use super::state::AppState;
use super::{internal, random_hex};
use crate::error::AppError;
use openidconnect::core::{CoreJsonWebKey, CoreJsonWebKeySet, CoreRsaPrivateSigningKey};
use openidconnect::{JsonWebKeyId, PrivateSigningKey};

/// The longest a token the portal signs is valid (ID and access tokens alike): a retired key is
/// published this long after its rotation.
pub const TOKEN_LIFETIME_SECS: i64 = 600;

#[derive(sqlx::FromRow)]
struct KeyRow {
    kid: String,
    private_pem: String,
}

/// A key to sign with; what it signs carries its `kid`.
pub struct SigningKey {
    pub kid: String,
    pub key: CoreRsaPrivateSigningKey,
}

fn parse(row: KeyRow) -> Result<SigningKey, AppError> {
    let key = CoreRsaPrivateSigningKey::from_pem(&row.private_pem, Some(JsonWebKeyId::new(row.kid.clone()))).map_err(internal)?;
    Ok(SigningKey { kid: row.kid, key })
}

/// A new key, made off the request threads (it takes a moment), kept; returns its id.
async fn add_key(state: &AppState) -> Result<String, AppError> {
    let pem = tokio::task::spawn_blocking(|| -> Result<String, String> {
        use rsa::pkcs1::{EncodeRsaPrivateKey, LineEnding};
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).map_err(|e| e.to_string())?;
        key.to_pkcs1_pem(LineEnding::LF).map(|pem| pem.to_string()).map_err(|e| e.to_string())
    })
    .await
    .map_err(internal)?
    .map_err(internal)?;
    let kid = random_hex(8);
    Insert::into(&state.db.pool, "signing_keys").value("kid", kid.clone()).value("private_pem", pem).value("created_at", state.now()).execute().await?;
    Ok(kid)
}

async fn newest(state: &AppState) -> Result<Option<KeyRow>, AppError> {
    Ok(sqlx::query_as("SELECT kid, private_pem FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid LIMIT 1")
        .fetch_optional(&state.db.pool)
        .await?)
}

/// The key that signs now: the newest one not retired, made at the first need.
pub async fn current(state: &AppState) -> Result<SigningKey, AppError> {
    if let Some(row) = newest(state).await? {
        return parse(row);
    }
    add_key(state).await?;
    // Another server may have made one at the same moment: the newest of them signs.
    newest(state).await?.ok_or_else(|| internal("no signing key after adding one")).and_then(parse)
}

/// What the key set publishes: the key that signs first, then the retired ones whose tokens may
/// still be valid, newest first; public parts only.
pub async fn published(state: &AppState) -> Result<CoreJsonWebKeySet, AppError> {
    current(state).await?;
    let rows: Vec<KeyRow> = sqlx::query_as("SELECT kid, private_pem FROM signing_keys WHERE retired_at IS NULL OR retired_at > $1 \
         ORDER BY CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END, created_at DESC, kid")
        .bind(state.now() - TOKEN_LIFETIME_SECS)
        .fetch_all(&state.db.pool)
        .await?;
    let keys: Vec<CoreJsonWebKey> = rows.into_iter().map(|r| parse(r).map(|k| k.key.as_verification_key())).collect::<Result<_, _>>()?;
    Ok(CoreJsonWebKeySet::new(keys))
}

impl OperatorDb {
    /// Makes a new key the one that signs and retires the ones before (published for
    /// [`TOKEN_LIFETIME_SECS`] more). Returns the new key's id.
    pub async fn rotate_signing_key(&self) -> Result<String, AppError> {
        let kid = add_key(self.state()).await?;
        sqlx::query("UPDATE signing_keys SET retired_at = $1 WHERE retired_at IS NULL AND kid <> $2")
            .bind(self.now())
            .bind(kid.clone())
            .execute(self.db())
            .await?;
        Ok(kid)
    }
}
