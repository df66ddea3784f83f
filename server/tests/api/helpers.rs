//! Test harness: the real router on port 0, a fresh SQLite file per test, a cookie jar.

use app::platform::ssr::{AppState, Clock};
use reqwest::header::{HeaderMap, ACCEPT, LOCATION};
use reqwest::{Client, StatusCode};
use server::{connect, demo, leptos_options, router, serve, Config};
use sqlx::AnyPool;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

pub const ADMIN: (&str, &str) = ("sophie.claes@brightwave.example", "harbour-lantern-47-quay");
pub const USER: (&str, &str) = ("thomas.peeters@brightwave.example", "copper-meadow-19-rail");

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
    pub pool: AnyPool,
    pub state: AppState,
    pub clock: Arc<TestClock>,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut config = Config {
        database_url: format!("sqlite://{}?mode=rwc", dir.path().join("portal.db").display()),
        bind: addr.to_string(),
        public_url: format!("http://{addr}"),
        // Tests sign in far more often than people do; the limit has its own test.
        rate_limit_per_minute: 100_000,
        ..Config::default()
    };
    adjust(&mut config);
    let pool = connect(&config).await.expect("database");
    let clock = Arc::new(TestClock(AtomicI64::new(1_795_000_000)));
    let mut state = AppState::new(pool.clone(), config.clone());
    state.clock = clock.clone();
    demo::load(&state).await.expect("demo data");
    let app = router(state.clone(), leptos_options(&config));
    tokio::spawn(serve(listener, app));
    TestApp { base: format!("http://{addr}"), pool, state, clock, _dir: dir }
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
        c.post(self.url(&format!("/api/{name}")))
            .header("Origin", &self.base)
            .form(form)
            .send()
            .await
            .expect("request")
    }

    pub async fn login(&self, c: &Client, (email, password): (&str, &str)) -> reqwest::Response {
        self.post_fn(c, "login", &[("email", email), ("password", password)]).await
    }

    /// The code an authenticator shows now for a secret.
    pub fn code(&self, secret: &str) -> String {
        app::account::ssr::totp_code(secret, self.state.now() / 30).expect("code")
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

