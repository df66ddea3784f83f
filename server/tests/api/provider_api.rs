//! The provider's API: keys with scopes, refused when wrong, revoked, out of scope, or used on
//! an organization they do not reach; every use audited; rate-limited.

use crate::helpers::*;
use app::platform::ssr::api_keys::Scope;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn org_of(app: &TestApp, email: &str) -> String {
    let (org,): (String,) = sqlx::query_as("SELECT organization_id FROM profiles WHERE email = $1").bind(email.to_string()).fetch_one(&app.pool).await.unwrap();
    org
}

async fn make_technical(app: &TestApp, org: &str, email: &str) {
    sqlx::query("INSERT INTO profile_contact_types (profile_id, contact_type_code, organization_id) SELECT id, 'technical', organization_id FROM profiles WHERE email = $1")
        .bind(email.to_string())
        .execute(&app.pool)
        .await
        .unwrap();
    let _ = org;
}

fn contacts_url(app: &TestApp, org: &str) -> String {
    app.url(&format!("/provider/v1/organizations/{org}/contacts"))
}

fn notices_url(app: &TestApp, org: &str) -> String {
    app.url(&format!("/provider/v1/organizations/{org}/notices"))
}

async fn get(url: &str, key: Option<&str>) -> reqwest::Response {
    let mut req = client().get(url);
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    req.send().await.unwrap()
}

async fn post(url: &str, key: &str, body: Value) -> reqwest::Response {
    client().post(url).bearer_auth(key).json(&body).send().await.unwrap()
}

async fn outbox_count(app: &TestApp) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM outbox").fetch_one(&app.pool).await.unwrap().0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_reads_and_sends_only_what_its_scopes_allow_and_each_use_is_audited() {
    let app = spawn_app().await;
    let org = org_of(&app, ADMIN.0).await;
    let other = app.second_organization().await;
    make_technical(&app, &org, USER.0).await;
    let (full_id, full) = app.op.create_api_key("Service Desk", &[Scope::ReadContacts, Scope::SendNotices], None).await.unwrap();
    let (_, reader) = app.op.create_api_key("Reports", &[Scope::ReadContacts], None).await.unwrap();
    let (_, brightwave_only) = app.op.create_api_key("Brightwave tooling", &[Scope::ReadContacts], Some(&org)).await.unwrap();
    assert!(full.starts_with("arxp_") && full.len() > 60);
    let (stored,): (String,) = sqlx::query_as("SELECT key_hash FROM api_keys WHERE id = $1").bind(full_id.clone()).fetch_one(&app.pool).await.unwrap();
    assert!(!stored.contains(&full[5..]), "only the hash is kept");

    // The contacts, type by type, with what the Service Desk needs to reach them.
    let res = get(&contacts_url(&app, &org), Some(&full)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["contacts"], json!([{ "type": "technical", "name": "Thomas Peeters", "email": USER.0, "phone": "+3235550134", "email_language": "nl" }]));

    // No key, a wrong one: 401 with the scheme to use.
    for key in [None, Some("arxp_0000"), Some("")] {
        let res = get(&contacts_url(&app, &org), key).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{key:?}");
        assert_eq!(res.headers()["www-authenticate"], "Bearer");
    }
    // Without the scope: 403, and nothing is sent.
    let notice = json!({ "kind": "alert", "subject": "Disk space low", "body": "On the file server." });
    let res = post(&notices_url(&app, &org), &reader, notice.clone()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "insufficient_scope");
    assert_eq!(get(&notices_url(&app, &org), Some(&reader)).await.status(), StatusCode::FORBIDDEN, "reading notices needs notices:send");
    assert_eq!(outbox_count(&app).await, 0);
    // A key limited to one organization reaches no other; an unknown organization is the same 404.
    assert_eq!(get(&contacts_url(&app, &org), Some(&brightwave_only)).await.status(), StatusCode::OK);
    assert_eq!(get(&contacts_url(&app, &other), Some(&brightwave_only)).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(get(&contacts_url(&app, "no-such-org"), Some(&full)).await.status(), StatusCode::NOT_FOUND);

    // Sending: the portal routes it, and says who it reached and which type was missing.
    let res = post(&notices_url(&app, &org), &full, notice).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let sent: Value = res.json().await.unwrap();
    assert_eq!(sent["reached"], json!([{ "name": "Thomas Peeters", "email": USER.0, "as": "technical", "in_copy": false }]));
    assert_eq!(sent["missing_contact_types"], json!([]));
    let res = post(&notices_url(&app, &org), &full, json!({ "kind": "commercial", "subject": "Offer", "body": "New prices." })).await;
    let sent: Value = res.json().await.unwrap();
    assert_eq!(sent["missing_contact_types"], json!(["commercial"]));
    assert_eq!(sent["reached"][0]["as"], "administrator");
    // Bad input: the field and the reason; a contract is not a plain notice.
    for (body, field) in [
        (json!({ "kind": "alert", "subject": "", "body": "x" }), "subject"),
        (json!({ "kind": "gossip", "subject": "x", "body": "x" }), "kind"),
        (json!({ "kind": "csp-contract", "subject": "x", "body": "x" }), "kind"),
    ] {
        let res = post(&notices_url(&app, &org), &full, body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.json::<Value>().await.unwrap()["fields"][0]["field"], field);
    }
    let res = client().post(notices_url(&app, &org)).bearer_auth(&full).body("not json").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // What became of them, as the provider reads it.
    let listed: Value = get(&notices_url(&app, &org), Some(&full)).await.json().await.unwrap();
    assert_eq!(listed["notices"].as_array().unwrap().len(), 2);
    assert!(listed["notices"].as_array().unwrap().iter().all(|n| n["sent_by"] == "api:Service Desk"));

    // Revoked: refused at once.
    assert!(app.op.revoke_api_key(&full_id).await.unwrap());
    assert_eq!(get(&contacts_url(&app, &org), Some(&full)).await.status(), StatusCode::UNAUTHORIZED);

    // Every use with a known key is in its audit log, refusals too.
    let uses: Vec<(String, i64)> = sqlx::query_as("SELECT method, status FROM api_key_uses WHERE key_id = $1 ORDER BY created_at, id").bind(full_id).fetch_all(&app.pool).await.unwrap();
    let statuses: Vec<i64> = uses.iter().map(|u| u.1).collect();
    for s in [200, 201, 404, 422, 400, 401] {
        assert!(statuses.contains(&s), "{s} in {statuses:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_over_its_quota_waits() {
    let app = spawn_app_with(|c| c.rate_limit_per_minute = 3).await;
    let org = org_of(&app, ADMIN.0).await;
    let (_, key) = app.op.create_api_key("Busy", &[Scope::ReadContacts], None).await.unwrap();
    let mut statuses = vec![];
    for _ in 0..5 {
        statuses.push(get(&contacts_url(&app, &org), Some(&key)).await.status());
    }
    assert_eq!(statuses[..3], [StatusCode::OK; 3]);
    assert_eq!(statuses[4], StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quota_is_shared_by_every_server_on_the_database() {
    let app = spawn_app_with(|c| c.rate_limit_per_minute = 3).await;
    let org = org_of(&app, ADMIN.0).await;
    let (id, key) = app.op.create_api_key("Busy elsewhere", &[Scope::ReadContacts], None).await.unwrap();
    // Another server served the key three times within the minute: this one refuses the fourth.
    for i in 0..3 {
        sqlx::query("INSERT INTO api_key_uses (id, key_id, method, path, organization_id, status, ip, created_at) VALUES ($1, $2, 'GET', '/x', NULL, 200, NULL, $3)")
            .bind(format!("elsewhere-{i}"))
            .bind(id.clone())
            .bind(app.state.now() - 10)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    assert_eq!(get(&contacts_url(&app, &org), Some(&key)).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // A minute later, it is served again.
    app.clock.0.fetch_add(61, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(get(&contacts_url(&app, &org), Some(&key)).await.status(), StatusCode::OK);
}

/// A PDF of about `size` bytes, as the checks want one.
fn pdf_of(size: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.resize(size, b' ');
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn contracts_are_sent_with_their_pdf_and_read_with_the_agreement_state_through_the_api() {
    let app = spawn_app().await;
    let org = org_of(&app, ADMIN.0).await;
    let other = app.second_organization().await;
    let url = |o: &str| app.url(&format!("/provider/v1/organizations/{o}/contracts"));
    let (_, sender) = app.op.create_api_key("Contracts desk", &[Scope::SendNotices, Scope::ReadContracts], None).await.unwrap();
    let (_, contacts_only) = app.op.create_api_key("Reports", &[Scope::ReadContacts], None).await.unwrap();
    let (_, brightwave_only) = app.op.create_api_key("Brightwave", &[Scope::ReadContracts], Some(&org)).await.unwrap();

    // Nothing sent yet: the tenant may not be provisioned.
    let read: Value = get(&url(&org), Some(&sender)).await.json().await.unwrap();
    assert_eq!(read["service_agreement"], "none");
    assert_eq!(read["tenant_may_be_provisioned"], false);

    // A PDF of 3 MB travels in the request (far over the portal's usual body limit).
    let document = pdf_of(3 * 1024 * 1024);
    let b64 = |b: &[u8]| base64::Engine::encode(&base64::engine::general_purpose::STANDARD, b);
    let contract = json!({ "kind": "service-agreement", "title": "Service agreement 2027", "body": "Please sign.", "file_name": "agreement.pdf", "document_base64": b64(&document) });
    let res = post(&url(&org), &sender, contract.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let sent: Value = res.json().await.unwrap();
    assert_eq!(sent["missing_contact_types"], json!(["commercial"]), "no signatory: the administrators were told");
    let read: Value = get(&url(&org), Some(&sender)).await.json().await.unwrap();
    assert_eq!(read["service_agreement"], "waiting");
    assert_eq!(read["contracts"][0]["id"], sent["id"]);
    assert_eq!(read["contracts"][0]["signatories"], 0);
    let sha = app::operator::ssr::notices::send::Document { file_name: String::new(), bytes: document.clone() }.sha256();
    assert_eq!(read["contracts"][0]["document"]["sha256"], sha);
    assert_eq!(read["contracts"][0]["sent_by"], "api:Contracts desk");

    // Bad documents: the field and the reason, and nothing sent.
    let before = outbox_count(&app).await;
    for (doc, code) in [(b64(b"<html>hello</html>"), "error-document-not-pdf"), ("not base64 at all!".to_string(), "error-document-not-pdf"), (b64(&pdf_of(10 * 1024 * 1024 + 1)), "error-document-size")] {
        let res = post(&url(&org), &sender, json!({ "kind": "csp-contract", "title": "CSP", "file_name": "c.pdf", "document_base64": doc })).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.json::<Value>().await.unwrap()["fields"][0]["code"], code);
    }
    let res = post(&url(&org), &sender, json!({ "kind": "alert", "title": "x", "file_name": "c.pdf", "document_base64": b64(&document) })).await;
    assert_eq!(res.json::<Value>().await.unwrap()["fields"][0]["code"], "error-contract-kind");
    assert_eq!(outbox_count(&app).await, before);

    // Keys: a large body without a valid key is refused before it is read; scopes and
    // organizations hold as for the other calls.
    let res = client().post(url(&org)).bearer_auth("arxp_wrong").json(&contract).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(post(&url(&org), &contacts_only, contract.clone()).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(get(&url(&org), Some(&contacts_only)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(get(&url(&org), Some(&brightwave_only)).await.status(), StatusCode::OK);
    assert_eq!(get(&url(&other), Some(&brightwave_only)).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(post(&url(&org), &brightwave_only, contract).await.status(), StatusCode::FORBIDDEN, "reading contracts sends none");
    let theirs: Value = get(&url(&other), Some(&sender)).await.json().await.unwrap();
    assert_eq!(theirs["contracts"], json!([]));
    // Elsewhere, the usual limit still holds.
    let big = json!({ "kind": "alert", "subject": "x", "body": "y".repeat(200_000) });
    assert_eq!(post(&notices_url(&app, &org), &sender, big).await.status(), StatusCode::PAYLOAD_TOO_LARGE);
}
