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
