//! The Permission Groups tab: the organization's groups and what they grant, a custom group
//! added or edited through a review that names whom the change affects, a group's users, and
//! "Manage users" (a picker over the organization's users, a review, "Confirm").
//!
//! Every page reads its state from the URL (the review's choices too), so Back, a reload and a
//! browser without JavaScript land on the same screen; once hydrated, the router moves between
//! them without a page load.

use super::{GroupLabel, UserStatus};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod form;
mod list;
mod members;
#[cfg(feature = "ssr")]
pub mod ssr;
mod view;

pub use form::GroupFormPage;
pub use list::GroupsPage;
pub use members::ManageUsersPage;
pub use view::GroupPage;

/// The longest description of a group.
pub const DESCRIPTION_MAX: usize = 300;

/// A group with what it grants and how many people it has.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub label: GroupLabel,
    pub description: String,
    /// Role codes, in the catalogue's order.
    pub portal_roles: Vec<String>,
    pub application_roles: Vec<String>,
    pub members: i64,
    /// Changes made on an older version are refused as a conflict.
    pub version: i64,
}

impl GroupSummary {
    /// What the group grants, as the Fluent ids of the roles.
    pub fn grants(&self) -> Vec<String> {
        grant_ids(&self.portal_roles, &self.application_roles)
    }
}

/// The Fluent ids of portal roles then application roles.
pub fn grant_ids(portal: &[String], application: &[String]) -> Vec<String> {
    portal.iter().map(|r| format!("portal-role-{r}")).chain(application.iter().map(|r| format!("app-role-{r}"))).collect()
}

/// An application role as offered in a group's form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleOption {
    pub code: String,
    /// The service the role needs, when that service is not active for the organization.
    pub inactive_service: Option<String>,
}

/// The tab: the groups and the catalogue of roles a group can grant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupsView {
    pub groups: Vec<GroupSummary>,
    pub portal_roles: Vec<String>,
    pub application_roles: Vec<RoleOption>,
}

/// A user as the groups' screens show them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub email: String,
    pub avatar_style: String,
    pub avatar_seed: u32,
    pub initials: String,
    pub status: Option<UserStatus>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupDetail {
    pub group: GroupSummary,
    pub members: Vec<Person>,
}

/// What a change does to one person: the roles (Fluent ids) they gain and lose.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoleChange {
    pub person: Person,
    pub gains: Vec<String>,
    pub loses: Vec<String>,
}

/// The review of a group's definition, checked as "Confirm" will check it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupPreview {
    /// The group as it is now (`None` for a new one).
    pub current: Option<GroupSummary>,
    /// Everyone whose roles change.
    pub impact: Vec<RoleChange>,
}

/// A user offered by the picker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub person: Person,
    pub member: bool,
}

/// The review of "Manage users".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MembersPreview {
    pub group: GroupSummary,
    pub added: Vec<Person>,
    pub removed: Vec<Person>,
    pub impact: Vec<RoleChange>,
    /// Why "Confirm" would be refused (a message id), when it would.
    pub refused: Option<String>,
}

/// The description's own check, the same in the browser and on the server.
pub fn description_error(raw: &str) -> Option<&'static str> {
    let text = raw.trim();
    (text.chars().count() > DESCRIPTION_MAX || text.chars().any(|c| c.is_control() && c != '\n' && c != '\r')).then_some("error-description-invalid")
}

#[server(prefix = "/api/admin", endpoint = "permission_groups")]
pub async fn permission_groups() -> Result<GroupsView, AppError> {
    ssr::permission_groups().await
}

#[server(prefix = "/api/admin", endpoint = "permission_group")]
pub async fn permission_group(id: String) -> Result<GroupDetail, AppError> {
    ssr::permission_group(id).await
}

/// Checks a group's definition as "Confirm" would and says whom it affects; nothing is saved.
/// `id` is empty for a new group.
#[server(prefix = "/api/admin", endpoint = "preview_group")]
pub async fn preview_group(
    #[server(default)] id: String,
    #[server(default)] name: String,
    #[server(default)] description: String,
    #[server(default)] portal_roles: Vec<String>,
    #[server(default)] application_roles: Vec<String>,
) -> Result<GroupPreview, AppError> {
    ssr::preview(ssr::Definition { id, name, description, portal_roles, application_roles }).await
}

/// Creates a group (`id` empty) or changes one made at `version`.
#[server(prefix = "/api/admin", endpoint = "save_group")]
pub async fn save_group(
    #[server(default)] id: String,
    #[server(default)] version: i64,
    #[server(default)] name: String,
    #[server(default)] description: String,
    #[server(default)] portal_roles: Vec<String>,
    #[server(default)] application_roles: Vec<String>,
) -> Result<String, AppError> {
    ssr::save(ssr::Definition { id, name, description, portal_roles, application_roles }, version).await
}

#[server(prefix = "/api/admin", endpoint = "delete_group")]
pub async fn delete_group(id: String, #[server(default)] version: i64) -> Result<(), AppError> {
    ssr::delete(id, version).await
}

/// The organization's users matching `q` (name or e-mail), and whether each is in the group.
#[server(prefix = "/api/admin", endpoint = "group_candidates")]
pub async fn group_candidates(id: String, #[server(default)] q: String) -> Result<Vec<Candidate>, AppError> {
    ssr::members::candidates(id, q).await
}

#[server(prefix = "/api/admin", endpoint = "preview_members")]
pub async fn preview_members(id: String, #[server(default)] add: Vec<String>, #[server(default)] remove: Vec<String>) -> Result<MembersPreview, AppError> {
    ssr::members::preview(id, add, remove).await
}

#[server(prefix = "/api/admin", endpoint = "set_group_members")]
pub async fn set_group_members(
    id: String,
    #[server(default)] version: i64,
    #[server(default)] add: Vec<String>,
    #[server(default)] remove: Vec<String>,
) -> Result<(), AppError> {
    ssr::members::save(id, version, add, remove).await
}

/// After a Confirm refused because someone else changed the group meanwhile, asks the review
/// again (`tries` is part of its source), so it shows the group as it now is.
pub fn review_again_on_conflict<T: Send + Sync + 'static>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static, tries: RwSignal<u32>) {
    Effect::new(move |_| {
        if let Some(Err(e)) = value.get() {
            if e.field_message("group").as_deref() == Some("error-group-conflict") {
                tries.update(|n| *n += 1);
            }
        }
    });
}

/// Ids from a comma-separated URL value (at most 500).
pub fn id_list(raw: &str) -> Vec<String> {
    raw.split(',').map(str::trim).filter(|s| !s.is_empty()).take(500).map(str::to_string).collect()
}

/// A group's description in the reader's language (built-in groups carry theirs in the locales).
pub fn description_of(i18n: crate::i18n::I18n, g: &GroupSummary) -> String {
    if g.label.built_in { i18n.tr(&format!("group-{}-description", g.label.name)) } else { g.description.clone() }
}

/// The mark of a built-in group: a lock and why it cannot be changed.
#[component]
pub fn BuiltInMark() -> impl IntoView {
    let i18n = crate::i18n::use_i18n();
    view! {
        <span class="badge lock">
            <svg aria-hidden="true" viewBox="0 0 16 16" width="12" height="12">
                <path fill="currentColor" d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z" />
            </svg>
            {i18n.t("groups-built-in")}
        </span>
    }
}
