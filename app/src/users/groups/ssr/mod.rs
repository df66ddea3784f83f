//! Permission groups on the server: the list with the catalogue of roles, one group with its
//! members, and a custom group's definition previewed (whom it affects, checked by [`guard`] and
//! rolled back), saved on the version the administrator saw, or deleted.

pub mod members;

use super::super::ssr::{self as users_ssr, guard, Grant, Row, ROW_COLUMNS};
use super::super::GroupLabel;
use super::{grant_ids, GroupDetail, GroupPreview, GroupSummary, GroupsView, Person, RoleChange, RoleOption};
use crate::avatar;
use crate::domain::ShortText;
use crate::error::AppError;
use crate::i18n::{translate, Lang};
use crate::platform::ssr::{client_addr, reply, require_user, unique_violation, AdminDb};
use crate::platform::PortalRole;
use std::collections::{BTreeMap, BTreeSet};

/// Portal role codes (those the portal checks somewhere: a role that guards nothing is not
/// offered), and application roles with the service they miss.
pub(super) async fn catalogue(admin: &AdminDb) -> Result<(Vec<String>, Vec<RoleOption>), AppError> {
    let portal = admin.portal_role_codes().await?;
    let application: Vec<(String, Option<String>, i64)> = admin
        .query_as(
            "SELECT c.code, c.required_service, CASE WHEN c.required_service IS NULL OR EXISTS (SELECT 1 FROM organization_services s \
             WHERE s.organization_id = $1 AND s.service_code = c.required_service) THEN 1 ELSE 0 END \
             FROM application_roles c ORDER BY c.sort_order",
        )
        .fetch_all()
        .await?;
    Ok((
        portal.into_iter().filter(|c| PortalRole::parse(c).is_some_and(PortalRole::guards_something)).collect(),
        application
            .into_iter()
            .map(|(code, service, active)| RoleOption { code, inactive_service: service.filter(|_| active == 0) })
            .collect(),
    ))
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    id: String,
    name: String,
    description: String,
    built_in: i64,
    version: i64,
    members: i64,
}

/// The organization's groups (or the one `only` names) with their grants and member counts.
pub(super) async fn summaries(admin: &AdminDb, only: Option<&str>) -> Result<Vec<GroupSummary>, AppError> {
    let groups: Vec<GroupRow> = admin
        .query_as(
            "SELECT g.id, g.name, g.description, g.built_in, g.version, \
             (SELECT COUNT(*) FROM permission_group_members m WHERE m.group_id = g.id) AS members \
             FROM permission_groups g WHERE g.organization_id = $1 AND ($2 = '' OR g.id = $2) ORDER BY g.built_in DESC, LOWER(g.name)",
        )
        .bind(only.unwrap_or_default().to_string())
        .fetch_all()
        .await?;
    let grants: Vec<Grant> = admin
        .query_as(
            "SELECT r.group_id, 'portal' AS kind, r.role_code FROM permission_group_portal_roles r JOIN permission_groups g ON g.id = r.group_id \
               JOIN portal_roles c ON c.code = r.role_code WHERE g.organization_id = $1 AND ($2 = '' OR g.id = $2) \
             UNION ALL SELECT r.group_id, 'application' AS kind, r.role_code FROM permission_group_application_roles r JOIN permission_groups g ON g.id = r.group_id \
               JOIN application_roles c ON c.code = r.role_code WHERE g.organization_id = $1 AND ($2 = '' OR g.id = $2)",
        )
        .bind(only.unwrap_or_default().to_string())
        .fetch_all()
        .await?;
    let (portal, application) = catalogue(admin).await?;
    Ok(groups
        .into_iter()
        .map(|g| {
            let has = |kind: &str, code: &str| grants.iter().any(|r| r.group_id == g.id && r.kind == kind && r.role_code == code);
            GroupSummary {
                portal_roles: portal.iter().filter(|c| has("portal", c)).cloned().collect(),
                application_roles: application.iter().filter(|c| has("application", &c.code)).map(|c| c.code.clone()).collect(),
                label: GroupLabel { id: g.id.clone(), name: g.name, built_in: g.built_in == 1 },
                description: g.description,
                members: g.members,
                version: g.version,
            }
        })
        .collect())
}

/// A group of the caller's organization; anyone else's id is "not found".
pub(super) async fn summary(admin: &AdminDb, id: &str) -> Result<GroupSummary, AppError> {
    if id.is_empty() {
        return Err(AppError::field("group", "error-not-found"));
    }
    summaries(admin, Some(id)).await?.pop().ok_or_else(|| AppError::field("group", "error-not-found"))
}

pub(super) fn person(r: &Row) -> Person {
    Person {
        id: r.id.clone(),
        name: format!("{} {}", r.first_name, r.last_name).trim().to_string(),
        email: r.email.clone(),
        avatar_style: r.avatar_style.clone(),
        avatar_seed: avatar::seed(&r.id),
        initials: users_ssr::initials(&r.first_name, &r.last_name),
        status: users_ssr::status(r),
    }
}

/// The users of a group, by name.
pub(super) async fn members_of(admin: &AdminDb, group: &str) -> Result<Vec<Person>, AppError> {
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM profiles p JOIN permission_group_members m ON m.profile_id = p.id \
         WHERE p.organization_id = $1 AND m.group_id = $3 ORDER BY LOWER(p.last_name), LOWER(p.first_name), p.id"
    );
    let rows: Vec<Row> = admin.query_as(&sql).bind(admin.now()).bind(group.to_string()).fetch_all().await?;
    Ok(rows.iter().map(person).collect())
}

/// Each person's roles (Fluent ids) from their groups other than `except`; application roles
/// count only while their service is active.
pub(super) async fn roles_outside(admin: &AdminDb, people: &[Person], except: &str) -> Result<BTreeMap<String, BTreeSet<String>>, AppError> {
    let mut out: BTreeMap<String, BTreeSet<String>> = people.iter().map(|p| (p.id.clone(), BTreeSet::new())).collect();
    if people.is_empty() {
        return Ok(out);
    }
    let list = users_ssr::placeholders(3, people.len());
    let sql = format!(
        "SELECT m.profile_id, 'portal-role-' || r.role_code FROM permission_group_members m JOIN permission_group_portal_roles r ON r.group_id = m.group_id \
           WHERE m.organization_id = $1 AND m.group_id <> $2 AND m.profile_id IN ({list}) \
         UNION ALL SELECT m.profile_id, 'app-role-' || r.role_code FROM permission_group_members m JOIN permission_group_application_roles r ON r.group_id = m.group_id \
           JOIN application_roles c ON c.code = r.role_code WHERE m.organization_id = $1 AND m.group_id <> $2 AND m.profile_id IN ({list}) \
           AND (c.required_service IS NULL OR EXISTS (SELECT 1 FROM organization_services s WHERE s.organization_id = $1 AND s.service_code = c.required_service))"
    );
    let mut q = admin.query_as(&sql).bind(except.to_string());
    for p in people {
        q = q.bind(p.id.clone());
    }
    let rows: Vec<(String, String)> = q.fetch_all().await?;
    for (profile, role) in rows {
        out.entry(profile).or_default().insert(role);
    }
    Ok(out)
}

/// Who gains and who loses which role when `people` go from holding `before` through the
/// group to holding `after` (each keeps what their other groups grant).
pub(super) async fn impact(admin: &AdminDb, people: &[Person], group: &str, before: &[String], after: &[String]) -> Result<Vec<RoleChange>, AppError> {
    let outside = roles_outside(admin, people, group).await?;
    let (before, after): (BTreeSet<&String>, BTreeSet<&String>) = (before.iter().collect(), after.iter().collect());
    let mut out = vec![];
    for p in people {
        let other = outside.get(&p.id).cloned().unwrap_or_default();
        let had: BTreeSet<&String> = other.iter().chain(before.iter().copied()).collect();
        let has: BTreeSet<&String> = other.iter().chain(after.iter().copied()).collect();
        let gains: Vec<String> = has.difference(&had).map(|s| s.to_string()).collect();
        let loses: Vec<String> = had.difference(&has).map(|s| s.to_string()).collect();
        if !gains.is_empty() || !loses.is_empty() {
            out.push(RoleChange { person: p.clone(), gains, loses });
        }
    }
    Ok(out)
}

/// A group's definition as the form posts it.
pub struct Definition {
    pub id: String,
    pub name: String,
    pub description: String,
    pub portal_roles: Vec<String>,
    pub application_roles: Vec<String>,
}

/// A definition that passed every check.
struct Checked {
    name: String,
    description: String,
    portal: Vec<String>,
    application: Vec<String>,
    current: Option<GroupSummary>,
}

impl Checked {
    fn grants(&self) -> Vec<String> {
        grant_ids(&self.portal, &self.application)
    }
}

async fn check(admin: &AdminDb, d: Definition) -> Result<Checked, AppError> {
    let current = if d.id.is_empty() { None } else { Some(summary(admin, &d.id).await?) };
    if current.as_ref().is_some_and(|g| g.label.built_in) {
        return Err(AppError::field("group", "error-group-built-in"));
    }
    let (portal, application) = catalogue(admin).await?;
    if d.portal_roles.iter().any(|r| !portal.contains(r)) || d.application_roles.iter().any(|r| !application.iter().any(|c| c.code == *r)) {
        return Err(AppError::BadRequest);
    }
    let mut errors = vec![];
    let name = match ShortText::parse(&d.name) {
        Ok(n) => n.to_string(),
        Err(e) => {
            errors.push(crate::error::FieldError { field: "name".into(), message_id: e.0.into() });
            String::new()
        }
    };
    if let Some(id) = super::description_error(&d.description) {
        errors.push(crate::error::FieldError { field: "description".into(), message_id: id.into() });
    }
    if application.iter().any(|c| c.inactive_service.is_some() && d.application_roles.contains(&c.code)) {
        errors.push(crate::error::FieldError { field: "application_roles".into(), message_id: "error-role-service-inactive".into() });
    }
    if !name.is_empty() && name_taken(admin, &name, &d.id).await? {
        errors.push(crate::error::FieldError { field: "name".into(), message_id: "error-group-name-taken".into() });
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    Ok(Checked {
        name,
        description: d.description.trim().to_string(),
        portal: portal.into_iter().filter(|r| d.portal_roles.contains(r)).collect(),
        application: application.into_iter().map(|c| c.code).filter(|r| d.application_roles.contains(r)).collect(),
        current,
    })
}

/// Whether another group of the organization has this name, whatever its case; built-in groups
/// count under their names in every language.
async fn name_taken(admin: &AdminDb, name: &str, except: &str) -> Result<bool, AppError> {
    let wanted = name.to_lowercase();
    let others: Vec<(String, i64)> =
        admin.query_as("SELECT name, built_in FROM permission_groups WHERE organization_id = $1 AND id <> $2").bind(except.to_string()).fetch_all().await?;
    Ok(others.iter().any(|(n, built_in)| {
        n.to_lowercase() == wanted || (*built_in == 1 && Lang::ALL.iter().any(|l| translate(*l, &format!("group-{n}")).to_lowercase() == wanted))
    }))
}

/// Writes the group's roles as `c` has them (inside a change).
async fn write_roles(admin: &AdminDb, tx: &mut guard::Tx, id: &str, c: &Checked) -> Result<(), AppError> {
    for table in ["permission_group_portal_roles", "permission_group_application_roles"] {
        let sql = format!("DELETE FROM {table} WHERE group_id = (SELECT id FROM permission_groups WHERE organization_id = $1 AND id = $2)");
        admin.query(&sql).bind(id.to_string()).execute_in(&mut *tx).await?;
    }
    for (table, roles) in [("permission_group_portal_roles", &c.portal), ("permission_group_application_roles", &c.application)] {
        let sql = format!("INSERT INTO {table} (group_id, role_code) SELECT id, $3 FROM permission_groups WHERE organization_id = $1 AND id = $2");
        for r in roles {
            admin.query(&sql).bind(id.to_string()).bind(r.clone()).execute_in(&mut *tx).await?;
        }
    }
    Ok(())
}

/// Takes the group at `version` for a change, or says why not.
pub(super) async fn claim(admin: &AdminDb, tx: &mut guard::Tx, id: &str, version: i64) -> Result<(), AppError> {
    guard::claim(admin, tx, guard::Versioned::Group, id, version).await
}

pub async fn permission_groups() -> Result<GroupsView, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let (portal_roles, application_roles) = catalogue(&admin).await?;
            Ok(GroupsView { groups: summaries(&admin, None).await?, portal_roles, application_roles })
        }
        .await,
    )
}

pub async fn permission_group(id: String) -> Result<GroupDetail, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let group = summary(&admin, &id).await?;
            Ok(GroupDetail { members: members_of(&admin, &id).await?, group })
        }
        .await,
    )
}

pub async fn preview(d: Definition) -> Result<GroupPreview, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let id = d.id.clone();
            let c = check(&admin, d).await?;
            let Some(current) = c.current.clone() else { return Ok(GroupPreview { current: None, impact: vec![] }) };
            let members = members_of(&admin, &id).await?;
            let impact = impact(&admin, &members, &id, &current.grants(), &c.grants()).await?;
            if !impact.is_empty() {
                // What "Confirm" would refuse, refused now: the change is made and rolled back.
                let (mut tx, before) = guard::begin(&admin).await?;
                write_roles(&admin, &mut tx, &id, &c).await?;
                guard::check(&admin, &mut tx, &before, "group").await?;
            }
            Ok(GroupPreview { current: Some(current), impact })
        }
        .await,
    )
}

pub async fn save(d: Definition, version: i64) -> Result<String, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let id = if d.id.is_empty() { crate::platform::ssr::new_id() } else { d.id.clone() };
            let c = check(&admin, d).await?;
            let ip = client_addr();
            let impact = match &c.current {
                Some(current) => impact(&admin, &members_of(&admin, &id).await?, &id, &current.grants(), &c.grants()).await?,
                None => vec![],
            };
            let (mut tx, before) = guard::begin(&admin).await?;
            let now = admin.now();
            let named = if c.current.is_some() {
                claim(&admin, &mut tx, &id, version).await?;
                admin
                    .query("UPDATE permission_groups SET name = $3, description = $4, updated_at = $5 WHERE organization_id = $1 AND id = $2 AND built_in = 0")
                    .bind(id.clone())
                    .bind(c.name.clone())
                    .bind(c.description.clone())
                    .bind(now)
                    .execute_in(&mut tx)
                    .await
            } else {
                admin
                    .insert("permission_groups")
                    .value("id", id.clone())
                    .value("name", c.name.clone())
                    .value("description", c.description.clone())
                    .value("built_in", 0_i64)
                    .value("created_at", now)
                    .value("updated_at", now)
                    .execute_in(&mut tx)
                    .await
            };
            named.map_err(unique_violation("name", "error-group-name-taken"))?;
            write_roles(&admin, &mut tx, &id, &c).await?;
            guard::finish(&admin, tx, before, "group").await?;
            let me = admin.me();
            let kind = if c.current.is_some() { "group-edited" } else { "group-created" };
            admin.record_about(me.profile_id(), me.email(), kind, ip.as_deref()).await?;
            for change in &impact {
                admin.record_about(&change.person.id, &change.person.email, "group-access-changed", ip.as_deref()).await?;
            }
            leptos_axum::redirect(&format!("/users/groups/view?id={id}&saved=1"));
            Ok(id)
        }
        .await,
    )
}

pub async fn delete(id: String, version: i64) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let group = summary(&admin, &id).await?;
            if group.label.built_in {
                return Err(AppError::field("group", "error-group-built-in"));
            }
            let members = members_of(&admin, &id).await?;
            let ip = client_addr();
            let (mut tx, before) = guard::begin(&admin).await?;
            claim(&admin, &mut tx, &id, version).await?;
            for p in &members {
                guard::touch_profile(&admin, &mut tx, &p.id).await?;
            }
            for table in ["permission_group_portal_roles", "permission_group_application_roles", "permission_group_members"] {
                let sql = format!("DELETE FROM {table} WHERE group_id = (SELECT id FROM permission_groups WHERE organization_id = $1 AND id = $2)");
                admin.query(&sql).bind(id.clone()).execute_in(&mut tx).await?;
            }
            admin.query("DELETE FROM permission_groups WHERE organization_id = $1 AND id = $2 AND built_in = 0").bind(id.clone()).execute_in(&mut tx).await?;
            guard::finish(&admin, tx, before, "group").await?;
            let me = admin.me();
            admin.record_about(me.profile_id(), me.email(), "group-deleted", ip.as_deref()).await?;
            for p in &members {
                admin.record_about(&p.id, &p.email, "group-member-removed", ip.as_deref()).await?;
            }
            leptos_axum::redirect("/users/groups?deleted=1");
            Ok(())
        }
        .await,
    )
}
