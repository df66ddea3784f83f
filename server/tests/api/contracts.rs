//! Service agreements and CSP contracts: a checked PDF kept with its hash, sent to the
//! Commercial Contacts with signing authority, approved (typing one's full name) or declined
//! (with a reason) through a link bound to that signatory and that document; the first
//! decision stands.

use crate::helpers::*;
use app::domain::NoticeKind;
use app::operator::ssr::notices::send::Document;
use reqwest::StatusCode;
use serde_json::Value;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn pdf() -> Document {
    Document { file_name: "service-agreement-2027.pdf".into(), bytes: PDF.to_vec() }
}

/// A Commercial Contact with signing authority, who never signs in.
async fn signatory(app: &TestApp, org: &str, email: &str, first: &str, last: &str) {
    let id = app::platform::ssr::new_id();
    sqlx::query(
        "INSERT INTO profiles (id, organization_id, email, first_name, last_name, email_language, is_user, signing_authority_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, 'en', 0, 1, 0, 0)",
    )
    .bind(id.clone())
    .bind(org.to_string())
    .bind(email.to_string())
    .bind(first.to_string())
    .bind(last.to_string())
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query("INSERT INTO profile_contact_types (profile_id, contact_type_code, organization_id) VALUES ($1, 'commercial', $2)")
        .bind(id)
        .bind(org.to_string())
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn token_for(app: &TestApp, to: &str) -> String {
    let (body,): (String,) = sqlx::query_as("SELECT body_text FROM outbox WHERE to_address = $1").bind(to.to_string()).fetch_one(&app.pool).await.unwrap();
    let at = body.find("/contracts/review?token=").expect("a review link");
    body[at..].split_whitespace().next().unwrap().rsplit_once("token=").unwrap().1.to_string()
}

fn why(e: app::error::AppError) -> String {
    match e {
        app::error::AppError::Validation(f) => f[0].message_id.clone(),
        other => format!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contract_is_approved_once_by_a_signatory_through_their_link() {
    let app = spawn_app().await;
    let org = app.op.organization_of(ADMIN.0).await.unwrap().unwrap();

    // The document is checked by its content and size.
    for (bytes, reason) in [(b"<html>not a pdf</html>".to_vec(), "error-document-not-pdf"), (vec![], "error-document-size")] {
        let e = app.op.send_contract(&org, NoticeKind::ServiceAgreement, "Agreement", "Text", Document { file_name: "a.pdf".into(), bytes }, "operator").await.unwrap_err();
        assert_eq!(why(e), reason);
    }
    let e = app.op.send_contract(&org, NoticeKind::Alert, "Agreement", "Text", pdf(), "operator").await.unwrap_err();
    assert_eq!(why(e), "error-contract-kind");

    // Without a signatory, the administrators are told and nobody can approve.
    let sent = app.op.send_contract(&org, NoticeKind::ServiceAgreement, "Service agreement 2027", "Please sign.", pdf(), "operator").await.unwrap();
    assert_eq!(sent.missing, [app::domain::ContactType::Commercial]);
    let (body,): (String,) = sqlx::query_as("SELECT body_text FROM outbox WHERE to_address = $1").bind(ADMIN.0).fetch_one(&app.pool).await.unwrap();
    assert!(!body.contains("/contracts/review"), "an administrator gets no link to sign");

    signatory(&app, &org, "ann@brightwave.example", "Ann", "Verlinden").await;
    signatory(&app, &org, "bert@brightwave.example", "Bert", "Smets").await;
    sqlx::query("DELETE FROM outbox").execute(&app.pool).await.unwrap();
    let sent = app.op.send_contract(&org, NoticeKind::ServiceAgreement, "Service agreement 2027", "Please sign.", pdf(), "operator").await.unwrap();
    assert_eq!(sent.reached.len(), 2);
    let (ann, bert) = (token_for(&app, "ann@brightwave.example").await, token_for(&app, "bert@brightwave.example").await);

    // The link shows the document and its hash, to its holder only.
    let anonymous = client();
    let shown: Value = app.post_fn(&anonymous, "contract_by_link", &[("token", &ann)]).await.json().await.unwrap();
    assert_eq!(shown["title"], "Service agreement 2027");
    assert_eq!(shown["name"], "Ann Verlinden");
    assert_eq!(shown["sha256"], pdf().sha256());
    let res = anonymous.get(app.url(&format!("/contracts/document?token={ann}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    let gone = anonymous.get(app.url("/contracts/document?token=0")).header("Accept-Language", "fr").send().await.unwrap();
    assert_eq!(gone.status(), StatusCode::GONE);
    assert_eq!(gone.text().await.unwrap(), "Ce lien n’est plus valable", "said in the reader's language");
    // A contract's link acknowledges nothing, and a notice's link approves nothing.
    assert_eq!(app.post_fn(&anonymous, "acknowledge_notice", &[("token", &ann)]).await.status(), StatusCode::GONE);

    // Approving means typing one's full name; declining needs a reason.
    let decide = |token: String, form: Vec<(&'static str, &'static str)>| {
        let (app, anonymous) = (&app, &anonymous);
        async move {
            let mut all = vec![("token", token.as_str())];
            all.extend(form);
            app.post_fn(anonymous, "decide_contract", &all).await
        }
    };
    let res = decide(ann.clone(), vec![("decision", "approve"), ("full_name", "Ann")]).await;
    assert_eq!(res.json::<Value>().await.unwrap()["Validation"][0]["message_id"], "error-signature-name");
    let res = decide(bert.clone(), vec![("decision", "decline"), ("reason", "  ")]).await;
    assert_eq!(res.json::<Value>().await.unwrap()["Validation"][0]["field"], "reason");

    // Both decide at the same moment: the first decision stands, the other is told.
    let (a, b) = tokio::join!(
        decide(ann.clone(), vec![("decision", "approve"), ("full_name", "  ann VERLINDEN ")]),
        decide(bert.clone(), vec![("decision", "decline"), ("reason", "Wrong entity")]),
    );
    let statuses = [a.status(), b.status()];
    assert!(statuses.contains(&StatusCode::OK) && statuses.contains(&StatusCode::UNPROCESSABLE_ENTITY), "{statuses:?}");
    let (decision, sha, by_name, ip): (Option<String>, Option<String>, Option<String>, Option<String>) =
        sqlx::query_as("SELECT decision, decided_sha256, decided_name, decided_ip FROM notices WHERE id = $1").bind(sent.id.clone()).fetch_one(&app.pool).await.unwrap();
    assert!(matches!(decision.as_deref(), Some("approved") | Some("declined")));
    assert_eq!(sha, Some(pdf().sha256()), "recorded against the document's hash");
    assert_eq!(ip.as_deref(), Some("127.0.0.1"));
    if decision.as_deref() == Some("approved") {
        assert_eq!(by_name.as_deref(), Some("ann VERLINDEN"));
    }
    let states = app.op.notices_of(&org, 10).await.unwrap();
    let state = states.iter().find(|n| n.id == sent.id).unwrap();
    assert!(state.describe().contains(decision.as_deref().unwrap()), "{}", state.describe());
    // The winner's link is spent; the document is no longer shown through it.
    let winner = if a.status() == StatusCode::OK { &ann } else { &bert };
    assert_eq!(anonymous.get(app.url(&format!("/contracts/document?token={winner}"))).send().await.unwrap().status(), StatusCode::GONE);
    assert_eq!(decide(winner.clone(), vec![("decision", "approve"), ("full_name", "x")]).await.status(), StatusCode::GONE);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrators_see_each_contract_its_document_and_whether_the_tenant_may_be_provisioned() {
    let app = spawn_app().await;
    let org = app.op.organization_of(ADMIN.0).await.unwrap().unwrap();
    let other = app.second_organization().await;
    let admin = app.signed_in(ADMIN).await;
    let thomas = app.signed_in(USER).await;
    let eva = app.signed_in_with(OTHER_ADMIN, OTHER_SECRET).await;
    let contracts = |c: &reqwest::Client| {
        let (app, c) = (&app, c.clone());
        async move { app.post_fn(&c, "org_contracts", &[]).await }
    };

    // Before anything was sent: no agreement, said as such.
    let seen: Value = contracts(&admin).await.json().await.unwrap();
    assert_eq!(seen["agreement"], "None");
    assert_eq!(seen["lines"], serde_json::json!([]));

    // Sent while nobody may sign: waiting, and the line says it reached no signatory.
    let unsigned = app.op.send_contract(&org, NoticeKind::ServiceAgreement, "Service agreement 2027", "Please sign.", pdf(), "operator").await.unwrap();
    let seen: Value = contracts(&admin).await.json().await.unwrap();
    assert_eq!(seen["agreement"], "Waiting");
    assert_eq!(seen["lines"][0]["signatories"], serde_json::json!([]));
    assert_eq!(seen["lines"][0]["sha256"], pdf().sha256());

    // A signatory declines one agreement and approves the next: approved, by whom and when.
    signatory(&app, &org, "ann@brightwave.example", "Ann", "Verlinden").await;
    sqlx::query("DELETE FROM outbox").execute(&app.pool).await.unwrap();
    app.next_step();
    app.op.send_contract(&org, NoticeKind::CspContract, "CSP contract", "Please sign.", pdf(), "operator").await.unwrap();
    let csp = token_for(&app, "ann@brightwave.example").await;
    let anonymous = client();
    let res = app.post_fn(&anonymous, "decide_contract", &[("token", &csp), ("decision", "decline"), ("reason", "Wrong entity")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let seen: Value = contracts(&admin).await.json().await.unwrap();
    assert_eq!(seen["agreement"], "Waiting", "a CSP contract is not the service agreement");
    assert_eq!(seen["lines"][0]["decision"], "declined");
    assert_eq!(seen["lines"][0]["decline_reason"], "Wrong entity");
    assert_eq!(seen["lines"][0]["decided_by"], "Ann Verlinden");
    assert_eq!(seen["lines"][0]["signatories"], serde_json::json!(["Ann Verlinden"]));

    sqlx::query("DELETE FROM outbox").execute(&app.pool).await.unwrap();
    app.next_step();
    let signed = app.op.send_contract(&org, NoticeKind::ServiceAgreement, "Service agreement 2027 (2)", "Please sign.", pdf(), "operator").await.unwrap();
    let token = token_for(&app, "ann@brightwave.example").await;
    let res = app.post_fn(&anonymous, "decide_contract", &[("token", &token), ("decision", "approve"), ("full_name", "Ann Verlinden")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let seen: Value = contracts(&admin).await.json().await.unwrap();
    assert_eq!(seen["agreement"], "Approved");
    assert_eq!(seen["lines"].as_array().unwrap().len(), 3);
    assert_eq!(seen["lines"][0]["id"], signed.id);
    assert_eq!(seen["lines"][0]["decision"], "approved");
    let (agreement, list) = app.op.contracts_of(&org).await.unwrap();
    assert!(agreement.approved(), "the provider reads the same state");
    assert_eq!(list[0].decided_email.as_deref(), Some("ann@brightwave.example"));
    assert_eq!(list[0].decided_sha256, Some(pdf().sha256()));

    // The page says it to the administrators, in their words.
    let (status, _, html) = app.page(&admin, "/users/contracts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your service agreement is approved"), "{html}");
    assert!(html.contains("Approved by Ann Verlinden on"));

    // The document: to the organization's administrators; nobody else learns it exists.
    let document = |c: &reqwest::Client, id: &str| c.get(app.url(&format!("/users/contracts/document?id={id}"))).send();
    let res = document(&admin, &unsigned.id).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(document(&thomas, &unsigned.id).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(document(&anonymous, &unsigned.id).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    assert_eq!(document(&eva, &unsigned.id).await.unwrap().status(), StatusCode::NOT_FOUND, "another organization's contract");
    assert_eq!(document(&admin, "' OR 1=1 --").await.unwrap().status(), StatusCode::NOT_FOUND);

    // The list: administrators only, each their own organization's.
    assert_eq!(contracts(&thomas).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(contracts(&anonymous).await.status(), StatusCode::UNAUTHORIZED);
    let theirs: Value = contracts(&eva).await.json().await.unwrap();
    assert_eq!(theirs["agreement"], "None");
    assert_eq!(theirs["lines"], serde_json::json!([]));
    let _ = other;
}
