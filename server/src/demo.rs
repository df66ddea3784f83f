//! The demo organization: loaded on request, idempotent, with people who can sign in.

use app::auth::ssr::hash_password;
use app::error::AppError;
use app::platform::ssr::{new_id, AppState};

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
    lang: &'static str,
    group: &'static str,
}

const PEOPLE: [Person; 2] = [
    Person {
        salutation: "ms",
        first: "Sophie",
        last: "Claes",
        job: "IT Manager",
        department: "IT Operations",
        phone: "+32 3 555 01 20",
        mfa_phone: Some("+32 470 55 01 20"),
        lang: "en",
        group: "administrators",
    },
    Person {
        salutation: "mr",
        first: "Thomas",
        last: "Peeters",
        job: "Financial Controller",
        department: "Finance",
        phone: "+32 3 555 01 34",
        mfa_phone: None,
        lang: "nl",
        group: "users",
    },
];

/// Creates the demo organization unless it exists. Returns true when it was created.
pub async fn load(state: &AppState) -> Result<bool, AppError> {
    let exists: Option<(String,)> = sqlx::query_as("SELECT id FROM profiles WHERE email = $1")
        .bind(DEMO_PEOPLE[0].email.to_string())
        .fetch_optional(&state.pool)
        .await?;
    if exists.is_some() {
        return Ok(false);
    }
    let now = state.now();
    let mut hashes = Vec::new();
    for p in &DEMO_PEOPLE {
        hashes.push(hash_password(state, p.password.to_string()).await?);
    }
    let org = crate::operator::create_organization(state, DEMO_ORGANIZATION, &["microsoft-365-csp", "servicedesk", "billing"]).await?;
    let mut tx = state.pool.begin().await?;
    let mut ids = Vec::new();
    for ((person, demo), hash) in PEOPLE.iter().zip(DEMO_PEOPLE.iter()).zip(hashes) {
        let id = new_id();
        sqlx::query(
            "INSERT INTO profiles (id, organization_id, email, mfa_phone, salutation, first_name, last_name, job_title, \
             department, contact_phone, avatar_style, portal_language, email_language, is_user, is_distribution_list, \
             password_hash, user_status, created_at, updated_at, totp_secret) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'initials', $11, $12, 1, 0, $13, 'active', $14, $15, $16)",
        )
        .bind(id.clone())
        .bind(org.clone())
        .bind(demo.email.to_string())
        .bind(person.mfa_phone.map(str::to_string))
        .bind(person.salutation.to_string())
        .bind(person.first.to_string())
        .bind(person.last.to_string())
        .bind(person.job.to_string())
        .bind(person.department.to_string())
        .bind(person.phone.to_string())
        .bind(person.lang.to_string())
        .bind(person.lang.to_string())
        .bind(hash)
        .bind(now)
        .bind(now)
        .bind(demo.totp_secret.to_string())
        .execute(&mut *tx)
        .await?;
        ids.push((id, person.group));
    }
    tx.commit().await?;
    for (id, group) in ids {
        crate::operator::add_to_built_in_group(state, &org, &id, group).await?;
    }
    Ok(true)
}
