//! "+ Add Profile" on the server: each step is checked and kept in a draft of the caller's
//! (1: details and contact types, 2: permission groups for a user, 3: review and "Confirm"), so
//! the flow works the same with plain forms; "Confirm" creates the profile and, for a user,
//! sends the invitation in the chosen language.

use super::super::rules::{refusal, ContactType, Facts};
use super::super::{DraftView, GroupLabel};
use super::{choices, guard, secwise};
use crate::domain::{stored, Details, DetailsInput, Holder, Invalid, PersonName};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::platform::ssr::activation::NewPerson;
use crate::platform::ssr::{client_addr, is_form_post, new_id, phone, reply, require_user, unique_violation, AdminDb};

/// Step 1 as posted.
pub struct DetailsForm {
    pub draft: String,
    pub email: String,
    pub salutation: String,
    pub email_language: String,
    pub first_name: String,
    pub last_name: String,
    pub job_title: String,
    pub department: String,
    pub contact_phone: String,
    /// `user`, `contact` or `list` (a distribution list).
    pub kind: String,
    pub contact_types: Vec<String>,
    pub signing_authority: bool,
}

#[derive(sqlx::FromRow)]
struct Draft {
    id: String,
    email: String,
    salutation: Option<String>,
    email_language: String,
    first_name: String,
    last_name: String,
    job_title: Option<String>,
    department: Option<String>,
    contact_phone: Option<String>,
    is_user: i64,
    is_distribution_list: i64,
    signing_authority: i64,
    contact_types: String,
    group_ids: String,
    groups_chosen: i64,
}

const DRAFT_COLUMNS: &str = "id, email, salutation, email_language, first_name, last_name, job_title, department, contact_phone, \
     is_user, is_distribution_list, signing_authority, contact_types, group_ids, groups_chosen";

/// The caller's own draft in their organization.
async fn load(admin: &AdminDb, id: &str) -> Result<Draft, AppError> {
    let sql = format!("SELECT {DRAFT_COLUMNS} FROM profile_drafts WHERE organization_id = $1 AND id = $2 AND created_by = $3");
    admin
        .query_as(&sql)
        .bind(id.to_string())
        .bind(admin.profile_id().to_string())
        .fetch_optional()
        .await?
        .ok_or_else(|| AppError::field("draft", "error-draft-gone"))
}

fn split(list: &str) -> Vec<String> {
    list.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// Without JavaScript a refused step comes back with what was typed: the raw values are kept
/// in the draft (which "Confirm" checks again) and the errors travel in the URL.
pub async fn draft_details(f: DetailsForm) -> Result<(), AppError> {
    let result = check_details(&f).await;
    let (Err(AppError::Validation(errors)), true) = (&result, is_form_post()) else { return reply(result) };
    let kept = async {
        let admin = require_user()?.admin()?;
        let id = save(&admin, &f, RawDraft::from(&f)).await?;
        let invalid: Vec<String> = errors.iter().map(|e| format!("{}:{}", e.field, e.message_id)).collect();
        leptos_axum::redirect(&format!("/users/new?draft={id}&step=details&invalid={}", invalid.join(",")));
        Ok(())
    };
    reply(kept.await)
}

/// The values of a draft, as they will be stored.
struct RawDraft {
    email: String,
    salutation: Option<String>,
    lang: String,
    first: String,
    last: String,
    job: Option<String>,
    department: Option<String>,
    phone: Option<String>,
    is_user: bool,
    list: bool,
    types: String,
}

impl From<&DetailsForm> for RawDraft {
    fn from(f: &DetailsForm) -> Self {
        let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        RawDraft {
            email: f.email.trim().to_string(),
            salutation: some(&f.salutation),
            lang: f.email_language.clone(),
            first: f.first_name.clone(),
            last: f.last_name.clone(),
            job: some(&f.job_title),
            department: some(&f.department),
            phone: some(&f.contact_phone),
            is_user: f.kind == "user",
            list: f.kind == "list",
            types: f.contact_types.join(","),
        }
    }
}

/// Stores the caller's draft (the same one again after "Back"); returns its id.
async fn save(admin: &AdminDb, f: &DetailsForm, d: RawDraft) -> Result<String, AppError> {
    // Drafts older than a day are dropped.
    admin.query("DELETE FROM profile_drafts WHERE organization_id = $1 AND created_at < $2").bind(admin.now() - 86_400).execute().await?;
    // The same draft again after "Back": its groups stay chosen.
    let (id, groups, chosen) = match load(admin, &f.draft).await {
        Ok(old) if d.is_user => (old.id, old.group_ids, old.groups_chosen),
        Ok(old) => (old.id, String::new(), 0),
        Err(_) => (new_id(), String::new(), 0),
    };
    admin.query("DELETE FROM profile_drafts WHERE organization_id = $1 AND id = $2").bind(id.clone()).execute().await?;
    admin
        .insert("profile_drafts")
        .value("id", id.clone())
        .value("created_by", admin.profile_id().to_string())
        .value("email", d.email)
        .value("salutation", d.salutation)
        .value("email_language", d.lang)
        .value("first_name", d.first)
        .value("last_name", d.last)
        .value("job_title", d.job)
        .value("department", d.department)
        .value("contact_phone", d.phone)
        .value("is_user", i64::from(d.is_user))
        .value("is_distribution_list", i64::from(d.list))
        .value("signing_authority", i64::from(f.signing_authority))
        .value("contact_types", d.types)
        .value("created_at", admin.now())
        .value("group_ids", groups)
        .value("groups_chosen", chosen)
        .execute()
        .await?;
    Ok(id)
}

async fn check_details(f: &DetailsForm) -> Result<(), AppError> {
        async {
            let admin = require_user()?.admin()?;
            let (is_user, list) = match f.kind.as_str() {
                "user" => (true, false),
                "contact" => (false, false),
                "list" => (false, true),
                _ => return Err(AppError::BadRequest),
            };
            let input = DetailsInput {
                email: f.email.clone(),
                salutation: f.salutation.clone(),
                email_language: Some(f.email_language.clone()),
                first_name: f.first_name.clone(),
                last_name: f.last_name.clone(),
                job_title: f.job_title.clone(),
                department: f.department.clone(),
                contact_phone: f.contact_phone.clone(),
                mfa_phone: None,
            };
            let details = Details::parse(&input, if list { Holder::List } else { Holder::Person });
            let mut errors = match &details {
                Ok(d) => phone::plan_errors(d),
                Err(e) => e.clone(),
            };
            let types = ContactType::parse_list(&f.contact_types.join(",")).map_err(|e| errors.push(("contact_types", Invalid(e)))).unwrap_or_default();
            if !is_user && types.is_empty() {
                errors.push(("contact_types", Invalid("error-contact-needs-type")));
            }
            // Whether a user will have ServiceNow access is known at the next step.
            let phone = details.as_ref().map_or(!f.contact_phone.trim().is_empty(), |d| d.contact_phone.is_some());
            let facts = Facts { is_user, distribution_list: list, servicenow: is_user, signing_authority: f.signing_authority, secwise: secwise(&admin).await?, phone };
            if let Some(rule) = types.iter().find_map(|t| refusal(*t, &facts)) {
                // The missing number is the phone field's to say; the other rules, the types'.
                let field = if rule == "rule-technical-phone" { "contact_phone" } else { "contact_types" };
                errors.push((field, Invalid(rule)));
            }
            let d = match details {
                Ok(d) if errors.is_empty() => d,
                _ => return Err(AppError::fields(errors)),
            };
            if admin.address_in_use(&d.email).await? {
                return Err(AppError::field("email", "error-email-taken"));
            }
            let raw = RawDraft {
                email: d.email.as_str().to_string(),
                salutation: d.salutation.map(|s| s.code().to_string()),
                lang: d.email_language.unwrap_or_default().code().to_string(),
                first: d.first_name.as_str().to_string(),
                last: d.last_name,
                job: stored(&d.job_title),
                department: stored(&d.department),
                phone: stored(&d.contact_phone),
                is_user,
                list,
                types: types.iter().map(|t| t.code()).collect::<Vec<_>>().join(","),
            };
            let id = save(&admin, f, raw).await?;
            let step = if is_user { "groups" } else { "review" };
            leptos_axum::redirect(&format!("/users/new?draft={id}&step={step}"));
            Ok(())
        }
        .await
}

pub async fn draft_groups(draft: String, groups: Vec<String>) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let d = load(&admin, &draft).await?;
            if d.is_user == 0 {
                return Err(AppError::field("groups", "error-groups-need-user"));
            }
            let all = choices(&admin).await?;
            if groups.iter().any(|g| !all.iter().any(|c| c.label.id == *g)) {
                return Err(AppError::field("groups", "error-not-found"));
            }
            let servicenow = all.iter().any(|c| groups.contains(&c.label.id) && c.application_roles.iter().any(|r| r == "servicenow-user"));
            let facts = Facts {
                is_user: true,
                distribution_list: false,
                servicenow,
                signing_authority: d.signing_authority == 1,
                secwise: secwise(&admin).await?,
                phone: d.contact_phone.as_deref().is_some_and(|p| !p.is_empty()),
            };
            let types = ContactType::parse_list(&d.contact_types).unwrap_or_default();
            if let Some(rule) = types.iter().find_map(|t| refusal(*t, &facts)) {
                return Err(AppError::field("groups", rule));
            }
            admin
                .query("UPDATE profile_drafts SET group_ids = $2, groups_chosen = 1 WHERE organization_id = $1 AND id = $3")
                .bind(groups.join(","))
                .bind(d.id.clone())
                .execute()
                .await?;
            leptos_axum::redirect(&format!("/users/new?draft={}&step=review", d.id));
            Ok(())
        }
        .await,
    )
}

pub async fn get_draft(draft: String) -> Result<DraftView, AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let d = load(&admin, &draft).await?;
            let all = choices(&admin).await?;
            let chosen = split(&d.group_ids);
            Ok(DraftView {
                groups: all.iter().filter(|c| chosen.contains(&c.label.id)).map(|c| c.label.clone()).collect::<Vec<GroupLabel>>(),
                groups_chosen: d.groups_chosen == 1,
                contact_types: ContactType::parse_list(&d.contact_types).unwrap_or_default(),
                kind: if d.is_user == 1 { "user" } else if d.is_distribution_list == 1 { "list" } else { "contact" }.to_string(),
                id: d.id,
                email: d.email,
                salutation: d.salutation,
                email_language: Lang::parse(&d.email_language).unwrap_or_default(),
                first_name: d.first_name,
                last_name: d.last_name,
                job_title: d.job_title,
                department: d.department,
                contact_phone: d.contact_phone.as_deref().map(phone::display),
                signing_authority: d.signing_authority == 1,
                secwise: secwise(&admin).await?,
            })
        }
        .await,
    )
}

/// What the first step needs to know of the organization before any draft exists.
pub async fn facts() -> Result<super::super::AddFacts, AppError> {
    reply(async { Ok(super::super::AddFacts { secwise: secwise(&require_user()?.admin()?).await? }) }.await)
}

pub async fn confirm_draft(draft: String) -> Result<(), AppError> {
    reply(
        async {
            let admin = require_user()?.admin()?;
            let d = load(&admin, &draft).await?;
            // A draft kept with a refused step's values goes no further than that step: its
            // details are parsed again, as the step parsed them.
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            let input = DetailsInput {
                email: d.email.clone(),
                salutation: opt(&d.salutation),
                email_language: Some(d.email_language.clone()),
                first_name: d.first_name.clone(),
                last_name: d.last_name.clone(),
                job_title: opt(&d.job_title),
                department: opt(&d.department),
                contact_phone: opt(&d.contact_phone),
                mfa_phone: None,
            };
            let holder = if d.is_distribution_list == 1 { Holder::List } else { Holder::Person };
            let complete = ContactType::parse_list(&d.contact_types).is_ok_and(|t| d.is_user == 1 || !t.is_empty())
                && (d.is_user == 0 || d.groups_chosen == 1);
            let p = match Details::parse(&input, holder) {
                Ok(p) if complete => p,
                _ => return Err(AppError::field("draft", "error-draft-incomplete")),
            };
            let id = new_id();
            let now = admin.now();
            let (mut tx, before) = guard::begin(&admin).await?;
            let language = p.email_language.unwrap_or_default().code().to_string();
            let signing = d.signing_authority == 1;
            admin
                .insert("profiles")
                .value("id", id.clone())
                .value("email", p.email.as_str().to_string())
                .value("salutation", p.salutation.map(|s| s.code().to_string()))
                .value("email_language", language.clone())
                .value("portal_language", language)
                .value("first_name", p.first_name.as_str().to_string())
                .value("last_name", p.last_name.clone())
                .value("job_title", stored(&p.job_title))
                .value("department", stored(&p.department))
                .value("contact_phone", stored(&p.contact_phone))
                .value("is_user", d.is_user)
                .value("is_distribution_list", d.is_distribution_list)
                .value("user_status", (d.is_user == 1).then(|| "invited".to_string()))
                .value("signing_authority_by", signing.then(|| admin.profile_id().to_string()))
                .value("signing_authority_at", signing.then_some(now))
                .value("created_at", now)
                .value("updated_at", now)
                .execute_in(&mut tx)
                .await
                .map_err(unique_violation("email", "error-email-taken"))?;
            for t in ContactType::parse_list(&d.contact_types).unwrap_or_default() {
                admin
                    .query("INSERT INTO profile_contact_types (organization_id, profile_id, contact_type_code) VALUES ($1, $2, $3)")
                    .bind(id.clone())
                    .bind(t.code().to_string())
                    .execute_in(&mut tx)
                    .await?;
            }
            for g in split(&d.group_ids) {
                admin
                    .query(
                        "INSERT INTO permission_group_members (organization_id, group_id, profile_id, added_at) \
                         SELECT $1, id, $3, $4 FROM permission_groups WHERE organization_id = $1 AND id = $2",
                    )
                    .bind(g)
                    .bind(id.clone())
                    .bind(now)
                    .execute_in(&mut tx)
                    .await?;
            }
            admin.query("DELETE FROM profile_drafts WHERE organization_id = $1 AND id = $2").bind(d.id.clone()).execute_in(&mut tx).await?;
            guard::finish(&admin, tx, before, "email").await?;
            let ip = client_addr();
            admin.record_about(&id, p.email.as_str(), "profile-added", ip.as_deref()).await?;
            if d.is_user == 1 {
                // The invitation: link, first-login instructions, in the chosen language. A user
                // is a person: their last name parsed as one.
                let person = NewPerson {
                    last_name: PersonName::parse(&p.last_name).map_err(|_| AppError::Internal)?,
                    email: p.email,
                    first_name: p.first_name,
                    email_language: p.email_language.unwrap_or_default(),
                };
                admin.invite(person, ip.as_deref()).await?;
            }
            leptos_axum::redirect(&format!("/users/profile?id={id}&added=1"));
            Ok(())
        }
        .await,
    )
}
