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
