//! "Manage users" of a group on the server: the organization's users to pick from (not
//! contacts), the review of who is added and who is removed (checked by [`guard`] and rolled
//! back), and the change saved on the version the administrator saw.

use super::super::super::ssr::{self as users_ssr, guard, Row, ROW_COLUMNS};
use super::super::{Candidate, MembersPreview, Person};
use super::{claim, impact, members_of, person, summary};
use crate::error::AppError;
use crate::platform::ssr::{client_addr, reply, require_user, AdminDb};

/// How many users the picker offers at once.
const OFFERED: usize = 20;
/// How many people one change may add or remove.
const MOST: usize = 500;

pub async fn candidates(id: String, q: String) -> Result<Vec<Candidate>, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            summary(&admin, &id).await?;
            let q = q.trim().to_lowercase();
            if q.chars().count() > 100 {
                return Err(AppError::BadRequest);
            }
            let like = users_ssr::contains_pattern(&q);
            let sql = format!(
                "SELECT {ROW_COLUMNS}, CASE WHEN EXISTS (SELECT 1 FROM permission_group_members m WHERE m.profile_id = p.id AND m.group_id = $3) THEN 1 ELSE 0 END AS member \
                 FROM profiles p WHERE p.organization_id = $1 AND p.is_user = 1 \
                 AND (LOWER(p.first_name || ' ' || p.last_name) LIKE $4 ESCAPE '\\' OR LOWER(p.email) LIKE $4 ESCAPE '\\') \
                 ORDER BY LOWER(p.last_name), LOWER(p.first_name), p.id LIMIT {OFFERED}"
            );
            #[derive(sqlx::FromRow)]
            struct Offered {
                #[sqlx(flatten)]
                row: Row,
                member: i64,
            }
            let rows: Vec<Offered> = admin.query_as(&sql).bind(admin.now()).bind(id.clone()).bind(like).fetch_all().await?;
            Ok(rows.iter().map(|o| Candidate { person: person(&o.row), member: o.member == 1 }).collect())
        }
        .await,
    )
}

/// The people a change names: users of the organization (anyone else's id is "not found"),
/// those to add not yet in the group, those to remove in it.
async fn people(admin: &AdminDb, group: &str, add: &[String], remove: &[String]) -> Result<(Vec<Person>, Vec<Person>), AppError> {
    if add.len() + remove.len() > MOST {
        return Err(AppError::BadRequest);
    }
    if add.iter().any(|a| remove.contains(a)) {
        return Err(AppError::BadRequest);
    }
    let ids: Vec<String> = add.iter().chain(remove).cloned().collect();
    if ids.is_empty() {
        return Err(AppError::field("members", "error-members-unchanged"));
    }
    let sql = format!("SELECT {ROW_COLUMNS} FROM profiles p WHERE p.organization_id = $1 AND p.is_user = 1 AND p.id IN ({})", users_ssr::placeholders(3, ids.len()));
    let mut q = admin.query_as(&sql).bind(admin.now());
    for id in &ids {
        q = q.bind(id.clone());
    }
    let found: Vec<Row> = q.fetch_all().await?;
    if ids.iter().any(|id| !found.iter().any(|r| r.id == *id)) {
        return Err(AppError::field("members", "error-not-found"));
    }
    let current = members_of(admin, group).await?;
    let is_member = |id: &String| current.iter().any(|p| p.id == *id);
    let pick = |list: &[String], member: bool| -> Vec<Person> {
        found.iter().filter(|r| list.contains(&r.id) && is_member(&r.id) == member).map(person).collect()
    };
    let (added, removed) = (pick(add, false), pick(remove, true));
    if added.is_empty() && removed.is_empty() {
        return Err(AppError::field("members", "error-members-unchanged"));
    }
    Ok((added, removed))
}

/// Adds and removes inside a change.
async fn write(admin: &AdminDb, tx: &mut guard::Tx, group: &str, added: &[Person], removed: &[Person]) -> Result<(), AppError> {
    for p in added {
        admin
            .query(
                "INSERT INTO permission_group_members (organization_id, group_id, profile_id, added_at) \
                 SELECT $1, g.id, $3, $4 FROM permission_groups g WHERE g.organization_id = $1 AND g.id = $2",
            )
            .bind(group.to_string())
            .bind(p.id.clone())
            .bind(admin.now())
            .execute_in(&mut *tx)
            .await?;
    }
    for p in removed {
        admin
            .query("DELETE FROM permission_group_members WHERE organization_id = $1 AND group_id = $2 AND profile_id = $3")
            .bind(group.to_string())
            .bind(p.id.clone())
            .execute_in(&mut *tx)
            .await?;
    }
    for p in added.iter().chain(removed) {
        guard::touch_profile(admin, tx, &p.id).await?;
    }
    Ok(())
}

pub async fn preview(id: String, add: Vec<String>, remove: Vec<String>) -> Result<MembersPreview, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let group = summary(&admin, &id).await?;
            let (added, removed) = people(&admin, &id, &add, &remove).await?;
            let grants = group.grants();
            let mut changes = impact(&admin, &added, &id, &[], &grants).await?;
            changes.extend(impact(&admin, &removed, &id, &grants, &[]).await?);
            let mut refused = None;
            if !removed.is_empty() {
                let (mut tx, before) = guard::begin(&admin).await?;
                write(&admin, &mut tx, &id, &added, &removed).await?;
                refused = match guard::check(&admin, &mut tx, &before, "members").await {
                    Ok(()) => None,
                    Err(e) => Some(e.field_message("members").ok_or(e)?),
                };
            }
            Ok(MembersPreview { group, added, removed, impact: changes, refused })
        }
        .await,
    )
}

pub async fn save(id: String, version: i64, add: Vec<String>, remove: Vec<String>) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            summary(&admin, &id).await?;
            let (added, removed) = people(&admin, &id, &add, &remove).await?;
            let (mut tx, before) = guard::begin(&admin).await?;
            claim(&admin, &mut tx, &id, version).await?;
            write(&admin, &mut tx, &id, &added, &removed).await?;
            guard::finish(&admin, tx, before, "members").await?;
            let ip = client_addr();
            for p in &added {
                admin.record_about(&p.id, &p.email, "group-member-added", ip.as_deref()).await?;
            }
            for p in &removed {
                admin.record_about(&p.id, &p.email, "group-member-removed", ip.as_deref()).await?;
            }
            leptos_axum::redirect(&format!("/users/groups/view?id={id}&tab=users&saved=members"));
            Ok(())
        }
        .await,
    )
}
