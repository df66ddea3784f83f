//! The demo organization: loaded on request, idempotent, with people who can sign in.

use app::error::AppError;
use app::i18n::Lang;
use app::operator::ssr::ActivePerson;
use app::platform::ssr::OperatorDb;

pub struct DemoPerson {
    pub name: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    /// The TOTP secret (base32) an authenticator app would hold. Demo only: real people set
    /// up their own when they accept their invitation.
    pub totp_secret: &'static str,
    pub role: &'static str,
}

pub const DEMO_ORGANIZATION: &str = "Brightwave Logistics NV";

/// The client id of the demo's application, "Service Desk (demo)" (`end2end/demo-app`).
pub const DEMO_APP_CLIENT_ID: &str = "service-desk-demo";

pub const DEMO_PEOPLE: [DemoPerson; 2] = [
    DemoPerson {
        name: "Sophie Claes",
        email: "sophie.claes@brightwave.example",
        password: "harbour-lantern-47-quay",
        totp_secret: "HP3DXLYW6IWAHNC7B7NMG3LUD64ICUYT",
        role: "portal administrator (Users & Permissions)",
    },
    DemoPerson {
        name: "Thomas Peeters",
        email: "thomas.peeters@brightwave.example",
        password: "copper-meadow-19-rail",
        totp_secret: "5ZZXB3B4UPB3QYTU4AMURAUPQAUSIWLY",
        role: "portal user",
    },
];

struct Person {
    salutation: &'static str,
    first: &'static str,
    last: &'static str,
    job: &'static str,
    department: &'static str,
    phone: &'static str,
    mfa_phone: Option<&'static str>,
    lang: Lang,
    group: &'static str,
}

const PEOPLE: [Person; 2] = [
    Person {
        salutation: "ms",
        first: "Sophie",
        last: "Claes",
        job: "IT Manager",
        department: "IT Operations",
        phone: "+3235550120",
        mfa_phone: Some("+32470550120"),
        lang: Lang::En,
        group: "administrators",
    },
    Person {
        salutation: "mr",
        first: "Thomas",
        last: "Peeters",
        job: "Financial Controller",
        department: "Finance",
        phone: "+3235550134",
        mfa_phone: None,
        lang: Lang::Nl,
        group: "users",
    },
];

/// Creates the demo organization unless its first person exists. Returns true when it was created.
pub async fn load(op: &OperatorDb) -> Result<bool, AppError> {
    if op.organization_of(DEMO_PEOPLE[0].email).await?.is_some() {
        return Ok(false);
    }
    let org = op.create_organization(DEMO_ORGANIZATION, &["microsoft-365-csp", "servicedesk", "billing"]).await?;
    for (person, demo) in PEOPLE.iter().zip(DEMO_PEOPLE.iter()) {
        let password_hash = op.hash_password(demo.password.to_string()).await?;
        op.add_active_person(
            &org,
            ActivePerson {
                email: demo.email,
                salutation: person.salutation,
                first_name: person.first,
                last_name: person.last,
                job_title: person.job,
                department: person.department,
                contact_phone: person.phone,
                mfa_phone: person.mfa_phone,
                language: person.lang,
                password_hash,
                totp_secret: demo.totp_secret,
                group: person.group,
            },
        )
        .await?;
    }
    op.set_customer_success_manager(&org, "Lotte Verhoeven", "lotte.verhoeven@arxus.example", Some("+32470112233")).await?;
    for (email, list) in [(DEMO_PEOPLE[0].email, "service-notifications"), (DEMO_PEOPLE[0].email, "security-advisories"), (DEMO_PEOPLE[1].email, "newsletter")] {
        op.subscribe(&org, email, list).await?;
    }
    op.import_orders(&org, &demo_orders(op.now())).await.map_err(|e| {
        tracing::error!(error = %e, "demo orders");
        AppError::Internal
    })?;
    Ok(true)
}

/// The rest of the demo, for people trying the portal: a second organization with its own
/// administrator, and enough colleagues in the first one (about 240: users, invited people and
/// Watchlist contacts) that searching and paging are real; it still lacks its Technical,
/// Commercial and DPO contacts, as the manual's step 7 asks to fix. Nobody is e-mailed.
pub async fn load_crowd(op: &OperatorDb) -> Result<(), AppError> {
    use app::operator::ssr::CrowdMember;
    const FIRST: [&str; 16] = ["Anouk", "Bram", "Chloé", "Dries", "Elise", "Femke", "Gilles", "Hanne", "Ilias", "Jolien", "Kobe", "Lotte", "Mathis", "Nina", "Olivier", "Pieter"];
    const LAST: [&str; 15] = ["Aerts", "Bogaert", "Claessens", "De Smet", "Dubois", "Goossens", "Hermans", "Jacobs", "Lambert", "Maes", "Martens", "Mertens", "Peeters", "Van Damme", "Wouters"];
    const JOBS: [(&str, &str); 6] = [("Service Desk Agent", "IT Operations"), ("Buyer", "Procurement"), ("Accountant", "Finance"), ("Developer", "Engineering"), ("HR Advisor", "People"), ("Fleet Planner", "Logistics")];
    let Some(org) = op.organization_of(DEMO_PEOPLE[0].email).await? else { return Ok(()) };
    let people: Vec<CrowdMember> = (0..240)
        .map(|i: usize| {
            let (first, last) = (FIRST[i % FIRST.len()], LAST[(i / FIRST.len()) % LAST.len()]);
            let (job_title, department) = JOBS[i % JOBS.len()];
            let slug = |s: &str| s.to_lowercase().replace(' ', "").replace('é', "e");
            CrowdMember {
                email: format!("{}.{}@brightwave.example", slug(first), slug(last)),
                first_name: first.to_string(),
                last_name: last.to_string(),
                job_title,
                department,
                user_status: match i % 5 { 0..=2 => Some("active"), 3 => Some("invited"), _ => None },
                contact_type: (i % 5 == 4).then_some("watchlist"),
            }
        })
        .collect();
    op.add_crowd(&org, &people).await?;
    if op.organization_of("noor.willems@northwind.example").await?.is_none() {
        let other = op.create_organization("Northwind Traders BV", &["servicedesk", "secwise-watch"]).await?;
        op.add_crowd(
            &other,
            &[CrowdMember {
                email: "noor.willems@northwind.example".into(),
                first_name: "Noor".into(),
                last_name: "Willems".into(),
                job_title: "Office Manager",
                department: "Office",
                user_status: Some("invited"),
                contact_type: Some("dpo"),
            }],
        )
        .await?;
    }
    Ok(())
}

/// A few dozen orders of the last year, as the provider's order system would export them.
fn demo_orders(now: i64) -> String {
    const PRODUCTS: [(&str, &str, &str, &str); 8] = [
        ("Microsoft 365 (CSP)", "New subscription", "Microsoft 365 Business Premium", "Add licenses"),
        ("Microsoft 365 (CSP)", "Change", "Microsoft 365 E3", "Increase quantity"),
        ("Microsoft 365 (CSP)", "Change", "Exchange Online Plan 1", "Decrease quantity"),
        ("Microsoft 365 (CSP)", "New subscription", "Microsoft Teams Phone Standard", "Add licenses"),
        ("Azure", "New subscription", "Azure plan", "Activate"),
        ("Backup as a Service", "New subscription", "Veeam Backup for Microsoft 365", "Add seats"),
        ("Secwise", "Change", "Microsoft Defender for Business", "Add licenses"),
        ("Microsoft 365 (CSP)", "Cancellation", "Power BI Pro", "Remove licenses"),
    ];
    const DOMAINS: [&str; 3] = ["brightwave.example", "brightwave-logistics.example", "bw-transport.example"];
    let mut out = app::operator::ssr::ORDER_COLUMNS.join(",");
    out.push('\n');
    for i in 0..36_i64 {
        let (flow, kind, resource, action) = PRODUCTS[(i as usize * 5) % PRODUCTS.len()];
        let by = if i % 3 == 2 { DEMO_PEOPLE[1].email } else { DEMO_PEOPLE[0].email };
        let at = now - 86_400 * (2 + i * 10) - 3_600 * (i % 7);
        let when = chrono::DateTime::from_timestamp(at, 0).map(|t| t.to_rfc3339()).unwrap_or_default();
        let quantity = 1 + (i * 7) % 25;
        out.push_str(&format!("BW-{:05},{when},{by},{flow},{kind},{},{resource},{action},{quantity}\n", 24_100 + i, DOMAINS[i as usize % 3]));
    }
    out
}

/// Who of the demo's second organization signs in through its own identity provider.
pub const DEMO_SSO_PERSON: &str = "lotte.maes@nwtraders.example";
pub const DEMO_IDP_NAME: &str = "Northwind Entra ID";

/// Northwind Traders BV signs in through its own identity provider (the demo's oidc-provider,
/// `end2end/demo-app/identity-provider.mjs`): its domain verified, no passwords, the provider's
/// MFA trusted; Lotte Maes is invited and activates by signing in there. Set again at each start.
pub async fn federate(op: &OperatorDb, idp_url: &str, secret: &str) -> Result<(), AppError> {
    let org = op.organization_of("noor.willems@northwind.example").await?.ok_or(AppError::Internal)?;
    if op.organization_of(DEMO_SSO_PERSON).await?.is_none() {
        let lotte = app::operator::ssr::CrowdMember {
            email: DEMO_SSO_PERSON.into(),
            first_name: "Lotte".into(),
            last_name: "Maes".into(),
            job_title: "IT Coordinator",
            department: "IT",
            user_status: Some("invited"),
            contact_type: None,
        };
        op.add_crowd(&org, &[lotte]).await?;
    }
    let settings = app::platform::ssr::federation::Settings {
        display_name: DEMO_IDP_NAME.into(),
        issuer: idp_url.into(),
        client_id: "customer-portal".into(),
        client_secret: Some(secret.into()),
        domains: vec!["nwtraders.example".into()],
        allow_passwords: false,
        trust_provider_mfa: true,
        break_glass_profile_id: None,
    };
    op.set_identity_provider(&org, settings).await?;
    op.verify_sso_domain(&org, "nwtraders.example").await?;
    Ok(())
}
