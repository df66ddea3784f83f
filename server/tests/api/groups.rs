//! Permission groups: the tab, a custom group added, edited (whom it affects), deleted; "Manage
//! users"; built-in groups read-only; the rules that must hold; two administrators at once; and
//! another organization's administrator using the first one's ids.

use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::Value;

type Form = Vec<(&'static str, String)>;

async fn call(app: &TestApp, c: &reqwest::Client, name: &str, form: &[(&str, String)]) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post_fn(c, name, &pairs).await
}

async fn json(app: &TestApp, c: &reqwest::Client, name: &str, form: &[(&str, String)]) -> Value {
    let res = call(app, c, name, form).await;
    res.json().await.unwrap()
}

/// The message id of a refused field, if any.
fn refusal(v: &Value, field: &str) -> Option<String> {
    v["Validation"].as_array()?.iter().find(|e| e["field"] == field).and_then(|e| e["message_id"].as_str()).map(str::to_string)
}

fn definition(id: &str, version: i64, name: &str, portal: &[&str], application: &[&str]) -> Form {
    let mut f: Form = vec![("id", id.into()), ("version", version.to_string()), ("name", name.into()), ("description", "For the finance team".into())];
    f.extend(portal.iter().map(|r| ("portal_roles[]", r.to_string())));
    f.extend(application.iter().map(|r| ("application_roles[]", r.to_string())));
    f
}

async fn profile_id(app: &TestApp, email: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM profiles WHERE email = $1").bind(email.to_string()).fetch_one(&app.pool).await.unwrap();
    id
}

async fn group(app: &TestApp, c: &reqwest::Client, name: &str) -> Value {
    let all = json(app, c, "permission_groups", &[]).await;
    all["groups"].as_array().unwrap().iter().find(|g| g["label"]["name"] == name).cloned().unwrap_or(Value::Null)
}

/// Creates a custom group; returns its id.
async fn create(app: &TestApp, c: &reqwest::Client, name: &str, portal: &[&str], application: &[&str]) -> String {
    let res = call(app, c, "save_group", &definition("", 0, name, portal, application)).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    res.json::<String>().await.unwrap()
}

async fn members(app: &TestApp, c: &reqwest::Client, id: &str, add: &[&str], remove: &[&str]) -> reqwest::Response {
    let version = json(app, c, "permission_group", &[("id", id.into())]).await["group"]["version"].as_i64().unwrap();
    let mut f: Form = vec![("id", id.into()), ("version", version.to_string())];
    for e in add {
        f.push(("add[]", profile_id(app, e).await));
    }
    for e in remove {
        f.push(("remove[]", profile_id(app, e).await));
    }
    call(app, c, "set_group_members", &f).await
}

async fn counts(app: &TestApp) -> (i64, i64, i64) {
    let q = |sql: &'static str| async move { sqlx::query_as::<_, (i64,)>(sql).fetch_one(&app.pool).await.unwrap().0 };
    (
        q("SELECT COUNT(*) FROM permission_groups").await,
        q("SELECT COUNT(*) FROM permission_group_members").await,
        q("SELECT COUNT(*) FROM permission_group_portal_roles").await + q("SELECT COUNT(*) FROM permission_group_application_roles").await,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tab_lists_each_group_with_its_grants_members_and_the_catalogue() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let all = json(&app, &c, "permission_groups", &[]).await;
    let admins = group(&app, &c, "administrators").await;
    assert_eq!(admins["label"]["built_in"], true);
    assert!(admins["portal_roles"].as_array().unwrap().contains(&"users-permissions".into()));
    assert!(admins["members"].as_i64().unwrap() >= 1);
    // Place orders guards nothing yet: it is not offered.
    assert_eq!(all["portal_roles"], serde_json::json!(["users-permissions", "view-activity", "view-orders"]));
    // The demo organization has Service Desk, Microsoft 365 and Billing: every role is offered.
    assert!(all["application_roles"].as_array().unwrap().iter().all(|r| r["inactive_service"].is_null()));
    let id = create(&app, &c, "Finance", &["view-orders"], &["billing-tool"]).await;
    let finance = group(&app, &c, "Finance").await;
    assert_eq!((finance["label"]["id"].as_str(), finance["label"]["built_in"].as_bool(), finance["members"].as_i64()), (Some(id.as_str()), Some(false), Some(0)));
    assert_eq!(finance["application_roles"][0], "billing-tool");
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"group-created".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_is_checked_field_by_field_and_names_are_unique_whatever_their_case() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let before = counts(&app).await;
    let v = json(&app, &c, "preview_group", &definition("", 0, "  ", &[], &[])).await;
    assert_eq!(refusal(&v, "name").as_deref(), Some("error-required"));
    let v = json(&app, &c, "preview_group", &definition("", 0, "Two\nlines", &[], &[])).await;
    assert_eq!(refusal(&v, "name").as_deref(), Some("error-text-invalid"));
    let mut long = definition("", 0, "Fine", &[], &[]);
    long[3].1 = "x".repeat(301);
    assert_eq!(refusal(&json(&app, &c, "preview_group", &long).await, "description").as_deref(), Some("error-description-invalid"));
    // A built-in group's name, in any language, is taken.
    let dutch = app::i18n::translate(app::i18n::Lang::Nl, "group-administrators");
    for name in ["Portal administrators", "PORTAL USERS", dutch.as_str()] {
        let v = json(&app, &c, "save_group", &definition("", 0, name, &[], &[])).await;
        assert_eq!(refusal(&v, "name").as_deref(), Some("error-group-name-taken"), "{name}");
    }
    // Unknown roles are not a choice the form offers.
    let res = call(&app, &c, "save_group", &definition("", 0, "Odd", &["root"], &[])).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(counts(&app).await, before, "nothing saved");
    create(&app, &c, "Finance", &[], &["reports"]).await;
    let v = json(&app, &c, "save_group", &definition("", 0, "fInAnCe", &[], &[])).await;
    assert_eq!(refusal(&v, "name").as_deref(), Some("error-group-name-taken"));
    // A new group's preview affects nobody.
    let v = json(&app, &c, "preview_group", &definition("", 0, "Auditors", &["view-activity"], &[])).await;
    assert_eq!(v["impact"], serde_json::json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_whose_service_is_not_active_is_refused() {
    let app = spawn_app().await;
    app.second_organization().await;
    let c = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    let all = json(&app, &c, "permission_groups", &[]).await;
    let billing = all["application_roles"].as_array().unwrap().iter().find(|r| r["code"] == "billing-tool").unwrap().clone();
    assert_eq!(billing["inactive_service"], "billing");
    let v = json(&app, &c, "save_group", &definition("", 0, "Billing", &[], &["billing-tool"])).await;
    assert_eq!(refusal(&v, "application_roles").as_deref(), Some("error-role-service-inactive"));
    create(&app, &c, "Desk", &[], &["servicenow-user"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn built_in_groups_are_read_only_but_their_users_can_be_managed() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let users = group(&app, &c, "users").await;
    let id = users["label"]["id"].as_str().unwrap().to_string();
    let version = users["version"].as_i64().unwrap();
    let before = counts(&app).await;
    for name in ["preview_group", "save_group"] {
        let v = json(&app, &c, name, &definition(&id, version, "Renamed", &["view-orders"], &[])).await;
        assert_eq!(refusal(&v, "group").as_deref(), Some("error-group-built-in"), "{name}");
    }
    let v = json(&app, &c, "delete_group", &[("id", id.clone()), ("version", version.to_string())]).await;
    assert_eq!(refusal(&v, "group").as_deref(), Some("error-group-built-in"));
    assert_eq!(counts(&app).await, before);
    // Its users: contacts are not offered, users are.
    let offered = json(&app, &c, "group_candidates", &[("id", id.clone()), ("q", "sophie".into())]).await;
    assert_eq!(offered[0]["person"]["email"], ADMIN.0);
    assert_eq!(offered[0]["member"], false);
    let res = members(&app, &c, &id, &[ADMIN.0], &[]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    assert_eq!(group(&app, &c, "users").await["members"].as_i64().unwrap(), users["members"].as_i64().unwrap() + 1);
    assert_eq!(app.activity_kinds(ADMIN.0).await.iter().filter(|k| *k == "group-member-added").count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_picker_offers_users_not_contacts() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let id = create(&app, &c, "Finance", &[], &[]).await;
    // A DPO contact, added as the manual's step 2 adds one.
    let contact = "dpo.office@brightwave.example".to_string();
    let details: Form = vec![
        ("email", contact.clone()),
        ("email_language", "en".into()),
        ("first_name", "Dana".into()),
        ("last_name", "Office".into()),
        ("kind", "contact".into()),
        ("contact_types[]", "dpo".into()),
    ];
    let res = call(&app, &c, "draft_details", &details).await;
    let to = res.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let draft = to.split(['?', '&']).find_map(|p| p.strip_prefix("draft=")).unwrap().to_string();
    assert_eq!(call(&app, &c, "confirm_draft", &[("draft", draft)]).await.status(), StatusCode::OK);
    let offered = json(&app, &c, "group_candidates", &[("id", id.clone()), ("q", contact.clone())]).await;
    assert_eq!(offered, serde_json::json!([]), "{contact} is a contact");
    let offered = json(&app, &c, "group_candidates", &[("id", id.clone()), ("q", String::new())]).await;
    let emails: Vec<&str> = offered.as_array().unwrap().iter().map(|c| c["person"]["email"].as_str().unwrap()).collect();
    assert_eq!(emails, vec![ADMIN.0, USER.0], "the users only, by last name");
    // Adding a contact by its id is refused.
    let v = json(&app, &c, "preview_members", &[("id", id.clone()), ("add[]", profile_id(&app, &contact).await)]).await;
    assert_eq!(refusal(&v, "members").as_deref(), Some("error-not-found"));
    let v = json(&app, &c, "preview_members", &[("id", id.clone())]).await;
    assert_eq!(refusal(&v, "members").as_deref(), Some("error-members-unchanged"));
    let thomas = profile_id(&app, USER.0).await;
    let res = call(&app, &c, "preview_members", &[("id", id.clone()), ("add[]", thomas.clone()), ("remove[]", thomas)]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "added and removed at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_says_who_gains_and_loses_what_and_applies_on_their_next_request() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let thomas = app.signed_in(USER).await;
    assert_eq!(app.post_fn(&thomas, "org_profiles", &[]).await.status(), StatusCode::FORBIDDEN);
    let id = create(&app, &c, "Deputies", &["view-activity"], &["reports"]).await;
    // Adding Thomas: he gains what the group grants and his other groups do not.
    let v = json(&app, &c, "preview_members", &[("id", id.clone()), ("add[]", profile_id(&app, USER.0).await)]).await;
    assert_eq!(v["added"][0]["email"], USER.0);
    assert_eq!(v["impact"][0]["gains"], serde_json::json!(["app-role-reports", "portal-role-view-activity"]));
    assert_eq!(members(&app, &c, &id, &[USER.0], &[]).await.status(), StatusCode::OK);
    // The group now grants Users & Permissions and no longer Reports.
    let version = group(&app, &c, "Deputies").await["version"].as_i64().unwrap();
    let edit = definition(&id, version, "Deputies", &["view-activity", "users-permissions"], &[]);
    let v = json(&app, &c, "preview_group", &edit).await;
    assert_eq!(v["impact"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v["impact"][0]["person"]["email"], USER.0);
    assert_eq!(v["impact"][0]["gains"], serde_json::json!(["portal-role-users-permissions"]));
    assert_eq!(v["impact"][0]["loses"], serde_json::json!(["app-role-reports"]));
    let res = call(&app, &c, "save_group", &edit).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    // His very next request has the role.
    assert_eq!(app.post_fn(&thomas, "org_profiles", &[]).await.status(), StatusCode::OK);
    let kinds = app.activity_kinds(USER.0).await;
    assert_eq!(kinds.iter().filter(|k| *k == "group-access-changed").count(), 1);
    assert_eq!(kinds.iter().filter(|k| *k == "group-member-added").count(), 1);
    assert!(app.activity_kinds(ADMIN.0).await.contains(&"group-edited".to_string()));
    // Removing him takes it away again.
    assert_eq!(members(&app, &c, &id, &[], &[USER.0]).await.status(), StatusCode::OK);
    assert_eq!(app.post_fn(&thomas, "org_profiles", &[]).await.status(), StatusCode::FORBIDDEN);
    // Deleting the group: each member is told, the group is gone.
    assert_eq!(members(&app, &c, &id, &[USER.0], &[]).await.status(), StatusCode::OK);
    let version = group(&app, &c, "Deputies").await["version"].as_i64().unwrap();
    let res = call(&app, &c, "delete_group", &[("id", id.clone()), ("version", version.to_string())]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    assert!(group(&app, &c, "Deputies").await.is_null());
    assert_eq!(app.post_fn(&thomas, "org_profiles", &[]).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.activity_kinds(USER.0).await.iter().filter(|k| *k == "group-member-removed").count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_change_leaves_nobody_administering_or_breaks_a_contact_rule() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let admins = group(&app, &c, "administrators").await["label"]["id"].as_str().unwrap().to_string();
    let v = json(&app, &c, "preview_members", &[("id", admins.clone()), ("remove[]", profile_id(&app, ADMIN.0).await)]).await;
    assert_eq!(v["refused"], "error-last-administrator", "the review says it, with the choice: {v}");
    assert_eq!(v["removed"][0]["email"], ADMIN.0);
    let res = members(&app, &c, &admins, &[], &[ADMIN.0]).await;
    assert_eq!(refusal(&res.json().await.unwrap(), "members").as_deref(), Some("error-last-administrator"));
    // Thomas gets ServiceNow only from a custom group, and is made a Technical Contact.
    let desk = create(&app, &c, "Desk", &[], &["servicenow-user"]).await;
    assert_eq!(members(&app, &c, &desk, &[USER.0], &[]).await.status(), StatusCode::OK);
    let users = group(&app, &c, "users").await["label"]["id"].as_str().unwrap().to_string();
    assert_eq!(members(&app, &c, &users, &[], &[USER.0]).await.status(), StatusCode::OK);
    let thomas = profile_id(&app, USER.0).await;
    let res = app.on_profile(&c, "set_contact_types", &thomas, &[("contact_types[]", "technical")]).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap_or_default());
    let before = counts(&app).await;
    // Taking ServiceNow from the group, deleting it, or removing him from it: refused.
    let version = group(&app, &c, "Desk").await["version"].as_i64().unwrap();
    let edit = definition(&desk, version, "Desk", &[], &[]);
    assert_eq!(refusal(&json(&app, &c, "preview_group", &edit).await, "group").as_deref(), Some("rule-technical"));
    assert_eq!(refusal(&json(&app, &c, "save_group", &edit).await, "group").as_deref(), Some("rule-technical"));
    let v = json(&app, &c, "delete_group", &[("id", desk.clone()), ("version", version.to_string())]).await;
    assert_eq!(refusal(&v, "group").as_deref(), Some("rule-technical"));
    let v = json(&app, &c, "preview_members", &[("id", desk.clone()), ("remove[]", thomas.clone())]).await;
    assert_eq!(v["refused"], "rule-technical");
    let res = members(&app, &c, &desk, &[], &[USER.0]).await;
    assert_eq!(refusal(&res.json().await.unwrap(), "members").as_deref(), Some("rule-technical"));
    assert_eq!(counts(&app).await, before, "nothing changed");
    assert_eq!(group(&app, &c, "Desk").await["version"].as_i64().unwrap(), version, "not even the version");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_second_of_two_administrators_editing_one_group_is_told_and_nothing_is_lost() {
    let app = spawn_app().await;
    let first = app.signed_in(ADMIN).await;
    let id = create(&app, &first, "Finance", &["view-orders"], &[]).await;
    // A second administrator of the organization.
    let admins = group(&app, &first, "administrators").await["label"]["id"].as_str().unwrap().to_string();
    assert_eq!(members(&app, &first, &admins, &[USER.0], &[]).await.status(), StatusCode::OK);
    let second = app.signed_in(USER).await;
    let version = group(&app, &first, "Finance").await["version"].as_i64().unwrap();
    // Both opened the group at `version`; the first confirms.
    let res = call(&app, &first, "save_group", &definition(&id, version, "Finance", &["view-orders", "view-activity"], &[])).await;
    assert_eq!(res.status(), StatusCode::OK);
    let v = json(&app, &second, "save_group", &definition(&id, version, "Finance and control", &[], &["reports"])).await;
    assert_eq!(refusal(&v, "group").as_deref(), Some("error-group-conflict"));
    let g = group(&app, &first, "Finance").await;
    assert_eq!(g["portal_roles"], serde_json::json!(["view-activity", "view-orders"]), "the first change stays whole");
    assert_eq!(g["application_roles"], serde_json::json!([]));
    // Members changed on an old version are refused the same way.
    let f: Form = vec![("id", id.clone()), ("version", version.to_string()), ("add[]", profile_id(&app, ADMIN.0).await)];
    assert_eq!(refusal(&json(&app, &second, "set_group_members", &f).await, "group").as_deref(), Some("error-group-conflict"));
    assert_eq!(group(&app, &first, "Finance").await["members"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_organizations_administrator_cannot_use_the_first_ones_ids() {
    let app = spawn_app().await;
    let c = app.signed_in(ADMIN).await;
    let id = create(&app, &c, "Finance", &["view-orders"], &[]).await;
    assert_eq!(members(&app, &c, &id, &[USER.0], &[]).await.status(), StatusCode::OK);
    app.second_organization().await;
    let other = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    let before = counts(&app).await;
    let thomas = profile_id(&app, USER.0).await;
    let tries: Vec<(&str, Form)> = vec![
        ("permission_group", vec![("id", id.clone())]),
        ("preview_group", definition(&id, 1, "Mine", &[], &[])),
        ("save_group", definition(&id, 2, "Mine", &[], &[])),
        ("delete_group", vec![("id", id.clone()), ("version", "2".into())]),
        ("group_candidates", vec![("id", id.clone())]),
        ("preview_members", vec![("id", id.clone()), ("remove[]", thomas.clone())]),
        ("set_group_members", vec![("id", id.clone()), ("version", "2".into()), ("remove[]", thomas.clone())]),
    ];
    for (name, form) in &tries {
        let res = call(&app, &other, name, form).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let body = res.text().await.unwrap();
        assert!(!body.contains("Finance") && !body.contains("brightwave"), "{name}: {body}");
    }
    // Their own group with the first organization's people: not found.
    let mine = create(&app, &other, "Mine", &[], &[]).await;
    let f: Form = vec![("id", mine.clone()), ("version", "1".into()), ("add[]", thomas)];
    assert_eq!(refusal(&json(&app, &other, "set_group_members", &f).await, "members").as_deref(), Some("error-not-found"));
    let (groups, memberships, grants) = counts(&app).await;
    assert_eq!((groups, memberships, grants), (before.0 + 1, before.1, before.2), "only their own new group");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_role_opens_what_it_names_and_a_role_guarding_nothing_is_not_offered() {
    let app = spawn_app().await;
    let admin = app.signed_in(ADMIN).await;
    // Place orders guards nothing yet: not in the catalogue, refused when sent anyway.
    let tab = json(&app, &admin, "permission_groups", &[]).await;
    assert_eq!(tab["portal_roles"], serde_json::json!(["users-permissions", "view-activity", "view-orders"]));
    let res = call(&app, &admin, "save_group", &definition("", 0, "Buyers", &["place-orders"], &[])).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(group(&app, &admin, "Buyers").await.is_null());
    // View organization activity opens the organization's Activity tab, and nothing else.
    let id = create(&app, &admin, "Auditors", &["view-activity"], &[]).await;
    assert_eq!(members(&app, &admin, &id, &[USER.0], &[]).await.status(), StatusCode::OK);
    let thomas = app.signed_in(USER).await;
    let me = json(&app, &thomas, "me", &[]).await;
    assert_eq!(me["roles"], serde_json::json!(["ViewActivity", "ViewOrders"]));
    let log = call(&app, &thomas, "org_activity", &[]).await;
    assert_eq!(log.status(), StatusCode::OK);
    let log: Value = log.json().await.unwrap();
    assert!(log["lines"].as_array().unwrap().iter().any(|l| l["email"] == ADMIN.0 && l["kind"] == "sign-in"), "the others' lines too: {log}");
    let csv = thomas.get(app.url("/users/activity.csv")).send().await.unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    for name in ["org_profiles", "permission_groups", "group_choices"] {
        assert_eq!(call(&app, &thomas, name, &[]).await.status(), StatusCode::FORBIDDEN, "{name}");
    }
    // Out of the group, the log is closed again.
    assert_eq!(members(&app, &admin, &id, &[], &[USER.0]).await.status(), StatusCode::OK);
    assert_eq!(call(&app, &thomas, "org_activity", &[]).await.status(), StatusCode::FORBIDDEN);
}
