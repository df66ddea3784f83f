//! The provider's notices: routed by contact type, in each recipient's language and salutation,
//! acknowledged through a single-use link without signing in, reminded and escalated.

use crate::helpers::*;
use app::domain::NoticeKind;
use reqwest::StatusCode;

struct Mail {
    to: String,
    cc: Option<String>,
    subject: String,
    body: String,
}

async fn outbox(app: &TestApp) -> Vec<Mail> {
    let rows: Vec<(String, Option<String>, String, String)> =
        sqlx::query_as("SELECT to_address, cc, subject, body_text FROM outbox ORDER BY created_at, to_address").fetch_all(&app.pool).await.unwrap();
    rows.into_iter().map(|(to, cc, subject, body)| Mail { to, cc, subject, body }).collect()
}

async fn clear_outbox(app: &TestApp) {
    sqlx::query("DELETE FROM outbox").execute(&app.pool).await.unwrap();
}

async fn org_of(app: &TestApp, email: &str) -> String {
    let (org,): (String,) = sqlx::query_as("SELECT organization_id FROM profiles WHERE email = $1").bind(email.to_string()).fetch_one(&app.pool).await.unwrap();
    org
}

/// A contact of `org` who never signs in, holding `types`.
async fn add_contact(app: &TestApp, org: &str, email: &str, (salutation, first, last): (Option<&str>, &str, &str), lang: &str, types: &[&str]) -> String {
    let id = app::platform::ssr::new_id();
    sqlx::query(
        "INSERT INTO profiles (id, organization_id, email, salutation, first_name, last_name, email_language, is_user, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, 0)",
    )
    .bind(id.clone())
    .bind(org.to_string())
    .bind(email.to_string())
    .bind(salutation.map(str::to_string))
    .bind(first.to_string())
    .bind(last.to_string())
    .bind(lang.to_string())
    .execute(&app.pool)
    .await
    .unwrap();
    for t in types {
        give_type(app, org, &id, t).await;
    }
    id
}

async fn give_type(app: &TestApp, org: &str, profile_id: &str, t: &str) {
    sqlx::query("INSERT INTO profile_contact_types (profile_id, contact_type_code, organization_id) VALUES ($1, $2, $3)")
        .bind(profile_id.to_string())
        .bind(t.to_string())
        .bind(org.to_string())
        .execute(&app.pool)
        .await
        .unwrap();
}

async fn profile_id(app: &TestApp, email: &str) -> String {
    let (id,): (String,) = sqlx::query_as("SELECT id FROM profiles WHERE email = $1").bind(email.to_string()).fetch_one(&app.pool).await.unwrap();
    id
}

/// Brightwave with Thomas (Dutch, "mr") as its Technical contact, a French Watchlist contact
/// and a DPO without a salutation; no Commercial nor Security Incident Escalation contact.
async fn brightwave(app: &TestApp) -> String {
    let org = org_of(app, ADMIN.0).await;
    give_type(app, &org, &profile_id(app, USER.0).await, "technical").await;
    add_contact(app, &org, "ines.maes@brightwave.example", (Some("ms"), "Ines", "Maes"), "fr", &["watchlist"]).await;
    add_contact(app, &org, "jan.wouters@brightwave.example", (None, "Jan", "Wouters"), "fr", &["dpo"]).await;
    org
}

/// The message of the (first) field a refusal names.
fn why(e: app::error::AppError) -> String {
    match e {
        app::error::AppError::Validation(fields) => fields[0].message_id.clone(),
        other => format!("{other:?}"),
    }
}

fn link_in(body: &str) -> String {
    let at = body.find("/notices/acknowledge?token=").expect("an acknowledgement link");
    body[at..].split_whitespace().next().unwrap().to_string()
}

fn token_of(link: &str) -> String {
    link.rsplit_once("token=").unwrap().1.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_kind_reaches_its_contact_types_in_their_language_and_salutation() {
    let app = spawn_app().await;
    let org = brightwave(&app).await;
    let other = app.second_organization().await;
    add_contact(&app, &other, "tech@other.example", (Some("mr"), "Tom", "Other"), "en", &["technical", "watchlist", "dpo"]).await;

    // An incident update: to the Technical contact, the Watchlist in copy; Thomas reads Dutch.
    let sent = app.op.send_notice(&org, NoticeKind::IncidentUpdate, "Mail relay degraded", "The relay is slow.\n\nWe are on it.", "operator").await.unwrap();
    assert!(sent.missing.is_empty());
    let mails = outbox(&app).await;
    assert_eq!(mails.len(), 1, "one e-mail, the Watchlist in its copy");
    assert_eq!(mails[0].to, USER.0);
    assert_eq!(mails[0].cc.as_deref(), Some("Ines Maes <ines.maes@brightwave.example>"));
    assert_eq!(mails[0].subject, "Update over een incident: Mail relay degraded");
    assert!(mails[0].body.starts_with("Geachte heer Peeters,"), "{}", mails[0].body);
    assert!(mails[0].body.contains("bereikt u als Technisch contact"), "as what it reaches him: {}", mails[0].body);
    assert!(mails[0].body.contains("We are on it."));
    assert!(!mails[0].body.contains("/notices/acknowledge"), "an update asks for no acknowledgement");
    assert!(mails.iter().all(|m| !m.to.ends_with("other.example")), "another organization's contacts never receive it");
    assert_eq!(app.activity_kinds("ines.maes@brightwave.example").await, ["notice-received"]);

    // A data breach: the DPO, in French, with no salutation, and a link to acknowledge it.
    clear_outbox(&app).await;
    app.op.send_notice(&org, NoticeKind::DataBreach, "Leaked backup", "A backup was exposed.", "operator").await.unwrap();
    let mails = outbox(&app).await;
    assert_eq!(mails.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(), ["jan.wouters@brightwave.example"]);
    assert_eq!(mails[0].subject, "Violation de données : Leaked backup");
    assert!(mails[0].body.starts_with("Bonjour Jan Wouters,"), "{}", mails[0].body);
    assert!(mails[0].body.contains(&format!("{}/notices/acknowledge?token=", app.base)));

    // Commercial communication: Brightwave has no Commercial contact, so its administrator
    // (Sophie, "Ms.", English) receives it with the reason, and the provider sees it.
    clear_outbox(&app).await;
    let sent = app.op.send_notice(&org, NoticeKind::Commercial, "Renewal of your subscriptions", "Prices for 2027.", "operator").await.unwrap();
    assert_eq!(sent.missing, [app::domain::ContactType::Commercial]);
    let mails = outbox(&app).await;
    assert_eq!(mails.iter().map(|m| m.to.as_str()).collect::<Vec<_>>(), [ADMIN.0]);
    assert!(mails[0].body.starts_with("Dear Ms. Claes,"), "{}", mails[0].body);
    assert!(mails[0].body.contains("your organization has no Commercial Contact"), "{}", mails[0].body);
    let states = app.op.notices_of(&org, 10).await.unwrap();
    let states: Vec<_> = states.into_iter().filter(|n| n.subject.starts_with("Renewal")).collect();
    assert!(states[0].describe().contains("did not reach its contact type (commercial)"), "{}", states[0].describe());

    // A security incident: escalation contacts first (none: Brightwave has no Secwise service),
    // then the Technical contact; the administrator stands in for the missing type.
    clear_outbox(&app).await;
    let sent = app.op.send_notice(&org, NoticeKind::SecurityIncident, "Phishing campaign", "Credentials may be at risk.", "operator").await.unwrap();
    assert_eq!(sent.missing, [app::domain::ContactType::SecurityIncident]);
    let reached: Vec<(&str, &str)> = sent.reached.iter().map(|r| (r.email.as_str(), r.reached_as.as_str())).collect();
    assert_eq!(reached, [(USER.0, "technical"), (ADMIN.0, "administrator")]);
    assert!(outbox(&app).await.iter().all(|m| m.body.contains("/notices/acknowledge?token=")), "each recipient may acknowledge it");

    // What the provider may not send as a plain notice, or to nobody known.
    let refused = app.op.send_notice(&org, NoticeKind::ServiceAgreement, "Agreement", "Sign it.", "operator").await.unwrap_err();
    assert_eq!(why(refused), "error-notice-kind-contract");
    for (subject, body, reason) in [("", "x", "error-notice-subject"), ("Two\nlines", "x", "error-notice-subject"), ("Fine", " ", "error-notice-body")] {
        let e = app.op.send_notice(&org, NoticeKind::Alert, subject, body, "operator").await.unwrap_err();
        assert_eq!(why(e), reason);
    }
    let e = app.op.send_notice("no-such-org", NoticeKind::Alert, "x", "y", "operator").await.unwrap_err();
    assert_eq!(why(e), "error-organization-unknown");

    // The provider's view of the contacts, type by type.
    let contacts = app.op.contacts_by_type(&org).await.unwrap();
    let technical = &contacts.iter().find(|(t, _)| *t == app::domain::ContactType::Technical).unwrap().1;
    assert_eq!(technical.iter().map(|c| (c.email.as_str(), c.contact_phone.as_deref(), c.email_language.as_str())).collect::<Vec<_>>(), [(USER.0, Some("+3235550134"), "nl")]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contact_acknowledges_once_through_the_link_without_signing_in() {
    let app = spawn_app().await;
    let org = brightwave(&app).await;
    app.op.send_notice(&org, NoticeKind::DataBreach, "Leaked backup", "A backup was exposed.", "operator").await.unwrap();
    let link = link_in(&outbox(&app).await[0].body);
    let token = token_of(&link);

    // The page speaks the recipient's language and shows the notice, to anyone holding the link.
    let anonymous = client();
    let (status, _, page) = app.page(&anonymous, &link.replace(&app.base, "")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Leaked backup") && page.contains("A backup was exposed."), "{page}");
    assert!(page.contains("Accuser réception"), "in French, the DPO's language");

    // Only a real link opens it.
    let invitation = app.op.invite_person(&org, "new.person@brightwave.example", "New", "Person", app::i18n::Lang::En, false).await.unwrap();
    for bad in [token_of(&invitation), "0".repeat(64), "not-a-token".into(), String::new()] {
        let res = app.post_fn(&anonymous, "notice_by_link", &[("token", &bad)]).await;
        assert_eq!(res.status(), StatusCode::GONE, "{bad}");
    }

    let res = app.post_fn(&anonymous, "acknowledge_notice", &[("token", &token)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (at, ip): (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT acknowledged_at, acknowledged_ip FROM notice_recipients WHERE email = 'jan.wouters@brightwave.example'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(at, Some(app.state.now()));
    assert_eq!(ip.as_deref(), Some("127.0.0.1"), "from which address");
    assert!(app.op.notices_of(&org, 1).await.unwrap()[0].acknowledged_at.is_some(), "the notice is acknowledged");
    assert!(app.activity_kinds("jan.wouters@brightwave.example").await.contains(&"notice-acknowledged".to_string()));

    // Single-use: the same link again, or replayed, is refused and changes nothing.
    for name in ["acknowledge_notice", "notice_by_link"] {
        assert_eq!(app.post_fn(&anonymous, name, &[("token", &token)]).await.status(), StatusCode::GONE);
    }
    // Expiring: a link older than its time opens nothing.
    app.op.send_notice(&org, NoticeKind::DataBreach, "Second breach", "Again.", "operator").await.unwrap();
    let second = token_of(&link_in(&outbox(&app).await.iter().find(|m| m.subject.contains("Second breach")).unwrap().body));
    app.clock.0.fetch_add(app.state.config.notice_link_ttl_secs + 1, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(app.post_fn(&anonymous, "acknowledge_notice", &[("token", &second)]).await.status(), StatusCode::GONE);

    // The recipient's profile deleted: the notice and who it reached stay; the links die.
    let admin = app.signed_in(ADMIN).await;
    let jan = profile_id(&app, "jan.wouters@brightwave.example").await;
    // (Brightwave keeps a DPO: the last one cannot be deleted.)
    give_type(&app, &org, &profile_id(&app, ADMIN.0).await, "dpo").await;
    assert_eq!(app.on_profile(&admin, "delete_profile", &jan, &[]).await.status(), StatusCode::OK);
    let (kept,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notice_recipients WHERE email = 'jan.wouters@brightwave.example' AND profile_id IS NULL").fetch_one(&app.pool).await.unwrap();
    assert_eq!(kept, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_an_acknowledgement_the_recipient_is_reminded_then_the_administrators_and_provider_told() {
    let app = spawn_app().await;
    let org = brightwave(&app).await;
    app.op.send_notice(&org, NoticeKind::DataBreach, "Leaked backup", "A backup was exposed.", "operator").await.unwrap();
    let first = token_of(&link_in(&outbox(&app).await[0].body));
    let wait = app.state.config.notice_remind_secs;
    assert_eq!(app.op.remind_due().await.unwrap(), (0, 0), "nothing before its time");

    clear_outbox(&app).await;
    app.clock.0.fetch_add(wait, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(app.op.remind_due().await.unwrap(), (1, 0));
    assert_eq!(app.op.remind_due().await.unwrap(), (0, 0), "reminded once");
    let mails = outbox(&app).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "jan.wouters@brightwave.example");
    assert!(mails[0].subject.starts_with("Rappel : Violation de données"), "{}", mails[0].subject);
    let reminder = token_of(&link_in(&mails[0].body));
    assert_ne!(reminder, first);
    // Both links stay good until one is used.
    let anonymous = client();
    assert_eq!(app.post_fn(&anonymous, "notice_by_link", &[("token", &first)]).await.status(), StatusCode::OK);

    clear_outbox(&app).await;
    app.clock.0.fetch_add(wait, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(app.op.remind_due().await.unwrap(), (0, 1));
    assert_eq!(app.op.remind_due().await.unwrap(), (0, 0), "told once");
    let mut told: Vec<String> = outbox(&app).await.into_iter().map(|m| m.to).collect();
    told.sort();
    assert_eq!(told, [app.state.config.service_desk_email.clone(), ADMIN.0.to_string()]);
    assert!(outbox(&app).await.iter().all(|m| m.subject.starts_with("Not acknowledged: Data breach: Leaked backup")));
    assert!(app.activity_kinds("jan.wouters@brightwave.example").await.contains(&"notice-not-acknowledged".to_string()));
    assert!(app.op.notices_of(&org, 1).await.unwrap()[0].describe().contains("NOT acknowledged"));

    // Acknowledged in time: no reminder at all.
    clear_outbox(&app).await;
    app.op.send_notice(&org, NoticeKind::DataBreach, "Another", "Text.", "operator").await.unwrap();
    let token = token_of(&link_in(&outbox(&app).await[0].body));
    assert_eq!(app.post_fn(&anonymous, "acknowledge_notice", &[("token", &token)]).await.status(), StatusCode::OK);
    app.clock.0.fetch_add(3 * wait, std::sync::atomic::Ordering::SeqCst);
    assert_eq!(app.op.remind_due().await.unwrap(), (0, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_watchlist_is_in_the_copy_header_of_the_message_the_smtp_server_receives() {
    let app = spawn_app().await;
    let org = brightwave(&app).await;
    app.op.send_notice(&org, NoticeKind::Alert, "Backup job failed", "Last night's backup did not run.", "operator").await.unwrap();
    let sink = crate::smtp::SmtpSink::start().await;
    let mailer = app::platform::ssr::mail::Mailer::new(&format!("smtp://127.0.0.1:{}", sink.port), "Portal <portal@test.example>", std::time::Duration::from_secs(5)).unwrap();
    assert_eq!(app::platform::ssr::mail::deliver_due(&app.state, &mailer).await.unwrap(), 1);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1, "one message, addressed and copied");
    let m = &messages[0];
    assert!(m.contains(&format!("To: \"Thomas Peeters\" <{}>", USER.0)) || m.contains(&format!("To: Thomas Peeters <{}>", USER.0)), "{m}");
    assert!(m.contains("Cc: \"Ines Maes\" <ines.maes@brightwave.example>") || m.contains("Cc: Ines Maes <ines.maes@brightwave.example>"), "{m}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_is_written_in_each_recipients_language() {
    let app = spawn_app().await;
    let org = brightwave(&app).await;
    let greetings = [("en", &["Dear "][..]), ("fr", &["Bonjour ", "Cher ", "Chère "][..]), ("nl", &["Geachte ", "Beste "][..])];
    for (lang, starts) in greetings {
        sqlx::query("UPDATE profiles SET email_language = $1 WHERE organization_id = $2").bind(lang).bind(org.clone()).execute(&app.pool).await.unwrap();
        clear_outbox(&app).await;
        for kind in NoticeKind::ALL.into_iter().filter(|k| !k.is_contract()) {
            app.op.send_notice(&org, kind, "Subject", "Text.", "operator").await.unwrap();
            let mails = outbox(&app).await;
            let name = app::i18n::translate(app::i18n::Lang::parse(lang).unwrap(), &kind.message_id());
            let of_kind: Vec<&Mail> = mails.iter().filter(|m| m.subject.starts_with(&name)).collect();
            assert!(!of_kind.is_empty(), "{lang} {kind:?}: {:?}", mails.iter().map(|m| &m.subject).collect::<Vec<_>>());
            for m in of_kind {
                assert!(starts.iter().any(|s| m.body.starts_with(s)), "{lang} {kind:?}: {}", m.body);
                assert!(!m.body.contains("{ $") && !m.body.contains("mail-notice"), "no message left untranslated: {}", m.body);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watchlist_name_that_is_no_header_still_lets_the_message_go() {
    let app = spawn_app().await;
    let org = brightwave(&app).await;
    add_contact(&app, &org, "soc@brightwave.example", (None, "SOC Team", "(24/7): on call"), "en", &["watchlist"]).await;
    app.op.send_notice(&org, NoticeKind::Alert, "Disk full", "On the file server.", "operator").await.unwrap();
    let sink = crate::smtp::SmtpSink::start().await;
    let mailer = app::platform::ssr::mail::Mailer::new(&format!("smtp://127.0.0.1:{}", sink.port), "Portal <portal@test.example>", std::time::Duration::from_secs(5)).unwrap();
    assert_eq!(app::platform::ssr::mail::deliver_due(&app.state, &mailer).await.unwrap(), 1);
    assert!(sink.messages()[0].contains("soc@brightwave.example"), "{}", sink.messages()[0]);
}
