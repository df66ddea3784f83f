//! The boundaries the groundwork draws: who may call what, requests that cannot be read,
//! redirect targets, the origin check.

use crate::helpers::*;
use app::platform::endpoints::{self, Access};
use app::platform::PortalRole;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::StatusCode;

/// A server function registered under the administrators' prefix whose body checks nothing:
/// the gate alone keeps people without the role out, and the boundary tests below find it in
/// the registry like any other function, without anyone adding it to a list.
#[allow(dead_code)] // Called over HTTP only.
#[leptos::server(prefix = "/api/admin", endpoint = "fixture_forgets_its_check")]
pub async fn fixture_forgets_its_check() -> Result<String, leptos::prelude::ServerFnError> {
    Ok("the organization's secrets".to_string())
}

/// Every registered server function with who may call it, from the registry itself.
fn registered() -> Vec<(String, Access)> {
    let mut out: Vec<(String, Access)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| (path.to_string(), endpoints::access(path).unwrap_or_else(|| panic!("{path} is outside /api/"))))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// A call with an empty form: the gate answers before the arguments are read.
async fn call_empty(app: &TestApp, c: &reqwest::Client, path: &str) -> reqwest::Response {
    c.post(app.url(path)).header("Origin", &app.base).form(&[] as &[(&str, &str)]).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_registered_function_refuses_callers_its_prefix_does_not_admit() {
    let app = spawn_app().await;
    let member = app.signed_in(USER).await;
    let functions = registered();
    assert!(functions.len() > 50, "the registry lists the portal's functions: {functions:?}");
    assert!(
        functions.iter().any(|(p, a)| p == "/api/admin/fixture_forgets_its_check" && a.role == Some(PortalRole::UsersPermissions)),
        "a new function is found without being listed by hand"
    );
    let (mut refused_anonymous, mut refused_member) = (0, 0);
    for (path, access) in &functions {
        if !access.anonymous {
            let res = call_empty(&app, &client(), path).await;
            assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "anonymous {path}");
            assert_eq!(res.text().await.unwrap(), r#""Unauthorized""#, "anonymous {path}");
            refused_anonymous += 1;
        }
        // Thomas holds View orders only.
        if access.role.is_some() {
            let res = call_empty(&app, &member, path).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "member {path}");
            assert_eq!(res.text().await.unwrap(), r#""Forbidden""#, "member {path}");
            refused_member += 1;
        }
    }
    assert!(refused_anonymous > 40 && refused_member > 20, "{refused_anonymous} refused to anonymous callers, {refused_member} to members");
    // The fixture runs for whoever holds the role: only the gate stood in the way.
    let admin = app.signed_in(ADMIN).await;
    let res = call_empty(&app, &admin, "/api/admin/fixture_forgets_its_check").await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_of_another_organization_never_sees_the_first_ones_rows() {
    let app = spawn_app().await;
    app.second_organization().await;
    let other = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    // Every role's function that answers without arguments (the listings); functions taking
    // the first organization's ids are tried in users.rs and groups.rs.
    let mut answered = 0;
    for (path, _) in registered().iter().filter(|(p, a)| a.role.is_some() && !p.contains("fixture")) {
        let res = call_empty(&app, &other, path).await;
        if res.status() == StatusCode::OK {
            answered += 1;
            let body = res.text().await.unwrap();
            assert!(!body.contains("brightwave"), "{path} leaked the first organization: {body}");
        }
    }
    assert!(answered >= 4, "the listings answered: {answered}");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_page_is_served_with_a_title_of_its_own_in_the_readers_language() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let title = |page: &str| page.split("<title>").nth(1).and_then(|rest| rest.split("</title>").next()).unwrap_or_default().to_string();
    let (_, _, page) = app.page(&c, "/users/groups").await;
    assert_eq!(title(&page), "Permission Groups - Users & Permissions - Arxus Customer Portal");
    let (_, _, page) = app.page(&c, "/profile/activity").await;
    assert_eq!(title(&page), "Activity - My Profile - Arxus Customer Portal");
    let (_, _, page) = app.page(&client(), "/login").await;
    assert!(title(&page).ends_with(" - Arxus Customer Portal") && title(&page).len() > " - Arxus Customer Portal".len(), "{}", title(&page));
    // Thomas reads the portal in Dutch.
    let thomas = app.signed_in(USER).await;
    let (_, _, page) = app.page(&thomas, "/profile").await;
    assert_eq!(title(&page), app::i18n::translate(app::i18n::Lang::Nl, "profile-title") + " - " + &app::i18n::translate(app::i18n::Lang::Nl, "app-title"));
}
