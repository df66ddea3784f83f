//! My Profile: the e-mail change, the avatar, the mailing lists and the languages.

use crate::helpers::*;
use app::i18n::{translate, Lang};
use reqwest::StatusCode;

fn details(email: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("email", email),
        ("salutation", "ms"),
        ("first_name", "Sophie"),
        ("last_name", "Claes"),
        ("job_title", "IT Manager"),
        ("department", "IT Operations"),
        ("contact_phone", "+3235550120"),
        ("mfa_phone", "+32470550120"),
    ]
}

const NEW: &str = "sophie@brightwave-logistics.example";

async fn my_profile(app: &TestApp, c: &reqwest::Client) -> serde_json::Value {
    app.post_fn(c, "my_profile", &[]).await.json().await.unwrap()
}

/// The link of the last e-mail to `to`.
async fn link_to(app: &TestApp, to: &str) -> String {
    let (body,): (String,) = sqlx::query_as("SELECT body_text FROM outbox WHERE to_address = $1 ORDER BY created_at DESC LIMIT 1")
        .bind(to.to_string())
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let start = body.find("token=").expect("a link") + "token=".len();
    body[start..].chars().take_while(char::is_ascii_alphanumeric).collect()
}

async fn subjects_to(app: &TestApp, to: &str) -> Vec<String> {
    sqlx::query_as::<_, (String,)>("SELECT subject FROM outbox WHERE to_address = $1 ORDER BY created_at")
        .bind(to.to_string())
        .fetch_all(&app.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.0)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_address_counts_only_once_its_link_is_used() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let res = app.save_my_details(&c, &details(NEW)).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    let me = my_profile(&app, &c).await;
    assert_eq!(me["email"], ADMIN.0, "the old address stays until the link is used");
    assert_eq!(me["pending_email"], NEW);
    assert_eq!(subjects_to(&app, NEW).await, [translate(Lang::En, "mail-email-change-subject")]);
    assert_eq!(subjects_to(&app, ADMIN.0).await.last().unwrap(), &translate(Lang::En, "mail-email-change-notice-subject"));
    let token = link_to(&app, NEW).await;
    // Opened in any browser, signed in or not: the link is the proof.
    let res = app.post_fn(&client(), "confirm_email", &[("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    let me = my_profile(&app, &c).await;
    assert_eq!(me["email"], NEW);
    assert!(me["pending_email"].is_null());
    assert!(app.activity_kinds(NEW).await.contains(&"email-changed".to_string()));
    // Signing in now takes the new address; the old one is unknown.
    assert_eq!(app.login(&client(), (NEW, ADMIN.1)).await.status(), StatusCode::OK);
    assert_eq!(app.login(&client(), ADMIN).await.status(), StatusCode::UNAUTHORIZED);
    // Once only.
    let again = app.post_fn(&client(), "confirm_email", &[("token", &token)]).await;
    assert_eq!(again.status(), StatusCode::GONE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pending_change_can_be_cancelled_and_expires_after_a_day() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    assert_eq!(app.save_my_details(&c, &details(NEW)).await.status(), StatusCode::OK);
    let token = link_to(&app, NEW).await;
    assert_eq!(app.post_fn(&c, "cancel_email_change", &[]).await.status(), StatusCode::OK);
    assert!(my_profile(&app, &c).await["pending_email"].is_null());
    assert_eq!(app.post_fn(&client(), "confirm_email", &[("token", &token)]).await.status(), StatusCode::GONE);
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"email-change-cancelled".to_string()));
    // A new request; 24 hours later its link is dead.
    assert_eq!(app.save_my_details(&c, &details(NEW)).await.status(), StatusCode::OK);
    let token = link_to(&app, NEW).await;
    app.clock.0.fetch_add(24 * 3600 + 1, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(app.post_fn(&client(), "confirm_email", &[("token", &token)]).await.status(), StatusCode::GONE);
    assert_eq!(my_profile(&app, &app.signed_in(ADMIN).await).await["email"], ADMIN.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_in_use_is_refused_when_asked_and_when_confirmed() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    // Someone of another organization holds it: a field error, nothing saved, no e-mail.
    app.second_organization().await;
    let res = app.save_my_details(&c, &details(OTHER_ADMIN.0)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Validation"][0]["field"], "email");
    assert_eq!(body["Validation"][0]["message_id"], "error-email-taken");
    assert!(subjects_to(&app, OTHER_ADMIN.0).await.is_empty());
    // Taken between the request and the link: the link says so and nothing changes.
    assert_eq!(app.save_my_details(&c, &details(NEW)).await.status(), StatusCode::OK);
    let token = link_to(&app, NEW).await;
    let org = app.op.organization_of(ADMIN.0).await.unwrap().unwrap();
    app.op.invite_person(&org, NEW, "Someone", "Else", Lang::En, false).await.unwrap();
    let res = app.post_fn(&client(), "confirm_email", &[("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(my_profile(&app, &c).await["email"], ADMIN.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_mail_change_functions_refuse_strangers() {
    let app = spawn_app().await;
    assert_eq!(app.post_fn(&client(), "cancel_email_change", &[]).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.post_fn(&client(), "confirm_email", &[("token", "nope")]).await.status(), StatusCode::GONE);
    // Eva cancels only her own (there is no id to pass): Sophie's change stays.
    let c = app.signed_in(ADMIN).await;
    assert_eq!(app.save_my_details(&c, &details(NEW)).await.status(), StatusCode::OK);
    app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    assert_eq!(app.post_fn(&eva, "cancel_email_change", &[]).await.status(), StatusCode::OK);
    assert_eq!(my_profile(&app, &c).await["pending_email"], NEW);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_avatar_style_is_saved_and_shown_everywhere() {
    let app = spawn_app().await;
    assert_eq!(app.post_fn(&client(), "avatar_style", &[("style", "rings")]).await.status(), StatusCode::UNAUTHORIZED);
    let c = app.signed_in(ADMIN).await;
    let res = app.post_fn(&c, "avatar_style", &[("style", "bogus")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["field"], "style");
    assert_eq!(app.post_fn(&c, "avatar_style", &[("style", "rings")]).await.status(), StatusCode::OK);
    let me = my_profile(&app, &c).await;
    assert_eq!(me["avatar_style"], "rings");
    let who: serde_json::Value = app.post_fn(&c, "me", &[]).await.json().await.unwrap();
    assert_eq!(who["avatar_style"], "rings");
    assert_eq!(who["avatar_seed"], me["avatar_seed"], "one picture in the header and on the page");
    let (_, _, page) = app.page(&c, "/users").await;
    assert!(page.contains("avatar-svg"), "the administrators' list shows avatars");
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"avatar-changed".to_string()));
}

fn state_of<'a>(me: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    &me["lists"].as_array().unwrap().iter().find(|l| l["code"] == code).unwrap()["state"]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leaving_a_mailing_list_is_for_good() {
    let app = spawn_app().await;
    assert_eq!(app.post_fn(&client(), "mailing_lists", &[("lists", "")]).await.status(), StatusCode::UNAUTHORIZED);
    let c = app.signed_in(ADMIN).await;
    let me = my_profile(&app, &c).await;
    assert_eq!(me["lists"].as_array().unwrap().len(), 5, "the provider's catalogue");
    assert_eq!(state_of(&me, "security-advisories"), "Subscribed");
    assert_eq!(state_of(&me, "newsletter"), "NotSubscribed");
    let res = app.post_fn(&c, "mailing_lists", &[("lists", "service-notifications,newsletter")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    let me = my_profile(&app, &c).await;
    assert_eq!(state_of(&me, "newsletter"), "Subscribed");
    assert_eq!(state_of(&me, "service-notifications"), "Subscribed");
    assert!(state_of(&me, "security-advisories")["Unsubscribed"]["on"].as_str().unwrap().starts_with("2026-"));
    // Back on the list is refused, with its reason, and nothing else changes either.
    let res = app.post_fn(&c, "mailing_lists", &[("lists", "security-advisories")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["Validation"][0]["message_id"], "error-list-unsubscribed");
    assert_eq!(state_of(&my_profile(&app, &c).await, "newsletter"), "Subscribed");
    let res = app.post_fn(&c, "mailing_lists", &[("lists", "newsletter,free-pizza")]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-list-unknown");
    let kinds = app.activity_kinds(ADMIN.0).await;
    assert!(kinds.contains(&"list-subscribed".to_string()) && kinds.contains(&"list-unsubscribed".to_string()));
    // The provider's list of subscribers serves the mailing.
    let on_newsletter: Vec<String> = app.op.subscribers("newsletter").await.unwrap().into_iter().map(|s| s.email).collect();
    assert_eq!(on_newsletter, [ADMIN.0, USER.0]);
    assert!(app.op.subscribers("security-advisories").await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_of_another_organization_are_not_touched() {
    let app = spawn_app().await;
    app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    let me = my_profile(&app, &eva).await;
    assert!(me["lists"].as_array().unwrap().iter().all(|l| l["state"] == "NotSubscribed"));
    assert_eq!(app.post_fn(&eva, "mailing_lists", &[("lists", "")]).await.status(), StatusCode::OK);
    let sophie = app.signed_in(ADMIN).await;
    assert_eq!(state_of(&my_profile(&app, &sophie).await, "security-advisories"), "Subscribed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn languages_are_saved_and_the_e_mail_language_governs_e_mails() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let seen = my_profile(&app, &c).await["version"].as_i64().unwrap().to_string();
    let form = [("portal_language", "fr"), ("email_language", "nl"), ("version", seen.as_str())];
    assert_eq!(app.post_fn(&client(), "languages", &form).await.status(), StatusCode::UNAUTHORIZED);
    let res = app.post_fn(&c, "languages", &[("portal_language", "de"), ("email_language", ""), ("version", seen.as_str())]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"].as_array().unwrap().len(), 2);
    let res = app.post_fn(&c, "languages", &form).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The same review confirmed again (another window, the back button): the profile moved on.
    let stale = app.post_fn(&c, "languages", &[("portal_language", "en"), ("email_language", "en"), ("version", seen.as_str())]).await;
    assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = stale.json().await.unwrap();
    assert_eq!((body["Validation"][0]["field"].as_str(), body["Validation"][0]["message_id"].as_str()), (Some("profile"), Some("error-my-profile-changed")));
    let cookie = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(";");
    assert!(cookie.contains("lang=fr"), "{cookie}");
    let me = my_profile(&app, &c).await;
    assert_eq!((me["portal_language"].as_str(), me["email_language"].as_str()), (Some("Fr"), Some("Nl")));
    let (_, _, page) = app.page(&c, "/profile").await;
    assert!(page.contains(r#"<html lang="fr""#), "every later page in French");
    let kinds = app.activity_kinds(ADMIN.0).await;
    assert!(kinds.contains(&"language-changed".to_string()) && kinds.contains(&"email-language-changed".to_string()));
    // The next e-mail to Sophie is in Dutch.
    assert_eq!(app.save_my_details(&c, &details(NEW)).await.status(), StatusCode::OK);
    assert_eq!(subjects_to(&app, ADMIN.0).await.last().unwrap(), &translate(Lang::Nl, "mail-email-change-notice-subject"));
    assert_eq!(subjects_to(&app, NEW).await, [translate(Lang::Nl, "mail-email-change-subject")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_steps_work_without_javascript() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let (_, _, page) = app.page(&c, "/profile?edit=lists").await;
    assert!(page.contains("Next") && page.contains(r#"name="list""#));
    let (_, _, page) = app.page(&c, "/profile?edit=lists&step=review&list=service-notifications").await;
    assert!(page.contains("Unsubscribe from Security advisories") && page.contains("cannot be undone"), "the review names each change");
    assert!(page.contains(r#"value="service-notifications""#) && page.contains(">Back<") && page.contains(">Confirm<"));
    let (_, _, page) = app.page(&c, "/profile?edit=languages&step=review&portal_language=nl&email_language=fr").await;
    assert!(page.contains("Nederlands") && page.contains("Français") && page.contains(">Confirm<"));
    let (_, _, page) = app.page(&c, "/profile?edit=avatar").await;
    assert_eq!(page.matches(r#"type="radio""#).count(), 6, "six avatar styles");
}
