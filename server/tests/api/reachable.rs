//! "Must have ServiceNow access and be reachable for critical issues": a Technical Contact has a
//! phone number, wherever a profile is added or changed, with the rule's reason on the field.

use crate::helpers::*;
use crate::users::{add, details, post, profile_id};
use reqwest::StatusCode;
use serde_json::Value;

fn without_phone(mut f: crate::users::Form) -> crate::users::Form {
    f.retain(|(k, _)| *k != "contact_phone");
    f.push(("contact_phone", String::new()));
    f
}

async fn refusal(res: reqwest::Response) -> (StatusCode, String, String) {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or_default();
    let first = &body["Validation"][0];
    (status, first["field"].as_str().unwrap_or_default().to_string(), first["message_id"].as_str().unwrap_or_default().to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_technical_contact_keeps_a_phone_number_wherever_the_profile_changes() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let unreachable = (StatusCode::UNPROCESSABLE_ENTITY, "contact_phone".to_string(), "rule-technical-phone".to_string());

    // Adding: the number is asked for on its field.
    let res = post(&app, &c, "draft_details", &without_phone(details("t@brightwave.example", "user", &["technical"]))).await;
    assert_eq!(refusal(res).await, unreachable);
    let jan = add(&app, &c, details("t@brightwave.example", "user", &["technical"]), &["users"]).await;

    // An administrator editing the details cannot take it away; nothing is saved.
    let version = app.profile_version(&jan).await.to_string();
    let edit = |phone: &str| {
        vec![("id", jan.clone()), ("version", version.clone()), ("email", "t@brightwave.example".to_string()), ("salutation", "mr".into()), ("email_language", "nl".into()),
             ("first_name", "Jan".into()), ("last_name", "Janssens".into()), ("job_title", "".into()), ("department", "".into()), ("contact_phone", phone.to_string())]
    };
    assert_eq!(refusal(post(&app, &c, "update_profile", &edit("")).await).await, unreachable);
    let card: Value = app.post_fn(&c, "profile_card", &[("id", &jan)]).await.json().await.unwrap();
    assert_eq!(card["contact_phone"], "+32 3 555 01 99", "nothing saved");
    assert_eq!(card["facts"]["phone"], true);

    // Someone without a number cannot be made a Technical Contact; their card says why.
    let mira = add(&app, &c, without_phone(details("m@brightwave.example", "user", &[])), &["users"]).await;
    let card: Value = app.post_fn(&c, "profile_card", &[("id", &mira)]).await.json().await.unwrap();
    assert_eq!(card["facts"]["phone"], false, "the page closes Technical with the reason");
    let res = app.on_profile(&c, "set_contact_types", &mira, &[("contact_types[]", "technical")]).await;
    let (status, _, why) = refusal(res).await;
    assert_eq!((status, why.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "rule-technical-phone"));
    // Older profiles without a number do not block the organization's other changes.
    let thomas = profile_id(&app, USER.0).await;
    sqlx::query("UPDATE profiles SET contact_phone = NULL WHERE id = $1").bind(jan.clone()).execute(&app.pool).await.unwrap();
    assert_eq!(app.on_profile(&c, "set_contact_types", &thomas, &[("contact_types[]", "dpo")]).await.status(), StatusCode::OK);

    // The Technical Contact on My Profile: the number stays.
    assert_eq!(app.on_profile(&c, "set_contact_types", &thomas, &[("contact_types[]", "dpo"), ("contact_types[]", "technical")]).await.status(), StatusCode::OK);
    let me = app.signed_in(USER).await;
    let mine = [
        ("email", USER.0), ("salutation", "mr"), ("first_name", "Thomas"), ("last_name", "Peeters"), ("job_title", ""), ("department", ""),
        ("contact_phone", ""), ("mfa_phone", ""),
    ];
    assert_eq!(refusal(app.save_my_details(&me, &mine).await).await, unreachable);
}
