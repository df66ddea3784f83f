//! The foundation: sign-in, sessions, My Profile, languages, the security baseline.

use crate::helpers::*;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_SECURITY_POLICY, LOCATION, SET_COOKIE};
use reqwest::StatusCode;
use std::sync::atomic::Ordering;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_page_is_rendered_in_the_browsers_language() {
    let app = spawn_app().await;
    let res = client()
        .get(app.url("/login"))
        .header(ACCEPT_LANGUAGE, "fr-BE,fr;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains(r#"<html lang="fr""#), "{body}");
    assert!(body.contains(">Continuer<"), "the address first");
    let (_, _, english) = app.page(&client(), "/login").await;
    assert!(english.contains(r#"<html lang="en""#));
    assert!(english.contains(">Continue<"));
    assert!(english.contains(">Email<"));
    let (_, _, second) = app.page(&client(), "/login?email=thomas.peeters%40brightwave.example").await;
    assert!(second.contains(">Password<") && second.contains(r#"value="thomas.peeters@brightwave.example""#), "then the password");
}

/// The browser's code carries no messages: the page names where its language's are, the
/// browser fetches them (brotli, kept a year under an address that changes with the text), and
/// the e-mails' messages stay on the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_names_its_languages_messages_and_they_are_served_compressed_and_kept() {
    let app = spawn_app().await;
    let (_, headers, page) = app.page(&client(), "/login").await;
    let base = page.split(r#"data-locales=""#).nth(1).and_then(|s| s.split('"').next()).expect("data-locales on <html>").to_string();
    assert!(base.starts_with("/locales/") && base.ends_with('/'), "{base}");
    // Nothing is preloaded: the messages come with the browser's code, once the page has loaded.
    assert!(headers.get("link").is_none(), "{:?}", headers.get("link"));
    let res = client().get(app.url(&format!("{base}fr.ftl"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let plain = res.text().await.unwrap();
    assert!(plain.contains("nav-my-profile = Mon profil"));
    assert!(!plain.contains("mail-invitation-subject"), "the e-mails' messages stay on the server");
    let res = client().get(app.url(&format!("{base}fr.ftl"))).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.headers()["vary"], "Accept-Encoding");
    let packed = res.bytes().await.unwrap();
    assert!(!packed.is_empty() && packed.len() * 3 < plain.len(), "{} bytes for {}", packed.len(), plain.len());
    // An address of another version gets today's text, not kept; an unknown language nothing.
    let old = client().get(app.url("/locales/0123456789abcdef/nl.ftl")).send().await.unwrap();
    assert_eq!(old.headers()["cache-control"], "no-cache");
    assert!(old.text().await.unwrap().contains("nav-my-profile = Mijn profiel"));
    let unknown = client().get(app.url(&format!("{base}de.ftl"))).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_opens_my_profile_with_details_and_groups() {
    let app = spawn_app().await;
    let c = client();
    let res = app.login(&c, ADMIN).await;
    // The server-function client follows the redirect itself: 200 with a Location header.
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[LOCATION], "/login/code");
    // After the password alone, the session is not signed in.
    assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::UNAUTHORIZED);
    let (_, headers, _) = app.page(&c, "/profile").await;
    assert_eq!(headers[LOCATION], "/login");
    let res = app.post_fn(&c, "verify_code", &[("code", &app.code(secret_of(ADMIN.0)))]).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The live page goes on to the profile itself, once the person's language is loaded; it is
    // told which one.
    assert!(res.headers().get(LOCATION).is_none());
    let cookie = res.headers()[SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("portal_session="));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain-http demo cookie must not be Secure");
    let token = cookie.split(';').next().unwrap().trim_start_matches("portal_session=");
    assert_eq!(token.len(), 64, "256-bit token");
    // Only the hash of the token is stored.
    let stored: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM sessions").fetch_all(&app.pool).await.unwrap();
    assert_eq!(stored.len(), 1, "the password-step session was replaced, not kept");
    assert_ne!(stored[0].0, token);

    let (status, _, body) = app.page(&c, "/profile").await;
    assert_eq!(status, StatusCode::OK);
    for text in ["My Profile", "Sophie", "Claes", "IT Manager", "IT Operations", "+32 470 55 01 20", "Portal administrators", "Multifactor Authentication Number", "Brightwave Logistics NV"] {
        assert!(body.contains(text), "My Profile lacks {text:?}");
    }
    // The administrator sees Users & Permissions in the navigation.
    assert!(body.contains(r#"href="/users""#));
    assert_eq!(app.activity_kinds(ADMIN.0).await, vec!["sign-in"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_and_permissions_is_only_for_those_holding_the_role() {
    let app = spawn_app().await;
    let user = app.signed_in(USER).await;
    let (_, _, body) = app.page(&user, "/profile").await;
    assert!(body.contains("Thomas") && body.contains("Portaalgebruikers"), "Thomas reads Dutch");
    assert!(!body.contains(r#"href="/users""#), "no Users & Permissions link without the role");
    let res = app.post_fn(&user, "org_profiles", &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.text().await.unwrap(), r#""Forbidden""#);

    let admin = app.signed_in(ADMIN).await;
    let res = app.post_fn(&admin, "org_profiles", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let rows: serde_json::Value = res.json().await.unwrap();
    let emails: Vec<&str> = rows["rows"].as_array().unwrap().iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(emails, vec![ADMIN.0, USER.0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_organization_sees_only_its_own_people() {
    let app = spawn_app().await;
    // A second organization whose administrator is in a group granting Users & Permissions.
    app.second_organization().await;
    let other = app.signed_in_with(("eva@other.example", "second-org-password-1"), "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").await;
    let rows: serde_json::Value = app.post_fn(&other, "org_profiles", &[]).await.json().await.unwrap();
    let emails: Vec<&str> = rows["rows"].as_array().unwrap().iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(emails, vec!["eva@other.example"]);
    let me: serde_json::Value = app.post_fn(&other, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(me["organization_name"], "Other Company BV");
    assert!(!me.to_string().contains("Brightwave"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_email_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong = app.login(&client(), (ADMIN.0, "not-the-password")).await;
    let (s1, b1) = (wrong.status(), wrong.text().await.unwrap());
    let unknown = app.login(&client(), ("nobody@brightwave.example", "not-the-password")).await;
    let (s2, b2) = (unknown.status(), unknown.text().await.unwrap());
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!((s1, &b1), (s2, &b2));
    assert_eq!(b1, r#""InvalidCredentials""#);
    assert_eq!(app.activity_kinds(ADMIN.0).await, vec!["sign-in-failed"]);
    assert_eq!(app.activity_kinds("nobody@brightwave.example").await, vec!["sign-in-failed"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_email_is_a_field_error() {
    let app = spawn_app().await;
    let res = app.login(&client(), ("not-an-email", "whatever-password")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Validation"][0]["field"], "email");
    assert_eq!(body["Validation"][0]["message_id"], "error-email-invalid");
}

#[test]
fn only_the_steps_before_sign_in_are_open_to_anonymous_callers() {
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(p, _)| p.to_string()).collect();
    for expected in ["/api/public/login", "/api/logout", "/api/me", "/api/my_profile", "/api/portal_language", "/api/admin/org_profiles", "/api/verify/change_password", "/api/my_sessions"] {
        assert!(paths.iter().any(|p| p == expected), "{expected} is not registered: {paths:?}");
    }
    // The steps before a session counts as signed in are open, and checked one by one in the
    // account tests; nothing else is. Every other function refusing anonymous callers is
    // checked from the registry in groundwork.rs.
    let public = ["/api/public/login", "/api/public/verify_code", "/api/public/unlimited/check_invitation", "/api/public/activate", "/api/public/unlimited/mfa_setup", "/api/public/confirm_mfa", "/api/public/forgot_password", "/api/public/unlimited/check_reset_link", "/api/public/reset_password", "/api/public/confirm_email",
        // A contact's notice link (contacts never sign in): checked in notices.rs.
        "/api/public/unlimited/notice_by_link", "/api/public/acknowledge_notice",
        // A signatory's contract link: checked in contracts.rs.
        "/api/public/unlimited/contract_by_link", "/api/public/decide_contract",
        // The address first, and the identity provider's return: checked in federation.rs.
        "/api/public/login_start", "/api/public/login_way", "/api/public/unlimited/sso_callback", "/api/public/unlimited/provider_step"];
    let mut opened: Vec<&str> = paths.iter().map(String::as_str).filter(|p| p.starts_with("/api/public/")).collect();
    opened.sort_unstable();
    let mut public = public.to_vec();
    public.sort_unstable();
    assert_eq!(opened, public, "a new public function must be added here on purpose");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_changing_requests_from_another_origin_are_refused() {
    let app = spawn_app().await;
    let c = client();
    let res = c
        .post(app.url(&fn_path("login")))
        .header("Origin", "http://evil.example")
        .form(&[("email", ADMIN.0), ("password", ADMIN.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = c
        .post(app.url("/language"))
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("lang", "fr")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(app.activity_kinds(ADMIN.0).await.is_empty(), "the refused sign-in never ran");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_a_nonce_policy() {
    let app = spawn_app().await;
    let (_, headers, body) = app.page(&client(), "/login").await;
    let csp = headers[CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
    assert!(body.contains(&format!(r#"nonce="{nonce}""#)), "the hydration script carries the nonce");
    // The page asks for none of the browser's code before it can be used: the inline loader
    // fetches it once the page has loaded.
    let head = body.split("</head>").next().unwrap();
    for early in ["<link rel=\"modulepreload\"", "<link rel=\"preload\"", "<script src", ".wasm\" as="] {
        assert!(!head.contains(early), "{early} in the page's head: {head}");
    }
    assert!(head.contains("import(js)"), "the loader is in the page: {head}");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    let (_, api_headers, _) = app.page(&client(), "/healthz").await;
    assert!(api_headers[CONTENT_SECURITY_POLICY].to_str().unwrap().contains("default-src 'none'"));
}

/// A page goes out compressed to a browser that accepts it (a phone on a slow line gets the
/// Profiles tab's HTML in a fifth of its size), and as it is to one that does not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_for_browsers_that_accept_it() {
    let app = spawn_app().await;
    let plain = client().get(app.url("/login")).header("accept-encoding", "identity").send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let size = plain.bytes().await.unwrap().len();
    let res = client().get(app.url("/login")).header("accept-encoding", "br, gzip").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert!(res.headers()[CONTENT_SECURITY_POLICY].to_str().unwrap().contains("nonce-"), "the page's headers stay");
    let compressed = res.bytes().await.unwrap().len();
    assert!(compressed * 2 < size, "{compressed} bytes compressed, {size} as it is");
    // What is not a page (a server function's JSON) is left as it is.
    let health = client().get(app.url("/healthz")).header("accept-encoding", "br").send().await.unwrap();
    assert!(health.headers().get("content-encoding").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_get_413() {
    let app = spawn_app().await;
    let big = "x".repeat(200 * 1024);
    let res = app.login(&client(), (ADMIN.0, &big)).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_ends_the_session_and_my_profile_is_refused() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::OK);
    let res = app.post_fn(&c, "logout", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[LOCATION], "/login?signed_out=1");
    let cleared = res.headers()[SET_COOKIE].to_str().unwrap();
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
    let count: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sessions").fetch_one(&app.pool).await.unwrap();
    assert_eq!(count.0, 0);
    assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::UNAUTHORIZED);
    let (status, headers, _) = app.page(&c, "/profile").await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(headers[LOCATION], "/login");
    assert_eq!(app.activity_kinds(ADMIN.0).await, vec!["sign-in", "sign-out"]);
    assert_eq!(app.post_fn(&c, "verify_code", &[("code", &app.code(secret_of(ADMIN.0)))]).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stolen_old_cookie_is_dead_after_a_new_sign_in() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let first: (String,) = sqlx::query_as("SELECT token_hash FROM sessions").fetch_one(&app.pool).await.unwrap();
    app.login(&c, ADMIN).await;
    app.next_step();
    app.post_fn(&c, "verify_code", &[("code", &app.code(secret_of(ADMIN.0)))]).await;
    let hashes: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM sessions").fetch_all(&app.pool).await.unwrap();
    assert_eq!(hashes.len(), 1, "signing in again replaces the session");
    assert_ne!(hashes[0].0, first.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire_when_idle_and_after_the_absolute_limit() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    app.clock.0.fetch_add(29 * 60, Ordering::SeqCst);
    assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::OK);
    app.clock.0.fetch_add(31 * 60, Ordering::SeqCst);
    assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::UNAUTHORIZED, "idle for 31 minutes");

    let c = app.signed_in(ADMIN).await;
    // Active every 20 minutes: alive until 12 hours, then gone.
    for _ in 0..36 {
        app.clock.0.fetch_add(20 * 60, Ordering::SeqCst);
        assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::OK);
    }
    app.clock.0.fetch_add(20 * 60, Ordering::SeqCst);
    assert_eq!(app.post_fn(&c, "me", &[]).await.status(), StatusCode::UNAUTHORIZED, "past 12 hours");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_saved_portal_language_wins_and_is_validated() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let res = app.post_fn(&c, "portal_language", &[("lang", "fr")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = c.get(app.url("/profile")).header(ACCEPT_LANGUAGE, "nl").send().await.unwrap();
    let body = res.text().await.unwrap();
    assert!(body.contains(r#"<html lang="fr""#) && body.contains("Mon profil"));
    let res = app.post_fn(&c, "portal_language", &[("lang", "de")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Validation"][0]["message_id"], "error-language-invalid");
    let saved: (String,) = sqlx::query_as("SELECT portal_language FROM profiles WHERE email = $1")
        .bind(ADMIN.0.to_string())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(saved.0, "fr", "a bad value leaves the saved language alone");
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"language-changed".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_form_works_without_javascript() {
    let app = spawn_app().await;
    let c = client();
    let res = c
        .post(app.url("/language"))
        .header("Origin", &app.base)
        .form(&[("lang", "nl"), ("next", "/login")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/login");
    let (_, _, body) = app.page(&c, "/login").await;
    assert!(body.contains(r#"<html lang="nl""#) && body.contains("Wachtwoord"));
    let res = c
        .post(app.url("/language"))
        .header("Origin", &app.base)
        .form(&[("lang", "fr"), ("next", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[LOCATION], "/", "no open redirect");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_failure_reaches_the_browser_as_a_generic_message() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    sqlx::query("ALTER TABLE organizations RENAME TO organizations_gone").execute(&app.pool).await.unwrap();
    let res = app.post_fn(&c, "my_profile", &[]).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(res.text().await.unwrap(), r#""Internal""#);
    let (_, _, page) = app.page(&c, "/profile").await;
    assert!(page.contains("Something went wrong on our side"));
    assert!(!page.to_lowercase().contains("no such table"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_that_need_a_signed_in_person_send_anonymous_visitors_to_sign_in() {
    let app = spawn_app().await;
    for path in ["/profile", "/profile/security", "/users"] {
        let (status, headers, _) = app.page(&client(), path).await;
        assert_eq!(status, StatusCode::FOUND, "{path}");
        assert_eq!(headers[LOCATION], "/login", "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_form_post_without_javascript_returns_to_the_form_with_its_message() {
    let app = spawn_app().await;
    let c = client();
    let res = c
        .post(app.url(&fn_path("login")))
        .header("Origin", &app.base)
        .header("Accept", "text/html")
        .header("Referer", app.url("/login?signed_out=1&form_error=error-old"))
        .form(&[("email", ADMIN.0), ("password", "not-the-password")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(back, "/login?signed_out=1&form_error=error-invalid-credentials");
    let (_, _, page) = app.page(&c, &back).await;
    assert!(page.contains("The email or password is incorrect."));
    // Only the portal's own messages are shown, never text from the address bar.
    let (_, _, page) = app.page(&c, "/login?form_error=%3Cscript%3E").await;
    assert!(!page.contains("&lt;script") && !page.contains("<script>alert"));
}
