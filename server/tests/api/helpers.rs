//! Test harness: the real router on port 0, a fresh database per test (a SQLite file, or a new
//! database on the PostgreSQL server named by `PORTAL_TEST_DATABASE_URL`), a cookie jar.

use app::platform::ssr::{AppState, Clock, OperatorDb};
use reqwest::header::{HeaderMap, ACCEPT, LOCATION};
use reqwest::{Client, StatusCode};
use server::{demo, leptos_options, router, serve, Config, Db};
use sqlx::AnyPool;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

pub const ADMIN: (&str, &str) = ("sophie.claes@brightwave.example", "harbour-lantern-47-quay");
pub const USER: (&str, &str) = ("thomas.peeters@brightwave.example", "copper-meadow-19-rail");

pub const OTHER_ADMIN: (&str, &str) = ("eva@other.example", "second-org-password-1");
pub const OTHER_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

pub fn secret_of(email: &str) -> &'static str {
    demo::DEMO_PEOPLE.iter().find(|p| p.email == email).map(|p| p.totp_secret).expect("a demo person")
}

/// A clock the test moves by hand.
pub struct TestClock(pub AtomicI64);

impl Clock for TestClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

pub struct TestApp {
    pub base: String,
    /// The same database, for the tests' own checks (the portal's pool is not reachable).
    pub pool: AnyPool,
    pub state: AppState,
    /// The provider's command line, on the same database and clock.
    pub op: OperatorDb,
    pub clock: Arc<TestClock>,
    _dir: tempfile::TempDir,
}

/// A database of its own for one test: a SQLite file in `dir`, or a new database on the
/// PostgreSQL server of `PORTAL_TEST_DATABASE_URL`.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    let Ok(admin_url) = std::env::var("PORTAL_TEST_DATABASE_URL") else {
        return format!("sqlite://{}?mode=rwc", dir.join("portal.db").display());
    };
    sqlx::any::install_default_drivers();
    let name = format!("t_{}", app::platform::ssr::random_hex(8));
    let admin = AnyPool::connect(&admin_url).await.expect("the PostgreSQL test server");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.expect("create database");
    admin.close().await;
    let (server, _) = admin_url.rsplit_once('/').expect("a database URL");
    format!("{server}/{name}")
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut config = Config {
        database_url: fresh_database(dir.path()).await,
        bind: addr.to_string(),
        public_url: format!("http://{addr}"),
        // Tests sign in far more often than people do; the limit has its own test.
        rate_limit_per_minute: 100_000,
        ..Config::default()
    };
    adjust(&mut config);
    let db = Db::connect(&config.database_url).await.expect("database");
    let pool = AnyPool::connect(&config.database_url).await.expect("a second pool for the checks");
    let clock = Arc::new(TestClock(AtomicI64::new(1_795_000_000)));
    let state = AppState::new(db, config.clone()).with_clock(clock.clone());
    let mut op = OperatorDb::connect(&config).await.expect("operator");
    op.set_clock(clock.clone());
    demo::load(&op).await.expect("demo data");
    let app = router(state.clone(), leptos_options(&config));
    tokio::spawn(serve(listener, app));
    TestApp { base: format!("http://{addr}"), pool, state, op, clock, _dir: dir }
}

pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_fn(&self, c: &Client, name: &str, form: &[(&str, &str)]) -> reqwest::Response {
        c.post(self.url(&fn_path(name)))
            .header("Origin", &self.base)
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// A profile's version now (what its page would show).
    pub async fn profile_version(&self, id: &str) -> i64 {
        let row: Option<(i64,)> = sqlx::query_as("SELECT version FROM profiles WHERE id = $1").bind(id.to_string()).fetch_optional(&self.pool).await.expect("version");
        row.map_or(1, |r| r.0)
    }

    /// An administrator's change to profile `id`, made on its current version as its page would.
    pub async fn on_profile(&self, c: &Client, name: &str, id: &str, form: &[(&str, &str)]) -> reqwest::Response {
        let version = self.profile_version(id).await.to_string();
        let mut all = vec![("id", id), ("version", version.as_str())];
        all.extend_from_slice(form);
        self.post_fn(c, name, &all).await
    }

    /// My Profile's details saved as its page saves them: on the version the page showed.
    pub async fn save_my_details(&self, c: &Client, form: &[(&str, &str)]) -> reqwest::Response {
        let me: serde_json::Value = self.post_fn(c, "my_profile", &[]).await.json().await.expect("my profile");
        let version = me["version"].as_i64().expect("a version").to_string();
        let mut all = form.to_vec();
        all.push(("version", version.as_str()));
        self.post_fn(c, "update_my_details", &all).await
    }

    pub async fn login(&self, c: &Client, (email, password): (&str, &str)) -> reqwest::Response {
        self.post_fn(c, "login", &[("email", email), ("password", password)]).await
    }

    /// The code an authenticator shows now for a secret.
    pub fn code(&self, secret: &str) -> String {
        app::platform::ssr::totp::code_at(secret, self.state.now() / 30).expect("code")
    }

    /// Moves the clock to the next 30-second step, so that a new code can be used.
    pub fn next_step(&self) {
        self.clock.0.fetch_add(30, Ordering::SeqCst);
    }

    /// Both steps: password, then the current code.
    pub async fn signed_in_with(&self, who: (&str, &str), secret: &str) -> Client {
        let c = client();
        let res = self.login(&c, who).await;
        assert_eq!(res.status(), StatusCode::OK, "password step failed");
        assert_eq!(res.headers()[LOCATION], "/login/code");
        self.next_step();
        let res = self.post_fn(&c, "verify_code", &[("code", &self.code(secret))]).await;
        assert_eq!(res.status(), StatusCode::OK, "code step failed: {}", res.text().await.unwrap_or_default());
        c
    }

    pub async fn signed_in(&self, who: (&str, &str)) -> Client {
        self.signed_in_with(who, secret_of(who.0)).await
    }

    pub async fn page(&self, c: &Client, path: &str) -> (StatusCode, HeaderMap, String) {
        // As a browser navigates: asking for HTML.
        let res = c.get(self.url(path)).header(ACCEPT, "text/html").send().await.expect("request");
        let status = res.status();
        let headers = res.headers().clone();
        (status, headers, res.text().await.expect("body"))
    }

    /// "Other Company BV", with one administrator: Eva Jacobs.
    pub async fn second_organization(&self) -> String {
        let org = self.op.create_organization("Other Company BV", &["servicedesk"]).await.expect("org");
        let password_hash = self.op.hash_password(OTHER_ADMIN.1.to_string()).await.expect("hash");
        let eva = app::operator::ssr::ActivePerson {
            email: OTHER_ADMIN.0,
            salutation: "ms",
            first_name: "Eva",
            last_name: "Jacobs",
            job_title: "Office Manager",
            department: "Office",
            contact_phone: "+3225550100",
            mfa_phone: None,
            language: app::i18n::Lang::En,
            password_hash,
            totp_secret: OTHER_SECRET,
            group: "administrators",
        };
        assert!(self.op.add_active_person(&org, eva).await.expect("person"));
        org
    }

    pub async fn activity_kinds(&self, email: &str) -> Vec<String> {
        sqlx::query_as::<_, (String,)>("SELECT kind FROM activity WHERE email = $1 ORDER BY created_at, kind")
            .bind(email.to_string())
            .fetch_all(&self.pool)
            .await
            .expect("activity")
            .into_iter()
            .map(|r| r.0)
            .collect()
    }
}


/// The path of the server function `name`, wherever its prefix puts it.
pub fn fn_path(name: &str) -> String {
    let suffix = format!("/{name}");
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    paths.iter().find(|p| p.ends_with(&suffix)).cloned().unwrap_or_else(|| panic!("no server function {name}: {paths:?}"))
}

/// Waits (at most two seconds) for work the portal does after answering, such as an e-mail.
pub async fn eventually<F, Fut>(mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("still not done after two seconds");
}
