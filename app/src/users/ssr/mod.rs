//! Users & Permissions on the server, on the administrators' handle only: the Profiles table,
//! a profile's card, the "+ Add Profile" steps and the changes administrators make (the
//! permission groups' server half is beside their screens, in `groups/ssr/`).

pub mod activity;
pub mod add;
pub mod contracts;
pub(in crate::users) mod guard;
pub mod manage;
pub mod sign_in;

use super::rules::{ContactType, Facts};
use super::{GroupChoice, GroupLabel, ProfileCard, ProfileList, ProfileRow, UserStatus};
use crate::avatar;
use crate::error::AppError;
use crate::platform::ssr::{phone, reply, request_lang, require_user, time, AdminDb};
use crate::platform::PortalRole;

const PAGE: usize = 50;

#[derive(sqlx::FromRow)]
pub(in crate::users) struct Row {
    pub(in crate::users) id: String,
    pub(in crate::users) avatar_style: String,
    pub(in crate::users) first_name: String,
    pub(in crate::users) last_name: String,
    pub(in crate::users) email: String,
    pub(in crate::users) is_user: i64,
    pub(in crate::users) is_distribution_list: i64,
    pub(in crate::users) user_status: Option<String>,
    pub(in crate::users) invite_valid: i64,
}

/// The status shown: an invitation whose link has expired says so.
pub(in crate::users) fn status(r: &Row) -> Option<UserStatus> {
    match (r.is_user, r.user_status.as_deref()) {
        (1, Some("active")) => Some(UserStatus::Active),
        (1, Some("disabled")) => Some(UserStatus::Disabled),
        (1, Some("invited")) if r.invite_valid > 0 => Some(UserStatus::Invited),
        (1, Some("invited")) => Some(UserStatus::InvitationExpired),
        _ => None,
    }
}

pub(in crate::users) const ROW_COLUMNS: &str = "p.id, p.avatar_style, p.first_name, p.last_name, p.email, p.is_user, p.is_distribution_list, p.user_status, \
     (SELECT COUNT(*) FROM account_tokens t WHERE t.profile_id = p.id AND t.purpose = 'invite' AND t.used_at IS NULL AND t.expires_at >= $2) AS invite_valid";

pub(in crate::users) fn initials(first: &str, last: &str) -> String {
    first.chars().take(1).chain(last.chars().take(1)).flat_map(char::to_uppercase).collect()
}

/// A contact type someone holds.
#[derive(sqlx::FromRow)]
struct HeldType {
    profile_id: String,
    contact_type_code: String,
}

/// A group someone is a member of.
#[derive(sqlx::FromRow)]
struct Membership {
    profile_id: String,
    group_id: String,
    name: String,
    built_in: i64,
}

type Labels = (Vec<HeldType>, Vec<Membership>);

/// A table row from its profile and the labels of the page (contact types, groups).
fn to_row(r: &Row, types: &[HeldType], groups: &[Membership]) -> ProfileRow {
    ProfileRow {
        id: r.id.clone(),
        avatar_style: r.avatar_style.clone(),
        avatar_seed: avatar::seed(&r.id),
        initials: initials(&r.first_name, &r.last_name),
        name: format!("{} {}", r.first_name, r.last_name).trim().to_string(),
        email: r.email.clone(),
        is_user: r.is_user == 1,
        distribution_list: r.is_distribution_list == 1,
        status: status(r),
        contact_types: types.iter().filter(|t| t.profile_id == r.id).filter_map(|t| ContactType::parse(&t.contact_type_code)).collect(),
        groups: groups
            .iter()
            .filter(|m| m.profile_id == r.id)
            .map(|m| GroupLabel { id: m.group_id.clone(), name: m.name.clone(), built_in: m.built_in == 1 })
            .collect(),
    }
}

/// A LIKE pattern (with `ESCAPE '\\'`) matching text that contains `q` literally.
pub(in crate::users) fn contains_pattern(q: &str) -> String {
    format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))
}

/// `a, b, c` bound from `$from` on.
pub(in crate::users) fn placeholders(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Contact types and groups of some profiles of the organization.
async fn labels(admin: &AdminDb, ids: &[String]) -> Result<Labels, AppError> {
    if ids.is_empty() {
        return Ok((vec![], vec![]));
    }
    let list = placeholders(2, ids.len());
    let sql = format!("SELECT ct.profile_id, ct.contact_type_code FROM profile_contact_types ct JOIN contact_types c ON c.code = ct.contact_type_code WHERE ct.organization_id = $1 AND ct.profile_id IN ({list}) ORDER BY c.sort_order");
    let mut q = admin.query_as(&sql);
    for id in ids {
        q = q.bind(id.clone());
    }
    let types: Vec<HeldType> = q.fetch_all().await?;
    let sql = format!(
        "SELECT m.profile_id, g.id AS group_id, g.name, g.built_in FROM permission_group_members m JOIN permission_groups g ON g.id = m.group_id \
         WHERE m.organization_id = $1 AND g.organization_id = $1 AND m.profile_id IN ({list}) ORDER BY g.built_in DESC, g.name"
    );
    let mut q = admin.query_as(&sql);
    for id in ids {
        q = q.bind(id.clone());
    }
    Ok((types, q.fetch_all().await?))
}

/// The filters of the Profiles table, as the URL has them.
pub struct Filter {
    pub q: String,
    pub kind: String,
    pub contact_type: String,
    pub status: String,
    pub after: String,
}

pub async fn org_profiles(f: Filter) -> Result<ProfileList, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let q = f.q.trim().to_lowercase();
            if q.chars().count() > 100 || !matches!(f.kind.as_str(), "" | "user" | "contact") {
                return Err(AppError::BadRequest);
            }
            if !f.contact_type.is_empty() && ContactType::parse(&f.contact_type).is_none() {
                return Err(AppError::BadRequest);
            }
            if !f.status.is_empty() && UserStatus::parse(&f.status).is_none() {
                return Err(AppError::BadRequest);
            }
            let like = contains_pattern(&q);
            let sql = format!(
                "SELECT {ROW_COLUMNS} FROM profiles p WHERE p.organization_id = $1 \
                 AND ($3 = '' OR LOWER(p.first_name || ' ' || p.last_name) LIKE $4 ESCAPE '\\' OR LOWER(p.email) LIKE $4 ESCAPE '\\') \
                 AND ($5 = '' OR ($5 = 'user' AND p.is_user = 1) \
                      OR ($5 = 'contact' AND EXISTS (SELECT 1 FROM profile_contact_types c WHERE c.profile_id = p.id))) \
                 AND ($6 = '' OR EXISTS (SELECT 1 FROM profile_contact_types c WHERE c.profile_id = p.id AND c.contact_type_code = $6)) \
                 AND ($7 = '' OR (p.is_user = 1 AND ( \
                      ($7 = 'active' AND p.user_status = 'active') OR ($7 = 'disabled' AND p.user_status = 'disabled') \
                      OR ($7 IN ('invited', 'invitation-expired') AND p.user_status = 'invited' AND ($7 = 'invited') = EXISTS ( \
                          SELECT 1 FROM account_tokens t WHERE t.profile_id = p.id AND t.purpose = 'invite' AND t.used_at IS NULL AND t.expires_at >= $2))))) \
                 AND ($8 = '' OR (p.last_name, p.first_name, p.id) > (SELECT a.last_name, a.first_name, a.id FROM profiles a WHERE a.id = $8 AND a.organization_id = $1)) \
                 ORDER BY p.last_name, p.first_name, p.id LIMIT {}",
                PAGE + 1
            );
            let mut rows: Vec<Row> = admin
                .query_as(&sql)
                .bind(admin.now())
                .bind(q.clone())
                .bind(like)
                .bind(f.kind.clone())
                .bind(f.contact_type.clone())
                .bind(f.status.clone())
                .bind(f.after.clone())
                .fetch_all()
                .await?;
            let next = (rows.len() > PAGE).then(|| {
                rows.truncate(PAGE);
                rows.last().map(|r| r.id.clone())
            });
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let (types, groups) = labels(&admin, &ids).await?;
            Ok(ProfileList {
                missing: guard::missing(&admin).await?,
                next: next.flatten(),
                rows: rows.iter().map(|r| to_row(r, &types, &groups)).collect(),
            })
        }
        .await,
    )
}

/// One role a group grants.
#[derive(sqlx::FromRow)]
pub(in crate::users) struct Grant {
    pub(in crate::users) group_id: String,
    /// `portal` or `application`.
    pub(in crate::users) kind: String,
    pub(in crate::users) role_code: String,
}

#[derive(sqlx::FromRow)]
struct Choice {
    id: String,
    name: String,
    description: String,
    built_in: i64,
}

/// The organization's groups, with what they grant (the portal roles that guard something).
pub async fn choices(admin: &AdminDb) -> Result<Vec<GroupChoice>, AppError> {
    let groups: Vec<Choice> = admin
        .query_as("SELECT id, name, description, built_in FROM permission_groups WHERE organization_id = $1 ORDER BY built_in DESC, name")
        .fetch_all()
        .await?;
    let grants: Vec<Grant> = admin
        .query_as(
            "SELECT r.group_id, 'portal' AS kind, r.role_code FROM permission_group_portal_roles r JOIN permission_groups g ON g.id = r.group_id WHERE g.organization_id = $1 \
             UNION ALL SELECT r.group_id, 'application' AS kind, r.role_code FROM permission_group_application_roles r JOIN permission_groups g ON g.id = r.group_id \
               JOIN application_roles c ON c.code = r.role_code WHERE g.organization_id = $1 AND (c.required_service IS NULL OR EXISTS (SELECT 1 FROM organization_services s WHERE s.organization_id = $1 AND s.service_code = c.required_service))",
        )
        .fetch_all()
        .await?;
    Ok(groups
        .into_iter()
        .map(|g| {
            let of = |kind: &str| grants.iter().filter(|r| r.group_id == g.id && r.kind == kind).map(|r| r.role_code.clone()).collect::<Vec<_>>();
            let guarded = |code: &String| PortalRole::parse(code).is_some_and(PortalRole::guards_something);
            GroupChoice {
                portal_roles: of("portal").into_iter().filter(guarded).collect(),
                application_roles: of("application"),
                label: GroupLabel { id: g.id.clone(), name: g.name, built_in: g.built_in == 1 },
                description: g.description,
            }
        })
        .collect())
}

pub async fn group_choices() -> Result<Vec<GroupChoice>, AppError> {
    reply(async { choices(&require_user()?.admin()?).await }.await)
}

/// Whether the organization has Secwise Watch or Secwise Care.
pub async fn secwise(admin: &AdminDb) -> Result<bool, AppError> {
    let (n,): (i64,) = admin
        .query_as("SELECT COUNT(*) FROM organization_services WHERE organization_id = $1 AND service_code IN ('secwise-watch', 'secwise-care')")
        .fetch_one()
        .await?;
    Ok(n > 0)
}

#[derive(sqlx::FromRow)]
struct CardRow {
    #[sqlx(flatten)]
    row: Row,
    salutation: Option<String>,
    job_title: Option<String>,
    department: Option<String>,
    contact_phone: Option<String>,
    email_language: String,
    signing_authority_at: Option<i64>,
    signing_authority_name: Option<String>,
    version: i64,
}

pub async fn profile_card(id: String) -> Result<ProfileCard, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let sql = format!(
                "SELECT {ROW_COLUMNS}, p.salutation, p.job_title, p.department, p.contact_phone, p.email_language, p.signing_authority_at, p.version, \
                 (SELECT s.first_name || ' ' || s.last_name FROM profiles s WHERE s.id = p.signing_authority_by) AS signing_authority_name \
                 FROM profiles p WHERE p.organization_id = $1 AND p.id = $3"
            );
            let c: CardRow = admin
                .query_as(&sql)
                .bind(admin.now())
                .bind(id.clone())
                .fetch_optional()
                .await?
                .ok_or_else(|| AppError::field("profile", "error-not-found"))?;
            let (types, groups) = labels(&admin, std::slice::from_ref(&id)).await?;
            let all = choices(&admin).await?;
            let member: Vec<String> = groups.iter().map(|m| m.group_id.clone()).collect();
            let servicenow = all.iter().any(|g| member.contains(&g.label.id) && g.application_roles.iter().any(|r| r == "servicenow-user"));
            let tz = admin.time_zone();
            let lang = request_lang();
            let activity: Vec<(String, String, Option<String>, i64)> = admin
                .query_as("SELECT email, kind, detail, created_at FROM activity WHERE organization_id = $1 AND subject_profile_id = $2 ORDER BY created_at DESC, id DESC LIMIT 20")
                .bind(id.clone())
                .fetch_all()
                .await?;
            let r = &c.row;
            Ok(ProfileCard {
                facts: Facts {
                    is_user: r.is_user == 1,
                    distribution_list: r.is_distribution_list == 1,
                    servicenow,
                    signing_authority: c.signing_authority_at.is_some(),
                    secwise: secwise(&admin).await?,
                    phone: c.contact_phone.as_deref().is_some_and(|p| !p.is_empty()),
                },
                row: to_row(r, &types, &groups),
                // Read with the details, before the labels: a change in between makes this
                // version older than what the page shows, never newer.
                version: c.version,
                first_name: r.first_name.clone(),
                last_name: r.last_name.clone(),
                salutation: c.salutation.clone(),
                job_title: c.job_title.clone(),
                department: c.department.clone(),
                contact_phone: c.contact_phone.as_deref().map(phone::display),
                email_language: crate::i18n::Lang::parse(&c.email_language).unwrap_or_default(),
                signing_authority: c.signing_authority_at.map(|at| (c.signing_authority_name.clone().unwrap_or_default(), time::day_text(time::day_of(tz, at)))),
                all_groups: all,
                activity: activity.into_iter().map(|(email, kind, detail, at)| (time::format_in(tz, lang, at), email, kind, detail)).collect(),
            })
        }
        .await,
    )
}
