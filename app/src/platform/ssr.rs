//! Server-side foundation: configuration, shared state, the caller's identity and the activity log.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::PortalRole;
use http::request::Parts;
use leptos::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::AnyPool;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Settings read from the environment, with defaults for a local demo.
#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub bind: String,
    pub public_url: String,
    pub brand: String,
    pub session_idle_secs: i64,
    pub session_absolute_secs: i64,
    pub body_limit_bytes: usize,
    pub invite_ttl_secs: i64,
    pub reset_ttl_secs: i64,
    pub lockout_threshold: i64,
    pub lockout_secs: i64,
    /// Requests per minute per client address to the sign-in and account-recovery functions.
    pub rate_limit_per_minute: u32,
    /// `smtp://host:port`, `smtp://user:pass@host:587?tls=required` or `smtps://…`; none keeps
    /// e-mails in the outbox.
    pub smtp_url: Option<String>,
    pub mail_from: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite://data/portal.db?mode=rwc".into(),
            bind: "127.0.0.1:3000".into(),
            public_url: "http://127.0.0.1:3000".into(),
            brand: "Arxus".into(),
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 3600,
            body_limit_bytes: 64 * 1024,
            invite_ttl_secs: 7 * 86_400,
            reset_ttl_secs: 3600,
            lockout_threshold: 10,
            lockout_secs: 15 * 60,
            rate_limit_per_minute: 30,
            smtp_url: None,
            mail_from: "Customer Portal <portal@localhost>".into(),
        }
    }
}

impl Config {
    /// Reads `PORTAL_*` variables; anything unset or unreadable keeps its default.
    pub fn from_env() -> Self {
        let d = Config::default();
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let num = |k: &str, default: i64| var(k).and_then(|v| v.trim().parse().ok()).unwrap_or(default);
        let bind = var("PORTAL_BIND").unwrap_or(d.bind);
        let public_url = var("PORTAL_PUBLIC_URL").unwrap_or_else(|| format!("http://{bind}"));
        Config {
            database_url: var("PORTAL_DATABASE_URL").unwrap_or(d.database_url),
            public_url: public_url.trim_end_matches('/').to_string(),
            bind,
            brand: var("PORTAL_BRAND").unwrap_or(d.brand),
            session_idle_secs: num("PORTAL_SESSION_IDLE_MINUTES", 30) * 60,
            session_absolute_secs: num("PORTAL_SESSION_ABSOLUTE_HOURS", 12) * 3600,
            body_limit_bytes: num("PORTAL_BODY_LIMIT_BYTES", d.body_limit_bytes as i64) as usize,
            invite_ttl_secs: num("PORTAL_INVITE_DAYS", 7) * 86_400,
            reset_ttl_secs: num("PORTAL_RESET_MINUTES", 60) * 60,
            lockout_threshold: num("PORTAL_LOCKOUT_THRESHOLD", d.lockout_threshold),
            lockout_secs: num("PORTAL_LOCKOUT_MINUTES", 15) * 60,
            rate_limit_per_minute: num("PORTAL_RATE_LIMIT_PER_MINUTE", 30).clamp(1, 100_000) as u32,
            smtp_url: var("PORTAL_SMTP_URL"),
            mail_from: var("PORTAL_MAIL_FROM").unwrap_or(d.mail_from),
        }
    }

    /// `scheme://host[:port]` of the public URL, as browsers send it in `Origin`.
    pub fn public_origin(&self) -> String {
        let url = self.public_url.as_str();
        match url.find("://") {
            Some(i) => {
                let rest = &url[i + 3..];
                let host = rest.split('/').next().unwrap_or(rest);
                format!("{}://{}", &url[..i], host)
            }
            None => url.to_string(),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}

/// A source of the current time, replaceable in tests.
pub trait Clock: Send + Sync {
    fn now(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// What every request handler and server function can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: AnyPool,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    /// Bounds how many password hashes run at once on the blocking pool.
    pub hashing: Arc<Semaphore>,
    pub limiter: Arc<RateLimiter>,
    /// Wakes the e-mail worker when something is queued.
    pub mail_wakeup: Arc<tokio::sync::Notify>,
}

/// A fixed one-minute window per client address.
#[derive(Default)]
pub struct RateLimiter {
    windows: std::sync::Mutex<std::collections::HashMap<String, (i64, u32)>>,
}

impl RateLimiter {
    /// Counts a request; false when the address is over `limit` in the current minute.
    pub fn allow(&self, key: &str, now: i64, limit: u32) -> bool {
        let window = now.div_euclid(60);
        let Ok(mut map) = self.windows.lock() else { return true };
        if map.len() > 10_000 {
            map.retain(|_, (w, _)| *w == window);
        }
        let entry = map.entry(key.to_string()).or_insert((window, 0));
        if entry.0 != window {
            *entry = (window, 0);
        }
        entry.1 += 1;
        entry.1 <= limit
    }
}

impl AppState {
    pub fn new(pool: AnyPool, config: Config) -> Self {
        let permits = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        AppState {
            pool,
            config: Arc::new(config),
            clock: Arc::new(SystemClock),
            hashing: Arc::new(Semaphore::new(permits)),
            limiter: Arc::new(RateLimiter::default()),
            mail_wakeup: Arc::new(tokio::sync::Notify::new()),
        }
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }
}

/// The signed-in person behind a request. Only the session middleware creates it, and the
/// organization-scoped queries take it as their first argument.
#[derive(Clone, Debug)]
pub struct Identity {
    pub profile_id: String,
    pub organization_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub portal_language: Lang,
    pub avatar_style: String,
    pub session_hash: String,
    pub roles: Vec<PortalRole>,
}

impl Identity {
    pub fn has(&self, role: PortalRole) -> bool {
        self.roles.contains(&role)
    }
}

/// The language a request is answered in, decided by the session middleware.
#[derive(Clone, Copy, Debug)]
pub struct RequestLang(pub Lang);

/// The client's address as the server saw it.
#[derive(Clone, Debug)]
pub struct ClientAddr(pub String);

fn parts() -> Option<Parts> {
    use_context::<Parts>()
}

pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal("AppState missing from context"))
}

/// The signed-in caller, or `Unauthorized`.
pub fn require_user() -> Result<Identity, AppError> {
    parts()
        .and_then(|p| p.extensions.get::<Identity>().cloned())
        .ok_or(AppError::Unauthorized)
}

/// The signed-in caller holding `role`, or `Unauthorized` / `Forbidden`.
pub fn require_role(role: PortalRole) -> Result<Identity, AppError> {
    let who = require_user()?;
    if who.has(role) {
        Ok(who)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The signed-in caller if there is one, for pages that render either way.
pub fn current_identity() -> Option<Identity> {
    parts().and_then(|p| p.extensions.get::<Identity>().cloned())
}

pub fn request_lang() -> Lang {
    parts()
        .and_then(|p| p.extensions.get::<RequestLang>().copied())
        .map(|l| l.0)
        .unwrap_or_default()
}

pub fn client_addr() -> Option<String> {
    parts().and_then(|p| p.extensions.get::<ClientAddr>().map(|a| a.0.clone()))
}

pub fn user_agent() -> Option<String> {
    parts().and_then(|p| {
        p.headers
            .get(http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect())
    })
}

/// Logs the cause on the server and returns the generic error the browser may see.
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %cause, "internal error");
    AppError::Internal
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        internal(format!("database: {e}"))
    }
}

/// Gives an error its HTTP status when answering a server-function call. A plain HTML form post
/// (the page before its WASM has loaded) is sent back to the form instead, with the message id
/// in `?form_error=`, which the page shows. A page that calls the function while rendering keeps
/// its own status.
pub fn reply<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    let (Err(e), Some(p)) = (&result, parts()) else { return result };
    if !p.uri.path().starts_with("/api/") {
        return result;
    }
    let Some(opts) = use_context::<leptos_axum::ResponseOptions>() else { return result };
    let form_post = p
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|s| s.contains("text/html"));
    if form_post {
        let back = p
            .headers
            .get(http::header::REFERER)
            .and_then(|v| v.to_str().ok())
            .map(back_to_form)
            .unwrap_or_else(|| "/".to_string());
        let id = match e {
            AppError::Validation(fields) => fields.first().map(|f| f.message_id.as_str()).unwrap_or("error-validation"),
            other => other.message_id(),
        };
        let sep = if back.contains('?') { '&' } else { '?' };
        if let Ok(v) = http::HeaderValue::from_str(&format!("{back}{sep}form_error={id}")) {
            opts.insert_header(http::header::LOCATION, v);
            opts.set_status(http::StatusCode::SEE_OTHER);
        }
    } else if let Ok(code) = http::StatusCode::from_u16(e.status()) {
        opts.set_status(code);
    }
    result
}

/// The path and query of the page a form was posted from, without an earlier `form_error`.
fn back_to_form(referer: &str) -> String {
    let after_scheme = referer.split_once("://").map(|(_, rest)| rest).unwrap_or(referer);
    let path = after_scheme.find('/').map(|i| &after_scheme[i..]).unwrap_or("/");
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<&str> = query.split('&').filter(|kv| !kv.is_empty() && !kv.starts_with("form_error=")).collect();
    if kept.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// 128 random bits as hex: row ids.
pub fn new_id() -> String {
    random_hex(16)
}

pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

/// SHA-256 of a secret token, as stored in the database.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// One line of the append-only activity log.
pub struct Activity<'a> {
    pub organization_id: Option<&'a str>,
    pub actor_profile_id: Option<&'a str>,
    pub subject_profile_id: Option<&'a str>,
    pub email: &'a str,
    /// Fluent id suffix: `sign-in` is shown as `activity-sign-in`.
    pub kind: &'a str,
    pub ip: Option<&'a str>,
}

impl<'a> Activity<'a> {
    /// Something people did to their own account.
    pub fn own(organization_id: &'a str, profile_id: &'a str, email: &'a str, kind: &'a str, ip: Option<&'a str>) -> Self {
        Activity {
            organization_id: Some(organization_id),
            actor_profile_id: Some(profile_id),
            subject_profile_id: Some(profile_id),
            email,
            kind,
            ip,
        }
    }
}

/// Logs something signed-in people did to their own account, from `ip`.
pub async fn record_own(state: &AppState, who: &Identity, kind: &str, ip: Option<&str>) -> Result<(), AppError> {
    record_activity(state, Activity::own(&who.organization_id, &who.profile_id, &who.email, kind, ip)).await
}

pub async fn record_activity(state: &AppState, a: Activity<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO activity (id, organization_id, actor_profile_id, subject_profile_id, email, kind, ip, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(a.organization_id.map(str::to_string))
    .bind(a.actor_profile_id.map(str::to_string))
    .bind(a.subject_profile_id.map(str::to_string))
    .bind(a.email.to_string())
    .bind(a.kind.to_string())
    .bind(a.ip.map(str::to_string))
    .bind(state.now())
    .execute(&state.pool)
    .await?;
    Ok(())
}
