//! `server`: runs the portal, and the provider operators' commands.

use app::i18n::Lang;
use app::platform::ssr::{AppState, OperatorDb};
use server::{demo, leptos_options, router, serve_until, termination, Config, Db};
use tracing_subscriber::EnvFilter;

mod idp_commands;

/// mimalloc instead of glibc's allocator: a page render makes many small short-lived
/// allocations, and under load glibc's malloc and free were a fifth of the server's CPU
/// (perf on My Profile, 2026-11-24). The bench's reference ratio shows the effect.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  server [--demo]                       run the portal (--demo or PORTAL_DEMO=1: load the demo organization)
  server org-create NAME [SERVICE...]   create a customer organization with its built-in groups; prints its id
  server orgs                           list the organizations: id and name
  server services ORG_ID SERVICE...     activate services of an organization
  server invite ORG_ID EMAIL FIRST LAST [--lang en|fr|nl] [--admin]
                                        invite a person (--admin: into the administrators group); prints the link
  server outbox [N]                     print the N latest e-mails of the outbox (default 5)
  server orders-import ORG_ID FILE.csv  import portal orders (header: reference,date,ordered_by,customer_flow,
                                        type,domain,resource,action,quantity; a reference already there is skipped)
  server csm ORG_ID NAME EMAIL [PHONE]  set the organization's Customer Success Manager (shown under Get help)
  server list-subscribers LIST          print a mailing list's subscribers as CSV (email,name,email_language)
                                        lists: service-notifications maintenance security-advisories newsletter events
  server app-register NAME SERVICE ROLE REDIRECT_URI... [--logout URI] [--login URI]
                                        register an ecosystem application (an OpenID Connect client that
                                        people enter with ROLE); prints its client id and secret, once.
                                        --logout: its back-channel logout URI; --login: where My Profile's
                                        (Your applications) starts its sign-in (initiate_login_uri)
  server signing-key-rotate             make a new ID-token signing key current (the old one stays
                                        published until the tokens it signed have expired)
  server notice-send ORG_ID KIND SUBJECT FILE|-
                                        send the organization a notice (its text from FILE, or - for stdin);
                                        the portal routes it by contact type and prints who it reached.
                                        kinds: incident-update alert security-incident data-breach commercial
  server contract-send ORG_ID KIND TITLE FILE.pdf [TEXT_FILE]
                                        send a service agreement or CSP contract (KIND: service-agreement,
                                        csp-contract) to the Commercial Contacts with signing authority
  server notices ORG_ID [N]             the N latest notices (default 20) and what became of them
  server contracts ORG_ID               whether its service agreement is approved (the tenant may be
                                        provisioned), and each contract with its decision
  server contacts ORG_ID                the organization's contacts by type (name, e-mail, phone, e-mail language)
  server api-key-create NAME SCOPE... [--org ORG_ID]
                                        a key for the provider's API (/provider/v1/…); prints it once.
                                        scopes: notices:send contacts:read contracts:read; --org: that organization only
  server api-key-revoke KEY_ID          revoke a key at once
  server api-keys                       list the keys (never their secrets), with their last use
  server totp SECRET                    print the current TOTP code of a base32 secret (demo and tests)
  server bench-activity EMAIL N         for the bench: add N made-up entries to the log of EMAIL's organization
  server activity-plans EMAIL           how the database reads pages of that log (fails if it scans)
services: microsoft-365-csp servicedesk billing secwise-watch secwise-care";

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    if let Err(e) = run().await {
        eprintln!("portal: {e}");
        std::process::exit(1);
    }
}

type Error = Box<dyn std::error::Error + Send + Sync>;

async fn run() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = Config::from_env();
    match args.first().map(String::as_str) {
        None | Some("--demo") | Some("serve") => serve_portal(config, &args).await,
        Some("totp") => {
            let secret = args.get(1).ok_or(USAGE)?;
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs() as i64;
            println!("{}", app::platform::ssr::totp::code_at(secret, now / 30).map_err(|e| format!("{e}"))?);
            Ok(())
        }
        Some("-h") | Some("--help") | Some("help") => {
            println!("{USAGE}\n{}", idp_commands::USAGE);
            Ok(())
        }
        Some(command) => {
            let operator = OperatorDb::connect(&config).await?;
            operate(&operator, command, &args[1..]).await?;
            // Whatever the command changed (a service deactivated, a person disabled), the
            // applications' sessions that lost their access end now; the server's worker
            // delivers the logouts.
            let ended = operator.end_lost_access().await.map_err(|e| format!("{e:?}"))?;
            if ended > 0 {
                println!("{ended} application session(s) ended: their back-channel logouts are queued.");
            }
            Ok(())
        }
    }
}

async fn operate(op: &OperatorDb, command: &str, rest: &[String]) -> Result<(), Error> {
    // The refusal in words (the first field's message for a refused input), then its detail.
    let fail = |e: app::error::AppError| -> Error {
        let id = match &e {
            app::error::AppError::Validation(fields) if !fields.is_empty() => fields[0].message_id.clone(),
            other => other.message_id().to_string(),
        };
        format!("{} ({e:?})", app::i18n::translate(Lang::En, &id)).into()
    };
    match command {
        "org-create" => {
            let name = rest.first().ok_or(USAGE)?;
            let services: Vec<&str> = rest[1..].iter().map(String::as_str).collect();
            let id = op.create_organization(name, &services).await.map_err(fail)?;
            println!("{id}");
        }
        "orgs" => {
            for (id, name) in op.organizations().await.map_err(fail)? {
                println!("{id}  {name}");
            }
        }
        "services" => {
            let org = rest.first().ok_or(USAGE)?;
            let services: Vec<&str> = rest[1..].iter().map(String::as_str).collect();
            op.activate_services(org, &services).await.map_err(fail)?;
            println!("active: {}", services.join(", "));
        }
        "invite" => {
            let [org, email, first, last, ..] = rest else { return Err(USAGE.into()) };
            let mut lang = Lang::En;
            let mut admin = false;
            let mut it = rest[4..].iter();
            while let Some(flag) = it.next() {
                match flag.as_str() {
                    "--admin" => admin = true,
                    "--lang" => lang = it.next().and_then(|l| Lang::parse(l)).ok_or(USAGE)?,
                    _ => return Err(USAGE.into()),
                }
            }
            let link = op.invite_person(org, email, first, last, lang, admin).await.map_err(fail)?;
            println!("Invitation e-mail queued for {email}.");
            println!("Activation link: {link}");
        }
        "outbox" => {
            let n: i64 = rest.first().and_then(|n| n.parse().ok()).unwrap_or(5);
            for m in op.latest_mail(n).await.map_err(fail)? {
                println!("To: {}", m.to_address);
                println!("Subject: {}", m.subject);
                let status = if m.sent_at.is_some() { "sent".to_string() } else { format!("waiting ({} attempts)", m.attempts) };
                println!("Status: {status}");
                println!("\n{}\n{}", m.body_text, "-".repeat(72));
            }
        }
        "orders-import" => {
            let [org, file] = rest else { return Err(USAGE.into()) };
            let text = std::fs::read_to_string(file)?;
            let (imported, skipped) = op.import_orders(org, &text).await?;
            println!("imported {imported} orders, skipped {skipped} already there");
        }
        "csm" => {
            let [org, name, email, phone @ ..] = rest else { return Err(USAGE.into()) };
            op.set_customer_success_manager(org, name, email, phone.first().map(String::as_str)).await.map_err(fail)?;
            println!("Customer Success Manager of {org}: {name} <{email}>");
        }
        "app-register" => {
            let [name, service, role, more @ ..] = rest else { return Err(USAGE.into()) };
            let mut uris = vec![];
            let mut logout = None;
            let mut login = None;
            let mut it = more.iter();
            while let Some(arg) = it.next() {
                if arg == "--logout" {
                    logout = Some(it.next().ok_or(USAGE)?.as_str());
                } else if arg == "--login" {
                    login = Some(it.next().ok_or(USAGE)?.as_str());
                } else {
                    uris.push(arg.clone());
                }
            }
            let app = op.register_application(name, service, role, &uris, logout).await.map_err(fail)?;
            if let Some(login) = login {
                op.set_application_login(&app.client_id, login).await.map_err(fail)?;
            }
            println!("Registered {name}.");
            println!("client_id:     {}", app.client_id);
            println!("client_secret: {}  (shown once: keep it now)", app.client_secret);
        }
        "signing-key-rotate" => {
            let kid = op.rotate_signing_key().await.map_err(fail)?;
            println!("signing with key {kid}; the keys before stay published for {} s", app::platform::ssr::signing::TOKEN_LIFETIME_SECS);
        }
        "bench-activity" => {
            let [email, n] = rest else { return Err(USAGE.into()) };
            let added = op.seed_bench_activity(email, n.parse()?).await.map_err(fail)?;
            println!("added {added} entries");
        }
        "activity-plans" => {
            let [email] = rest else { return Err(USAGE.into()) };
            let mut scans = false;
            for (name, lines) in op.activity_plans(email).await.map_err(fail)? {
                let index = name.rsplit_once('(').map(|(_, i)| i.trim_end_matches(')')).unwrap_or_default();
                let scan = app::platform::ssr::activity::plan_scans(&lines, index);
                scans |= scan;
                println!("{name}: {}", if scan { "SCANS or takes another index" } else { "walks its index" });
                for l in lines {
                    println!("    {l}");
                }
            }
            if scans {
                return Err("a page of the activity log is read by scanning".into());
            }
        }
        "list-subscribers" => {
            let [list] = rest else { return Err(USAGE.into()) };
            let cell = app::operator::ssr::csv_cell;
            println!("email,name,email_language");
            for s in op.subscribers(list).await.map_err(fail)? {
                println!("{},{},{}", cell(&s.email), cell(&format!("{} {}", s.first_name, s.last_name)), cell(&s.email_language));
            }
        }
        "notice-send" => {
            let [org, kind, subject, file] = rest else { return Err(USAGE.into()) };
            let kind = app::domain::NoticeKind::parse(kind).ok_or(USAGE)?;
            let text = if file == "-" { std::io::read_to_string(std::io::stdin())? } else { std::fs::read_to_string(file)? };
            let sent = op.send_notice(org, kind, subject, &text, "operator").await.map_err(fail)?;
            println!("Notice {} queued.", sent.id);
            for r in &sent.reached {
                let how = if r.in_copy { "in copy" } else { "to" };
                println!("  {how:<8} {} <{}> as {}", r.name, r.email, r.reached_as);
            }
            for t in &sent.missing {
                println!("  the organization has no {} contact: its administrators received the notice instead", t.code());
            }
            if sent.reached.is_empty() {
                return Err("the notice reached nobody: the organization has neither the contact nor an administrator".into());
            }
        }
        "contract-send" => {
            let [org, kind, title, file, text @ ..] = rest else { return Err(USAGE.into()) };
            let kind = app::domain::NoticeKind::parse(kind).ok_or(USAGE)?;
            let text = match text.first() {
                Some(f) => std::fs::read_to_string(f)?,
                None => title.clone(),
            };
            let name = std::path::Path::new(file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let document = app::operator::ssr::notices::send::Document { file_name: name, bytes: std::fs::read(file)? };
            let sent = op.send_contract(org, kind, title, &text, document, "operator").await.map_err(fail)?;
            println!("Contract {} queued.", sent.id);
            for r in &sent.reached {
                println!("  to       {} <{}> as {}", r.name, r.email, r.reached_as);
            }
            for t in &sent.missing {
                println!("  no {} contact with signing authority: the administrators were told instead", t.code());
            }
        }
        "notices" => {
            let org = rest.first().ok_or(USAGE)?;
            let n: i64 = rest.get(1).and_then(|n| n.parse().ok()).unwrap_or(20);
            for s in op.notices_of(org, n).await.map_err(fail)? {
                println!("{}  {}  {:<18} {}  ({} recipients, by {})", s.id, s.created_at, s.kind, s.subject, s.recipients, s.sent_by);
                println!("    {}", s.describe());
            }
        }
        "contracts" => {
            let [org] = rest else { return Err(USAGE.into()) };
            op.organization_name(org).await.map_err(fail)?.ok_or("no such organization")?;
            let (agreement, list) = op.contracts_of(org).await.map_err(fail)?;
            let tenant = if agreement.approved() { "the tenant may be provisioned" } else { "the tenant waits for it" };
            println!("service agreement: {}  ({tenant})", agreement.code());
            for c in list {
                println!("{}  {}  {:<18} {}  ({}, {} bytes, sha256 {}; {} signatories, by {})", c.id, c.created_at, c.kind, c.subject, c.file_name, c.size, c.sha256, c.signatories, c.sent_by);
                match c.decision.as_deref() {
                    Some(d) => println!(
                        "    {d} at {} by {} <{}> from {}, on sha256 {}{}",
                        c.decided_at.unwrap_or_default(),
                        c.decided_name.as_deref().unwrap_or("-"),
                        c.decided_email.as_deref().unwrap_or("-"),
                        c.decided_ip.as_deref().unwrap_or("-"),
                        c.decided_sha256.as_deref().unwrap_or("-"),
                        c.decline_reason.map(|r| format!(": {r}")).unwrap_or_default()
                    ),
                    None => println!("    waiting for a decision"),
                }
            }
        }
        "contacts" => {
            let [org] = rest else { return Err(USAGE.into()) };
            op.organization_name(org).await.map_err(fail)?.ok_or("no such organization")?;
            let cell = app::operator::ssr::csv_cell;
            println!("type,name,email,phone,email_language");
            for (t, people) in op.contacts_by_type(org).await.map_err(fail)? {
                for c in people {
                    println!("{},{},{},{},{}", t.code(), cell(&c.name()), cell(&c.email), cell(c.contact_phone.as_deref().unwrap_or("")), c.email_language);
                }
            }
        }
        "api-key-create" => {
            let [name, more @ ..] = rest else { return Err(USAGE.into()) };
            let (mut scopes, mut org) = (vec![], None);
            let mut it = more.iter();
            while let Some(arg) = it.next() {
                if arg == "--org" {
                    org = Some(it.next().ok_or(USAGE)?.as_str());
                } else {
                    scopes.push(app::platform::ssr::api_keys::Scope::parse(arg).ok_or(USAGE)?);
                }
            }
            let (id, secret) = op.create_api_key(name, &scopes, org).await.map_err(fail)?;
            println!("key_id: {id}");
            println!("key:    {secret}  (shown once: keep it now; send it as Authorization: Bearer <key>)");
        }
        "api-key-revoke" => {
            let [id] = rest else { return Err(USAGE.into()) };
            if !op.revoke_api_key(id).await.map_err(fail)? {
                return Err("no such key, or already revoked".into());
            }
            println!("revoked {id}");
        }
        "api-keys" => {
            for k in op.api_keys().await.map_err(fail)? {
                let state = if k.revoked_at.is_some() { "revoked" } else { "active" };
                let used = k.last_used_at.map_or("never used".to_string(), |t| format!("last used {t}"));
                println!("{}  {:<24} {:<40} {}  {state}, {used}", k.id, k.name, k.scopes, k.organization_id.as_deref().unwrap_or("every organization"));
            }
        }
        other => {
            if !idp_commands::run(op, other, rest, fail).await? {
                return Err(format!("{USAGE}\n{}", idp_commands::USAGE).into());
            }
        }
    }
    Ok(())
}

async fn serve_portal(config: Config, args: &[String]) -> Result<(), Error> {
    let demo_wanted = args.iter().any(|a| a == "--demo")
        || std::env::var("PORTAL_DEMO").is_ok_and(|v| v == "1" || v == "true");
    let db = Db::connect(&config.database_url).await?;
    let state = AppState::new(db, config.clone());
    if demo_wanted {
        let operator = OperatorDb::connect(&config).await?;
        let created = demo::load(&operator).await.map_err(|e| format!("loading the demo failed: {e:?}"))?;
        if created {
            demo::load_crowd(&operator).await.map_err(|e| format!("loading the demo's colleagues failed: {e:?}"))?;
            println!("Loaded the demo organization \"{}\" (and a second one, Northwind Traders BV).", demo::DEMO_ORGANIZATION);
        }
    }
    // The demo's application (scripts/run.sh starts it): registered again at each start.
    let demo_app = match (demo_wanted, std::env::var("PORTAL_DEMO_APP_URL"), std::env::var("PORTAL_DEMO_APP_SECRET")) {
        (true, Ok(url), Ok(secret)) if !url.is_empty() && !secret.is_empty() => {
            let operator = OperatorDb::connect(&config).await?;
            operator.register_demo_application(demo::DEMO_APP_CLIENT_ID, &secret, &url).await.map_err(|e| format!("registering the demo application failed: {e:?}"))?;
            Some(url)
        }
        _ => None,
    };
    // The demo's identity provider (scripts/run.sh starts it): Northwind signs in through it.
    let demo_idp = match (demo_wanted, std::env::var("PORTAL_DEMO_IDP_URL"), std::env::var("PORTAL_DEMO_IDP_SECRET")) {
        (true, Ok(url), Ok(secret)) if !url.is_empty() && config.secret_key.is_some() => {
            demo::federate(&OperatorDb::connect(&config).await?, &url, &secret).await.map_err(|e| format!("setting the demo's identity provider failed: {e:?}"))?;
            Some(url)
        }
        _ => None,
    };
    let (stop_mail, mail_stop) = tokio::sync::watch::channel(false);
    let logout_worker = app::platform::ssr::backchannel::spawn_worker(state.clone(), mail_stop.clone());
    let reminders = app::operator::ssr::notices::remind::spawn(OperatorDb::for_workers(&state), mail_stop.clone());
    let mail_worker = app::platform::ssr::mail::spawn_worker(state.clone(), mail_stop);
    let options = leptos_options(&config);
    let listener = tokio::net::TcpListener::bind(&config.bind).await?;
    let app = router(state.clone(), options);
    let exe = std::env::args().next().unwrap_or_else(|| "server".into());
    println!();
    println!("  The {} Customer Portal is running.", config.brand);
    println!("  Sign in at: {}/login", config.public_url);
    if demo_wanted {
        println!("  Demo sign-ins ({}): email and password, then the 6-digit code of the TOTP secret", demo::DEMO_ORGANIZATION);
        println!("  (add the secret to an authenticator app, or print the current code with `{exe} totp SECRET`):");
        for p in &demo::DEMO_PEOPLE {
            println!("    {:<15} {:<34} password: {:<24} TOTP secret: {}  ({})", p.name, p.email, p.password, p.totp_secret, p.role);
        }
    }
    if let Some(url) = &demo_app {
        println!("  Single sign-on: the demo application \"Service Desk (demo)\" at {url}/ signs in through the portal");
        println!("  (or open it from My Profile > Your applications); it shows who you are and is signed out by the portal.");
    }
    if let Some(url) = &demo_idp {
        println!("  Sign-in through an organization's own provider: {} (Northwind Traders BV, invited) types the", demo::DEMO_SSO_PERSON);
        println!("  address, signs in at \"{}\" ({url}/) and comes back signed in.", demo::DEMO_IDP_NAME);
    }
    match &config.smtp_url {
        Some(_) => println!("  E-mail: delivered over SMTP from the outbox."),
        None => println!("  E-mail: no PORTAL_SMTP_URL set; read what would be sent with `{exe} outbox`."),
    }
    println!("  Database: {}", config.database_url);
    println!();
    serve_until(listener, app, termination()).await?;
    // Every request is answered; the worker finishes the e-mail it is sending, if any.
    let _ = stop_mail.send(true);
    if let Some(worker) = mail_worker {
        if tokio::time::timeout(std::time::Duration::from_secs(30), worker).await.is_err() {
            tracing::warn!("the e-mail worker did not stop within 30 s; its e-mail is retried at the next start");
        }
    }
    if let Some(worker) = logout_worker {
        if tokio::time::timeout(std::time::Duration::from_secs(20), worker).await.is_err() {
            tracing::warn!("the back-channel logout worker did not stop within 20 s; its logout is retried at the next start");
        }
    }
    reminders.abort();
    state.close().await;
    tracing::info!("stopped");
    Ok(())
}
