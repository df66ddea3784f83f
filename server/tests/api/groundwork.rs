//! The boundaries the groundwork draws: who may call what, requests that cannot be read,
//! redirect targets, the origin check.

use crate::helpers::*;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;

/// The functions only administrators (Users & Permissions) may call, with an argument set each.
const ADMIN_ENDPOINTS: &[(&str, &[(&str, &str)])] = &[
    ("org_profiles", &[]),
    ("profile_card", &[("id", "x")]),
    ("group_choices", &[]),
    ("draft_details", &[("email", "a@b.example"), ("email_language", "en"), ("first_name", "A"), ("kind", "contact"), ("contact_types[]", "dpo")]),
    ("draft_groups", &[("draft", "x")]),
    ("get_draft", &[("draft", "x")]),
    ("confirm_draft", &[("draft", "x")]),
    ("set_contact_types", &[("id", "x")]),
    ("set_groups", &[("id", "x")]),
    ("account_action", &[("id", "x"), ("action", "disable")]),
    ("delete_profile", &[("id", "x")]),
    ("update_profile", &[("id", "x"), ("email_language", "en"), ("first_name", "A")]),
    ("org_activity", &[]),
    ("permission_groups", &[]),
    ("permission_group", &[("id", "x")]),
    ("preview_group", &[("name", "A")]),
    ("save_group", &[("name", "A")]),
    ("delete_group", &[("id", "x")]),
    ("group_candidates", &[("id", "x")]),
    ("preview_members", &[("id", "x"), ("add[]", "y")]),
    ("set_group_members", &[("id", "x"), ("add[]", "y")]),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_administrator_endpoint_refuses_anonymous_callers_and_members() {
    let app = spawn_app().await;
    let member = app.signed_in(USER).await;
    for (name, args) in ADMIN_ENDPOINTS {
        let res = app.post_fn(&client(), name, args).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "anonymous {name}");
        assert_eq!(res.text().await.unwrap(), r#""Unauthorized""#);
        let res = app.post_fn(&member, name, args).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "member {name}");
        assert_eq!(res.text().await.unwrap(), r#""Forbidden""#);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_of_another_organization_never_sees_the_first_ones_rows() {
    let app = spawn_app().await;
    app.second_organization().await;
    let other = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    // The listings; functions taking the first organization's ids are tried in users.rs.
    for (name, args) in ADMIN_ENDPOINTS.iter().filter(|(_, args)| args.is_empty()) {
        let res = app.post_fn(&other, name, args).await;
        assert_eq!(res.status(), StatusCode::OK, "{name}");
        let body = res.text().await.unwrap();
        assert!(!body.contains("brightwave"), "{name} leaked the first organization: {body}");
    }
}

/// A request to `name` with a raw body.
async fn raw(app: &TestApp, name: &str, content_type: &str, body: Vec<u8>) -> reqwest::Response {
    client()
        .post(app.url(&fn_path(name)))
        .header("Origin", &app.base)
        .header(CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_a_server_function_cannot_read_get_400_with_the_usual_error_body() {
    let app = spawn_app().await;
    let form = "application/x-www-form-urlencoded";
    let cases: Vec<(&str, &str, Vec<u8>)> = vec![
        ("invalid UTF-8", form, b"email=a%40b.example&password=\xff\xfe".to_vec()),
        ("a missing argument", form, b"email=a%40b.example".to_vec()),
        ("a repeated field", form, b"email=a%40b.example&email=c%40d.example&password=x".to_vec()),
        ("JSON where a form is expected", "application/json", br#"{"email":"a@b.example","password":"x"}"#.to_vec()),
        ("an undecodable body", form, b"email[=&password]=%%%".to_vec()),
    ];
    for (class, content_type, body) in cases {
        let res = raw(&app, "login", content_type, body).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{class}");
        assert_eq!(res.text().await.unwrap(), r#""BadRequest""#, "{class}");
    }
    // An unknown value of a typed argument: a session id is 16 hex digits.
    let c = app.signed_in(ADMIN).await;
    let res = app.post_fn(&c, "revoke_sessions", &[("id", "not-a-session")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "an unknown value");
    assert!(app.activity_kinds(ADMIN.0).await.iter().all(|k| k != "session-revoked"));
    // The message exists in every language.
    for lang in app::i18n::Lang::ALL {
        assert_ne!(app::i18n::translate(lang, "error-bad-request"), "error-bad-request");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_form_goes_back_only_to_the_portal_itself() {
    let app = spawn_app().await;
    let c = client();
    let evil = [
        "//evil.example/",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/%09/evil.example",
        "%2F%2Fevil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "http://127.0.0.1.evil.example/",
    ];
    for next in evil {
        let res = c.post(app.url("/language")).header("Origin", &app.base).form(&[("lang", "fr"), ("next", next)]).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{next:?}");
        assert_eq!(res.headers()[LOCATION], "/", "{next:?}");
    }
    let res = c
        .post(app.url("/language"))
        .header("Origin", &app.base)
        .form(&[("lang", "fr"), ("next", "/profile/security?tab=1")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[LOCATION], "/profile/security?tab=1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_origin_is_refused_even_when_the_host_header_names_it() {
    let app = spawn_app().await;
    let res = client()
        .post(app.url(&fn_path("login")))
        .header("Origin", "http://evil.example")
        .header("Host", "evil.example")
        .form(&[("email", ADMIN.0), ("password", ADMIN.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = client()
        .post(app.url(&fn_path("login")))
        .header("Origin", "null")
        .form(&[("email", ADMIN.0), ("password", ADMIN.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(app.activity_kinds(ADMIN.0).await.is_empty(), "the refused sign-ins never ran");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_and_an_unknown_address_do_the_same_bookkeeping() {
    let app = spawn_app().await;
    let unknown = app.login(&client(), ("nobody@brightwave.example", "wrong-password-guess")).await;
    let known = app.login(&client(), (USER.0, "wrong-password-guess")).await;
    assert_eq!(unknown.status(), known.status());
    assert_eq!(unknown.text().await.unwrap(), known.text().await.unwrap());
    assert_eq!(app.activity_kinds("nobody@brightwave.example").await, vec!["sign-in-failed"]);
    assert_eq!(app.activity_kinds(USER.0).await, vec!["sign-in-failed"]);
    // Both addresses have their failure counted the same way, so a lock tells nothing either.
    let counts: Vec<(String, i64)> = sqlx::query_as("SELECT email, failed_attempts FROM sign_in_failures ORDER BY email")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(counts, vec![("nobody@brightwave.example".to_string(), 1), (USER.0.to_string(), 1)]);
}
