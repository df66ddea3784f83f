//! The back channel of the code flow: the token endpoint (a code and its PKCE verifier, from an
//! authenticated application, for an ID token and an access token) and userinfo. Errors are the
//! spec's (RFC 6749 5.2, RFC 6750 3), never the portal's messages.

use super::tokens::{id_token, Issue};
use crate::error::AppError;
use crate::platform::ssr::clients::{self, Client, Entry};
use crate::platform::ssr::{grants, signing, AppState};
use axum::extract::{Extension, Form};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Deserialize;

/// An answer the client must not keep (RFC 6749 5.1).
fn no_store(status: StatusCode, body: serde_json::Value) -> Response {
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.headers_mut().insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    res
}

fn oauth_error(status: StatusCode, error: &str) -> Response {
    let mut res = no_store(status, serde_json::json!({ "error": error }));
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Basic realm=\"portal\""));
    }
    res
}

fn failed(e: AppError) -> Response {
    tracing::error!("openid provider: {e:?}");
    oauth_error(StatusCode::INTERNAL_SERVER_ERROR, "server_error")
}

/// `application/x-www-form-urlencoded` decoding of one credential (RFC 6749 2.3.1).
fn form_decoded(s: &str) -> String {
    url::form_urlencoded::parse(format!("v={s}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default()
}

/// The client's id and secret: HTTP Basic, else the form's `client_id` and `client_secret`.
fn credentials(headers: &HeaderMap, form: &TokenForm) -> Option<(String, String)> {
    let basic = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Basic "));
    if let Some(encoded) = basic {
        let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (id, secret) = text.split_once(':')?;
        return Some((form_decoded(id), form_decoded(secret)));
    }
    Some((form.client_id.clone()?, form.client_secret.clone()?))
}

#[derive(Deserialize)]
pub struct TokenForm {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    code_verifier: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

async fn authenticated(state: &AppState, id: &str, secret: &str) -> Result<Option<Client>, AppError> {
    Ok(clients::find(state, id).await?.filter(|c| c.secret_is(secret)))
}

/// How many exchanges run at once; the others wait their turn in arrival order. Each exchange
/// takes a database connection several times and signs with RSA: past this many at once, they
/// only take the pool's connections from each other, and the unlucky ones waited seconds (a
/// p99 of 2.5 s at 50 in flight, 2026-12-05, against 130 ms at the median).
static EXCHANGES: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(2 * std::thread::available_parallelism().map_or(2, |n| n.get())));

/// `POST /oauth/token`: the authorization code grant only.
pub async fn token(Extension(state): Extension<AppState>, headers: HeaderMap, Form(form): Form<TokenForm>) -> Response {
    let Ok(_turn) = EXCHANGES.acquire().await else { return oauth_error(StatusCode::SERVICE_UNAVAILABLE, "temporarily_unavailable") };
    let Some((id, secret)) = credentials(&headers, &form) else { return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client") };
    let client = match authenticated(&state, &id, &secret).await {
        Ok(Some(c)) => c,
        Ok(None) => return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client"),
        Err(e) => return failed(e),
    };
    if form.grant_type.as_deref() != Some("authorization_code") {
        return oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type");
    }
    let (Some(code), Some(redirect_uri), Some(verifier)) = (form.code.as_deref(), form.redirect_uri.as_deref(), form.code_verifier.as_deref()) else {
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request");
    };
    let redeemed = match grants::redeem(&state, &client, code, redirect_uri, verifier).await {
        Ok(Some(r)) => r,
        Ok(None) => return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant"),
        Err(e) => return failed(e),
    };
    // Access is decided again at the exchange: a role lost in between counts.
    let who = match redeemed.who.org().entry(&client).await {
        Ok(Entry::Allowed(who)) => who,
        Ok(Entry::Refused) => return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant"),
        Err(e) => return failed(e),
    };
    let issued = async {
        let key = signing::current(&state).await?;
        let now = state.now();
        let issue = Issue {
            issuer: &state.config.public_url,
            client_id: &client.client_id,
            nonce: redeemed.nonce.as_deref(),
            auth_time: redeemed.auth_time,
            now,
            sid: Some(&redeemed.sid),
        };
        let id_token = id_token(&key, &who, &issue)?;
        let (access, lifetime) = grants::issue_access_token(&state, &client, &redeemed).await?;
        Ok::<_, AppError>(serde_json::json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": lifetime,
            "id_token": id_token,
            "scope": "openid email profile",
        }))
    }
    .await;
    match issued {
        Ok(body) => no_store(StatusCode::OK, body),
        Err(e) => failed(e),
    }
}

fn invalid_token() -> Response {
    let mut res = StatusCode::UNAUTHORIZED.into_response();
    res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
    res
}

/// `GET /oauth/userinfo` with `Authorization: Bearer`: the same claims as the ID token.
pub async fn userinfo(Extension(state): Extension<AppState>, headers: HeaderMap) -> Response {
    let Some(token) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer ")) else {
        return invalid_token();
    };
    let found = async {
        let Some((who, client_id)) = grants::bearer(&state, token.trim()).await? else { return Ok(None) };
        let Some(client) = clients::find(&state, &client_id).await? else { return Ok(None) };
        Ok::<_, AppError>(match who.org().entry(&client).await? {
            Entry::Allowed(e) => Some(e),
            Entry::Refused => None,
        })
    }
    .await;
    match found {
        Ok(Some(e)) => no_store(
            StatusCode::OK,
            serde_json::json!({
                "sub": e.subject,
                "email": e.email,
                "email_verified": true,
                "name": e.name,
                "locale": e.locale.code(),
                "organization": { "id": e.organization_id, "name": e.organization_name },
                "roles": e.roles,
            }),
        ),
        Ok(None) => invalid_token(),
        Err(e) => failed(e),
    }
}
