//! "Users & Permissions": the organization's users and contacts, for those holding that role
//! (the page, and every server function through the administrators' handle).

use crate::error::AppError;
use crate::i18n::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod activity;
mod add;
mod card;
pub mod contracts;
mod edit;
pub mod groups;
pub mod rules;
pub mod sign_in;
#[cfg(feature = "ssr")]
pub mod ssr;
mod table;

pub use activity::{org_activity, OrgActivityPage};
pub use add::AddProfilePage;
pub use card::ProfileCardPage;
pub use contracts::ContractsPage;
pub use sign_in::SignInSettingsPage;
pub use groups::{GroupFormPage, GroupPage, GroupsPage, ManageUsersPage};
use rules::{ContactType, Facts};
pub use table::UsersPage;

/// How a profile is named on the page: built-in groups carry a code translated in the locales.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupLabel {
    pub id: String,
    pub name: String,
    pub built_in: bool,
}

/// A user's state; contacts who are not users have none.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UserStatus {
    Invited,
    Active,
    InvitationExpired,
    Disabled,
}

impl UserStatus {
    pub const ALL: [UserStatus; 4] = [UserStatus::Invited, UserStatus::Active, UserStatus::InvitationExpired, UserStatus::Disabled];

    pub fn code(self) -> &'static str {
        match self {
            UserStatus::Invited => "invited",
            UserStatus::Active => "active",
            UserStatus::InvitationExpired => "invitation-expired",
            UserStatus::Disabled => "disabled",
        }
    }

    pub fn parse(code: &str) -> Option<UserStatus> {
        UserStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn message_id(self) -> String {
        format!("users-status-{}", self.code())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileRow {
    pub id: String,
    pub avatar_style: String,
    pub avatar_seed: u32,
    pub initials: String,
    pub name: String,
    pub email: String,
    pub is_user: bool,
    pub distribution_list: bool,
    pub contact_types: Vec<ContactType>,
    pub status: Option<UserStatus>,
    pub groups: Vec<GroupLabel>,
}

/// One page of the Profiles table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileList {
    pub rows: Vec<ProfileRow>,
    /// Where the next page starts, when there is one.
    pub next: Option<String>,
    /// Contact types nobody holds (of Technical, Commercial, DPO).
    pub missing: Vec<ContactType>,
}

/// A permission group offered in a choice, with what it grants.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupChoice {
    pub label: GroupLabel,
    pub description: String,
    pub portal_roles: Vec<String>,
    pub application_roles: Vec<String>,
}

/// A profile's page for administrators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileCard {
    pub row: ProfileRow,
    /// The profile's version: every change made from this page carries it.
    pub version: i64,
    pub facts: Facts,
    pub first_name: String,
    pub last_name: String,
    pub salutation: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub contact_phone: Option<String>,
    pub email_language: Lang,
    /// Who confirmed the signing authority, and on which day.
    pub signing_authority: Option<(String, String)>,
    pub all_groups: Vec<GroupChoice>,
    /// (when, email, kind, detail), newest first.
    pub activity: Vec<(String, String, String, Option<String>)>,
}

/// "+ Add Profile" as far as it has come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftView {
    pub id: String,
    pub email: String,
    pub salutation: Option<String>,
    pub email_language: Lang,
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub contact_phone: Option<String>,
    /// `user`, `contact` or `list`.
    pub kind: String,
    pub contact_types: Vec<ContactType>,
    pub signing_authority: bool,
    pub groups: Vec<GroupLabel>,
    pub groups_chosen: bool,
    /// The organization has a Secwise service (Security Incident Escalation is possible).
    pub secwise: bool,
}

/// What "+ Add Profile" knows of the organization from its first step.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AddFacts {
    pub secwise: bool,
}

/// One line of the organization's log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgActivityLine {
    pub when: String,
    pub email: String,
    pub kind: String,
    pub detail: Option<String>,
    /// Who the line is about.
    pub concerns: String,
    /// Who did it, when someone else than the person concerned.
    pub by: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrgActivityView {
    pub lines: Vec<OrgActivityLine>,
    pub from: String,
    pub to: String,
    pub older: Option<String>,
    pub paged: bool,
    pub time_zone: String,
}

/// One page of the organization's profiles, by name, filtered.
#[server(prefix = "/api/admin", endpoint = "org_profiles")]
pub async fn list_profiles(
    #[server(default)] q: String,
    #[server(default)] kind: String,
    #[server(default)] contact_type: String,
    #[server(default)] status: String,
    #[server(default)] after: String,
) -> Result<ProfileList, AppError> {
    ssr::org_profiles(ssr::Filter { q, kind, contact_type, status, after }).await
}

#[server(prefix = "/api/admin", endpoint = "profile_card")]
pub async fn get_profile_card(id: String) -> Result<ProfileCard, AppError> {
    ssr::profile_card(id).await
}

#[server(prefix = "/api/admin", endpoint = "group_choices")]
pub async fn group_choices() -> Result<Vec<GroupChoice>, AppError> {
    ssr::group_choices().await
}

#[server(prefix = "/api/admin", endpoint = "add_profile_facts")]
pub async fn add_profile_facts() -> Result<AddFacts, AppError> {
    ssr::add::facts().await
}

#[server(prefix = "/api/admin", endpoint = "get_draft")]
pub async fn get_draft(draft: String) -> Result<DraftView, AppError> {
    ssr::add::get_draft(draft).await
}

#[server(prefix = "/api/admin", endpoint = "draft_groups")]
pub async fn draft_groups(draft: String, #[server(default)] groups: Vec<String>) -> Result<(), AppError> {
    ssr::add::draft_groups(draft, groups).await
}

#[server(prefix = "/api/admin", endpoint = "confirm_draft")]
pub async fn confirm_draft(draft: String) -> Result<(), AppError> {
    ssr::add::confirm_draft(draft).await
}

#[server(prefix = "/api/admin", endpoint = "set_contact_types")]
pub async fn set_contact_types(
    id: String,
    version: i64,
    #[server(default)] contact_types: Vec<String>,
    #[server(default)] signing_authority: Option<String>,
) -> Result<(), AppError> {
    ssr::manage::set_contact_types(id, version, contact_types, signing_authority.is_some()).await
}

#[server(prefix = "/api/admin", endpoint = "set_groups")]
pub async fn set_groups(id: String, version: i64, #[server(default)] groups: Vec<String>) -> Result<(), AppError> {
    ssr::manage::set_groups(id, version, groups).await
}

/// `make-user`, `resend`, `disable` or `enable`.
#[server(prefix = "/api/admin", endpoint = "account_action")]
pub async fn account_action(id: String, version: i64, action: String) -> Result<(), AppError> {
    ssr::manage::account_action(id, version, action).await
}

#[server(prefix = "/api/admin", endpoint = "delete_profile")]
pub async fn delete_profile(id: String, version: i64) -> Result<(), AppError> {
    ssr::manage::delete_profile(id, version).await
}

/// The name of a group in the reader's language (built-in groups carry a code).
pub fn group_name(i18n: crate::i18n::I18n, g: &GroupLabel) -> String {
    if g.built_in { i18n.tr(&format!("group-{}", g.name)) } else { g.name.clone() }
}
