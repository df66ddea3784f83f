//! Account security: invitations, activation with MFA, TOTP, recovery codes, lockout, password
//! change and reset, the outbox and its SMTP delivery.

use crate::helpers::*;
use app::i18n::Lang;
use reqwest::header::LOCATION;
use reqwest::{Client, StatusCode};
use sqlx::Row;
use std::sync::atomic::Ordering;

impl TestApp {
    async fn demo_org(&self) -> String {
        let (id,): (String,) = sqlx::query_as("SELECT id FROM organizations").fetch_one(&self.pool).await.unwrap();
        id
    }

    /// (subject, text body) of the e-mails to an address, oldest first.
    async fn mails_to(&self, address: &str) -> Vec<(String, String)> {
        sqlx::query_as("SELECT subject, body_text FROM outbox WHERE to_address = $1 ORDER BY created_at, id")
            .bind(address.to_string())
            .fetch_all(&self.pool)
            .await
            .unwrap()
    }

    fn advance(&self, secs: i64) {
        self.clock.0.fetch_add(secs, Ordering::SeqCst);
    }
}

fn link_token(body: &str) -> String {
    let start = body.find("token=").expect("a link with a token") + 6;
    body[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}

const NEW: &str = "lena.maes@brightwave.example";
const GOOD_PASSWORD: &str = "velvet-orchard-stream-82";

/// Invites Lena (French e-mails) and returns her activation token, read from the e-mail.
async fn invite_lena(app: &TestApp) -> String {
    let link = app.op.invite_person(&app.demo_org().await, NEW, "Lena", "Maes", Lang::Fr, false)
        .await
        .unwrap();
    let mails = app.mails_to(NEW).await;
    let (subject, body) = mails.iter().find(|(_, body)| body.contains(&link)).expect("an e-mail carries the link");
    assert_eq!(subject, "Votre invitation au portail client Arxus");
    link_token(body)
}

/// Activation up to and including MFA set-up. Returns the client, the secret and the codes.
async fn activate_lena(app: &TestApp, token: &str) -> (Client, String, Vec<String>) {
    let c = client();
    let res = app
        .post_fn(&c, "activate", &[("token", token), ("password", GOOD_PASSWORD), ("password_confirm", GOOD_PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[LOCATION], "/mfa/setup");
    // Not signed in before MFA is set up.
    assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::UNAUTHORIZED);
    let res = app.post_fn(&c, "mfa_setup", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let setup: serde_json::Value = res.json().await.unwrap();
    assert!(setup["secret"].is_string(), "{setup}");
    let secret = setup["secret"].as_str().unwrap().to_string();
    assert!(setup["otpauth_uri"].as_str().unwrap().starts_with("otpauth://totp/"));
    assert!(setup["qr_svg"].as_str().unwrap().starts_with("<svg"));
    let res = app.post_fn(&c, "confirm_mfa", &[("code", "000000")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "a wrong code does not confirm");
    let res = app.post_fn(&c, "confirm_mfa", &[("code", &app.code(&secret))]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let enrolled: serde_json::Value = res.json().await.unwrap();
    assert_eq!(enrolled["next"], serde_json::Value::Null, "an invitation goes on to My Profile");
    let codes: Vec<String> = serde_json::from_value(enrolled["codes"].clone()).unwrap();
    (c, secret, codes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_person_activates_with_a_password_and_mfa_and_is_signed_in() {
    let app = spawn_app().await;
    let token = invite_lena(&app).await;
    let (_, _, french) = app.page(&client(), &format!("/activate?token={token}")).await;
    assert!(french.contains("Bonjour Lena"), "the page greets her in her language");

    // Weak passwords are refused with the reason, on the field.
    let c = client();
    for (password, reason) in [("short", "password-too-short"), ("1qaz2wsx3edc", "password-common"), ("brightwave-logistics-nv", "password-contains-context")] {
        let res = app.post_fn(&c, "activate", &[("token", &token), ("password", password), ("password_confirm", password)]).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["Validation"][0]["message_id"], reason, "{password}");
    }

    let (c, _secret, codes) = activate_lena(&app, &token).await;
    assert_eq!(codes.len(), 10);
    assert_eq!(codes.iter().collect::<std::collections::HashSet<_>>().len(), 10);
    let me: serde_json::Value = app.post_fn(&c, "me", &[]).await.json().await.unwrap();
    assert_eq!(me["first_name"], "Lena");
    let (status,): (String,) = sqlx::query_as("SELECT user_status FROM profiles WHERE email = $1")
        .bind(NEW.to_string())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "active");
    // All at the same (test) time, so listed by name.
    assert_eq!(app.activity_kinds(NEW).await, vec!["activated", "invited", "mfa-set-up", "password-set"]);
    // Recovery codes are stored hashed.
    let stored: Vec<(String,)> = sqlx::query_as("SELECT code_hash FROM recovery_codes").fetch_all(&app.pool).await.unwrap();
    assert!(stored.iter().all(|(h,)| !codes.contains(h)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn used_expired_and_replaced_invitation_links_are_dead() {
    let app = spawn_app().await;
    let first = invite_lena(&app).await;
    let second = invite_lena(&app).await;
    let res = app.post_fn(&client(), "check_invitation", &[("token", &first)]).await;
    assert_eq!(res.status(), StatusCode::GONE, "a new invitation makes the old link dead");
    let (_, _, page) = app.page(&client(), &format!("/activate?token={first}")).await;
    assert!(page.contains("Ce lien d’invitation ne peut pas être utilisé") || page.contains("This invitation link cannot be used"));

    activate_lena(&app, &second).await;
    let res = app
        .post_fn(&client(), "activate", &[("token", &second), ("password", GOOD_PASSWORD), ("password_confirm", GOOD_PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::GONE, "used");

    let app = spawn_app().await;
    let token = invite_lena(&app).await;
    app.advance(7 * 86_400 + 1);
    let res = app.post_fn(&client(), "activate", &[("token", &token), ("password", GOOD_PASSWORD), ("password_confirm", GOOD_PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::GONE, "expired after 7 days");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_is_accepted_once_even_in_parallel() {
    let app = spawn_app().await;
    let secret = secret_of(ADMIN.0);
    let (a, b) = (client(), client());
    app.login(&a, ADMIN).await;
    app.login(&b, ADMIN).await;
    app.next_step();
    let code = app.code(secret);
    let form = [("code", code.as_str())];
    let (ra, rb) = tokio::join!(app.post_fn(&a, "verify_code", &form), app.post_fn(&b, "verify_code", &form));
    let mut statuses = [ra.status(), rb.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY]);

    // Replayed later, within the same step: refused.
    let c = client();
    app.login(&c, ADMIN).await;
    let res = app.post_fn(&c, "verify_code", &[("code", &code)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_previous_step_is_accepted_and_older_ones_are_not() {
    let app = spawn_app().await;
    let secret = secret_of(ADMIN.0);
    app.advance(300);
    let step = app.state.now() / 30;
    let c = client();
    app.login(&c, ADMIN).await;
    let old = app::platform::ssr::totp::code_at(secret, step - 2).unwrap();
    assert_eq!(app.post_fn(&c, "verify_code", &[("code", &old)]).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "t-2");
    let previous = app::platform::ssr::totp::code_at(secret, step - 1).unwrap();
    assert_eq!(app.post_fn(&c, "verify_code", &[("code", &previous)]).await.status(), StatusCode::OK, "t-1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovery_codes_sign_in_once_each() {
    let app = spawn_app().await;
    let token = invite_lena(&app).await;
    let (_, _, codes) = activate_lena(&app, &token).await;
    let c = client();
    app.login(&c, (NEW, GOOD_PASSWORD)).await;
    assert_eq!(app.post_fn(&c, "verify_code", &[("code", &codes[3])]).await.status(), StatusCode::OK);
    let c = client();
    app.login(&c, (NEW, GOOD_PASSWORD)).await;
    assert_eq!(app.post_fn(&c, "verify_code", &[("code", &codes[3])]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(app.activity_kinds(NEW).await.contains(&"recovery-code-used".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_failures_lock_the_account_for_fifteen_minutes_and_a_success_resets_the_count() {
    let app = spawn_app().await;
    let wrong = (ADMIN.0, "definitely-not-it");
    // Nine failures, then a full sign-in: the count starts again.
    for _ in 0..9 {
        app.login(&client(), wrong).await;
    }
    app.signed_in(ADMIN).await;
    for _ in 0..9 {
        app.login(&client(), wrong).await;
    }
    app.signed_in(ADMIN).await;
    // Ten in a row lock it: the right password then gets the same answer as a wrong one.
    for _ in 0..10 {
        app.login(&client(), wrong).await;
    }
    let res = app.login(&client(), ADMIN).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(res.text().await.unwrap(), r#""InvalidCredentials""#);
    let kinds = app.activity_kinds(ADMIN.0).await;
    assert!(kinds.contains(&"account-locked".to_string()) && kinds.contains(&"sign-in-locked".to_string()));
    app.advance(15 * 60 + 1);
    app.signed_in(ADMIN).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_codes_count_towards_the_lock_too() {
    let app = spawn_app().await;
    let c = client();
    app.login(&c, ADMIN).await;
    for _ in 0..10 {
        app.post_fn(&c, "verify_code", &[("code", "123456")]).await;
    }
    app.next_step();
    let res = app.post_fn(&c, "verify_code", &[("code", &app.code(secret_of(ADMIN.0)))]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "locked: even the right code is refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_attempts_from_one_address_get_429() {
    let app = spawn_app_with(|c| c.rate_limit_per_minute = 5).await;
    for _ in 0..5 {
        assert_eq!(app.login(&client(), ("x@brightwave.example", "whatever-it-is")).await.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.login(&client(), ADMIN).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    app.advance(60);
    assert_eq!(app.login(&client(), ADMIN).await.status(), StatusCode::OK, "the next minute is open again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steps_before_sign_in_refuse_callers_without_the_matching_session() {
    let app = spawn_app().await;
    for name in ["verify_code", "mfa_setup", "confirm_mfa"] {
        let res = app.post_fn(&client(), name, &[("code", "123456")]).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{name}");
    }
    // A signed-in person cannot confirm an MFA change that was never started.
    let c = app.signed_in(ADMIN).await;
    assert_eq!(app.post_fn(&c, "confirm_mfa_change", &[("code", "123456")]).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forgot_password_answers_the_same_and_the_reset_never_skips_the_code() {
    let app = spawn_app().await;
    let signed_in = app.signed_in(ADMIN).await;
    let known = app.post_fn(&client(), "forgot_password", &[("email", ADMIN.0)]).await;
    let unknown = app.post_fn(&client(), "forgot_password", &[("email", "nobody@brightwave.example")]).await;
    assert_eq!((known.status(), unknown.status()), (StatusCode::OK, StatusCode::OK));
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    // The e-mail is queued after the answer, so that both answer alike.
    eventually(|| async { !app.mails_to(ADMIN.0).await.is_empty() }).await;
    assert!(app.mails_to("nobody@brightwave.example").await.is_empty());
    let mails = app.mails_to(ADMIN.0).await;
    assert_eq!(mails.len(), 1);
    let token = link_token(&mails[0].1);

    let c = client();
    let res = app.post_fn(&c, "reset_password", &[("token", &token), ("password", GOOD_PASSWORD), ("password_confirm", GOOD_PASSWORD)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[LOCATION], "/login?reset=1");
    assert_eq!(app.post_fn(&signed_in, "me", &[]).await.status(), StatusCode::UNAUTHORIZED, "every session ended");
    assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::UNAUTHORIZED, "the reset does not sign in");
    // The new password leads to the code step, not in.
    let res = app.login(&c, (ADMIN.0, GOOD_PASSWORD)).await;
    assert_eq!(res.headers()[LOCATION], "/login/code");
    app.next_step();
    app.post_fn(&c, "verify_code", &[("code", &app.code(secret_of(ADMIN.0)))]).await;
    assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::OK);

    let again = app.post_fn(&client(), "reset_password", &[("token", &token), ("password", GOOD_PASSWORD), ("password_confirm", GOOD_PASSWORD)]).await;
    assert_eq!(again.status(), StatusCode::GONE, "single use");
    app.advance(1); // so that the new e-mail is the newest
    app.post_fn(&client(), "forgot_password", &[("email", ADMIN.0)]).await;
    eventually(|| async { app.mails_to(ADMIN.0).await.iter().filter(|m| m.1.contains("token=")).count() == 2 }).await;
    let token = link_token(&app.mails_to(ADMIN.0).await.iter().rev().find(|m| m.1.contains("token=")).unwrap().1);
    app.advance(3601);
    let late = app.post_fn(&client(), "reset_password", &[("token", &token), ("password", GOOD_PASSWORD), ("password_confirm", GOOD_PASSWORD)]).await;
    assert_eq!(late.status(), StatusCode::GONE, "expired after an hour");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changing_the_password_ends_the_other_sessions_and_sends_a_notice() {
    let app = spawn_app().await;
    let here = app.signed_in(ADMIN).await;
    let elsewhere = app.signed_in(ADMIN).await;
    let res = app
        .post_fn(&here, "change_password", &[("current_password", "wrong-current-one"), ("new_password", GOOD_PASSWORD), ("password_confirm", GOOD_PASSWORD)])
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Validation"][0]["field"], "current_password");
    let res = app
        .post_fn(&here, "change_password", &[("current_password", ADMIN.1), ("new_password", GOOD_PASSWORD), ("password_confirm", GOOD_PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.post_fn(&here, "me", &[]).await.status(), StatusCode::OK);
    assert_eq!(app.post_fn(&elsewhere, "me", &[]).await.status(), StatusCode::UNAUTHORIZED);
    let mails = app.mails_to(ADMIN.0).await;
    assert_eq!(mails.last().unwrap().0, "Your Arxus Customer Portal password was changed");
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"password-changed".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_are_listed_and_only_ones_own_can_be_revoked() {
    let app = spawn_app().await;
    let here = app.signed_in(ADMIN).await;
    let other = app.signed_in(ADMIN).await;
    let user = app.signed_in(USER).await;
    let list: serde_json::Value = app.post_fn(&here, "my_sessions", &[]).await.json().await.unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let other_id = list.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_string();
    // Thomas cannot end Sophie's session.
    app.post_fn(&user, "revoke_sessions", &[("id", &other_id)]).await;
    assert_eq!(app.post_fn(&other, "me", &[]).await.status(), StatusCode::OK);
    app.post_fn(&here, "revoke_sessions", &[("id", &other_id)]).await;
    assert_eq!(app.post_fn(&other, "me", &[]).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.post_fn(&here, "me", &[]).await.status(), StatusCode::OK);
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"session-revoked".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_the_mfa_needs_the_password_and_a_current_code() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let res = app.post_fn(&c, "start_mfa_change", &[("current_password", ADMIN.1), ("code", "000000")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    app.next_step();
    let res = app.post_fn(&c, "start_mfa_change", &[("current_password", ADMIN.1), ("code", &app.code(secret_of(ADMIN.0)))]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let setup: serde_json::Value = res.json().await.unwrap();
    let new_secret = setup["secret"].as_str().unwrap().to_string();
    assert_ne!(new_secret, secret_of(ADMIN.0));
    let codes: Vec<String> = app.post_fn(&c, "confirm_mfa_change", &[("code", &app.code(&new_secret))]).await.json().await.unwrap();
    assert_eq!(codes.len(), 10);
    // The old authenticator no longer signs in; the new one does.
    app.next_step();
    let d = client();
    app.login(&d, ADMIN).await;
    assert_eq!(app.post_fn(&d, "verify_code", &[("code", &app.code(secret_of(ADMIN.0)))]).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.post_fn(&d, "verify_code", &[("code", &app.code(&new_secret))]).await.status(), StatusCode::OK);
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"mfa-changed".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mfa_number_is_validated_and_saved() {
    let app = spawn_app().await;
    let c = app.signed_in(USER).await;
    let res = app.post_fn(&c, "mfa_phone", &[("mfa_phone", "call me\r\nmaybe")]).await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Validation"][0]["message_id"], "error-phone-e164");
    assert_eq!(app.post_fn(&c, "mfa_phone", &[("mfa_phone", "+32 470 12 34 56")]).await.status(), StatusCode::OK);
    let me: serde_json::Value = app.post_fn(&c, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(me["mfa_phone"], "+32 470 12 34 56", "shown grouped by the Belgian plan");
    let (stored,): (String,) = sqlx::query_as("SELECT mfa_phone FROM profiles WHERE email = $1").bind(USER.0).fetch_one(&app.pool).await.unwrap();
    assert_eq!(stored, "+32470123456", "stored in E.164");
    // A number of the right shape that Belgium's plan does not have.
    let res = app.post_fn(&c, "mfa_phone", &[("mfa_phone", "+32 470 12 34")]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-phone-invalid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_with_line_breaks_are_refused_for_e_mail() {
    let app = spawn_app().await;
    let err = app.op.invite_person(&app.demo_org().await, "eve@brightwave.example", "Eve\r\nBcc: x@evil.example", "X", Lang::En, false)
        .await
        .unwrap_err();
    assert_eq!(err.field_message("first_name"), Some("error-name-invalid".into()));
    assert!(app.mails_to("eve@brightwave.example").await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_mails_wait_in_the_outbox_while_smtp_is_down_and_go_out_later() {
    // A port nothing listens on: delivery fails and is retried later.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = spawn_app_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{closed}"))).await;
    invite_lena(&app).await;
    let mailer = |url: String| app::platform::ssr::mail::Mailer::new(&url, "Portal <portal@test.example>", std::time::Duration::from_secs(5)).unwrap();
    assert_eq!(app::platform::ssr::mail::deliver_due(&app.state, &mailer(format!("smtp://127.0.0.1:{closed}"))).await.unwrap(), 0);
    let row = sqlx::query("SELECT attempts, sent_at, next_attempt_at FROM outbox").fetch_one(&app.pool).await.unwrap();
    assert_eq!(row.try_get::<i64, _>("attempts").unwrap(), 1);
    assert!(row.try_get::<Option<i64>, _>("sent_at").unwrap().is_none());
    assert!(row.try_get::<i64, _>("next_attempt_at").unwrap() > app.state.now(), "backed off");

    // The SMTP server is back (same database, as after a restart): the e-mail goes out.
    let sink = crate::smtp::SmtpSink::start().await;
    let back = mailer(format!("smtp://127.0.0.1:{}", sink.port));
    assert_eq!(app::platform::ssr::mail::deliver_due(&app.state, &back).await.unwrap(), 0, "not before its retry time");
    app.advance(31);
    assert_eq!(app::platform::ssr::mail::deliver_due(&app.state, &back).await.unwrap(), 1);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    let (id,): (String,) = sqlx::query_as("SELECT id FROM outbox").fetch_one(&app.pool).await.unwrap();
    assert!(message.contains(&format!("Message-ID: <{id}@127.0.0.1>")), "the outbox row names the message: {message}");
    assert!(message.contains("multipart/alternative"));
    assert!(message.contains("text/plain") && message.contains("text/html"));
    assert!(message.contains(NEW));
    let (sent,): (Option<i64>,) = sqlx::query_as("SELECT sent_at FROM outbox").fetch_one(&app.pool).await.unwrap();
    assert!(sent.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_code_step_answers_with_the_persons_portal_language() {
    let app = spawn_app().await;
    let c = client();
    assert_eq!(app.login(&c, USER).await.status(), StatusCode::OK);
    let res = app.post_fn(&c, "verify_code", &[("code", &app.code(secret_of(USER.0)))]).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Thomas reads the portal in Dutch: the page switches before his first page shows.
    assert_eq!(res.json::<serde_json::Value>().await.unwrap(), serde_json::json!({ "lang": "Nl", "next": null }));
}
