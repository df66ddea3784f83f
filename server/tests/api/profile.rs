//! My Profile: editing the details.

use crate::helpers::*;
use reqwest::header::LOCATION;
use reqwest::StatusCode;

const GOOD: &[(&str, &str)] = &[
    ("email", "Sophie.Claes@brightwave.example"),
    ("salutation", "dr"),
    ("first_name", "  Sophie "),
    ("last_name", "Claes-Verbeke"),
    ("job_title", "Head of IT"),
    ("department", ""),
    ("contact_phone", "+32 (0)3 555 01 21"),
    ("mfa_phone", "0032 470 55 01 99"),
];

fn with(field: &str, value: &'static str) -> Vec<(&'static str, &'static str)> {
    GOOD.iter().map(|(k, v)| if *k == field { (*k, value) } else { (*k, *v) }).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_details_are_saved_parsed_and_logged() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let res = app.save_my_details(&c, GOOD).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    let me: serde_json::Value = app.post_fn(&c, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(me["salutation"], "dr");
    assert_eq!(me["first_name"], "Sophie", "trimmed");
    assert_eq!(me["last_name"], "Claes-Verbeke");
    assert_eq!(me["job_title"], "Head of IT");
    assert!(me["department"].is_null(), "an emptied field is not set");
    assert_eq!(me["contact_phone"], "+32 3 555 01 21", "trunk prefix dropped, grouped by the plan");
    assert_eq!(me["mfa_phone"], "+32 470 55 01 99", "from the 00 prefix");
    let (contact, mfa): (String, String) = sqlx::query_as("SELECT contact_phone, mfa_phone FROM profiles WHERE email = $1").bind(ADMIN.0).fetch_one(&app.pool).await.unwrap();
    assert_eq!((contact.as_str(), mfa.as_str()), ("+3235550121", "+32470550199"), "stored in E.164");
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"profile-updated".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_bad_field_gets_its_own_message_and_nothing_is_saved() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let long: &'static str = Box::leak("x".repeat(101).into_boxed_str());
    for (field, value, message) in [
        ("email", "sophie@", "error-email-invalid"),
        ("email", "thomas.peeters@brightwave.example", "error-email-taken"),
        ("salutation", "sir", "error-salutation-invalid"),
        ("first_name", "", "error-required"),
        ("last_name", "Claes\nBcc: x", "error-name-invalid"),
        ("job_title", "x\ty", "error-text-invalid"),
        ("department", long, "error-text-invalid"),
        ("contact_phone", "call me", "error-phone-e164"),
        ("mfa_phone", "12", "error-phone-e164"),
    ] {
        let res = app.save_my_details(&c, &with(field, value)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["Validation"][0]["field"], field);
        assert_eq!(body["Validation"][0]["message_id"], message, "{field}");
    }
    // Several fields in error come back together.
    let mut two = with("first_name", "");
    two.retain(|(k, _)| *k != "mfa_phone");
    two.push(("mfa_phone", "nope"));
    let body: serde_json::Value = app.save_my_details(&c, &two).await.json().await.unwrap();
    assert_eq!(body["Validation"].as_array().unwrap().len(), 2);
    let me: serde_json::Value = app.post_fn(&c, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(me["job_title"], "IT Manager", "nothing saved");
    assert!(!app.activity_kinds(ADMIN.0).await.contains(&"profile-updated".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_signed_in_person_edits_and_only_their_own_row() {
    let app = spawn_app().await;
    let res = app.post_fn(&client(), "update_my_details", GOOD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Thomas (another person, same organization) and Eva (another organization) change only
    // themselves: there is no id to pass.
    let thomas = app.signed_in(USER).await;
    assert_eq!(app.save_my_details(&thomas, &with("email", USER.0)).await.status(), StatusCode::OK);
    app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    let mut eva_form = with("job_title", "Office lead");
    eva_form[0] = ("email", OTHER_ADMIN.0);
    assert_eq!(app.save_my_details(&eva, &eva_form).await.status(), StatusCode::OK);
    let sophie = app.signed_in(ADMIN).await;
    let me: serde_json::Value = app.post_fn(&sophie, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(me["job_title"], "IT Manager");
    assert_eq!(me["last_name"], "Claes");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_edit_form_works_without_javascript() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let (status, _, page) = app.page(&c, "/profile?edit=details").await;
    assert_eq!(status, StatusCode::OK);
    for label in ["Multifactor Authentication Number", "Salutation", "First Name", "Last Name", "Job Title", "Department", "Contact Phone Number", ">Save<", ">Cancel<"] {
        assert!(page.contains(label), "the form lacks {label}");
    }
    // A plain form post, with the version the form carries: saved, and back to the profile.
    let version = page.split(r#"name="version" value=""#).nth(1).and_then(|rest| rest.split('"').next()).expect("the form's version").to_string();
    let mut form = GOOD.to_vec();
    form.push(("version", version.as_str()));
    let res = c
        .post(app.url(&fn_path("update_my_details")))
        .header("Origin", &app.base)
        .header("Accept", "text/html")
        .header("Referer", app.url("/profile?edit=details"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()[LOCATION], "/profile?saved=details");
    let (_, _, page) = app.page(&c, "/profile?saved=details").await;
    assert!(page.contains("Your details have been saved.") && page.contains("Head of IT"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn application_roles_count_only_while_their_service_is_active() {
    let app = spawn_app().await;
    let org = app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    // Other Company BV has the Service Desk only: its administrators group grants no Billing
    // Tool nor Microsoft 365 management, whatever the built-in group lists.
    let me: serde_json::Value = app.post_fn(&eva, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(me["groups"][0]["application_roles"], serde_json::json!(["servicenow-user", "reports"]));
    assert_eq!(
        me["groups"][0]["portal_roles"],
        serde_json::json!(["users-permissions", "view-activity", "view-orders"]),
        "portal roles in the catalogue's order, without Place orders (it guards nothing yet)"
    );
    let ids: Vec<&str> = me["groups"].as_array().unwrap().iter().map(|g| g["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), ids.iter().collect::<std::collections::HashSet<_>>().len(), "each group once: {ids:?}");
    app.op.activate_services(&org, &["billing"]).await.unwrap();
    let me: serde_json::Value = app.post_fn(&eva, "my_profile", &[]).await.json().await.unwrap();
    assert_eq!(me["groups"][0]["application_roles"], serde_json::json!(["servicenow-user", "billing-tool", "reports"]));
    let choices: serde_json::Value = app.post_fn(&eva, "group_choices", &[]).await.json().await.unwrap();
    assert!(choices.as_array().unwrap().iter().all(|g| !g["application_roles"].as_array().unwrap().contains(&serde_json::json!("m365-subscriptions"))));
}
