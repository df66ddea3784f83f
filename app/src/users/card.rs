//! A profile's page for administrators: details, contact types (a choice a rule forbids is
//! disabled with its reason), permission groups, the account (invitation, disable, enable),
//! deleting it (after a confirmation naming what is lost), and its recent activity.

use super::rules::{refusal, ContactType};
use super::table::{refused, UsersTabs};
use super::{get_profile_card, group_name, AccountAction, DeleteProfile, ProfileCard, SetContactTypes, SetGroups, UserStatus};
use super::add::GroupOption;
use super::edit::EditDetails;
use crate::avatar::{Avatar, AvatarStyle};
use crate::error::AppError;
use crate::form::{error_of, field_error, form_error, Submit};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ProfileCardPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = move || query.with(|q| q.get("id").unwrap_or_default());
    // Fetched again after each change the page makes (its forms redirect back here).
    let key = move || query.with(|q| (q.get("id"), q.get("done"), q.get("added")));
    let saves = RwSignal::new(0u32);
    let card = Resource::new(move || (key(), saves.get()), move |_| get_profile_card(id()));
    provide_context(saves);
    let refreshing = RwSignal::new(false);
    view! {
        <UsersTabs />
        <Show when=move || query.with(|q| q.get("added").is_some())>
            <p class="notice" role="status">{i18n.t("users-added")}</p>
        </Show>
        <div aria-busy=move || refreshing.get().then_some("true")>
        <Transition fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> } set_pending=refreshing.write_only()>
            {move || Suspend::new(async move {
                match card.await {
                    Ok(c) => view! { <Card card=c /> }.into_any(),
                    Err(AppError::Validation(_)) => view! { <p class="alert" role="alert">{i18n.t("error-not-found")}</p> }.into_any(),
                    Err(e) => refused(i18n, e),
                }
            })}
        </Transition>
        </div>
    }
}

/// Why a change to the whole profile was refused; when someone changed the profile since this
/// page showed it, with a link that shows the profile as it is now.
pub fn profile_refusal(err: Signal<Option<AppError>>, id: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/users/profile?id={id}");
    move || {
        err.get().and_then(|e| e.field_message("profile")).map(|m| {
            let reload = (m == "error-profile-conflict").then(|| view! { " " <a href=href.clone() rel="external">{i18n.t("users-reload-profile")}</a> });
            view! { <p class="alert" role="alert">{i18n.tr(&m)}{reload}</p> }
        })
    }
}

/// After a successful change, the card is asked again.
fn refresh_after<T: Send + Sync + 'static>(value: impl Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static) {
    let saves = expect_context::<RwSignal<u32>>();
    Effect::new(move |_| {
        if matches!(value.get(), Some(Ok(_))) {
            saves.update(|n| *n += 1);
        }
    });
}

#[component]
fn Card(card: ProfileCard) -> impl IntoView {
    let i18n = use_i18n();
    let r = card.row.clone();
    let status = r.status.map(|s| s.message_id());
    let not_set = move || i18n.tr("profile-not-set");
    let field = move |label: &'static str, value: Option<String>| {
        view! { <div class="field"><dt>{i18n.t(label)}</dt><dd>{value.unwrap_or_else(not_set)}</dd></div> }
    };
    let query = use_query_map();
    let editing = move || query.with(|q| q.get("edit").as_deref() == Some("details"));
    let edit_href = format!("/users/profile?id={}&edit=details", r.id);
    let edit_card = card.clone();
    let details = view! {
        <section class="card" aria-labelledby="card-heading">
            <div class="card-head">
                <h2 id="card-heading" class="person">
                    <Avatar style=AvatarStyle::parse(&r.avatar_style).unwrap_or_default() seed=r.avatar_seed initials=r.initials.clone() size="large" />
                    {r.name.clone()}
                </h2>
                {move || status.as_ref().map(|s| view! { <span class="badge">{i18n.tr(s)}</span> })}
                <Show when=move || !editing()>
                    <a class="button secondary" href=edit_href.clone()>{i18n.t("profile-edit")}</a>
                </Show>
            </div>
            <Show when=editing>
                <EditDetails card=edit_card.clone() />
            </Show>
            <dl class="fields" class:visually-hidden=editing>
                {field("add-email", Some(r.email.clone()))}
                {field("profile-job-title", card.job_title.clone())}
                {field("profile-department", card.department.clone())}
                {field("add-phone", card.contact_phone.clone())}
                {field("add-email-language", Some(card.email_language.native_name().to_string()))}
            </dl>
        </section>
    }
    .into_any();
    let types = view! { <ContactTypes card=card.clone() /> }.into_any();
    let groups = r.is_user.then(|| view! { <Groups card=card.clone() /> }.into_any());
    let account = view! { <Account card=card.clone() /> }.into_any();
    let activity = card.activity.clone();
    view! {
        {details}
        {types}
        {groups}
        {account}
        <section class="card" aria-labelledby="recent-heading">
            <h2 id="recent-heading">{i18n.t("users-recent-activity")}</h2>
            <ul class="recent">
                {activity.into_iter().map(|(when, email, kind, detail)| {
                    let text = move || crate::i18n::activity_text(i18n.get(), &kind, detail.as_deref());
                    view! { <li><span class="muted">{when}</span>" " {text} <span class="muted">" · "{email}</span></li> }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ContactTypes(card: ProfileCard) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetContactTypes>::new();
    refresh_after(action.value());
    let err = error_of(action.value());
    let facts = card.facts;
    let held = card.row.contact_types.clone();
    let signing = card.signing_authority.clone();
    view! {
        <section class="card" aria-labelledby="types-heading">
            <h2 id="types-heading">{i18n.t("users-col-contact-types")}</h2>
            {form_error(err)}
            {profile_refusal(err, card.row.id.clone())}
            <ActionForm action=action>
                <input type="hidden" name="id" value=card.row.id.clone() />
                <input type="hidden" name="version" value=card.version />
                <fieldset class="choice-group">
                    <legend class="visually-hidden">{i18n.t("users-col-contact-types")}</legend>
                    {ContactType::ALL.map(|t| {
                        let id = format!("type-{}", t.code());
                        let has = held.contains(&t);
                        // Signing authority may be confirmed in this same form: Commercial stays open.
                        let reason = refusal(t, &super::rules::Facts { signing_authority: true, ..facts }).filter(|_| !has);
                        let reason_id = format!("{id}-reason");
                        let desc = format!("{id}-desc");
                        // Closed, the reason says it all (the rule again, for this person).
                        let described = if reason.is_some() { reason_id.clone() } else { desc.clone() };
                        view! {
                            <div class="check-row">
                                <input type="checkbox" id=id.clone() name="contact_types[]" value=t.code() checked=has disabled=reason.is_some()
                                    aria-describedby=described />
                                <label for=id><strong>{move || i18n.tr(&t.message_id())}</strong></label>
                                <p class="hint muted" id=desc>{move || i18n.tr(&format!("{}-rule", t.message_id()))}</p>
                                {reason.map(|why| view! { <p class="hint" id=reason_id>{move || i18n.tr(why)}</p> })}
                            </div>
                        }
                    }).collect_view()}
                    <div class="check-row">
                        <input type="checkbox" id="signing_authority" name="signing_authority" value="yes" checked=signing.is_some() aria-describedby="signing_authority-desc" />
                        <label for="signing_authority"><strong>{i18n.t("add-signing-authority")}</strong></label>
                        <p class="hint muted" id="signing_authority-desc">{move || match &signing {
                            Some((by, on)) => crate::i18n::translate_args(i18n.get(), "users-signing-confirmed", Some(&crate::i18n::args(&[("name", by), ("date", on)]))),
                            None => i18n.tr("add-signing-authority-hint"),
                        }}</p>
                    </div>
                    {field_error(err, "contact_types")}
                </fieldset>
                <Submit pending=action.pending() label="users-save-types" busy="profile-saving" />
            </ActionForm>
        </section>
    }
}

#[component]
fn Groups(card: ProfileCard) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetGroups>::new();
    refresh_after(action.value());
    let err = error_of(action.value());
    let member: Vec<String> = card.row.groups.iter().map(|g| g.id.clone()).collect();
    let names = card.row.groups.clone();
    view! {
        <section class="card" aria-labelledby="groups-heading">
            <h2 id="groups-heading">{i18n.t("users-col-groups")}</h2>
            <p class="muted">{move || names.iter().map(|g| group_name(i18n, g)).collect::<Vec<_>>().join(", ")}</p>
            {form_error(err)}
            {profile_refusal(err, card.row.id.clone())}
            <ActionForm action=action>
                <input type="hidden" name="id" value=card.row.id.clone() />
                <input type="hidden" name="version" value=card.version />
                <fieldset class="choice-group">
                    <legend class="visually-hidden">{i18n.t("users-col-groups")}</legend>
                    {card.all_groups.clone().into_iter().map(|g| view! { <GroupOption group=g checked=member.clone() /> }).collect_view()}
                    {field_error(err, "groups")}
                </fieldset>
                <Submit pending=action.pending() label="users-save-groups" busy="profile-saving" />
            </ActionForm>
        </section>
    }
}

#[component]
fn Account(card: ProfileCard) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AccountAction>::new();
    refresh_after(action.value());
    let err = error_of(action.value());
    let delete = ServerAction::<DeleteProfile>::new();
    let delete_err = error_of(delete.value());
    let query = use_query_map();
    let confirming = move || query.with(|q| q.get("confirm").as_deref() == Some("delete"));
    let done = move || query.with(|q| q.get("done")).map(|d| format!("users-done-{d}"));
    let id = card.row.id.clone();
    let version = card.version;
    let actions: Vec<(&'static str, &'static str)> = match (card.row.is_user, card.row.status) {
        (false, _) if !card.row.distribution_list => vec![("make-user", "users-make-user")],
        (true, Some(UserStatus::Invited | UserStatus::InvitationExpired)) => vec![("resend", "users-resend"), ("disable", "users-disable")],
        (true, Some(UserStatus::Active)) => vec![("disable", "users-disable")],
        (true, Some(UserStatus::Disabled)) => vec![("enable", "users-enable")],
        _ => vec![],
    };
    let name = card.row.name.clone();
    let lost = {
        let groups = card.row.groups.len().to_string();
        let types = card.row.contact_types.len().to_string();
        move || crate::i18n::translate_args(i18n.get(), "users-delete-lost", Some(&crate::i18n::args(&[("name", &name), ("groups", &groups), ("types", &types)])))
    };
    let confirm_href = format!("/users/profile?id={id}&confirm=delete#account-heading");
    let delete_id = StoredValue::new(id.clone());
    let back_href = StoredValue::new(format!("/users/profile?id={id}"));
    view! {
        <section class="card" aria-labelledby="account-heading">
            <h2 id="account-heading">{i18n.t("users-account")}</h2>
            {move || done().map(|d| view! { <p class="notice" role="status">{i18n.tr(&d)}</p> })}
            {form_error(err)}
            {profile_refusal(err, id.clone())}
            <div class="button-row">
                {actions.into_iter().map(|(code, label)| {
                    let id = id.clone();
                    view! {
                        <ActionForm action=action>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="version" value=version />
                            <input type="hidden" name="action" value=code />
                            <Submit pending=action.pending() label=label class="secondary" />
                        </ActionForm>
                    }
                }).collect_view()}
                <Show when=move || !confirming()>
                    <a class="button danger" href=confirm_href.clone()>{i18n.t("users-delete")}</a>
                </Show>
            </div>
            <Show when=confirming>
                <div class="confirm-box" role="group" aria-labelledby="delete-heading">
                    <h3 id="delete-heading">{i18n.t("users-delete-title")}</h3>
                    <p>{lost.clone()}</p>
                    {form_error(delete_err)}
                    {profile_refusal(delete_err, delete_id.get_value())}
                    <ActionForm action=delete attr:class="form-actions">
                        <input type="hidden" name="id" value=delete_id.get_value() />
                        <input type="hidden" name="version" value=version />
                        <a class="button secondary" href=back_href.get_value()>{i18n.t("profile-cancel")}</a>
                        <Submit pending=delete.pending() label="users-delete-confirm" class="danger" />
                    </ActionForm>
                </div>
            </Show>
        </section>
    }
}
