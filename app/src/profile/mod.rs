//! "My Profile": the signed-in person's details, avatar, communication preferences and
//! permission groups (the Profile tab), their Activity and their Orders; each tab has its URL.

use crate::error::AppError;
use crate::i18n::{use_i18n, Lang};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;
use serde::{Deserialize, Serialize};

mod activity;
mod avatar_style;
mod details;
mod email;
mod orders;
mod permissions;
mod prefs;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use details::UpdateMyDetails;
pub use email::ConfirmEmailPage;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub description: String,
    pub built_in: bool,
    /// Codes of the portal roles and application roles the group grants.
    pub portal_roles: Vec<String>,
    pub application_roles: Vec<String>,
}

/// Where the person stands with one mailing list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ListState {
    NotSubscribed,
    Subscribed,
    /// Left for good on that day (`2026-11-23`).
    Unsubscribed { on: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListStatus {
    pub code: String,
    pub state: ListState,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyProfile {
    pub email: String,
    pub mfa_phone: Option<String>,
    pub salutation: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub contact_phone: Option<String>,
    pub organization_name: String,
    pub portal_language: Lang,
    pub email_language: Lang,
    pub avatar_style: String,
    pub avatar_seed: u32,
    /// A new address waiting for its confirmation link.
    pub pending_email: Option<String>,
    pub lists: Vec<ListStatus>,
    pub groups: Vec<GroupSummary>,
    /// The ecosystem's applications the person may open now.
    pub applications: Vec<MyApplication>,
    /// The profile's version: a save carries the one its form was filled in on.
    pub version: i64,
}

/// An application of the ecosystem a person may open, and where its sign-in starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyApplication {
    pub name: String,
    /// None when the application registered no address to start its sign-in from.
    pub href: Option<String>,
}

/// One line of the Activity tab; `when` is written by the server in the reader's time zone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityLine {
    pub when: String,
    pub email: String,
    pub kind: String,
    pub detail: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActivityView {
    pub lines: Vec<ActivityLine>,
    /// The range shown, as `2026-11-23`.
    pub from: String,
    pub to: String,
    /// Where "Show older" continues, when there is more.
    pub older: Option<String>,
    /// Whether this is a later page.
    pub paged: bool,
    pub time_zone: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    pub customer_flow: String,
    pub order_type: String,
    pub domain: String,
    pub ordered_by: String,
    pub date: String,
    pub resource: String,
    pub action: String,
    pub quantity: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrdersView {
    pub lines: Vec<OrderLine>,
    pub older: Option<String>,
    pub paged: bool,
    /// The whole organization's orders (View orders role), or the caller's own.
    pub all_of_organization: bool,
}

/// The caller's own profile and permission groups.
#[server(endpoint = "my_profile")]
pub async fn get_my_profile() -> Result<MyProfile, AppError> {
    ssr::my_profile().await
}


/// Cancels the pending e-mail change; its link stops working.
#[server(endpoint = "cancel_email_change")]
pub async fn cancel_email_change() -> Result<(), AppError> {
    ssr::cancel_email_change().await
}

/// Uses an e-mail change link (whoever opens it: the link is the proof).
#[server(prefix = "/api/public", endpoint = "confirm_email")]
pub async fn confirm_email_change(token: String) -> Result<(), AppError> {
    ssr::confirm_email_change(token).await
}

/// Saves the caller's avatar style.
#[server(endpoint = "avatar_style")]
pub async fn set_my_avatar(style: String) -> Result<(), AppError> {
    ssr::set_my_avatar(style).await
}

/// Subscribes the caller to exactly the lists chosen (comma-separated codes).
#[server(endpoint = "mailing_lists")]
pub async fn update_my_lists(lists: String) -> Result<(), AppError> {
    ssr::prefs::update_my_lists(lists).await
}

/// Saves the portal and e-mail languages, on the profile's `version` the review showed.
#[server(endpoint = "languages")]
pub async fn update_my_languages(portal_language: String, email_language: String, version: i64) -> Result<(), AppError> {
    ssr::prefs::update_my_languages(portal_language, email_language, version).await
}

/// The caller's activity in a range of whole days (default: the last 30), newest first.
#[server(endpoint = "my_activity")]
pub async fn my_activity(from: Option<String>, to: Option<String>, before: Option<String>) -> Result<ActivityView, AppError> {
    ssr::activity::my_activity(from, to, before).await
}

/// Saves the time zone the browser reports (IANA name).
#[server(endpoint = "time_zone")]
pub async fn set_time_zone(name: String) -> Result<(), AppError> {
    ssr::activity::set_time_zone(name).await
}

/// Portal orders, newest first.
#[server(endpoint = "my_orders")]
pub async fn my_orders(before: Option<String>) -> Result<OrdersView, AppError> {
    ssr::orders::my_orders(before).await
}

/// The tabs of My Profile: links, each to its own URL.
#[component]
fn ProfileTabs() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let tab = move |href: &'static str, label: &'static str| {
        let current = move || (location.pathname.get() == href).then_some("page");
        view! { <a class="tab" class:active=move || current().is_some() href=href aria-current=current>{i18n.t(label)}</a> }
    };
    view! {
        <h1>{i18n.t("profile-title")}</h1>
        <nav class="tabs" aria-label=i18n.t("profile-tabs")>
            {tab("/profile", "profile-tab-profile")}
            {tab("/profile/activity", "profile-tab-activity")}
            {tab("/profile/orders", "profile-tab-orders")}
        </nav>
    }
}

#[component]
pub fn ActivityPage() -> impl IntoView {
    view! { <ProfileTabs /> <activity::ActivityTab /> }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    view! { <ProfileTabs /> <orders::OrdersTab /> }
}

/// Counts successful saves: the profile is fetched again after each, never after a refusal,
/// so a refused form keeps what was typed.
#[derive(Clone, Copy)]
struct Saves(RwSignal<u32>);

impl Saves {
    fn after<T: Send + Sync + 'static>(self, value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static) {
        Effect::new(move |_| {
            if matches!(value.get(), Some(Ok(_))) {
                self.0.update(|n| *n += 1);
                crate::platform::FrameVersion::bump();
            }
        });
    }
}

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let saves = Saves(RwSignal::new(0u32));
    provide_context(saves);
    let profile = Resource::new(move || saves.0.get(), |_| get_my_profile());
    // After a save the page keeps what it shows until the saved profile arrives (a transition,
    // not a "Loading…" in its place), and says it is busy meanwhile.
    let refreshing = RwSignal::new(false);
    view! {
        <ProfileTabs />
        <div aria-busy=move || refreshing.get().then_some("true")>
        <Transition fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> } set_pending=refreshing.write_only()>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(p) => view! { <ProfileView profile=p /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
                }
            })}
        </Transition>
        </div>
    }
}

#[component]
fn ProfileView(profile: MyProfile) -> impl IntoView {
    let i18n = use_i18n();
    // Each section erased to `AnyView`: the page's type stays shallow enough to compile quickly.
    let details = view! { <details::PersonalInformation profile=profile.clone() /> }.into_any();
    let avatar = view! { <avatar_style::AvatarCard profile=profile.clone() /> }.into_any();
    let prefs = view! { <prefs::CommunicationPreferences profile=profile.clone() /> }.into_any();
    let permissions = view! { <permissions::Permissions groups=profile.groups.clone() /> }.into_any();
    let applications = view! { <permissions::Applications applications=profile.applications.clone() /> }.into_any();
    let security = view! {
        <section class="card" aria-labelledby="security-heading">
            <h2 id="security-heading">{i18n.t("profile-security-settings")}</h2>
            <ul class="links">
                <li><a href="/profile/security#change-password">{i18n.t("security-change-password")}</a></li>
                <li><a href="/profile/security#edit-mfa">{i18n.t("security-edit-mfa")}</a></li>
                <li><a href="/profile/security#sessions-heading">{i18n.t("security-sessions")}</a></li>
            </ul>
        </section>
    }
    .into_any();
    view! {
        <div class="profile-layout">
            <div class="profile-main">{details} {applications} {avatar} {security} {prefs}</div>
            {permissions}
        </div>
    }
}
