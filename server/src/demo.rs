//! The demo organization: loaded on request, idempotent, with people who can sign in.

use app::auth::ssr::hash_password;
use app::error::AppError;
use app::platform::ssr::{new_id, AppState};

pub struct DemoPerson {
    pub name: &'static str,
    pub email: &'static str,
    pub password: &'static str,
    pub role: &'static str,
}

pub const DEMO_ORGANIZATION: &str = "Brightwave Logistics NV";

pub const DEMO_PEOPLE: [DemoPerson; 2] = [
    DemoPerson {
        name: "Sophie Claes",
        email: "sophie.claes@brightwave.example",
        password: "harbour-lantern-47-quay",
        role: "portal administrator (Users & Permissions)",
    },
    DemoPerson {
        name: "Thomas Peeters",
        email: "thomas.peeters@brightwave.example",
        password: "copper-meadow-19-rail",
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
    let mut tx = state.pool.begin().await?;
    let org = new_id();
    sqlx::query("INSERT INTO organizations (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(org.clone())
        .bind(DEMO_ORGANIZATION.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
    for service in ["microsoft-365-csp", "servicedesk", "billing"] {
        sqlx::query("INSERT INTO organization_services (organization_id, service_code, activated_at) VALUES ($1, $2, $3)")
            .bind(org.clone())
            .bind(service.to_string())
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    let groups: [(&str, &[&str], &[&str]); 2] = [
        (
            "administrators",
            &["users-permissions", "view-activity", "view-orders", "place-orders"],
            &["servicenow-user", "billing-tool", "m365-subscriptions", "reports"],
        ),
        ("users", &["view-orders"], &["servicenow-user"]),
    ];
    let mut group_ids = Vec::new();
    for (code, portal, application) in groups {
        let id = new_id();
        sqlx::query("INSERT INTO permission_groups (id, organization_id, name, description, built_in, created_at) VALUES ($1, $2, $3, $4, 1, $5)")
            .bind(id.clone())
            .bind(org.clone())
            .bind(code.to_string())
            .bind(String::new())
            .bind(now)
            .execute(&mut *tx)
            .await?;
        for role in portal {
            sqlx::query("INSERT INTO permission_group_portal_roles (group_id, role_code) VALUES ($1, $2)")
                .bind(id.clone())
                .bind(role.to_string())
                .execute(&mut *tx)
                .await?;
        }
        for role in application {
            sqlx::query("INSERT INTO permission_group_application_roles (group_id, role_code) VALUES ($1, $2)")
                .bind(id.clone())
                .bind(role.to_string())
                .execute(&mut *tx)
                .await?;
        }
        group_ids.push((code, id));
    }
    for ((person, demo), hash) in PEOPLE.iter().zip(DEMO_PEOPLE.iter()).zip(hashes) {
        let id = new_id();
        sqlx::query(
            "INSERT INTO profiles (id, organization_id, email, mfa_phone, salutation, first_name, last_name, job_title, \
             department, contact_phone, avatar_style, portal_language, email_language, is_user, is_distribution_list, \
             password_hash, user_status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'initials', $11, $12, 1, 0, $13, 'active', $14, $15)",
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
        .execute(&mut *tx)
        .await?;
        let group = group_ids
            .iter()
            .find(|(code, _)| *code == person.group)
            .map(|(_, id)| id.clone())
            .unwrap_or_default();
        sqlx::query("INSERT INTO permission_group_members (group_id, profile_id, organization_id, added_at) VALUES ($1, $2, $3, $4)")
            .bind(group)
            .bind(id)
            .bind(org.clone())
            .bind(now)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(true)
}
