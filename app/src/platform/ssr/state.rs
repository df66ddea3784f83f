//! Configuration, the clock, the database and the state every request can reach.

use crate::error::AppError;
use governor::clock::Clock as GovernorClock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use std::num::NonZeroU32;
use std::sync::Arc;

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
    pub email_change_ttl_secs: i64,
    pub lockout_threshold: i64,
    pub lockout_secs: i64,
    /// Requests per minute per client address to the rate-limited functions.
    pub rate_limit_per_minute: u32,
    /// `smtp://host:port`, `smtp://user:pass@host:587?tls=required` or `smtps://…`; none keeps
    /// e-mails in the outbox.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// The first wait before an e-mail whose delivery failed is tried again; it doubles with
    /// each failure, up to an hour.
    pub mail_retry_secs: i64,
    /// How long one SMTP delivery may take before it counts as failed.
    pub smtp_timeout_secs: i64,
    /// The provider's Service Desk, shown under "Get help".
    pub service_desk_email: String,
    pub service_desk_phone: String,
    /// Where the support chat opens.
    pub support_chat_url: String,
    /// How long a notice that needs an acknowledgement waits for one before its recipients are
    /// reminded; after twice as long, the administrators and the provider are told.
    pub notice_remind_secs: i64,
    /// How long a notice's acknowledgement link works.
    pub notice_link_ttl_secs: i64,
    /// `PORTAL_SECRET_KEY` (64 hexadecimal characters): seals the secrets the portal keeps for
    /// later use (an identity provider's client secret). Never in the database; the same on
    /// every server of one database. Without it, no identity provider can be configured.
    pub secret_key: Option<super::sealed::Key>,
    /// `PORTAL_IDP_ALLOW_INSECURE=1`: identity providers over plain HTTP and on loopback or
    /// private addresses (development and tests only).
    pub idp_allow_insecure: bool,
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
            email_change_ttl_secs: 86_400,
            lockout_threshold: 10,
            lockout_secs: 15 * 60,
            rate_limit_per_minute: 30,
            smtp_url: None,
            mail_from: "Customer Portal <portal@localhost>".into(),
            mail_retry_secs: 30,
            smtp_timeout_secs: 20,
            service_desk_email: "servicedesk@arxus.example".into(),
            service_desk_phone: "+3235000000".into(),
            support_chat_url: "https://support.arxus.example/chat".into(),
            notice_remind_secs: 4 * 3600,
            notice_link_ttl_secs: 14 * 86_400,
            secret_key: None,
            idp_allow_insecure: false,
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
            email_change_ttl_secs: num("PORTAL_EMAIL_CHANGE_HOURS", 24) * 3600,
            lockout_threshold: num("PORTAL_LOCKOUT_THRESHOLD", d.lockout_threshold),
            lockout_secs: num("PORTAL_LOCKOUT_MINUTES", 15) * 60,
            rate_limit_per_minute: num("PORTAL_RATE_LIMIT_PER_MINUTE", 30).clamp(1, 100_000) as u32,
            smtp_url: var("PORTAL_SMTP_URL"),
            mail_from: var("PORTAL_MAIL_FROM").unwrap_or(d.mail_from),
            mail_retry_secs: num("PORTAL_MAIL_RETRY_SECONDS", d.mail_retry_secs).clamp(1, 3600),
            smtp_timeout_secs: num("PORTAL_SMTP_TIMEOUT_SECONDS", d.smtp_timeout_secs).clamp(1, 300),
            service_desk_email: var("PORTAL_SERVICE_DESK_EMAIL").unwrap_or(d.service_desk_email),
            service_desk_phone: var("PORTAL_SERVICE_DESK_PHONE").unwrap_or(d.service_desk_phone),
            support_chat_url: var("PORTAL_SUPPORT_CHAT_URL").unwrap_or(d.support_chat_url),
            notice_remind_secs: num("PORTAL_NOTICE_REMIND_MINUTES", d.notice_remind_secs / 60).max(1) * 60,
            notice_link_ttl_secs: num("PORTAL_NOTICE_LINK_DAYS", d.notice_link_ttl_secs / 86_400).max(1) * 86_400,
            secret_key: var("PORTAL_SECRET_KEY").and_then(|k| {
                let key = super::sealed::parse_key(&k);
                if key.is_none() {
                    tracing::error!("PORTAL_SECRET_KEY is not 64 hexadecimal characters: no identity provider can be used");
                }
                key
            }),
            idp_allow_insecure: var("PORTAL_IDP_ALLOW_INSECURE").is_some_and(|v| v == "1" || v == "true"),
        }
    }

    /// How long a queued delivery (an e-mail, a logout token) waits after `failed_before`
    /// failed attempts and this one: the retry base, doubled each time, at most an hour.
    pub fn retry_delay(&self, failed_before: i64) -> i64 {
        (self.mail_retry_secs << failed_before.clamp(0, 7)).min(3600)
    }

    /// The origin (`scheme://host[:port]`) of the public URL, as browsers send it in `Origin`;
    /// `None` when the configured URL cannot be parsed.
    pub fn public_origin(&self) -> Option<url::Url> {
        url::Url::parse(&self.public_url).ok().filter(|u| matches!(u.scheme(), "http" | "https"))
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

/// The portal's clock as the rate limiter sees it, so that tests moving the clock move it too.
#[derive(Clone)]
struct LimiterClock(Arc<dyn Clock>);

impl GovernorClock for LimiterClock {
    type Instant = Nanos;
    fn now(&self) -> Nanos {
        Nanos::from(std::time::Duration::from_secs(self.0.now().max(0) as u64))
    }
}

type Limiter = RateLimiter<String, DefaultKeyedStateStore<String>, LimiterClock, NoOpMiddleware<Nanos>>;

fn limiter(config: &Config, clock: Arc<dyn Clock>) -> Arc<Limiter> {
    let per_minute = NonZeroU32::new(config.rate_limit_per_minute).unwrap_or(NonZeroU32::MIN);
    Arc::new(RateLimiter::new(Quota::per_minute(per_minute), DefaultKeyedStateStore::default(), LimiterClock(clock)))
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

/// The database. Its pool is private to the platform: features get a handle instead.
#[derive(Clone)]
pub struct Db {
    pub(super) pool: AnyPool,
    /// PostgreSQL (several servers may share it) rather than a SQLite file.
    pub(super) postgres: bool,
}

impl Db {
    /// Opens the database (creating a SQLite file and its folder when needed) and migrates it.
    pub async fn connect(database_url: &str) -> Result<Db, Box<dyn std::error::Error + Send + Sync>> {
        sqlx::any::install_default_drivers();
        if let Some(path) = sqlite_path(database_url) {
            if let Some(dir) = std::path::Path::new(&path).parent() {
                if !dir.as_os_str().is_empty() {
                    std::fs::create_dir_all(dir)?;
                }
            }
        }
        let is_sqlite = database_url.starts_with("sqlite:");
        let pool = AnyPoolOptions::new()
            .max_connections(if is_sqlite { 4 } else { 16 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if is_sqlite {
                        use sqlx::Executor;
                        // WAL: readers never wait for a writer (work done after an answer, such as
                        // queuing an e-mail, does not hold up the next request).
                        conn.execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;").await?;
                    }
                    Ok(())
                })
            })
            .connect(database_url)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Db { pool, postgres: !is_sqlite })
    }
}

fn sqlite_path(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// What every request handler and server function can reach. The database inside it is
/// reachable only from the platform.
#[derive(Clone)]
pub struct AppState {
    pub(super) db: Db,
    pub config: Arc<Config>,
    clock: Arc<dyn Clock>,
    /// The password-hashing threads (half the cores, at the lowest CPU priority).
    pub(super) hashing: super::hash_pool::HashPool,
    limiter: Arc<Limiter>,
    /// Wakes the e-mail worker when something is queued.
    pub(super) mail_wakeup: Arc<tokio::sync::Notify>,
    /// Wakes the back-channel logout worker when a logout is queued.
    pub(super) logout_wakeup: Arc<tokio::sync::Notify>,
}

impl AppState {
    /// Wakes the e-mail worker: something was queued (after the transaction that queued it).
    pub fn wake_mail(&self) {
        self.mail_wakeup.notify_one();
    }

    pub fn new(db: Db, config: Config) -> Self {
        // Password hashes (argon2id, ~40 ms of one core each) may take half the cores at most,
        // and only what pages leave: a storm of sign-ins then waits its turn instead of
        // starving every page's rendering.
        let threads = (std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) / 2).max(1);
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        AppState {
            db,
            limiter: limiter(&config, clock.clone()),
            config: Arc::new(config),
            clock,
            hashing: super::hash_pool::HashPool::new(threads),
            mail_wakeup: Arc::new(tokio::sync::Notify::new()),
            logout_wakeup: Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// The same state on another clock (tests move theirs by hand).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.limiter = limiter(&self.config, clock.clone());
        self.clock = clock;
        self
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Counts a request from `key` (a client address) against the per-minute quota (GCRA:
    /// a burst of the whole quota, then one more per 60/quota seconds). False when over it.
    pub fn allow(&self, key: &str) -> bool {
        if self.limiter.len() > 100_000 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&key.to_string()).is_ok()
    }

    /// Closes the database's connections, waiting for the ones in use (at shutdown; a SQLite
    /// file is then checkpointed).
    pub async fn close(&self) {
        self.db.pool.close().await;
    }

    /// Whether the database answers (for `/healthz`).
    pub async fn healthy(&self) -> Result<(), AppError> {
        sqlx::query("SELECT 1").execute(&self.db.pool).await?;
        Ok(())
    }
}
