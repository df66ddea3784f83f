//! Administrator changes run in a transaction that first bumps the organization's
//! `admin_version` (so changes to one organization run one after the other) and ends by checking
//! what must stay true: every contact holds their types by the rules, no required contact type
//! loses its last holder, and someone active keeps the Users & Permissions role.

use super::super::rules::ContactType;
use crate::error::AppError;
use crate::platform::ssr::AdminDb;
pub use crate::platform::ssr::Tx;

/// Counts taken before the change.
pub struct Before {
    holders: Vec<(ContactType, i64)>,
    admins: i64,
    /// Technical Contacts without a phone number (older profiles may have none: a change may
    /// not make anyone else one, and need not fix theirs).
    unreachable: Vec<String>,
}

async fn unreachable(admin: &AdminDb, tx: &mut Tx) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String,)> = admin
        .query_as(
            "SELECT p.id FROM profile_contact_types ct JOIN profiles p ON p.id = ct.profile_id \
             WHERE ct.organization_id = $1 AND ct.contact_type_code = 'technical' AND (p.contact_phone IS NULL OR p.contact_phone = '')",
        )
        .fetch_all_in(&mut *tx)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

async fn holders(admin: &AdminDb, tx: &mut Tx, t: ContactType) -> Result<i64, AppError> {
    let (n,): (i64,) = admin
        .query_as(
            "SELECT COUNT(*) FROM profile_contact_types ct JOIN profiles p ON p.id = ct.profile_id \
             WHERE ct.organization_id = $1 AND ct.contact_type_code = $2 AND (p.is_user = 0 OR p.user_status <> 'disabled')",
        )
        .bind(t.code().to_string())
        .fetch_one_in(&mut *tx)
        .await?;
    Ok(n)
}

async fn admins(admin: &AdminDb, tx: &mut Tx) -> Result<i64, AppError> {
    let (n,): (i64,) = admin
        .query_as(
            "SELECT COUNT(DISTINCT p.id) FROM profiles p \
             JOIN permission_group_members m ON m.profile_id = p.id \
             JOIN permission_group_portal_roles r ON r.group_id = m.group_id \
             WHERE p.organization_id = $1 AND p.is_user = 1 AND p.user_status = 'active' AND r.role_code = 'users-permissions'",
        )
        .fetch_one_in(&mut *tx)
        .await?;
    Ok(n)
}

/// Starts a change: the organization's changes queue behind this one.
pub async fn begin(admin: &AdminDb) -> Result<(Tx, Before), AppError> {
    let mut tx = admin.begin().await?;
    admin.query("UPDATE organizations SET admin_version = admin_version + 1 WHERE id = $1").execute_in(&mut tx).await?;
    let mut counts = vec![];
    for t in ContactType::REQUIRED {
        counts.push((t, holders(admin, &mut tx, t).await?));
    }
    let admins = admins(admin, &mut tx).await?;
    let unreachable = unreachable(admin, &mut tx).await?;
    Ok((tx, Before { holders: counts, admins, unreachable }))
}

/// The first contact type someone holds against its rule, as the rule's message id.
async fn broken_rule(admin: &AdminDb, tx: &mut Tx) -> Result<Option<&'static str>, AppError> {
    // ServiceNow access needs the role from a group and the Service Desk service active.
    let servicenow = "EXISTS (SELECT 1 FROM permission_group_members m JOIN permission_group_application_roles a ON a.group_id = m.group_id \
                      WHERE m.profile_id = p.id AND a.role_code = 'servicenow-user') \
                      AND EXISTS (SELECT 1 FROM organization_services s WHERE s.organization_id = $1 AND s.service_code = 'servicedesk')";
    let secwise = "EXISTS (SELECT 1 FROM organization_services s WHERE s.organization_id = $1 \
                   AND s.service_code IN ('secwise-watch', 'secwise-care'))";
    let checks: [(String, &'static str); 5] = [
        ("p.is_distribution_list = 1 AND ct.contact_type_code <> 'watchlist'".to_string(), "rule-distribution-list"),
        (format!("ct.contact_type_code = 'technical' AND (p.is_user = 0 OR NOT {servicenow})"), "rule-technical"),
        ("ct.contact_type_code = 'commercial' AND p.signing_authority_at IS NULL".to_string(), "rule-commercial"),
        (format!("ct.contact_type_code = 'security-incident-escalation' AND NOT {secwise}"), "rule-security-service"),
        (format!("ct.contact_type_code = 'security-incident-escalation' AND (p.is_user = 0 OR NOT {servicenow})"), "rule-security-servicenow"),
    ];
    for (condition, message) in checks {
        let sql = format!(
            "SELECT COUNT(*) FROM profile_contact_types ct JOIN profiles p ON p.id = ct.profile_id \
             WHERE ct.organization_id = $1 AND {condition}"
        );
        let (n,): (i64,) = admin.query_as(&sql).fetch_one_in(&mut *tx).await?;
        if n > 0 {
            return Ok(Some(message));
        }
    }
    Ok(None)
}

/// Checks a change made so far: the reason it cannot be kept, as the error of `field`. A
/// preview makes the change, checks it and drops the transaction (nothing is kept).
pub async fn check(admin: &AdminDb, tx: &mut Tx, before: &Before, field: &str) -> Result<(), AppError> {
    let refuse = |id: &str| Err(AppError::field(field, id));
    if let Some(rule) = broken_rule(admin, tx).await? {
        return refuse(rule);
    }
    if unreachable(admin, tx).await?.iter().any(|id| !before.unreachable.contains(id)) {
        return refuse("rule-technical-phone");
    }
    for (t, was) in &before.holders {
        if *was > 0 && holders(admin, tx, *t).await? == 0 {
            return refuse(&format!("coverage-last-{}", t.code()));
        }
    }
    if before.admins > 0 && admins(admin, tx).await? == 0 {
        return refuse("error-last-administrator");
    }
    Ok(())
}

/// Ends a change: commits it if everything that must hold still holds; otherwise nothing of it
/// is kept and the reason is the error of `field`.
pub async fn finish(admin: &AdminDb, mut tx: Tx, before: Before, field: &str) -> Result<(), AppError> {
    check(admin, &mut tx, &before, field).await?;
    tx.commit().await?;
    Ok(())
}

/// The tables whose rows administrators change on the version they saw.
#[derive(Clone, Copy)]
pub enum Versioned {
    Profile,
    Group,
}

/// Claims a row of the organization for a change made on `version`, the version its page
/// showed: moves the version on, or refuses the change (the row's conflict, on its field) when
/// someone changed it since.
pub async fn claim(admin: &AdminDb, tx: &mut Tx, row: Versioned, id: &str, version: i64) -> Result<(), AppError> {
    let (sql, refusal) = match row {
        Versioned::Profile => ("UPDATE profiles SET version = version + 1, updated_at = $4 WHERE organization_id = $1 AND id = $2 AND version = $3", profile_conflict()),
        Versioned::Group => (
            "UPDATE permission_groups SET version = version + 1, updated_at = $4 WHERE organization_id = $1 AND id = $2 AND version = $3",
            AppError::field("group", "error-group-conflict"),
        ),
    };
    let done = admin.query(sql).bind(id.to_string()).bind(version).bind(admin.now()).execute_in(&mut *tx).await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(refusal)
    }
}

/// Someone changed the profile since the page the change was made on.
pub fn profile_conflict() -> AppError {
    AppError::field("profile", "error-profile-conflict")
}

/// Moves a profile's version on after a change made from elsewhere (a group's members): a
/// change still in flight on its page, made on what that page showed, is then refused.
pub async fn touch_profile(admin: &AdminDb, tx: &mut Tx, id: &str) -> Result<(), AppError> {
    admin.query("UPDATE profiles SET version = version + 1 WHERE organization_id = $1 AND id = $2").bind(id.to_string()).execute_in(&mut *tx).await?;
    Ok(())
}

/// Contact types nobody holds, of Technical, Commercial and DPO.
pub async fn missing(admin: &AdminDb) -> Result<Vec<ContactType>, AppError> {
    let rows: Vec<(String,)> = admin
        .query_as(
            "SELECT DISTINCT ct.contact_type_code FROM profile_contact_types ct JOIN profiles p ON p.id = ct.profile_id \
             WHERE ct.organization_id = $1 AND (p.is_user = 0 OR p.user_status <> 'disabled')",
        )
        .fetch_all()
        .await?;
    Ok(ContactType::REQUIRED.into_iter().filter(|t| !rows.iter().any(|(c,)| c == t.code())).collect())
}
