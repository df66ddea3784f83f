//! Rules the server holds whatever a page sends: a distribution list never becomes someone who
//! signs in, and an administrator's change made on a profile as it was before someone else's
//! change is refused instead of overwriting it.

use crate::helpers::*;
use crate::users::{add, details, group_id, post, profile_id};
use reqwest::StatusCode;
use serde_json::Value;

async fn refusal(res: reqwest::Response) -> (StatusCode, Value) {
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn message(v: &Value) -> &str {
    v["Validation"][0]["message_id"].as_str().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_distribution_list_stays_a_watchlist_contact_on_every_path() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let list = add(&app, &c, details("ops-list@brightwave.example", "list", &["watchlist"]), &[]).await;
    // The page hides "Make this contact a user" for a list; the server refuses it the same.
    let (status, v) = refusal(app.on_profile(&c, "account_action", &list, &[("action", "make-user")]).await).await;
    assert_eq!((status, message(&v)), (StatusCode::UNPROCESSABLE_ENTITY, "rule-distribution-list-user"));
    let (is_user, tokens): (i64, i64) = sqlx::query_as(
        "SELECT p.is_user, (SELECT COUNT(*) FROM account_tokens t WHERE t.profile_id = p.id) FROM profiles p WHERE p.id = $1",
    )
    .bind(list.clone())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((is_user, tokens), (0, 0), "no account, no invitation link");
    let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = $1").bind("ops-list@brightwave.example").fetch_one(&app.pool).await.unwrap();
    assert_eq!(mails, 0, "no invitation sent");
    // Nor groups, nor another contact type.
    let (_, v) = refusal(app.on_profile(&c, "set_groups", &list, &[("groups[]", &group_id(&app, ADMIN.0, "users").await)]).await).await;
    assert_eq!(message(&v), "error-groups-need-user");
    let (_, v) = refusal(app.on_profile(&c, "set_contact_types", &list, &[("contact_types[]", "watchlist"), ("contact_types[]", "dpo")]).await).await;
    assert_eq!(message(&v), "rule-distribution-list");
    // Adding its address again as a user does not turn it into one either.
    let res = post(&app, &c, "draft_details", &details("ops-list@brightwave.example", "user", &[])).await;
    let (_, v) = refusal(res).await;
    assert_eq!(v["Validation"][0]["field"], "email", "{v}");
    let (is_user,): (i64,) = sqlx::query_as("SELECT is_user FROM profiles WHERE id = $1").bind(list.clone()).fetch_one(&app.pool).await.unwrap();
    assert_eq!(is_user, 0);
}

/// Everything the profile's page shows that a change could overwrite.
async fn card(app: &TestApp, c: &reqwest::Client, id: &str) -> Value {
    let v: Value = app.post_fn(c, "profile_card", &[("id", id)]).await.json().await.unwrap();
    serde_json::json!([v["row"], v["first_name"], v["last_name"], v["job_title"], v["contact_phone"], v["signing_authority"]])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_on_what_an_administrator_saw_before_anothers_change_is_refused() {
    let app = spawn_app().await;
    let first = app.signed_in(ADMIN).await;
    // A second administrator: Thomas, in the administrators group.
    let thomas = profile_id(&app, USER.0).await;
    let admins = group_id(&app, ADMIN.0, "administrators").await;
    let users = group_id(&app, ADMIN.0, "users").await;
    assert_eq!(app.on_profile(&first, "set_groups", &thomas, &[("groups[]", &users), ("groups[]", &admins)]).await.status(), StatusCode::OK);
    let second = app.signed_in(USER).await;
    let dpo = add(&app, &first, details("dpo@brightwave.example", "contact", &["dpo"]), &[]).await;
    add(&app, &first, details("dpo2@brightwave.example", "contact", &["dpo"]), &[]).await;
    // Both open the DPO's page at the same version; the first saves new details.
    let seen = app.profile_version(&dpo).await.to_string();
    let edit = |version: &str, job: &str| {
        vec![("id", dpo.clone()), ("version", version.to_string()), ("email", "dpo@brightwave.example".to_string()), ("email_language", "en".into()),
             ("first_name", "Dora".into()), ("last_name", "Claes".into()), ("job_title", job.to_string())]
    };
    assert_eq!(post(&app, &first, "update_profile", &edit(&seen, "Data Protection Officer")).await.status(), StatusCode::OK);
    let after_first = card(&app, &first, &dpo).await;
    // Every change the second makes on what they saw is refused, and nothing of it is kept.
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut f: Vec<(&str, String)> = vec![("id", dpo.clone()), ("version", seen.clone())];
        f.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        f
    };
    for (name, form) in [
        ("update_profile", edit(&seen, "Privacy lead")),
        ("set_contact_types", with(&[("contact_types[]", "dpo"), ("contact_types[]", "watchlist")])),
        ("account_action", with(&[("action", "make-user")])),
        ("delete_profile", with(&[])),
    ] {
        let (status, v) = refusal(post(&app, &second, name, &form).await).await;
        assert_eq!((status, message(&v)), (StatusCode::UNPROCESSABLE_ENTITY, "error-profile-conflict"), "{name}: {v}");
        assert_eq!(v["Validation"][0]["field"], "profile", "{name}");
        assert_eq!(card(&app, &first, &dpo).await, after_first, "{name} changed nothing");
    }
    // Made on the version the page shows now, the same change goes through.
    assert_eq!(app.on_profile(&second, "set_contact_types", &dpo, &[("contact_types[]", "dpo"), ("contact_types[]", "watchlist")]).await.status(), StatusCode::OK);
    // A version that was never shown, or none at all, is refused too.
    let (_, v) = refusal(post(&app, &second, "delete_profile", &[("id", dpo.clone()), ("version", "99".into())]).await).await;
    assert_eq!(message(&v), "error-profile-conflict");
    assert_eq!(post(&app, &second, "delete_profile", &[("id", dpo.clone())]).await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_of_a_groups_members_moves_the_profiles_version_on() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let thomas = profile_id(&app, USER.0).await;
    let seen = app.profile_version(&thomas).await.to_string();
    let admins = group_id(&app, ADMIN.0, "administrators").await;
    // Someone adds Thomas to the administrators from the group's Manage users...
    let group: Value = app.post_fn(&c, "permission_group", &[("id", &admins)]).await.json().await.unwrap();
    let version = group["group"]["version"].as_i64().unwrap().to_string();
    let res = app.post_fn(&c, "set_group_members", &[("id", admins.as_str()), ("version", version.as_str()), ("add[]", thomas.as_str())]).await;
    assert_eq!(res.status(), StatusCode::OK);
    // ... while his page, opened before, saves his groups without it: refused.
    let users = group_id(&app, ADMIN.0, "users").await;
    let res = post(&app, &c, "set_groups", &[("id", thomas.clone()), ("version", seen), ("groups[]", users)]).await;
    let (_, v) = refusal(res).await;
    assert_eq!(message(&v), "error-profile-conflict");
    let card: Value = app.post_fn(&c, "profile_card", &[("id", &thomas)]).await.json().await.unwrap();
    assert_eq!(card["row"]["groups"].as_array().unwrap().len(), 2, "he stays in both groups");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn my_profile_saved_on_what_the_form_showed_never_overwrites_a_later_change() {
    let app = spawn_app().await;
    let thomas = app.signed_in(USER).await;
    let seen: Value = app.post_fn(&thomas, "my_profile", &[]).await.json().await.unwrap();
    let version = seen["version"].as_i64().unwrap().to_string();
    // Meanwhile an administrator corrects his job title.
    let admin = app.signed_in(ADMIN).await;
    let id = profile_id(&app, USER.0).await;
    let edit = [("email", USER.0), ("email_language", "nl"), ("first_name", "Thomas"), ("last_name", "Peeters"), ("job_title", "Finance Director")];
    assert_eq!(app.on_profile(&admin, "update_profile", &id, &edit).await.status(), StatusCode::OK);
    // His form, opened before, is refused as a whole.
    let rest = [("salutation", ""), ("department", ""), ("contact_phone", ""), ("mfa_phone", "")];
    let mine = [[("version", version.as_str()), ("email", USER.0), ("first_name", "Thomas"), ("last_name", "Peeters"), ("job_title", "Controller")].as_slice(), &rest].concat();
    let (status, v) = refusal(app.post_fn(&thomas, "update_my_details", &mine).await).await;
    assert_eq!((status, message(&v)), (StatusCode::UNPROCESSABLE_ENTITY, "error-my-profile-changed"));
    let now: Value = app.post_fn(&thomas, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(now["job_title"], "Finance Director");
    // The languages reviewed before the administrator's change are refused too: his e-mail
    // language stays what the administrator set.
    let languages = [("portal_language", "nl"), ("email_language", "en"), ("version", version.as_str())];
    let (status, v) = refusal(app.post_fn(&thomas, "languages", &languages).await).await;
    assert_eq!((status, message(&v)), (StatusCode::UNPROCESSABLE_ENTITY, "error-my-profile-changed"));
    let now: Value = app.post_fn(&thomas, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(now["email_language"], "Nl");
    // Saved on the page as it is now, it goes through.
    let mine = [[("email", USER.0), ("first_name", "Thomas"), ("last_name", "Peeters"), ("job_title", "Controller")].as_slice(), &rest].concat();
    assert_eq!(app.save_my_details(&thomas, &mine).await.status(), StatusCode::OK);
}
