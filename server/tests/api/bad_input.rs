//! Bad input at volume: every class of request the portal cannot take gets a clear 4xx. A page
//! calling a server function gets the error as data, which it shows in the reader's language;
//! a form posted without JavaScript is sent back to the form with the message, rendered in the
//! reader's language; nothing already saved changes.

use crate::helpers::*;
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, REFERER};
use reqwest::StatusCode;

/// Sophie, signed in, reading the portal in French.
async fn sophie_in_french(app: &TestApp) -> reqwest::Client {
    let c = app.signed_in(ADMIN).await;
    let res = c.post(app.url("/language")).header("Origin", &app.base).form(&[("lang", "fr"), ("next", "/profile")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    c
}

async fn job_title(app: &TestApp, c: &reqwest::Client) -> String {
    let me: serde_json::Value = app.post_fn(c, "my_profile", &[]).await.json().await.unwrap();
    me["job_title"].as_str().unwrap_or_default().to_string()
}

/// A form post as a browser without the WASM sends it: HTML wanted, the form's page as referrer.
fn plain_post(app: &TestApp, c: &reqwest::Client, path: &str, from: &str) -> reqwest::RequestBuilder {
    c.post(app.url(path)).header("Origin", &app.base).header(ACCEPT, "text/html").header(REFERER, app.url(from))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_get_413_and_a_message_in_the_readers_language() {
    let app = spawn_app().await;
    let c = sophie_in_french(&app).await;
    let big = "x".repeat(200 * 1024);
    let details = [("email", ADMIN.0), ("salutation", "ms"), ("first_name", "Sophie"), ("last_name", "Claes"), ("job_title", big.as_str())];
    // Called by the page: 413 and the error as data.
    let res = app.post_fn(&c, "update_my_details", &details).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap(), serde_json::json!("TooLarge"));
    // Posted without JavaScript: back to the form, the message shown there in French.
    let res = plain_post(&app, &c, &fn_path("update_my_details"), "/profile?edit=details").form(&details).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let back = res.headers()[LOCATION].to_str().unwrap().to_string();
    assert_eq!(back, "/profile?edit=details&form_error=error-too-large");
    let (_, _, page) = app.page(&c, &back).await;
    assert!(page.contains("trop volumineuse"), "the message, in French");
    // The same on a route that is not a server function, and with no length announced.
    let res = plain_post(&app, &c, "/language", "/profile").form(&[("lang", big.as_str())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/profile?form_error=error-too-large");
    assert_eq!(chunked_post(&app, &fn_path("login"), &big).await, 413, "a body without a length is cut at the limit");
    assert_eq!(job_title(&app, &c).await, "IT Manager", "nothing changed");
}

/// Posts `body` in chunks, without `Content-Length` (as a client streaming it does); the status.
async fn chunked_post(app: &TestApp, path: &str, body: &str) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = app.base.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        app.base
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in format!("email=a%40b.example&password={body}").as_bytes().chunks(8192) {
        // The server may answer and close before the whole body is sent.
        if stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).await.is_err()
            || stream.write_all(chunk).await.is_err()
            || stream.write_all(b"\r\n").await.is_err()
        {
            break;
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    text.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_form_posts_get_400() {
    let app = spawn_app().await;
    let c = sophie_in_french(&app).await;
    let url = app.url(&fn_path("update_my_details"));
    for (what, content_type, body) in [
        ("broken percent-encoding", "application/x-www-form-urlencoded", b"email=%zz&first_name=%".to_vec()),
        ("not UTF-8", "application/x-www-form-urlencoded", vec![b'j', b'o', b'b', b'_', b't', b'=', 0xff, 0xfe]),
        ("JSON where a form is expected", "application/json", br#"{"job_title": "Boss"}"#.to_vec()),
        ("an unknown content type", "application/xml", b"<job_title>Boss</job_title>".to_vec()),
        ("no body at all", "application/x-www-form-urlencoded", Vec::new()),
    ] {
        let res = c.post(&url).header("Origin", &app.base).header(CONTENT_TYPE, content_type).body(body.clone()).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{what}");
        assert_eq!(res.json::<serde_json::Value>().await.unwrap(), serde_json::json!("BadRequest"), "{what}");
        // The same without JavaScript: back to the form, with the message in French.
        let res = plain_post(&app, &c, &fn_path("update_my_details"), "/profile?edit=details")
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{what}: {:?}", res.headers().get(LOCATION));
        assert_eq!(res.headers()[LOCATION], "/profile?edit=details&form_error=error-bad-request", "{what}");
    }
    let (_, _, page) = app.page(&c, "/profile?edit=details&form_error=error-bad-request").await;
    assert!(page.contains("Le portail n’a pas pu lire cette demande"), "the message, in French");
    // The language switch (not a server function) with a body it cannot read.
    let res = plain_post(&app, &c, "/language", "/profile").header(CONTENT_TYPE, "application/x-www-form-urlencoded").body("next=%2Fprofile").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/profile?form_error=error-bad-request");
    assert_eq!(job_title(&app, &c).await, "IT Manager", "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_function_payloads_with_missing_or_repeated_arguments_get_400() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    for (what, name, form) in [
        ("a missing argument", "time_zone", vec![]),
        ("a repeated argument", "time_zone", vec![("name", "Europe/Brussels"), ("name", "Europe/Paris")]),
        ("an argument of the wrong type", "my_activity", vec![("from", "2026-01-01"), ("before", "x"), ("to", "")]),
        ("a list where one value is expected", "languages", vec![("portal_language[]", "fr"), ("email_language", "fr")]),
    ] {
        let res = app.post_fn(&c, name, &form).await;
        assert!(res.status() == StatusCode::BAD_REQUEST || res.status() == StatusCode::UNPROCESSABLE_ENTITY, "{what}: {}", res.status());
        let body: serde_json::Value = res.json().await.unwrap();
        assert!(body == serde_json::json!("BadRequest") || body.get("Validation").is_some(), "{what}: {body}");
    }
    let (_, _, page) = app.page(&c, "/profile").await;
    assert!(page.contains("IT Manager"), "nothing changed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_enum_values_get_a_field_error() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    for (name, form, field, message) in [
        ("languages", vec![("portal_language", "klingon"), ("email_language", "fr"), ("version", "1")], "portal_language", "error-language-invalid"),
        ("avatar_style", vec![("style", "neon-unicorn")], "style", "error-avatar-style"),
        ("portal_language", vec![("lang", "tlh")], "lang", "error-language-invalid"),
    ] {
        let res = app.post_fn(&c, name, &form).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["Validation"][0]["field"], field, "{name}: {body}");
        assert_eq!(body["Validation"][0]["message_id"], message, "{name}: {body}");
    }
    // Administrators' choices: an unknown account action, salutation or kind of profile.
    let me: serde_json::Value = app.post_fn(&c, "my_profile", &[]).await.json().await.unwrap();
    let id = me["id"].as_str().unwrap_or_default().to_string();
    let res = app.on_profile(&c, "account_action", id.as_str(), &[("action", "explode")]).await;
    assert!(res.status().is_client_error(), "{}", res.status());
    // The browser's time zone, sent by the page: one it does not know is a bad request.
    let res = app.post_fn(&c, "time_zone", &[("name", "Mars/Olympus_Mons")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // The language switch without JavaScript: an unknown language is refused on the form.
    let res = plain_post(&app, &c, "/language", "/profile").form(&[("lang", "xx")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/profile?form_error=error-language-invalid");
}
