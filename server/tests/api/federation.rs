//! Signing in through an organization's own identity provider, against a real OpenID Provider:
//! oidc-provider (certified), started on loopback as Brightwave's "Cronos Azure AD". Each case
//! walks as a browser does: the address on the portal, the provider's sign-in page, back to the
//! portal's callback, and wherever the portal sends the person then.

use crate::helpers::*;
use app::platform::ssr::federation::Settings;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NAME: &str = "Cronos Azure AD";
const CLIENT_ID: &str = "customer-portal";
const SECRET: &str = "a-client-secret-of-the-provider";
const KEY: &str = "5f0e1d2c3b4a59687766554433221100ffeeddccbbaa99887766554433221100";

/// The organization's provider: oidc-provider in its own Node process.
struct Idp {
    base: String,
    child: Child,
}

impl Idp {
    async fn start(portal: &str) -> Idp {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let base = format!("http://127.0.0.1:{port}");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/demo-app/identity-provider.mjs");
        let child = Command::new("node")
            .arg(script)
            .env("IDP_URL", &base)
            .env("PORTAL_URL", portal)
            .env("IDP_CLIENT_ID", CLIENT_ID)
            .env("IDP_CLIENT_SECRET", SECRET)
            .env("IDP_TEST_CONTROLS", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            // oidc-provider warns about its in-memory store and Node's version: a test's noise.
            .stderr(Stdio::null())
            .spawn()
            .expect("node, with end2end's packages installed (scripts/setup.sh)");
        let idp = Idp { base, child };
        let deadline = Instant::now() + Duration::from_secs(30);
        let discovery = format!("{}/.well-known/openid-configuration", idp.base);
        while client().get(&discovery).send().await.map(|r| r.status() != StatusCode::OK).unwrap_or(true) {
            assert!(Instant::now() < deadline, "the identity provider did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        idp
    }

    async fn tamper(&self, mode: &str) {
        let res = client().post(format!("{}/__test/tamper", self.base)).json(&serde_json::json!({ "mode": mode })).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
}

impl Drop for Idp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn settings(issuer: &str, allow_passwords: bool, trust_provider_mfa: bool) -> Settings {
    Settings {
        display_name: NAME.into(),
        issuer: issuer.into(),
        client_id: CLIENT_ID.into(),
        client_secret: Some(SECRET.into()),
        domains: vec!["brightwave.example".into()],
        allow_passwords,
        trust_provider_mfa,
        break_glass_profile_id: None,
    }
}

async fn portal() -> TestApp {
    spawn_app_with(|c| {
        c.secret_key = app::platform::ssr::sealed::parse_key(KEY);
        c.idp_allow_insecure = true;
    })
    .await
}

async fn brightwave(app: &TestApp) -> String {
    app.op.organization_of(ADMIN.0).await.unwrap().unwrap()
}

/// The first step for `email`: the way the portal answers.
async fn start(app: &TestApp, c: &Client, email: &str) -> Value {
    let res = app.post_fn(c, "login_start", &[("email", email)]).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert!(status == StatusCode::OK || status == StatusCode::UNPROCESSABLE_ENTITY, "{status}: {body}");
    body
}

/// From the portal's first step through the provider's page (its address checked, then `form`
/// posted there) to the portal's callback: the callback's address, not yet opened.
async fn to_callback(app: &TestApp, c: &Client, email: &str, form: &[(&str, &str)]) -> String {
    let way = start(app, c, email).await;
    assert_eq!(way["provider"], true, "sent to the provider: {way}");
    let mut url = way["to"].as_str().unwrap().to_string();
    for _ in 0..12 {
        if url.starts_with(&app.base) {
            return url;
        }
        let res = if url.contains("/interaction/") {
            let page = c.get(&url).send().await.unwrap();
            assert_eq!(page.status(), StatusCode::OK);
            let html = page.text().await.unwrap();
            assert!(html.contains(&format!("value=\"{email}\"")), "the address arrives as login_hint");
            c.post(&url).form(form).send().await.unwrap()
        } else {
            c.get(&url).header("Accept", "text/html").send().await.unwrap()
        };
        let Some(to) = res.headers().get("location").and_then(|v| v.to_str().ok()) else {
            panic!("{url} answered {} without going on", res.status());
        };
        url = reqwest::Url::parse(&url).unwrap().join(to).unwrap().to_string();
    }
    panic!("too many redirects")
}

/// Where the portal's callback at `callback` sends the browser `c`.
async fn callback_sends(c: &Client, callback: &str) -> String {
    let res = c.get(callback).header("Accept", "text/html").send().await.unwrap();
    res.headers()["location"].to_str().unwrap().to_string()
}

/// From the portal's first step through the provider's page (signing in there as `login_as`,
/// with or without its MFA) and back: where the portal finally sends the browser.
async fn through(app: &TestApp, c: &Client, email: &str, login_as: &str, mfa: bool) -> String {
    let mut form = vec![("email", login_as), ("action", "sign-in")];
    if mfa {
        form.push(("mfa", "1"));
    }
    let callback = to_callback(app, c, email, &form).await;
    callback_sends(c, &callback).await
}

async fn activity(app: &TestApp, kind: &str) -> Vec<(String, Option<String>)> {
    sqlx::query_as("SELECT email, detail FROM activity WHERE kind = $1 ORDER BY created_at, id").bind(kind.to_string()).fetch_all(&app.pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_covered_address_signs_in_through_its_provider_and_the_portal_code_follows_unless_its_mfa_is_trusted() {
    let app = portal().await;
    let org = brightwave(&app).await;
    let idp = Idp::start(&app.base).await;
    app.op.set_identity_provider(&org, settings(&idp.base, true, false)).await.unwrap();
    let (sealed,): (String,) = sqlx::query_as("SELECT client_secret_sealed FROM identity_providers").fetch_one(&app.pool).await.unwrap();
    assert!(!sealed.contains(SECRET), "the secret is kept sealed");

    // Until the operator verified the domain, the address signs in with its password.
    let c = client();
    assert_eq!(start(&app, &c, USER.0).await, serde_json::json!({ "to": "/login?email=thomas.peeters%40brightwave.example", "provider": false }));
    assert!(app.op.verify_sso_domain(&org, "brightwave.example").await.unwrap());
    // Passwords still allowed: the person chooses; the provider once asked for it.
    assert_eq!(start(&app, &c, USER.0).await["to"], "/login?email=thomas.peeters%40brightwave.example&sso=choose");
    let res = app.post_fn(&c, "login_way", &[("email", USER.0)]).await;
    assert_eq!(res.json::<Value>().await.unwrap(), serde_json::json!({ "Either": NAME }));
    // Any other address goes on with the password, whether it is anyone's or not.
    assert_eq!(start(&app, &c, "nobody@elsewhere.example").await["to"], "/login?email=nobody%40elsewhere.example");
    let res = app.post_fn(&c, "login_way", &[("email", "nobody@elsewhere.example")]).await;
    assert_eq!(res.json::<Value>().await.unwrap(), serde_json::json!("Password"));

    // Thomas through the provider: verified, and the portal's own code asked next.
    let c = client();
    let res = app.post_fn(&c, "login_start", &[("email", USER.0), ("via", "1")]).await;
    let way: Value = res.json().await.unwrap();
    assert!(way["to"].as_str().unwrap().starts_with(&idp.base));
    let c = client();
    app.op.set_identity_provider(&org, settings(&idp.base, false, false)).await.unwrap();
    assert_eq!(through(&app, &c, USER.0, USER.0, true).await, "/login/code");
    app.next_step();
    let res = app.post_fn(&c, "verify_code", &[("code", &app.code(secret_of(USER.0)))]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.post_fn(&c, "my_profile", &[]).await.status(), StatusCode::OK, "signed in");
    assert_eq!(activity(&app, "sso-verified").await, [(USER.0.to_string(), Some(NAME.to_string()))], "attempted to log in via {NAME}");

    // The provider's MFA trusted: signed in at once when it was done, the code otherwise.
    let mut s = settings(&idp.base, false, true);
    s.client_secret = None;
    app.op.set_identity_provider(&org, s).await.unwrap();
    let c = client();
    assert_eq!(through(&app, &c, USER.0, USER.0, true).await, "/profile");
    assert_eq!(app.post_fn(&c, "my_profile", &[]).await.status(), StatusCode::OK);
    let c = client();
    assert_eq!(through(&app, &c, USER.0, USER.0, false).await, "/login/code");
    assert_eq!(app.post_fn(&c, "my_profile", &[]).await.status(), StatusCode::UNAUTHORIZED, "not signed in before the code");

    // Without JavaScript: the form goes to a page of the portal that goes on to the provider
    // (a form may not post on to another site).
    let plain = client();
    let res = plain.post(app.url(&fn_path("login_start"))).header("Accept", "text/html").form(&[("email", USER.0)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.starts_with("/login/provider?state="), "{to}");
    let (status, _, html) = app.page(&plain, &to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"http-equiv="refresh""#) && html.contains(&idp.base), "{html}");
    assert!(html.contains("Continue to Cronos Azure AD"));
    let (_, _, unknown) = app.page(&plain, "/login/provider?state=forged").await;
    assert!(unknown.contains("could not be verified") && !unknown.contains("http-equiv=\"refresh\""));

    // The organization signs in only through its provider: Thomas's password no longer works;
    // its break-glass administrator keeps password and code.
    assert_eq!(app.login(&client(), USER).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.login(&client(), ADMIN).await.status(), StatusCode::UNAUTHORIZED);
    // "Forgot your password?" tells him where to sign in instead of sending a reset link.
    assert_eq!(app.post_fn(&client(), "forgot_password", &[("email", USER.0)]).await.status(), StatusCode::OK);
    let pool = app.pool.clone();
    eventually(|| {
        let pool = pool.clone();
        async move {
            let mails: Vec<(String, String)> = sqlx::query_as("SELECT subject, body_text FROM outbox WHERE to_address = $1").bind(USER.0).fetch_all(&pool).await.unwrap();
            mails.iter().any(|(subject, body)| subject == "Aanmelden bij het Arxus Klantenportaal" && body.contains(NAME) && !body.contains("reset-password"))
        }
    })
    .await;
    let (sophie,): (String,) = sqlx::query_as("SELECT id FROM profiles WHERE email = $1").bind(ADMIN.0).fetch_one(&app.pool).await.unwrap();
    let mut s = settings(&idp.base, false, true);
    s.break_glass_profile_id = Some(sophie);
    app.op.set_identity_provider(&org, s).await.unwrap();
    assert_eq!(app.login(&client(), ADMIN).await.status(), StatusCode::OK);
    assert_eq!(app.login(&client(), USER).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whatever_cannot_be_verified_or_is_not_a_user_of_the_organization_is_refused_and_logged() {
    let app = portal().await;
    let org = brightwave(&app).await;
    let idp = Idp::start(&app.base).await;
    app.op.set_identity_provider(&org, settings(&idp.base, false, true)).await.unwrap();
    app.op.verify_sso_domain(&org, "brightwave.example").await.unwrap();

    // A token the provider never signed, for another application, expired, or of another
    // sign-in: refused, and nobody is signed in.
    for mode in ["wrong-audience", "bad-signature", "expired", "other-nonce"] {
        idp.tamper(mode).await;
        let c = client();
        assert_eq!(through(&app, &c, USER.0, USER.0, true).await, "/login?sso_error=invalid", "{mode}");
        assert_eq!(app.post_fn(&c, "my_profile", &[]).await.status(), StatusCode::UNAUTHORIZED, "{mode}");
    }
    idp.tamper("none").await;
    assert_eq!(activity(&app, "sso-refused-invalid").await.len(), 4);

    // An address the provider did not verify; someone the organization never invited; someone
    // of another organization; a disabled user.
    assert_eq!(through(&app, &client(), "unverified.jan@brightwave.example", "unverified.jan@brightwave.example", true).await, "/login?sso_error=unverified");
    assert_eq!(through(&app, &client(), "stranger@brightwave.example", "stranger@brightwave.example", true).await, "/login?sso_error=unknown");
    app.second_organization().await;
    assert_eq!(through(&app, &client(), USER.0, OTHER_ADMIN.0, true).await, "/login?sso_error=unknown", "a person of another organization");
    sqlx::query("UPDATE profiles SET user_status = 'disabled' WHERE email = $1").bind(USER.0).execute(&app.pool).await.unwrap();
    assert_eq!(through(&app, &client(), USER.0, USER.0, true).await, "/login?sso_error=disabled");
    sqlx::query("UPDATE profiles SET user_status = 'active' WHERE email = $1").bind(USER.0).execute(&app.pool).await.unwrap();
    let mut unknown = activity(&app, "sso-refused-unknown").await;
    unknown.sort();
    assert_eq!(unknown, [(OTHER_ADMIN.0.to_string(), Some(NAME.to_string())), ("stranger@brightwave.example".to_string(), Some(NAME.to_string()))]);
    let (org_of_line,): (Option<String>,) = sqlx::query_as("SELECT organization_id FROM activity WHERE kind = 'sso-refused-disabled'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(org_of_line.as_deref(), Some(org.as_str()), "the administrators see the attempts");

    // Carried to another browser (login CSRF: someone else's answer), it signs nobody in; the
    // same answer twice neither: the state is spent at its first use.
    let signing_in = [("email", USER.0), ("action", "sign-in"), ("mfa", "1")];
    let c = client();
    let callback = to_callback(&app, &c, USER.0, &signing_in).await;
    let elsewhere = client();
    assert_eq!(callback_sends(&elsewhere, &callback).await, "/login?sso_error=invalid", "another browser");
    assert_eq!(app.post_fn(&elsewhere, "my_profile", &[]).await.status(), StatusCode::UNAUTHORIZED);
    let callback = to_callback(&app, &c, USER.0, &signing_in).await;
    assert_eq!(callback_sends(&c, &callback).await, "/profile");
    assert_eq!(callback_sends(&c, &callback).await, "/login?sso_error=invalid", "a replayed state or code");

    // Cancelled at the provider.
    let c = client();
    let callback = to_callback(&app, &c, USER.0, &[("email", USER.0), ("action", "cancel")]).await;
    let to = callback_sends(&c, &callback).await;
    assert_eq!(to, "/login?sso_error=cancelled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_provider_is_said_clearly_a_wrong_secret_shows_at_the_first_sign_in_and_a_domain_has_one_organization() {
    let app = portal().await;
    let org = brightwave(&app).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    app.op.set_identity_provider(&org, settings(&format!("http://127.0.0.1:{closed}"), true, false)).await.unwrap();
    app.op.verify_sso_domain(&org, "brightwave.example").await.unwrap();
    let e = app.op.test_identity_provider(&org).await.unwrap_err();
    assert_eq!(format!("{e:?}"), format!("{:?}", app::error::AppError::field("issuer", "error-idp-unreachable")));
    // Passwords allowed: said, and the password offered; not allowed: said.
    let c = client();
    let res = app.post_fn(&c, "login_start", &[("email", USER.0), ("via", "1")]).await;
    assert_eq!(res.json::<Value>().await.unwrap()["to"], "/login?email=thomas.peeters%40brightwave.example&sso=unreachable", "the password, saying why");
    let mut s = settings(&format!("http://127.0.0.1:{closed}"), false, false);
    s.client_secret = None;
    app.op.set_identity_provider(&org, s).await.unwrap();
    let res = app.post_fn(&c, "login_start", &[("email", USER.0)]).await;
    assert_eq!(res.json::<Value>().await.unwrap()["Validation"][0]["message_id"], "sso-error-unreachable");
    assert_eq!(activity(&app, "sso-failed-unreachable").await.len(), 2);

    // A wrong secret: the connection test cannot know; the first real sign-in is refused.
    let idp = Idp::start(&app.base).await;
    let mut s = settings(&idp.base, false, true);
    s.client_secret = None;
    let e = app.op.set_identity_provider(&org, s.clone()).await.unwrap_err();
    assert_eq!(format!("{e:?}"), format!("{:?}", app::error::AppError::field("client_secret", "error-idp-client-secret-again")), "another provider needs its own secret");
    s.client_secret = Some("not-the-secret".into());
    app.op.set_identity_provider(&org, s).await.unwrap();
    let shown = app.op.identity_provider(&org).await.unwrap().unwrap();
    assert_eq!(shown.domains, [("brightwave.example".to_string(), false)], "and its domains verified again");
    app.op.verify_sso_domain(&org, "brightwave.example").await.unwrap();
    let tested = app.op.test_identity_provider(&org).await.unwrap();
    assert_eq!(tested.issuer, idp.base);
    assert!(tested.keys >= 1);
    assert_eq!(through(&app, &client(), USER.0, USER.0, true).await, "/login?sso_error=invalid");

    // A domain belongs to one organization at most.
    let other = app.second_organization().await;
    let e = app.op.set_identity_provider(&other, settings(&idp.base, true, false)).await.unwrap_err();
    assert_eq!(format!("{e:?}"), format!("{:?}", app::error::AppError::field("domains", "error-idp-domain-taken")));
    // And without the server's key, nothing is sealed.
    let keyless = spawn_app_with(|c| c.idp_allow_insecure = true).await;
    let org = brightwave(&keyless).await;
    let e = keyless.op.set_identity_provider(&org, settings(&idp.base, true, false)).await.unwrap_err();
    assert_eq!(format!("{e:?}"), format!("{:?}", app::error::AppError::field("client_secret", "error-idp-no-key")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_person_of_a_covered_domain_activates_by_signing_in_at_the_provider() {
    let app = portal().await;
    let org = brightwave(&app).await;
    let idp = Idp::start(&app.base).await;
    app.op.set_identity_provider(&org, settings(&idp.base, false, true)).await.unwrap();
    app.op.verify_sso_domain(&org, "brightwave.example").await.unwrap();
    let link = app.op.invite_person(&org, "nora.jansen@brightwave.example", "Nora", "Jansen", app::i18n::Lang::En, false).await.unwrap();
    // Her invitation's page sends her to the provider; no password is chosen there (the
    // server refuses one too).
    let token = link.rsplit_once("token=").unwrap().1.to_string();
    let info: Value = app.post_fn(&client(), "check_invitation", &[("token", &token)]).await.json().await.unwrap();
    assert_eq!((info["provider"].as_str(), info["passwords"].as_bool()), (Some(NAME), Some(false)));
    assert!(info.get("profile_id").is_none() && info.get("organization_id").is_none(), "never sent: {info}");
    let res = app.post_fn(&client(), "activate", &[("token", &token), ("password", "a-long-enough-password-1"), ("password_confirm", "a-long-enough-password-1")]).await;
    assert_eq!(res.json::<Value>().await.unwrap()["Validation"][0]["message_id"], "activate-provider-only");
    let c = client();
    assert_eq!(through(&app, &c, "nora.jansen@brightwave.example", "nora.jansen@brightwave.example", true).await, "/profile");
    let me: Value = app.post_fn(&c, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(me["first_name"], "Nora");
    let (status, password): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT user_status, password_hash FROM profiles WHERE email = 'nora.jansen@brightwave.example'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(status.as_deref(), Some("active"));
    assert_eq!(password, None, "no portal password to choose");
    let (unused,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM account_tokens t JOIN profiles p ON p.id = t.profile_id WHERE p.email = 'nora.jansen@brightwave.example' AND t.used_at IS NULL")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(unused, 0, "the invitation link is spent");

    // A provider that says nothing of the address's verification (as Entra ID) vouches for its
    // organization's verified domains.
    app.op.invite_person(&org, "silent.sam@brightwave.example", "Sam", "Stil", app::i18n::Lang::En, false).await.unwrap();
    assert_eq!(through(&app, &client(), "silent.sam@brightwave.example", "silent.sam@brightwave.example", true).await, "/profile");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_set_their_provider_on_the_sign_in_tab_and_nobody_else_can() {
    let app = portal().await;
    let idp = Idp::start(&app.base).await;
    let other = app.second_organization().await;
    let (sophie, thomas, eva, anonymous) = (app.signed_in(ADMIN).await, app.signed_in(USER).await, app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await, client());
    let form = |version: &str, secret: &str, domains: &str, break_glass: &str| {
        vec![
            ("display_name", NAME.to_string()),
            ("issuer", idp.base.clone()),
            ("client_id", CLIENT_ID.to_string()),
            ("client_secret", secret.to_string()),
            ("domains", domains.to_string()),
            ("allow_passwords", "on".to_string()),
            ("break_glass", break_glass.to_string()),
            ("version", version.to_string()),
        ]
    };
    let save = |c: &Client, f: Vec<(&'static str, String)>| {
        let (app, c) = (&app, c.clone());
        async move {
            let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_fn(&c, "save_sign_in_settings", &f).await
        }
    };

    let shown: Value = app.post_fn(&sophie, "sign_in_settings", &[]).await.json().await.unwrap();
    assert_eq!(shown["version"], 0);
    assert_eq!(shown["redirect_uri"], format!("{}/api/public/unlimited/sso_callback", app.base));
    // Bad input: each field says why, and nothing is stored.
    let res = save(&sophie, vec![("display_name", String::new()), ("issuer", "ftp://x".into()), ("client_id", String::new()), ("domains", "not a domain".into()), ("version", "0".into())]).await;
    let errors: Value = res.json().await.unwrap();
    let fields: Vec<&str> = errors["Validation"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["display_name", "issuer", "client_id", "domains", "client_secret"]);
    // Saved; the secret never comes back.
    assert_eq!(save(&sophie, form("0", SECRET, "brightwave.example\nbrightwave-logistics.example", "")).await.status(), StatusCode::OK);
    let shown: Value = app.post_fn(&sophie, "sign_in_settings", &[]).await.json().await.unwrap();
    assert_eq!(shown["version"], 1);
    assert_eq!(shown["secret_stored"], true);
    assert!(!shown.to_string().contains(SECRET));
    assert_eq!(shown["domains"], serde_json::json!([["brightwave-logistics.example", false], ["brightwave.example", false]]), "waiting for the operator");
    // A change made on an older version is refused; an empty secret keeps the stored one.
    let res = save(&sophie, form("0", "", "brightwave.example", "")).await;
    assert_eq!(res.json::<Value>().await.unwrap()["Validation"][0]["message_id"], "error-idp-conflict");
    assert_eq!(save(&sophie, form("1", "", "brightwave.example", "")).await.status(), StatusCode::OK);
    let tested: Value = app.post_fn(&sophie, "test_sign_in_connection", &[]).await.json().await.unwrap();
    assert_eq!(tested["issuer"], idp.base);
    // Pointing it at another client (or issuer) needs that one's secret: the stored one is never
    // sent anywhere else.
    let mut other_client = form("2", "", "brightwave.example", "");
    other_client[2].1 = "another-client".into();
    let res = save(&sophie, other_client).await;
    assert_eq!(res.json::<Value>().await.unwrap()["Validation"][0]["message_id"], "error-idp-client-secret-again");
    // The break-glass administrator is one of the organization's own.
    let (eva_id,): (String,) = sqlx::query_as("SELECT id FROM profiles WHERE email = $1").bind(OTHER_ADMIN.0).fetch_one(&app.pool).await.unwrap();
    let res = save(&sophie, form("2", "", "brightwave.example", &eva_id)).await;
    assert_eq!(res.json::<Value>().await.unwrap()["Validation"][0]["field"], "break_glass");

    // Another organization cannot claim the domain, nor see or change these settings.
    let res = save(&eva, form("0", SECRET, "brightwave.example", "")).await;
    assert_eq!(res.json::<Value>().await.unwrap()["Validation"][0]["message_id"], "error-idp-domain-taken");
    let theirs: Value = app.post_fn(&eva, "sign_in_settings", &[]).await.json().await.unwrap();
    assert_eq!(theirs["version"], 0);
    assert_eq!(app.post_fn(&eva, "test_sign_in_connection", &[]).await.status(), StatusCode::UNPROCESSABLE_ENTITY, "none of their own");
    // Without the role, or signed out: refused.
    for (c, status) in [(&thomas, StatusCode::FORBIDDEN), (&anonymous, StatusCode::UNAUTHORIZED)] {
        assert_eq!(app.post_fn(c, "sign_in_settings", &[]).await.status(), status);
        assert_eq!(save(c, form("2", SECRET, "evil.example", "")).await.status(), status);
        assert_eq!(app.post_fn(c, "test_sign_in_connection", &[]).await.status(), status);
    }
    let (name,): (String,) = sqlx::query_as("SELECT display_name FROM identity_providers WHERE organization_id <> $1").bind(other).fetch_one(&app.pool).await.unwrap();
    assert_eq!(name, NAME);
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"sign-in-settings-changed".to_string()));
}
