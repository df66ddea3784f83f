//! The portal as real processes (the `server` binary) on one database: killed with SIGKILL in
//! the middle of a burst of changes while the mail relay is down, stopped with SIGTERM while
//! requests are under way, two servers sharing one database, and killed while notices are sent
//! (`processes/notices.rs`). Runs on a fresh SQLite file,
//! or on PostgreSQL when `PORTAL_TEST_DATABASE_URL` is set, like the API tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;
#[allow(dead_code)]
#[path = "api/smtp.rs"]
mod smtp;
#[path = "processes/notices.rs"]
mod notices;

use helpers::{client, fn_path, fresh_database, ADMIN};
use reqwest::{Client, StatusCode};
use smtp::SmtpSink;
use sqlx::AnyPool;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const ADMIN_SECRET: &str = "HP3DXLYW6IWAHNC7B7NMG3LUD64ICUYT";

/// One `server` process.
struct Portal {
    child: Child,
    api: Api,
    log: PathBuf,
}

/// What a client reaches of a server: its address.
#[derive(Clone)]
struct Api {
    base: String,
}

impl std::ops::Deref for Portal {
    type Target = Api;
    fn deref(&self) -> &Api {
        &self.api
    }
}

impl Portal {
    /// Starts a server with the demo organization on `database`, delivering to `smtp_port`, and
    /// waits until it answers.
    async fn start(database: &str, smtp_port: u16, dir: &Path, name: &str) -> Portal {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        let log = dir.join(format!("{name}.log"));
        let out = std::fs::OpenOptions::new().create(true).append(true).open(&log).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("--demo")
            .env("PORTAL_DATABASE_URL", database)
            .env("PORTAL_BIND", format!("127.0.0.1:{port}"))
            .env("PORTAL_PUBLIC_URL", &base)
            .env("PORTAL_SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
            .env("PORTAL_MAIL_RETRY_SECONDS", "1")
            // A killed server's claimed e-mail is taken over after three time-outs.
            .env("PORTAL_SMTP_TIMEOUT_SECONDS", "2")
            .env("PORTAL_RATE_LIMIT_PER_MINUTE", "100000")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .expect("the server binary");
        let mut portal = Portal { child, api: Api { base }, log };
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Ok(res) = client().get(format!("{}/healthz", portal.base)).send().await {
                if res.status() == StatusCode::OK {
                    return portal;
                }
            }
            if let Ok(Some(status)) = portal.child.try_wait() {
                panic!("{name} exited ({status}) before answering:\n{}", portal.log_text());
            }
            assert!(Instant::now() < deadline, "{name} did not answer within 60 s:\n{}", portal.log_text());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no chance to finish anything.
    fn kill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    /// SIGTERM, as a service manager stops it.
    fn terminate(&self) {
        let status = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        assert!(status.success());
    }

    /// Waits (at most `limit`) for the process to end; its exit status.
    async fn exited_within(&mut self, limit: Duration) -> std::process::ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "still running {limit:?} after SIGTERM:\n{}", self.log_text());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Api {
    async fn post(&self, c: &Client, name: &str, form: &[(&str, &str)]) -> reqwest::Result<reqwest::Response> {
        c.post(format!("{}{}", self.base, fn_path(name))).header("Origin", &self.base).form(form).send().await
    }

    /// Sophie, signed in: password, then the code her authenticator shows now.
    async fn sign_in(&self) -> Client {
        let c = client();
        let res = self.post(&c, "login", &[("email", ADMIN.0), ("password", ADMIN.1)]).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "password step");
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        let code = app::platform::ssr::totp::code_at(ADMIN_SECRET, now / 30).unwrap();
        let res = self.post(&c, "verify_code", &[("code", &code)]).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "code step: {}", res.text().await.unwrap_or_default());
        c
    }

    /// "+ Add Profile" for a user, through its three steps; an error when an answer never came.
    async fn invite(&self, c: &Client, email: &str, users_group: &str) -> reqwest::Result<()> {
        let res = self
            .post(
                c,
                "draft_details",
                &[
                    ("email", email),
                    ("salutation", "ms"),
                    ("email_language", "en"),
                    ("first_name", "Burst"),
                    ("last_name", "Tester"),
                    ("job_title", "Analyst"),
                    ("department", "IT"),
                    ("contact_phone", "+32 3 555 01 99"),
                    ("kind", "user"),
                ],
            )
            .await?;
        assert_eq!(res.status(), StatusCode::OK, "details of {email}");
        let to = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let draft = to.split(['?', '&']).find_map(|p| p.strip_prefix("draft=")).unwrap_or_default().to_string();
        let res = self.post(c, "draft_groups", &[("draft", &draft), ("groups[]", users_group)]).await?;
        assert_eq!(res.status(), StatusCode::OK, "groups of {email}");
        let res = self.post(c, "confirm_draft", &[("draft", &draft)]).await?;
        assert_eq!(res.status(), StatusCode::OK, "confirm of {email}");
        Ok(())
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh database, and the test's own connection to it for the checks.
async fn database(dir: &Path) -> (String, AnyPool) {
    let url = fresh_database(dir).await;
    sqlx::any::install_default_drivers();
    let pool = AnyPool::connect_lazy(&url).unwrap();
    (url, pool)
}

async fn users_group(pool: &AnyPool) -> String {
    let (id,): (String,) = sqlx::query_as(
        "SELECT g.id FROM permission_groups g JOIN profiles p ON p.organization_id = g.organization_id \
         WHERE p.email = $1 AND g.name = 'users' AND g.built_in = 1",
    )
    .bind(ADMIN.0.to_string())
    .fetch_one(pool)
    .await
    .unwrap();
    id
}

/// Waits until the outbox has nothing left to send; the outbox ids.
async fn outbox_drained(pool: &AnyPool, limit: Duration) -> Vec<String> {
    let deadline = Instant::now() + limit;
    loop {
        let (waiting,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL").fetch_one(pool).await.unwrap();
        if waiting == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{waiting} e-mails still waiting after {limit:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    sqlx::query_as::<_, (String,)>("SELECT id FROM outbox").fetch_all(pool).await.unwrap().into_iter().map(|r| r.0).collect()
}

/// Each outbox row reached the relay exactly once, and nothing else did.
fn delivered_exactly_once(outbox: &[String], sink: &SmtpSink, host: &str) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for id in sink.message_ids() {
        *seen.entry(id).or_default() += 1;
    }
    for id in outbox {
        let n = seen.remove(&format!("<{id}@{host}>")).unwrap_or(0);
        assert_eq!(n, 1, "outbox e-mail {id} delivered {n} times");
    }
    assert!(seen.is_empty(), "delivered but not in the outbox: {seen:?}");
}

async fn job_title(pool: &AnyPool) -> String {
    let (t,): (Option<String>,) =
        sqlx::query_as("SELECT job_title FROM profiles WHERE email = $1").bind(ADMIN.0.to_string()).fetch_one(pool).await.unwrap();
    t.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_during_a_burst_nothing_acknowledged_is_lost_and_each_e_mail_goes_out_once() {
    let dir = tempfile::tempdir().unwrap();
    let (url, pool) = database(dir.path()).await;
    let mut relay = SmtpSink::start().await;
    let mut portal = Portal::start(&url, relay.port, dir.path(), "first").await;
    let c = portal.sign_in().await;
    let group = users_group(&pool).await;
    // While the relay is up, an invitation goes out at once.
    portal.invite(&c, "before.burst@brightwave.example", &group).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while relay.messages().is_empty() {
        assert!(Instant::now() < deadline, "the first invitation never reached the relay");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // The relay goes down; a burst of profile edits and invitations; SIGKILL in the middle.
    relay.stop();
    let done = Arc::new(AtomicUsize::new(0));
    let burst = {
        let (c, done, group) = (c.clone(), done.clone(), group.clone());
        let portal = portal.api.clone();
        tokio::spawn(async move {
            let (mut titles, mut invited) = (Vec::new(), Vec::new());
            for i in 0..200 {
                let title = format!("Burst edit {i}");
                // Made on the version the page shows, as My Profile does.
                let seen = match portal.post(&c, "my_profile", &[]).await {
                    Ok(res) => res.json::<serde_json::Value>().await.ok().and_then(|v| v["version"].as_i64()),
                    Err(_) => None,
                };
                let Some(version) = seen.map(|v| v.to_string()) else { return (titles, None, invited) };
                let edit = portal
                    .post(
                        &c,
                        "update_my_details",
                        &[
                            ("version", version.as_str()),
                            ("email", ADMIN.0),
                            ("salutation", "ms"),
                            ("first_name", "Sophie"),
                            ("last_name", "Claes"),
                            ("job_title", &title),
                            ("department", "IT"),
                            ("contact_phone", "+32 3 555 01 21"),
                            ("mfa_phone", ""),
                        ],
                    )
                    .await;
                match edit {
                    Ok(res) if res.status() == StatusCode::OK => titles.push(title),
                    // The process is gone; this edit may or may not have been written.
                    _ => return (titles, Some(title), invited),
                }
                let email = format!("burst.{i}@brightwave.example");
                match portal.invite(&c, &email, &group).await {
                    Ok(()) => invited.push(email),
                    Err(_) => return (titles, None, invited),
                }
                done.fetch_add(1, Ordering::SeqCst);
            }
            (titles, None, invited)
        })
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while done.load(Ordering::SeqCst) < 6 && !burst.is_finished() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    portal.kill();
    let (titles, unanswered_title, invited) = burst.await.unwrap();
    assert!(titles.len() >= 6 && invited.len() >= 6, "the burst ran: {} edits, {} invitations", titles.len(), invited.len());

    // Started again on the same database; the relay comes back.
    let portal = Portal::start(&url, relay.port, dir.path(), "second").await;
    relay.restart().await;

    // The session made before the kill still works.
    let me: serde_json::Value = portal.post(&c, "my_profile", &[]).await.unwrap().json().await.unwrap();
    // Every acknowledged edit is there: the last one, or the one whose answer never came.
    let last = titles.last().unwrap().clone();
    let allowed: Vec<String> = std::iter::once(last).chain(unanswered_title).collect();
    assert!(allowed.contains(&me["job_title"].as_str().unwrap_or_default().to_string()), "job title {} not in {allowed:?}", me["job_title"]);
    assert_eq!(job_title(&pool).await, me["job_title"].as_str().unwrap_or_default());
    // Every acknowledged invitation: the person is there, invited, with an invitation e-mail.
    for email in &invited {
        let (status,): (Option<String>,) =
            sqlx::query_as("SELECT user_status FROM profiles WHERE email = $1").bind(email.clone()).fetch_one(&pool).await.unwrap();
        assert_eq!(status.as_deref(), Some("invited"), "{email}");
        let (mails,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = $1").bind(email.clone()).fetch_one(&pool).await.unwrap();
        assert_eq!(mails, 1, "the invitation of {email} is queued once");
    }
    // Each queued e-mail reaches the relay exactly once, once it is back.
    let outbox = outbox_drained(&pool, Duration::from_secs(90)).await;
    assert!(outbox.len() > invited.len(), "the first invitation and the burst's");
    // Nothing is sent twice even while the relay keeps being polled.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    delivered_exactly_once(&outbox, &relay, "127.0.0.1");
    drop(portal);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_answers_the_requests_under_way_then_stops() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _pool) = database(dir.path()).await;
    let relay = SmtpSink::start().await;
    let mut portal = Portal::start(&url, relay.port, dir.path(), "portal").await;
    // Sign-ins hash a password each, a few at a time.
    let base = portal.base.clone();
    let calls: Vec<_> = (0..16)
        .map(|i| {
            let url = format!("{base}{}", fn_path("login"));
            let base = base.clone();
            tokio::spawn(async move {
                client()
                    .post(url)
                    .header("Origin", base)
                    .form(&[("email", format!("nobody{i}@brightwave.example")), ("password", "wrong-password-guess".into())])
                    .send()
                    .await
                    .map(|r| r.status())
            })
        })
        .collect();
    // One hash at a time on two cores (half the cores): most are still waiting their turn, in
    // the server, when SIGTERM comes.
    tokio::time::sleep(Duration::from_millis(200)).await;
    portal.terminate();
    for call in calls {
        let status = call.await.unwrap().expect("answered, not cut off");
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let status = portal.exited_within(Duration::from_secs(20)).await;
    assert!(status.success(), "a clean exit: {status}\n{}", portal.log_text());
    assert!(client().get(format!("{base}/healthz")).send().await.is_err(), "no longer listening");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_database_share_sessions_lockouts_and_the_outbox() {
    let dir = tempfile::tempdir().unwrap();
    let (url, pool) = database(dir.path()).await;
    let relay = SmtpSink::start().await;
    let a = Portal::start(&url, relay.port, dir.path(), "a").await;
    let b = Portal::start(&url, relay.port, dir.path(), "b").await;

    // A session made on one works on the other, and signing out on the other ends it.
    let c = a.sign_in().await;
    let me: serde_json::Value = b.post(&c, "my_profile", &[]).await.unwrap().json().await.unwrap();
    assert_eq!(me["first_name"], "Sophie");

    // Failed passwords count on both: 10 in all, alternating, lock the account on both.
    let thomas = ("thomas.peeters@brightwave.example", "copper-meadow-19-rail");
    for i in 0..10 {
        let server = if i % 2 == 0 { &a } else { &b };
        let res = server.post(&client(), "login", &[("email", thomas.0), ("password", "not-his-password")]).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    for server in [&a, &b] {
        let res = server.post(&client(), "login", &[("email", thomas.0), ("password", thomas.1)]).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "locked on both servers");
    }

    // Invitations made on both at once: both workers deliver, each e-mail exactly once.
    let group = users_group(&pool).await;
    tokio::join!(
        async {
            for i in 0..8 {
                a.invite(&c, &format!("via.a.{i}@brightwave.example"), &group).await.unwrap();
            }
        },
        async {
            for i in 0..8 {
                b.invite(&c, &format!("via.b.{i}@brightwave.example"), &group).await.unwrap();
            }
        }
    );
    let outbox = outbox_drained(&pool, Duration::from_secs(60)).await;
    assert_eq!(outbox.len(), 16);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    delivered_exactly_once(&outbox, &relay, "127.0.0.1");

    let res = b.post(&c, "logout", &[]).await.unwrap();
    assert!(res.status().is_success() || res.status().is_redirection());
    let res = a.post(&c, "my_profile", &[]).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "signed out on both");
}
