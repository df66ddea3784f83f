//! Users & Permissions: the Profiles table, "+ Add Profile", contact types and their rules, role
//! coverage, and what administrators do to a profile.

use crate::helpers::*;
use reqwest::StatusCode;

pub(crate) type Form = Vec<(&'static str, String)>;

pub(crate) fn details(email: &str, kind: &str, types: &[&str]) -> Form {
    let mut f: Form = vec![
        ("email", email.to_string()),
        ("salutation", "mr".into()),
        ("email_language", "nl".into()),
        ("first_name", "Jan".into()),
        ("last_name", "Janssens".into()),
        ("job_title", "Network engineer".into()),
        ("department", "IT".into()),
        ("contact_phone", "+32 3 555 01 99".into()),
        ("kind", kind.into()),
    ];
    for t in types {
        f.push(("contact_types[]", t.to_string()));
    }
    f
}

pub(crate) async fn post(app: &TestApp, c: &reqwest::Client, name: &str, form: &[(&str, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_fn(c, name, &pairs).await
}

/// The draft id and step a step's answer sends the browser to.
fn next_step(res: &reqwest::Response) -> (String, String) {
    let to = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let q = |k: &str| to.split(['?', '&']).find_map(|p| p.strip_prefix(&format!("{k}="))).unwrap_or_default().to_string();
    (q("draft"), q("step"))
}

pub(crate) async fn group_id(app: &TestApp, email_of_org_member: &str, name: &str) -> String {
    let (id,): (String,) = sqlx::query_as(
        "SELECT g.id FROM permission_groups g JOIN profiles p ON p.organization_id = g.organization_id WHERE p.email = $1 AND g.name = $2",
    )
    .bind(email_of_org_member.to_string())
    .bind(name.to_string())
    .fetch_one(&app.pool)
    .await
    .unwrap();
    id
}

pub(crate) async fn profile_id(app: &TestApp, email: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM profiles WHERE email = $1").bind(email.to_string()).fetch_one(&app.pool).await.unwrap();
    id
}

async fn list(app: &TestApp, c: &reqwest::Client, args: &[(&str, &str)]) -> serde_json::Value {
    app.post_fn(c, "org_profiles", args).await.json().await.unwrap()
}

/// Adds a profile through the three steps; returns its id.
pub(crate) async fn add(app: &TestApp, c: &reqwest::Client, form: Form, groups: &[&str]) -> String {
    let res = post(app, c, "draft_details", &form).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    let (draft, step) = next_step(&res);
    if step == "groups" {
        let mut g: Form = vec![("draft", draft.clone())];
        for name in groups {
            g.push(("groups[]", group_id(app, ADMIN.0, name).await));
        }
        let res = post(app, c, "draft_groups", &g).await;
        assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    }
    let res = app.post_fn(c, "confirm_draft", &[("draft", &draft)]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    let email = form.iter().find(|(k, _)| *k == "email").unwrap().1.clone();
    profile_id(app, &email).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adding_a_user_invites_them_in_their_language() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let id = add(&app, &c, details("jan@brightwave.example", "user", &["technical"]), &["users"]).await;
    let card: serde_json::Value = app.post_fn(&c, "profile_card", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(card["row"]["status"], "Invited");
    assert_eq!(card["row"]["contact_types"][0], "Technical");
    assert_eq!(card["contact_phone"], "+32 3 555 01 99");
    let (subject,): (String,) = sqlx::query_as("SELECT subject FROM outbox WHERE to_address = 'jan@brightwave.example'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(subject, app::i18n::translate(app::i18n::Lang::Nl, "mail-invitation-subject"));
    let kinds = app.activity_kinds("jan@brightwave.example").await;
    assert!(kinds.contains(&"profile-added".to_string()) && kinds.contains(&"invited".to_string()));
}

/// Makes every write to the outbox fail (`down`), or work again: a fault in the database itself.
async fn outbox_down(app: &TestApp, down: bool) {
    let postgres = std::env::var("PORTAL_TEST_DATABASE_URL").is_ok();
    let sql = match (down, postgres) {
        (true, false) => "CREATE TRIGGER outbox_down BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'outbox down'); END",
        (true, true) => {
            "CREATE FUNCTION outbox_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'outbox down'; END $$ LANGUAGE plpgsql; \
             CREATE TRIGGER outbox_down BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_down()"
        }
        (false, false) => "DROP TRIGGER outbox_down",
        (false, true) => "DROP TRIGGER outbox_down ON outbox; DROP FUNCTION outbox_down()",
    };
    sqlx::raw_sql(sql).execute(&app.pool).await.unwrap();
}

/// An invitation is whole or not there: when its e-mail cannot be queued, no person, no link and
/// no activity line is left behind, and inviting again does not kill the link sent before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_whose_mail_cannot_be_queued_leaves_nothing_half_done() {
    let app = spawn_app().await;
    let org = app.op.organization_of(ADMIN.0).await.unwrap().unwrap();
    let en = app::i18n::Lang::En;
    let link = app.op.invite_person(&org, "ines@brightwave.example", "Ines", "Maes", en, false).await.unwrap();
    let path = link.strip_prefix(&app.base).unwrap().to_string();
    outbox_down(&app, true).await;
    assert!(app.op.invite_person(&org, "noah@brightwave.example", "Noah", "Wouters", en, false).await.is_err());
    assert!(app.op.invite_person(&org, "ines@brightwave.example", "Ines", "Maes", en, false).await.is_err());
    let (people,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM profiles WHERE email = 'noah@brightwave.example'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(people, 0, "no half-invited person");
    assert!(app.activity_kinds("noah@brightwave.example").await.is_empty());
    let (links,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM account_tokens t JOIN profiles p ON p.id = t.profile_id WHERE p.email = 'ines@brightwave.example'")
        .fetch_one(&app.pool).await.unwrap();
    let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = 'ines@brightwave.example'").fetch_one(&app.pool).await.unwrap();
    assert_eq!((links, mails), (1, 1), "only the first invitation, its link and its e-mail");
    let (status, _, body) = app.page(&client(), &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("Hello Ines, choose a password"), "the first link still opens the form");
    // Once the outbox works again, so does inviting.
    outbox_down(&app, false).await;
    app.op.invite_person(&org, "noah@brightwave.example", "Noah", "Wouters", en, false).await.unwrap();
    let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = 'noah@brightwave.example'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(mails, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_never_gets_credentials_nor_signs_in() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let res = post(&app, &c, "draft_details", &details("dpo@brightwave.example", "contact", &["dpo"])).await;
    assert_eq!(next_step(&res).1, "review", "no groups for a contact");
    let id = add(&app, &c, details("dpo@brightwave.example", "contact", &["dpo"]), &[]).await;
    let card: serde_json::Value = app.post_fn(&c, "profile_card", &[("id", &id)]).await.json().await.unwrap();
    assert!(card["row"]["status"].is_null());
    let (mails,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE to_address = 'dpo@brightwave.example'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(mails, 0);
    assert_eq!(app.login(&client(), ("dpo@brightwave.example", "anything-at-all-1")).await.status(), StatusCode::UNAUTHORIZED);
    // A contact needs a type; a distribution list is a Watchlist Contact only.
    let res = post(&app, &c, "draft_details", &details("x@brightwave.example", "contact", &[])).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-contact-needs-type");
    let res = post(&app, &c, "draft_details", &details("list@brightwave.example", "list", &["dpo"])).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "rule-distribution-list");
    add(&app, &c, details("list@brightwave.example", "list", &["watchlist"]), &[]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_contact_type_rule_is_enforced_with_its_reason() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let refused = |res: serde_json::Value| res["Validation"][0]["message_id"].as_str().unwrap_or_default().to_string();
    // Technical: a user with ServiceNow access (the administrators and users groups grant it).
    let res = post(&app, &c, "draft_details", &details("t@brightwave.example", "contact", &["technical"])).await;
    assert_eq!(refused(res.json().await.unwrap()), "rule-technical");
    let res = post(&app, &c, "draft_details", &details("t@brightwave.example", "user", &["technical"])).await;
    let (draft, _) = next_step(&res);
    let res = app.post_fn(&c, "draft_groups", &[("draft", &draft)]).await;
    assert_eq!(refused(res.json().await.unwrap()), "rule-technical", "no group, no ServiceNow");
    // Commercial: signing authority, recorded with who confirmed it.
    let res = post(&app, &c, "draft_details", &details("c@brightwave.example", "contact", &["commercial"])).await;
    assert_eq!(refused(res.json().await.unwrap()), "rule-commercial");
    let mut f = details("c@brightwave.example", "contact", &["commercial"]);
    f.push(("signing_authority", "yes".into()));
    let id = add(&app, &c, f, &[]).await;
    let card: serde_json::Value = app.post_fn(&c, "profile_card", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(card["signing_authority"][0], "Sophie Claes");
    // Security incident escalation: only with Secwise, and for a ServiceNow user.
    let res = post(&app, &c, "draft_details", &details("s@brightwave.example", "user", &["security-incident-escalation"])).await;
    assert_eq!(refused(res.json().await.unwrap()), "rule-security-service");
    let org = app.op.organization_of(ADMIN.0).await.unwrap().unwrap();
    app.op.activate_services(&org, &["secwise-watch"]).await.unwrap();
    add(&app, &c, details("s@brightwave.example", "user", &["security-incident-escalation"]), &["users"]).await;
    // Unknown types are refused too.
    let res = post(&app, &c, "draft_details", &details("u@brightwave.example", "contact", &["ceo"])).await;
    assert_eq!(refused(res.json().await.unwrap()), "error-contact-type-unknown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_elsewhere_that_breaks_a_rule_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let id = add(&app, &c, details("t@brightwave.example", "user", &["technical"]), &["users"]).await;
    // Removing the technical contact's only ServiceNow group.
    let res = app.on_profile(&c, "set_groups", &id, &[]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "rule-technical");
    let card: serde_json::Value = app.post_fn(&c, "profile_card", &[("id", &id)]).await.json().await.unwrap();
    assert_eq!(card["row"]["groups"].as_array().unwrap().len(), 1, "nothing applied");
    // Unticking signing authority of a Commercial Contact.
    let mut f = details("c@brightwave.example", "contact", &["commercial"]);
    f.push(("signing_authority", "yes".into()));
    let cid = add(&app, &c, f, &[]).await;
    let res = app.on_profile(&c, "set_contact_types", &cid, &[("contact_types[]", "commercial"), ("contact_types[]", "dpo")]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "rule-commercial");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coverage_is_named_and_its_last_holder_kept() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let l = list(&app, &c, &[]).await;
    assert_eq!(l["missing"], serde_json::json!(["Technical", "Commercial", "Dpo"]));
    let dpo = add(&app, &c, details("dpo@brightwave.example", "contact", &["dpo"]), &[]).await;
    assert_eq!(list(&app, &c, &[]).await["missing"], serde_json::json!(["Technical", "Commercial"]));
    // The last DPO can be neither deleted nor stripped of the type.
    let res = app.on_profile(&c, "delete_profile", &dpo, &[]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "coverage-last-dpo");
    let res = app.on_profile(&c, "set_contact_types", &dpo, &[("contact_types[]", "watchlist")]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "coverage-last-dpo");
    // With a second DPO, the first may go; its activity stays.
    add(&app, &c, details("dpo2@brightwave.example", "contact", &["dpo"]), &[]).await;
    assert_eq!(app.on_profile(&c, "delete_profile", &dpo, &[]).await.status(), StatusCode::OK);
    assert!(app.activity_kinds("dpo@brightwave.example").await.contains(&"profile-deleted".to_string()));
    // The last active person with Users & Permissions keeps it, and no one disables themselves.
    let me = profile_id(&app, ADMIN.0).await;
    let res = app.on_profile(&c, "set_groups", &me, &[("groups[]", &group_id(&app, ADMIN.0, "users").await)]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-last-administrator");
    let res = app.on_profile(&c, "account_action", &me, &[("action", "disable")]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-not-yourself");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disabling_ends_sessions_at_once_and_enabling_restores() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let thomas = app.signed_in(USER).await;
    let id = profile_id(&app, USER.0).await;
    assert_eq!(app.on_profile(&c, "account_action", &id, &[("action", "disable")]).await.status(), StatusCode::OK);
    assert_eq!(app.post_fn(&thomas, "my_profile", &[]).await.status(), StatusCode::UNAUTHORIZED, "his session ended");
    assert_eq!(app.login(&client(), USER).await.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(list(&app, &c, &[("status", "disabled")]).await["rows"][0]["email"], USER.0);
    assert_eq!(app.on_profile(&c, "account_action", &id, &[("action", "enable")]).await.status(), StatusCode::OK);
    assert_eq!(app.login(&client(), USER).await.status(), StatusCode::OK);
    let kinds = app.activity_kinds(USER.0).await;
    assert!(kinds.contains(&"user-disabled".to_string()) && kinds.contains(&"user-enabled".to_string()));
    let res = app.on_profile(&c, "account_action", &id, &[("action", "resend")]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-action-not-possible");
    assert_eq!(app.on_profile(&c, "account_action", &id, &[("action", "explode")]).await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resending_an_invitation_kills_the_old_link_and_a_contact_becomes_a_user() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let id = add(&app, &c, details("jan@brightwave.example", "user", &[]), &["users"]).await;
    let (old,): (String,) = sqlx::query_as("SELECT token_hash FROM account_tokens WHERE profile_id = $1").bind(id.clone()).fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.on_profile(&c, "account_action", &id, &[("action", "resend")]).await.status(), StatusCode::OK);
    let hashes: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM account_tokens WHERE profile_id = $1").bind(id.clone()).fetch_all(&app.pool).await.unwrap();
    assert_eq!(hashes.len(), 1);
    assert_ne!(hashes[0].0, old);
    let dpo = add(&app, &c, details("dpo@brightwave.example", "contact", &["dpo"]), &[]).await;
    assert_eq!(app.on_profile(&c, "account_action", &dpo, &[("action", "make-user")]).await.status(), StatusCode::OK);
    let card: serde_json::Value = app.post_fn(&c, "profile_card", &[("id", &dpo)]).await.json().await.unwrap();
    assert_eq!((card["row"]["is_user"].as_bool(), card["row"]["status"].as_str()), (Some(true), Some("Invited")));
    // Seven days later the invitation shows as expired.
    app.clock.0.fetch_add(8 * 86_400, std::sync::atomic::Ordering::SeqCst);
    let c = app.signed_in(ADMIN).await;
    let l = list(&app, &c, &[("status", "invitation-expired")]).await;
    assert_eq!(l["rows"].as_array().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_filters_and_keyset_paging_walk_every_profile_once() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let org = app.op.organization_of(ADMIN.0).await.unwrap().unwrap();
    for i in 0..120 {
        app.op.invite_person(&org, &format!("p{i:03}@brightwave.example"), "Pat", &format!("Member{:03}", i % 60), app::i18n::Lang::En, false).await.unwrap();
    }
    let mut seen = std::collections::HashSet::new();
    let mut after = String::new();
    loop {
        let l = list(&app, &c, &[("after", &after)]).await;
        for r in l["rows"].as_array().unwrap() {
            assert!(seen.insert(r["id"].as_str().unwrap().to_string()), "each once");
        }
        match l["next"].as_str() {
            Some(n) => after = n.to_string(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 122);
    let found = list(&app, &c, &[("q", "member007")]).await;
    assert_eq!(found["rows"].as_array().unwrap().len(), 2, "by name, case-insensitively");
    let found = list(&app, &c, &[("q", "P119@BRIGHT")]).await;
    assert_eq!(found["rows"][0]["email"], "p119@brightwave.example");
    assert_eq!(list(&app, &c, &[("q", "%")]).await["rows"].as_array().unwrap().len(), 0, "a % is a character");
    assert_eq!(list(&app, &c, &[("kind", "contact")]).await["rows"].as_array().unwrap().len(), 0);
    assert_eq!(app.post_fn(&c, "org_profiles", &[("status", "sleeping")]).await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_in_use_is_a_field_error_on_step_one_and_at_confirm() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let res = post(&app, &c, "draft_details", &details(USER.0, "user", &[])).await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!((body["Validation"][0]["field"].as_str(), body["Validation"][0]["message_id"].as_str()), (Some("email"), Some("error-email-taken")));
    // Two drafts of one address: the second "Confirm" is refused on the field.
    let (d1, _) = next_step(&post(&app, &c, "draft_details", &details("new@brightwave.example", "contact", &["dpo"])).await);
    let (d2, _) = next_step(&post(&app, &c, "draft_details", &details("new@brightwave.example", "contact", &["dpo"])).await);
    let (f1, f2) = ([("draft", d1.as_str())], [("draft", d2.as_str())]);
    let (a, b) = tokio::join!(app.post_fn(&c, "confirm_draft", &f1), app.post_fn(&c, "confirm_draft", &f2));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY]);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM profiles WHERE email = 'new@brightwave.example'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(n, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_per_field() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    for (field, value, message) in [
        ("email", "jan@", "error-email-invalid"),
        ("first_name", "", "error-required"),
        ("last_name", "Jan\nssens", "error-name-invalid"),
        ("contact_phone", "call me", "error-phone-e164"),
        ("salutation", "sir", "error-salutation-invalid"),
        ("email_language", "de", "error-language-invalid"),
    ] {
        let mut f = details("jan@brightwave.example", "user", &[]);
        f.iter_mut().filter(|(k, _)| *k == field).for_each(|(_, v)| *v = value.to_string());
        let res = post(&app, &c, "draft_details", &f).await;
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!((body["Validation"][0]["field"].as_str(), body["Validation"][0]["message_id"].as_str()), (Some(field), Some(message)), "{field}");
    }
    let res = post(&app, &c, "draft_details", &details("jan@brightwave.example", "robot", &[])).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_organizations_administrator_reaches_nothing_by_id() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let dpo = add(&app, &c, details("dpo@brightwave.example", "contact", &["dpo"]), &[]).await;
    let (draft, _) = next_step(&post(&app, &c, "draft_details", &details("d@brightwave.example", "contact", &["dpo"])).await);
    let thomas = profile_id(&app, USER.0).await;
    let admins = group_id(&app, ADMIN.0, "administrators").await;
    app.second_organization().await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    for (name, args) in [
        ("profile_card", vec![("id", dpo.as_str())]),
        ("get_draft", vec![("draft", draft.as_str())]),
        ("confirm_draft", vec![("draft", draft.as_str())]),
        ("draft_groups", vec![("draft", draft.as_str())]),
        ("set_contact_types", vec![("id", dpo.as_str()), ("contact_types[]", "watchlist")]),
        ("set_groups", vec![("id", thomas.as_str()), ("groups[]", admins.as_str())]),
        ("account_action", vec![("id", thomas.as_str()), ("action", "disable")]),
        ("delete_profile", vec![("id", dpo.as_str())]),
        ("update_profile", vec![("id", dpo.as_str()), ("email", "x@other.example"), ("email_language", "en"), ("first_name", "X"), ("last_name", "Y")]),
    ] {
        // Made on the profile's current version: only the organization stands in the way.
        let version = app.profile_version(args[0].1).await.to_string();
        let mut args = args.clone();
        if name != "profile_card" && args[0].0 == "id" {
            args.insert(1, ("version", version.as_str()));
        }
        let res = app.post_fn(&eva, name, &args).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
    }
    // Her own user cannot be put in Brightwave's group either.
    let own = profile_id(&app, OTHER_ADMIN.0).await;
    let res = app.on_profile(&eva, "set_groups", &own, &[("groups[]", &admins)]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-not-found");
    let l = list(&app, &eva, &[]).await;
    assert!(l["rows"].as_array().unwrap().iter().all(|r| r["email"] == OTHER_ADMIN.0));
    // Nothing of Brightwave changed.
    let card: serde_json::Value = app.post_fn(&c, "profile_card", &[("id", &dpo)]).await.json().await.unwrap();
    assert_eq!(card["row"]["contact_types"][0], "Dpo");
    assert_eq!(app.post_fn(&c, "get_draft", &[("draft", &draft)]).await.status(), StatusCode::OK);
    assert_eq!(app.post_fn(&app.signed_in(USER).await, "my_profile", &[]).await.status(), StatusCode::OK, "Thomas still enabled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_edit_details_with_the_same_checks_but_not_a_users_address() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let dpo = add(&app, &c, details("dpo@brightwave.example", "contact", &["dpo"]), &[]).await;
    let version = app.profile_version(&dpo).await.to_string();
    let form = |email: &'static str, phone: &'static str| {
        vec![("id", dpo.clone()), ("version", version.clone()), ("email", email.to_string()), ("salutation", "ms".into()), ("email_language", "fr".into()), ("first_name", "Dora".into()),
             ("last_name", "Peeters".into()), ("job_title", "DPO".into()), ("department", "".into()), ("contact_phone", phone.to_string())]
    };
    let res = post(&app, &c, "update_profile", &form("privacy@brightwave.example", "call me")).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["field"], "contact_phone");
    let res = post(&app, &c, "update_profile", &form(USER.0, "")).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-email-taken");
    assert_eq!(post(&app, &c, "update_profile", &form("privacy@brightwave.example", "+32 3 555 01 01")).await.status(), StatusCode::OK);
    let card: serde_json::Value = app.post_fn(&c, "profile_card", &[("id", &dpo)]).await.json().await.unwrap();
    assert_eq!((card["row"]["email"].as_str(), card["contact_phone"].as_str(), card["email_language"].as_str()), (Some("privacy@brightwave.example"), Some("+32 3 555 01 01"), Some("Fr")));
    // A user's address stays: it is theirs to change.
    let thomas = profile_id(&app, USER.0).await;
    let mut f = form("someone@else.example", "");
    f[0].1 = thomas.clone();
    f[1].1 = app.profile_version(&thomas).await.to_string();
    assert_eq!(post(&app, &c, "update_profile", &f).await.status(), StatusCode::OK);
    let card: serde_json::Value = app.post_fn(&c, "profile_card", &[("id", &thomas)]).await.json().await.unwrap();
    assert_eq!(card["row"]["email"], USER.0);
    assert!(app.activity_kinds(USER.0).await.contains(&"profile-edited".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_a_refused_step_comes_back_with_what_was_typed() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let pairs: Vec<(&str, String)> = details("kept@brightwave.example", "contact", &[]);
    let res = c.post(app.url(&fn_path("draft_details"))).header("Origin", &app.base).header("Accept", "text/html").form(&pairs).send().await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let to = res.headers()["location"].to_str().unwrap().to_string();
    assert!(to.contains("step=details") && to.contains("invalid=contact_types:error-contact-needs-type"), "{to}");
    let draft = to.split(['?', '&']).find_map(|p| p.strip_prefix("draft=")).unwrap().to_string();
    let d: serde_json::Value = app.post_fn(&c, "get_draft", &[("draft", &draft)]).await.json().await.unwrap();
    assert_eq!((d["email"].as_str(), d["job_title"].as_str(), d["kind"].as_str()), (Some("kept@brightwave.example"), Some("Network engineer"), Some("contact")));
    // Such a draft cannot be confirmed by skipping ahead.
    let res = app.post_fn(&c, "confirm_draft", &[("draft", &draft)]).await;
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["Validation"][0]["message_id"], "error-draft-incomplete");
    let (_, _, page) = app.page(&c, &to).await;
    assert!(page.contains("kept@brightwave.example") && page.contains("A contact needs at least one contact type."), "the form again, with the error on its field");
}
