//! A burst of the provider's notices through its API, the server killed (SIGKILL) in the middle
//! while the mail relay is down: each notice is wholly there with each of its e-mails queued
//! once, or not there at all; once started again, each e-mail reaches the relay once.

use super::{client, database, delivered_exactly_once, outbox_drained, Portal, SmtpSink, ADMIN};
use reqwest::StatusCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Contacts added to the demo's: three Technical contacts, two on the Watchlist.
const TECHNICAL: [&str; 3] = ["tech.one@brightwave.example", "tech.two@brightwave.example", "tech.three@brightwave.example"];
const WATCHLIST: [&str; 2] = ["watch.one@brightwave.example", "watch.two@brightwave.example"];

async fn contacts(pool: &sqlx::AnyPool, org: &str) {
    for (email, kind) in TECHNICAL.iter().map(|e| (e, "technical")).chain(WATCHLIST.iter().map(|e| (e, "watchlist"))) {
        let id = app::platform::ssr::new_id();
        sqlx::query(
            "INSERT INTO profiles (id, organization_id, email, first_name, last_name, email_language, contact_phone, is_user, created_at, updated_at) \
             VALUES ($1, $2, $3, 'Burst', 'Contact', 'en', '+3235550199', 0, 0, 0)",
        )
        .bind(id.clone())
        .bind(org.to_string())
        .bind(email.to_string())
        .execute(pool)
        .await
        .unwrap();
        sqlx::query("INSERT INTO profile_contact_types (profile_id, contact_type_code, organization_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(kind)
            .bind(org.to_string())
            .execute(pool)
            .await
            .unwrap();
    }
}

/// A provider key made with the operator's command, on the same database.
fn api_key(database: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["api-key-create", "Service Desk", "notices:send"])
        .env("PORTAL_DATABASE_URL", database)
        .output()
        .expect("the server binary");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    text.lines().find_map(|l| l.strip_prefix("key:")).and_then(|l| l.split_whitespace().next()).expect("a key").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_notices_are_sent_each_is_whole_or_absent_and_each_e_mail_goes_out_once() {
    let dir = tempfile::tempdir().unwrap();
    let (url, pool) = database(dir.path()).await;
    let mut relay = SmtpSink::start().await;
    let mut portal = Portal::start(&url, relay.port, dir.path(), "first").await;
    let (org,): (String,) = sqlx::query_as("SELECT organization_id FROM profiles WHERE email = $1").bind(ADMIN.0.to_string()).fetch_one(&pool).await.unwrap();
    contacts(&pool, &org).await;
    let key = api_key(&url);

    relay.stop();
    let done = Arc::new(AtomicUsize::new(0));
    let burst = {
        let (done, base, key, org) = (done.clone(), portal.base.clone(), key.clone(), org.clone());
        tokio::spawn(async move {
            let mut sent = vec![];
            for i in 0..300 {
                let body = serde_json::json!({ "kind": "alert", "subject": format!("Disk space low [n{i}]"), "body": "On the file server." });
                let res = client().post(format!("{base}/provider/v1/organizations/{org}/notices")).bearer_auth(&key).json(&body).send().await;
                match res {
                    Ok(r) if r.status() == StatusCode::CREATED => sent.push(format!("[n{i}]")),
                    Ok(r) => panic!("notice {i} refused: {} {}", r.status(), r.text().await.unwrap_or_default()),
                    // The process is gone: this one may or may not have been written.
                    Err(_) => return sent,
                }
                done.fetch_add(1, Ordering::SeqCst);
            }
            sent
        })
    };
    let deadline = Instant::now() + Duration::from_secs(120);
    while done.load(Ordering::SeqCst) < 8 && !burst.is_finished() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    portal.kill();
    let acknowledged = burst.await.unwrap();
    assert!(acknowledged.len() >= 8, "the burst ran: {} notices", acknowledged.len());

    // Every notice in the database, acknowledged or not, is whole: the same recipients as the
    // first (the demo's Technical contacts and ours addressed, the Watchlist in copy), and one
    // queued e-mail per addressed contact, the Watchlist in its Cc.
    let notices: Vec<(String, String)> = sqlx::query_as("SELECT id, subject FROM notices WHERE organization_id = $1").bind(org.clone()).fetch_all(&pool).await.unwrap();
    assert!(notices.len() >= acknowledged.len() && notices.len() <= acknowledged.len() + 1, "{} notices for {} answers", notices.len(), acknowledged.len());
    for tag in &acknowledged {
        assert!(notices.iter().any(|(_, s)| s.ends_with(tag.as_str())), "acknowledged notice {tag} is kept");
    }
    let mut expected: Option<(Vec<String>, Vec<String>)> = None;
    let mut queued = 0;
    for (id, subject) in &notices {
        let people: Vec<(String, i64)> =
            sqlx::query_as("SELECT email, in_copy FROM notice_recipients WHERE notice_id = $1 ORDER BY email").bind(id.clone()).fetch_all(&pool).await.unwrap();
        let addressed: Vec<String> = people.iter().filter(|p| p.1 == 0).map(|p| p.0.clone()).collect();
        let in_copy: Vec<String> = people.iter().filter(|p| p.1 == 1).map(|p| p.0.clone()).collect();
        let expected = expected.get_or_insert_with(|| (addressed.clone(), in_copy.clone()));
        assert_eq!((&addressed, &in_copy), (&expected.0, &expected.1), "{subject}: the same recipients as the others");
        assert!(TECHNICAL.iter().all(|t| addressed.iter().any(|a| a == t)) && WATCHLIST.iter().all(|w| in_copy.iter().any(|c| c == w)), "{subject}");
        let tag = subject.rsplit(' ').next().unwrap();
        let mails: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT to_address, cc FROM outbox WHERE subject LIKE $1 ORDER BY to_address").bind(format!("%{tag}%")).fetch_all(&pool).await.unwrap();
        let to: Vec<String> = mails.iter().map(|m| m.0.clone()).collect();
        assert_eq!(to, addressed, "{subject}: one e-mail per addressed contact");
        assert!(mails.iter().all(|m| WATCHLIST.iter().all(|w| m.1.as_deref().unwrap_or_default().contains(w))), "{subject}: the Watchlist in copy");
        queued += mails.len();
    }

    // Started again; the relay comes back: each e-mail reaches it exactly once.
    let portal = Portal::start(&url, relay.port, dir.path(), "second").await;
    relay.restart().await;
    let outbox = outbox_drained(&pool, Duration::from_secs(90)).await;
    assert_eq!(outbox.len(), queued, "the notices' e-mails, nothing else");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    delivered_exactly_once(&outbox, &relay, "127.0.0.1");
    drop(portal);
}
