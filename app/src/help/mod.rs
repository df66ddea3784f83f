//! "Get help": the organization's Customer Success Manager, the Service Desk and the support chat;
//! and what permission groups are, the page My Profile's "Find out more" opens.

use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod ssr;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manager {
    pub name: String,
    pub email: String,
    pub phone: Option<Phone>,
}

/// A number as people read it ("+32 2 555 01 00") and as a phone dials it (`tel:+3225550100`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Phone {
    pub shown: String,
    pub tel: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HelpInfo {
    pub manager: Option<Manager>,
    pub service_desk_email: String,
    pub service_desk_phone: Phone,
    pub chat_url: String,
}

/// Who the caller's organization can turn to.
#[server(endpoint = "help")]
pub async fn get_help() -> Result<HelpInfo, AppError> {
    ssr::get_help().await
}

#[component]
pub fn HelpPage() -> impl IntoView {
    let i18n = use_i18n();
    let info = Resource::new(|| (), |_| get_help());
    view! {
        <h1>{i18n.t("help-title")}</h1>
        <p class="muted">{i18n.t("help-intro")}</p>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match info.await {
                    Ok(h) => view! { <HelpCards info=h /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HelpCards(info: HelpInfo) -> impl IntoView {
    let i18n = use_i18n();
    let manager = info.manager.clone();
    let desk_mail = format!("mailto:{}", info.service_desk_email);
    let desk = info.service_desk_phone.clone();
    view! {
        <div class="help-grid">
            <section class="card" aria-labelledby="csm-heading">
                <h2 id="csm-heading">{i18n.t("help-csm")}</h2>
                {match manager {
                    Some(m) => {
                        let mail = format!("mailto:{}", m.email);
                        view! {
                            <dl class="fields">
                                <div class="field"><dt>{i18n.t("help-name")}</dt><dd>{m.name.clone()}</dd></div>
                                <div class="field"><dt>{i18n.t("profile-email")}</dt><dd><a href=mail>{m.email.clone()}</a></dd></div>
                                {m.phone.clone().map(|p| {
                                    view! { <div class="field"><dt>{i18n.t("help-phone")}</dt><dd><a href=p.tel>{p.shown}</a></dd></div> }
                                })}
                            </dl>
                        }
                        .into_any()
                    }
                    None => view! { <p>{i18n.t("help-no-csm")}</p> }.into_any(),
                }}
            </section>
            <section class="card" aria-labelledby="desk-heading">
                <h2 id="desk-heading">{i18n.t("help-service-desk")}</h2>
                <p class="muted">{i18n.t("help-service-desk-intro")}</p>
                <dl class="fields">
                    <div class="field"><dt>{i18n.t("profile-email")}</dt><dd><a href=desk_mail>{info.service_desk_email.clone()}</a></dd></div>
                    <div class="field"><dt>{i18n.t("help-phone")}</dt><dd><a href=desk.tel>{desk.shown}</a></dd></div>
                </dl>
            </section>
            <section class="card" aria-labelledby="chat-heading">
                <h2 id="chat-heading">{i18n.t("help-chat")}</h2>
                <p class="muted">{i18n.t("help-chat-intro")}</p>
                <a class="button primary" href=info.chat_url.clone() rel="external noopener" target="_blank">{i18n.t("help-open-chat")}</a>
            </section>
        </div>
    }
}

/// What permission groups are and what they grant, in the manual's words. Plain text: it reads
/// the same signed in or not.
#[component]
pub fn PermissionGroupsHelpPage() -> impl IntoView {
    let i18n = use_i18n();
    let portal = ["users-permissions", "view-activity", "view-orders"];
    let applications = ["servicenow-user", "billing-tool", "m365-subscriptions", "reports"];
    view! {
        <section class="card" aria-labelledby="groups-help-heading">
            <h1 id="groups-help-heading">{i18n.t("help-groups-title")}</h1>
            <p>{i18n.t("help-groups-what")}</p>
            <p>{i18n.t("help-groups-who")}</p>
            <h2>{i18n.t("help-groups-grants")}</h2>
            <p>{i18n.t("help-groups-portal-roles")}</p>
            <ul>
                {portal.map(|r| {
                    let (name, what) = (format!("portal-role-{r}"), format!("help-groups-role-{r}"));
                    view! { <li><strong>{move || i18n.tr(&name)}</strong>": " {move || i18n.tr(&what)}</li> }
                }).collect_view()}
            </ul>
            <p>{i18n.t("help-groups-application-roles")}</p>
            <ul>
                {applications.map(|r| {
                    let name = format!("app-role-{r}");
                    view! { <li>{move || i18n.tr(&name)}</li> }
                }).collect_view()}
            </ul>
            <h2>{i18n.t("help-groups-kinds")}</h2>
            <p>{i18n.t("help-groups-kinds-body")}</p>
            <h2>{i18n.t("help-groups-yours")}</h2>
            <p>{i18n.t("help-groups-yours-body")}</p>
            <p><a href="/profile">{i18n.t("help-groups-back")}</a></p>
        </section>
    }
}
