//! The OpenID Provider's front channel and what follows it: `/oauth/authorize` (unknown
//! applications, errors sent back, signing in first, prompt and max_age), the refusal and who
//! can grant access, "Your applications", and the back-channel logouts (sign-out, access lost,
//! an application that is down).

use crate::helpers::*;
use reqwest::header::LOCATION;
use reqwest::StatusCode;
use serde_json::Value;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

const CALLBACK: &str = "https://app.arxus.example/callback";
/// RFC 7636's example verifier and its S256 challenge.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

struct App {
    id: String,
    secret: String,
}

async fn register(app: &TestApp, service: &str, role: &str, logout: Option<&str>) -> App {
    let r = app.op.register_application("Service Desk", service, role, &[CALLBACK.to_string()], logout).await.unwrap();
    App { id: r.client_id, secret: r.client_secret }
}

/// The authorization request an application builds, with `extra` pairs added or replacing.
fn authorize_url(app: &TestApp, client_id: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(&str, &str)> = vec![
        ("client_id", client_id),
        ("redirect_uri", CALLBACK),
        ("response_type", "code"),
        ("scope", "openid email profile"),
        ("state", "st-123"),
        ("nonce", "no-456"),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
    ];
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        if !v.is_empty() {
            pairs.push((k, v));
        }
    }
    let q = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
    app.url(&format!("/oauth/authorize?{q}"))
}

async fn get(c: &reqwest::Client, url: &str) -> reqwest::Response {
    c.get(url).header("Accept", "text/html").send().await.unwrap()
}

/// The query of a redirect to the application, as pairs.
fn sent_back(res: &reqwest::Response) -> Vec<(String, String)> {
    let to = res.headers()[LOCATION].to_str().unwrap();
    assert!(to.starts_with(&format!("{CALLBACK}?")), "sent back to the application: {to}");
    url::Url::parse(to).unwrap().query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

async fn exchange(app: &TestApp, a: &App, code: &str) -> (StatusCode, Value) {
    let form = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", CALLBACK), ("code_verifier", VERIFIER)];
    let res = client().post(app.url("/oauth/token")).basic_auth(&a.id, Some(&a.secret)).form(&form).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The claims of a compact JWT, read without checking it (the signature is checked elsewhere).
fn claims(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_application_or_address_gets_the_portals_page_never_a_redirect() {
    let app = spawn_app().await;
    let a = register(&app, "servicedesk", "servicenow-user", None).await;
    let c = app.signed_in(USER).await;
    for url in [
        authorize_url(&app, "no-such-application", &[]),
        authorize_url(&app, &a.id, &[("redirect_uri", "https://app.arxus.example/callback/")]),
        authorize_url(&app, &a.id, &[("redirect_uri", "https://evil.example/callback")]),
        authorize_url(&app, &a.id, &[("redirect_uri", "")]),
    ] {
        let res = get(&c, &url).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{url}");
        assert!(res.headers().get(LOCATION).is_none(), "never a redirect: {url}");
        let html = res.text().await.unwrap();
        // Thomas reads Dutch.
        assert!(html.contains("Deze aanmeldlink is niet geldig"), "{html}");
    }
    let none: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM oidc_codes").fetch_one(&app.pool).await.unwrap();
    assert_eq!(none.0, 0, "nothing issued");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_provider_does_not_offer_goes_back_to_the_application_with_state_and_issuer() {
    let app = spawn_app().await;
    let a = register(&app, "servicedesk", "servicenow-user", None).await;
    let c = app.signed_in(USER).await;
    for (extra, error) in [
        (vec![("code_challenge", "")], "invalid_request"),
        (vec![("code_challenge_method", "plain")], "invalid_request"),
        (vec![("code_challenge_method", "")], "invalid_request"),
        (vec![("code_challenge", "short")], "invalid_request"),
        (vec![("response_type", "token")], "unsupported_response_type"),
        (vec![("response_type", "")], "invalid_request"),
        (vec![("response_type", "code id_token")], "unsupported_response_type"),
        (vec![("scope", "email profile")], "invalid_scope"),
        (vec![("request", "eyJhbGciOiJub25lIn0.e30.")], "request_not_supported"),
        (vec![("max_age", "soon")], "invalid_request"),
        (vec![("response_mode", "fragment")], "invalid_request"),
    ] {
        let res = get(&c, &authorize_url(&app, &a.id, &extra)).await;
        assert_eq!(res.status(), StatusCode::FOUND, "{extra:?}");
        let back = sent_back(&res);
        assert_eq!(param(&back, "error"), Some(error), "{extra:?}");
        assert_eq!(param(&back, "state"), Some("st-123"));
        assert_eq!(param(&back, "iss"), Some(app.base.as_str()));
        assert_eq!(param(&back, "code"), None);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_not_signed_in_signs_in_with_password_and_code_and_continues_to_the_application() {
    let app = spawn_app().await;
    let a = register(&app, "servicedesk", "servicenow-user", None).await;
    let c = client();
    let url = authorize_url(&app, &a.id, &[]);
    // prompt=none never shows a page: the application learns that a sign-in is needed.
    let res = get(&c, &authorize_url(&app, &a.id, &[("prompt", "none")])).await;
    assert_eq!(param(&sent_back(&res), "error"), Some("login_required"));

    let res = get(&c, &url).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(to.starts_with("/login?next="), "{to}");
    let next: String = url::Url::parse(&app.url(&to)).unwrap().query_pairs().find(|(k, _)| k == "next").unwrap().1.into_owned();
    assert_eq!(app.url(&next), url, "the sign-in comes back to this very request");

    // The two steps, carrying `next` (as the sign-in page's hidden field does).
    let res = app.post_fn(&c, "login", &[("email", USER.0), ("password", USER.1), ("next", &next)]).await;
    assert_eq!(res.headers()[LOCATION], "/login/code");
    app.next_step();
    let res = app.post_fn(&c, "verify_code", &[("code", &app.code(secret_of(USER.0)))]).await;
    let signed_in: Value = res.json().await.unwrap();
    assert_eq!(signed_in["next"], next.as_str());
    assert_eq!(signed_in["lang"], "Nl");

    // Back at the request, signed in: a code for the application, with the state and issuer.
    let res = get(&c, &url).await;
    let back = sent_back(&res);
    assert_eq!(param(&back, "state"), Some("st-123"));
    assert_eq!(param(&back, "iss"), Some(app.base.as_str()));
    let code = param(&back, "code").unwrap().to_string();
    let (status, tokens) = exchange(&app, &a, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let id = claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(id["nonce"], "no-456");
    assert_eq!(id["roles"], serde_json::json!(["servicenow-user"]));
    assert!(id["sid"].as_str().is_some_and(|s| s.len() == 32), "a session id for back-channel logout: {id}");
    let signed_in_at = id["auth_time"].as_i64().unwrap();
    assert!(app.state.now() - signed_in_at < 5, "auth_time is when the person signed in");
    assert!(app.activity_kinds(USER.0).await.contains(&"application-entered".to_string()));

    // The same request posted as a form (OpenID Connect Core 3.1.2.1), from the application's
    // own site: answered as the GET.
    let form: Vec<(String, String)> = url::Url::parse(&url).unwrap().query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let res = c.post(app.url("/oauth/authorize")).header("Origin", "https://app.arxus.example").form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let again = get(&c, &app.url(res.headers()[LOCATION].to_str().unwrap())).await;
    assert!(param(&sent_back(&again), "code").is_some());

    // Already signed in: straight through, and prompt=none too.
    let res = get(&c, &authorize_url(&app, &a.id, &[("prompt", "none")])).await;
    assert!(param(&sent_back(&res), "code").is_some());

    // A `next` that is not the portal's is dropped: signing in never leads elsewhere.
    let other = client();
    let res = app.post_fn(&other, "login", &[("email", USER.0), ("password", USER.1), ("next", "//evil.example/x")]).await;
    assert_eq!(res.headers()[LOCATION], "/login/code");
    app.next_step();
    let signed_in: Value = app.post_fn(&other, "verify_code", &[("code", &app.code(secret_of(USER.0)))]).await.json().await.unwrap();
    assert_eq!(signed_in["next"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_setting_up_their_authenticator_on_the_way_still_arrives_at_the_application() {
    let app = spawn_app().await;
    let a = register(&app, "servicedesk", "servicenow-user", None).await;
    // An administrator reset this person's MFA: the password leads to the set-up first.
    sqlx::query("UPDATE profiles SET totp_secret = NULL WHERE email = $1").bind(USER.0).execute(&app.pool).await.unwrap();
    let c = client();
    let url = authorize_url(&app, &a.id, &[]);
    let to = get(&c, &url).await.headers()[LOCATION].to_str().unwrap().to_string();
    let next: String = url::Url::parse(&app.url(&to)).unwrap().query_pairs().find(|(k, _)| k == "next").unwrap().1.into_owned();
    let res = app.post_fn(&c, "login", &[("email", USER.0), ("password", USER.1), ("next", &next)]).await;
    assert_eq!(res.headers()[LOCATION], "/mfa/setup");
    let setup: Value = app.post_fn(&c, "mfa_setup", &[]).await.json().await.unwrap();
    let res = app.post_fn(&c, "confirm_mfa", &[("code", &app.code(setup["secret"].as_str().unwrap()))]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let enrolled: Value = res.json().await.unwrap();
    assert_eq!(enrolled["codes"].as_array().map(Vec::len), Some(10), "{enrolled}");
    assert_eq!(enrolled["next"], next.as_str(), "after the recovery codes, on to the application");
    let back = sent_back(&get(&c, &url).await);
    assert!(param(&back, "code").is_some(), "{back:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prompt_login_and_max_age_ask_for_a_fresh_sign_in() {
    let app = spawn_app().await;
    let a = register(&app, "servicedesk", "servicenow-user", None).await;
    let c = app.signed_in(USER).await;
    // prompt=login: the sign-in page, coming back without prompt=login.
    let res = get(&c, &authorize_url(&app, &a.id, &[("prompt", "login")])).await;
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(to.starts_with("/login?next="), "{to}");
    let next: String = url::Url::parse(&app.url(&to)).unwrap().query_pairs().find(|(k, _)| k == "next").unwrap().1.into_owned();
    assert!(!next.contains("prompt"), "{next}");
    // max_age: fine just after signing in, a fresh sign-in once it has passed.
    let res = get(&c, &authorize_url(&app, &a.id, &[("max_age", "300")])).await;
    assert!(param(&sent_back(&res), "code").is_some());
    app.clock.0.fetch_add(301, Ordering::SeqCst);
    let res = get(&c, &authorize_url(&app, &a.id, &[("max_age", "300")])).await;
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert!(to.starts_with("/login?next="), "{to}");
    assert!(!to.contains("max_age"), "the fresh sign-in honours it; kept, a short max_age would loop: {to}");
    let res = get(&c, &authorize_url(&app, &a.id, &[("max_age", "300"), ("prompt", "none")])).await;
    assert_eq!(param(&sent_back(&res), "error"), Some("login_required"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_without_the_role_sees_the_refusal_and_nothing_is_issued() {
    let app = spawn_app().await;
    // Thomas's group grants ServiceNow, not the Billing Tool.
    let billing = register(&app, "billing", "billing-tool", None).await;
    let c = app.signed_in(USER).await;
    let res = get(&c, &authorize_url(&app, &billing.id, &[])).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()[LOCATION].to_str().unwrap(), format!("/applications/refused?application={}", billing.id));
    let res = get(&c, &authorize_url(&app, &billing.id, &[("prompt", "none")])).await;
    assert_eq!(param(&sent_back(&res), "error"), Some("access_denied"));
    let codes: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM oidc_codes").fetch_one(&app.pool).await.unwrap();
    assert_eq!(codes.0, 0, "nothing issued");
    assert!(app.activity_kinds(USER.0).await.contains(&"application-refused".to_string()));

    // The page: the application's name and who can grant it, his organization's administrators.
    let (status, _, html) = app.page(&c, &format!("/applications/refused?application={}", billing.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Je hebt geen toegang tot"), "in Thomas's language");
    assert!(html.contains("Sophie Claes"), "{html}");
    let refusal: Value = app.post_fn(&c, "application_refusal", &[("application", &billing.id)]).await.json().await.unwrap();
    assert_eq!(refusal["application"], "Service Desk");
    assert_eq!(refusal["administrators"], serde_json::json!([{ "name": "Sophie Claes", "email": ADMIN.0 }]));
    // Anonymous: refused. Another organization's administrator: her own administrators only.
    let res = app.post_fn(&client(), "application_refusal", &[("application", &billing.id)]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let _ = app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    let hers: Value = app.post_fn(&eva, "application_refusal", &[("application", &billing.id)]).await.json().await.unwrap();
    assert_eq!(hers["administrators"], serde_json::json!([{ "name": "Eva Jacobs", "email": OTHER_ADMIN.0 }]));
    let res = app.post_fn(&eva, "application_refusal", &[("application", "no-such-application")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn your_applications_lists_what_the_persons_groups_open_each_starting_its_sign_in() {
    let app = spawn_app().await;
    let desk = register(&app, "servicedesk", "servicenow-user", None).await;
    app.op.set_application_login(&desk.id, "https://app.arxus.example/login").await.unwrap();
    let _billing = register(&app, "billing", "billing-tool", None).await;
    let c = app.signed_in(USER).await;
    let me: Value = app.post_fn(&c, "my_profile", &[]).await.json().await.unwrap();
    let expected_href = format!("https://app.arxus.example/login?iss={}", url::form_urlencoded::byte_serialize(app.base.as_bytes()).collect::<String>());
    assert_eq!(me["applications"], serde_json::json!([{ "name": "Service Desk", "href": expected_href }]));
    let (_, _, html) = app.page(&c, "/profile").await;
    assert!(html.contains("Je toepassingen"));
    // Sophie's group opens both.
    let s = app.signed_in(ADMIN).await;
    let hers: Value = app.post_fn(&s, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(hers["applications"].as_array().unwrap().len(), 2);
}

/// A receiver of logout tokens on loopback, as an application's back channel; `up` decides
/// whether it answers 200 or 503.
async fn logout_receiver() -> (String, Arc<Mutex<Vec<String>>>, Arc<std::sync::atomic::AtomicBool>) {
    use axum::routing::post;
    let got = Arc::new(Mutex::new(Vec::new()));
    let up = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let (g, u) = (got.clone(), up.clone());
    let router = axum::Router::new().route(
        "/logout",
        post(move |axum::extract::Form(f): axum::extract::Form<std::collections::HashMap<String, String>>| {
            let (g, u) = (g.clone(), u.clone());
            async move {
                if !u.load(Ordering::SeqCst) {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                g.lock().unwrap().push(f.get("logout_token").cloned().unwrap_or_default());
                StatusCode::OK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}/logout"), got, up)
}

/// Thomas enters the application through the front channel; returns the ID token's claims and
/// the access token.
async fn enter(app: &TestApp, c: &reqwest::Client, a: &App) -> (Value, String) {
    let res = get(c, &authorize_url(app, &a.id, &[])).await;
    let code = param(&sent_back(&res), "code").unwrap().to_string();
    let (status, tokens) = exchange(app, a, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    (claims(tokens["id_token"].as_str().unwrap()), tokens["access_token"].as_str().unwrap().to_string())
}

async fn userinfo_status(app: &TestApp, access: &str) -> StatusCode {
    client().get(app.url("/oauth/userinfo")).bearer_auth(access).send().await.unwrap().status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_of_the_portal_logs_the_person_out_of_each_application_through_its_back_channel() {
    let app = spawn_app().await;
    let (uri, got, up) = logout_receiver().await;
    let a = register(&app, "servicedesk", "servicenow-user", Some(&uri)).await;
    let c = app.signed_in(USER).await;
    let (id, access) = enter(&app, &c, &a).await;
    assert_eq!(userinfo_status(&app, &access).await, StatusCode::OK);
    // A code handed out just before signing out is not exchanged after it.
    let res = get(&c, &authorize_url(&app, &a.id, &[])).await;
    let late_code = param(&sent_back(&res), "code").unwrap().to_string();

    // The application is down when the person signs out: nothing is lost, it is retried.
    up.store(false, Ordering::SeqCst);
    assert_eq!(app.post_fn(&c, "logout", &[]).await.status(), StatusCode::OK);
    assert_eq!(userinfo_status(&app, &access).await, StatusCode::UNAUTHORIZED, "its access token died with the session");
    let (status, body) = exchange(&app, &a, &late_code).await;
    assert_eq!((status, body["error"].as_str()), (StatusCode::BAD_REQUEST, Some("invalid_grant")));
    assert_eq!(app::platform::ssr::backchannel::deliver_due(&app.state).await.unwrap(), 0);
    let (attempts, error): (i64, Option<String>) = sqlx::query_as("SELECT attempts, last_error FROM oidc_logouts").fetch_one(&app.pool).await.unwrap();
    assert_eq!(attempts, 1);
    assert!(error.is_some_and(|e| e.contains("503")));
    // Not before its back-off; then delivered once, and never again.
    up.store(true, Ordering::SeqCst);
    assert_eq!(app::platform::ssr::backchannel::deliver_due(&app.state).await.unwrap(), 0, "waits its back-off");
    app.clock.0.fetch_add(31, Ordering::SeqCst);
    assert_eq!(app::platform::ssr::backchannel::deliver_due(&app.state).await.unwrap(), 1);
    assert_eq!(app::platform::ssr::backchannel::deliver_due(&app.state).await.unwrap(), 0);
    let tokens = got.lock().unwrap().clone();
    assert_eq!(tokens.len(), 1);
    let logout = claims(&tokens[0]);
    assert_eq!(logout["sub"], id["sub"]);
    assert_eq!(logout["sid"], id["sid"]);
    assert_eq!(logout["aud"], serde_json::json!([a.id]));
    assert_eq!(logout["iss"], app.base.as_str());
    assert!(logout["events"]["http://schemas.openid.net/event/backchannel-logout"].is_object());
    assert!(logout.get("nonce").is_none(), "a logout token never carries a nonce");
    assert!(logout["jti"].as_str().is_some() && logout["iat"].as_i64().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn losing_the_role_or_being_disabled_ends_the_application_session_at_once() {
    let app = spawn_app().await;
    let (uri, got, _up) = logout_receiver().await;
    let a = register(&app, "servicedesk", "servicenow-user", Some(&uri)).await;
    let c = app.signed_in(USER).await;
    let (id, access) = enter(&app, &c, &a).await;

    // Sophie takes Thomas out of the users group, the only one granting him ServiceNow.
    let s = app.signed_in(ADMIN).await;
    let groups: Value = app.post_fn(&s, "permission_groups", &[]).await.json().await.unwrap();
    let users = groups["groups"].as_array().unwrap().iter().find(|g| g["label"]["name"] == "users").unwrap()["label"]["id"].as_str().unwrap().to_string();
    let group: Value = app.post_fn(&s, "permission_group", &[("id", &users)]).await.json().await.unwrap();
    let version = group["group"]["version"].as_i64().unwrap().to_string();
    let thomas = id["sub"].as_str().unwrap().to_string();
    let res = app.post_fn(&s, "set_group_members", &[("id", &users), ("version", &version), ("remove[]", &thomas)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    // At once: the session ended, its access token revoked, its logout queued with the reason.
    assert_eq!(userinfo_status(&app, &access).await, StatusCode::UNAUTHORIZED);
    let (reason,): (String,) = sqlx::query_as("SELECT reason FROM oidc_logouts").fetch_one(&app.pool).await.unwrap();
    assert_eq!(reason, "access-lost");
    assert_eq!(app::platform::ssr::backchannel::deliver_due(&app.state).await.unwrap(), 1);
    assert_eq!(claims(&got.lock().unwrap()[0])["sid"], id["sid"]);
    // And he can no longer enter: the refusal, no code.
    let res = get(&c, &authorize_url(&app, &a.id, &[])).await;
    assert!(res.headers()[LOCATION].to_str().unwrap().starts_with("/applications/refused"));

    // Sophie enters too; the operator deactivating the service ends hers (the command's check).
    let (_, hers) = enter(&app, &s, &a).await;
    sqlx::query("DELETE FROM organization_services WHERE service_code = 'servicedesk'").execute(&app.pool).await.unwrap();
    assert_eq!(app.op.end_lost_access().await.unwrap(), 1);
    assert_eq!(userinfo_status(&app, &hers).await, StatusCode::UNAUTHORIZED);
    // Ending twice queues nothing twice: two servers sweeping deliver each logout once.
    assert_eq!(app.op.end_lost_access().await.unwrap(), 0);
    let (queued,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM oidc_logouts").fetch_one(&app.pool).await.unwrap();
    assert_eq!(queued, 2);
}
