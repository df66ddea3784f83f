//! The provider's notices, routed by the portal to each organization's contacts by type, and the
//! page where a contact (who never signs in) acknowledges a security incident or a data breach
//! through the link in its e-mail.

pub use crate::domain::{NoticeKind, Route};

use crate::error::AppError;
use crate::form::{error_of, field_error, form_error, token_from_query};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod ssr;

/// A notice as its acknowledgement link shows it to its recipient.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkedNotice {
    pub kind: NoticeKind,
    pub subject: String,
    pub body: String,
    pub organization: String,
    pub name: String,
    /// The contact type it reached them as (`dpo`, …), or `administrator`.
    pub reached_as: String,
    pub sent_at: i64,
}

/// A contract as its signatory's link shows it: the document is at `/contracts/document`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinkedContract {
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    pub organization: String,
    pub name: String,
    pub sent_at: i64,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
}

/// The contract behind a signatory's link.
#[server(prefix = "/api/public/unlimited", endpoint = "contract_by_link")]
pub async fn contract_by_link(token: String) -> Result<LinkedContract, AppError> {
    ssr::contract_by_link(token).await
}

/// Approves (`decision=approve`, with the signatory's full name typed) or declines
/// (`decision=decline`, with a reason) a contract; the first decision stands.
#[server(prefix = "/api/public", endpoint = "decide_contract")]
pub async fn decide_contract(
    token: String,
    decision: String,
    #[server(default)] full_name: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    ssr::decide_contract(token, decision, full_name, reason).await
}

/// The notice behind a link. Guesses nothing worth limiting (256-bit tokens).
#[server(prefix = "/api/public/unlimited", endpoint = "notice_by_link")]
pub async fn notice_by_link(token: String) -> Result<LinkedNotice, AppError> {
    ssr::notice_by_link(token).await
}

/// Acknowledges the notice; the link is spent.
#[server(prefix = "/api/public", endpoint = "acknowledge_notice")]
pub async fn acknowledge_notice(token: String) -> Result<(), AppError> {
    ssr::acknowledge_notice(token).await
}

/// `/notices/acknowledge?token=…`: the notice, and the button that acknowledges it.
#[component]
pub fn AcknowledgePage() -> impl IntoView {
    let i18n = use_i18n();
    let token = token_from_query();
    let query = leptos_router::hooks::use_query_map();
    let done_by_form = move || query.with(|q| q.get("acknowledged").is_some());
    let action = ServerAction::<AcknowledgeNotice>::new();
    let done = move || done_by_form() || matches!(action.value().get(), Some(Ok(())));
    let notice = Resource::new(move || token.get(), notice_by_link);
    let err = error_of(action.value());
    view! {
        <Show
            when=move || !done()
            fallback=move || view! {
                <section class="card sign-in" role="status">
                    <h1>{i18n.t("notice-acknowledged-title")}</h1>
                    <p>{i18n.t("notice-acknowledged-body")}</p>
                </section>
            }
        >
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
                {move || Suspend::new(async move {
                    match notice.await {
                        Ok(n) => view! { <Notice n=n token=token action=action err=err /> }.into_any(),
                        Err(_) => view! {
                            <section class="card sign-in">
                                <h1>{i18n.t("notice-link-invalid-title")}</h1>
                                <p>{i18n.t("notice-link-invalid-body")}</p>
                            </section>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Show>
    }
}

#[component]
fn Notice(n: LinkedNotice, token: Signal<String>, action: ServerAction<AcknowledgeNotice>, err: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = n.kind.message_id();
    let role = match crate::domain::ContactType::parse(&n.reached_as) {
        Some(t) => t.message_id(),
        None => "notice-as-administrator".to_string(),
    };
    let sent_at = n.sent_at;
    let organization = n.organization.clone();
    let intro = move || {
        let lang = i18n.get();
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("organization", organization.clone());
        args.set("date", crate::platform::format_timestamp(lang, sent_at));
        args.set("role", crate::i18n::translate(lang, &role));
        crate::i18n::translate_args(lang, "notice-page-intro", Some(&args))
    };
    let pending = action.pending();
    view! {
        <section class="card notice">
            <h1>{i18n.t("notice-page-title")}</h1>
            <p class="notice-kind">{move || i18n.tr(&kind)}</p>
            <h2>{n.subject.clone()}</h2>
            <p class="muted">{intro}</p>
            <div class="notice-body">
                {n.body.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
            </div>
            {form_error(err)}
            <ActionForm action=action>
                <input type="hidden" name="token" value=move || token.get() />
                <p>{move || crate::i18n::translate_with(i18n.get(), "notice-page-confirm", "name", &n.name)}</p>
                <button type="submit" class="primary" aria-busy=move || pending.get().to_string()>
                    {i18n.t("notice-acknowledge")}
                </button>
            </ActionForm>
        </section>
    }
}

/// `/contracts/review?token=…`: the contract, its document, and the two decisions.
#[component]
pub fn ContractPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = token_from_query();
    let query = leptos_router::hooks::use_query_map();
    let approve = ServerAction::<DecideContract>::new();
    let decline = ServerAction::<DecideContract>::new();
    let decided = move || {
        if matches!(approve.value().get(), Some(Ok(()))) {
            return Some("contract-approved-body");
        }
        if matches!(decline.value().get(), Some(Ok(()))) {
            return Some("contract-declined-body");
        }
        match query.with(|q| q.get("decided")).as_deref() {
            Some("approved") => Some("contract-approved-body"),
            Some("declined") => Some("contract-declined-body"),
            _ => None,
        }
    };
    let contract = Resource::new(move || token.get(), contract_by_link);
    view! {
        <Show
            when=move || decided().is_none()
            fallback=move || view! {
                <section class="card sign-in" role="status">
                    <h1>{i18n.t("notice-acknowledged-title")}</h1>
                    <p>{move || decided().map(|id| i18n.tr(id))}</p>
                </section>
            }
        >
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
                {move || Suspend::new(async move {
                    match contract.await {
                        Ok(c) => view! { <Contract c=c token=token approve=approve decline=decline /> }.into_any(),
                        Err(_) => view! {
                            <section class="card sign-in">
                                <h1>{i18n.t("notice-link-invalid-title")}</h1>
                                <p>{i18n.t("contract-link-invalid-body")}</p>
                            </section>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Show>
    }
}

#[component]
fn Contract(c: LinkedContract, token: Signal<String>, approve: ServerAction<DecideContract>, decline: ServerAction<DecideContract>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = c.kind.message_id();
    let (organization, sent_at) = (c.organization.clone(), c.sent_at);
    let intro = move || {
        let lang = i18n.get();
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("organization", organization.clone());
        args.set("date", crate::platform::format_timestamp(lang, sent_at));
        crate::i18n::translate_args(lang, "contract-page-intro", Some(&args))
    };
    let document = format!("/contracts/document?token={}", token.get_untracked());
    let kb = (c.size + 1023) / 1024;
    let file = format!("{} ({kb} KB)", c.file_name);
    let name = c.name.clone();
    let approve_err = error_of(approve.value());
    let decline_err = error_of(decline.value());
    let (approving, declining) = (approve.pending(), decline.pending());
    view! {
        <section class="card notice">
            <h1>{i18n.t("contract-page-title")}</h1>
            <p class="notice-kind">{move || i18n.tr(&kind)}</p>
            <h2>{c.title.clone()}</h2>
            <p class="muted">{intro}</p>
            <div class="notice-body">
                {c.body.split("\n\n").map(|p| view! { <p>{p.to_string()}</p> }).collect_view()}
            </div>
            <p>
                <a class="text-link" href=document target="_blank" rel="noopener external">{i18n.t("contract-open-document")}</a>
                " " {file}
            </p>
            <p class="hint muted">{i18n.t("contract-fingerprint")} " " <code class="secret">{c.sha256.clone()}</code></p>

            <h2>{i18n.t("contract-approve-heading")}</h2>
            {field_error(approve_err, "decision")}
            {form_error(approve_err)}
            <ActionForm action=approve>
                <input type="hidden" name="token" value=move || token.get() />
                <input type="hidden" name="decision" value="approve" />
                <label for="full_name">{i18n.t("contract-full-name")}</label>
                <p class="hint" id="full_name-hint">{move || crate::i18n::translate_with(i18n.get(), "contract-full-name-hint", "name", &name)}</p>
                <input id="full_name" name="full_name" type="text" autocomplete="name" required maxlength="200"
                    aria-describedby=move || if approve_err.get().and_then(|e| e.field_message("full_name")).is_some() { "full_name-hint full_name-error" } else { "full_name-hint" } />
                {field_error(approve_err, "full_name")}
                <button type="submit" class="primary" aria-busy=move || approving.get().to_string()>{i18n.t("contract-approve")}</button>
            </ActionForm>

            <h2>{i18n.t("contract-decline-heading")}</h2>
            {field_error(decline_err, "decision")}
            {form_error(decline_err)}
            <ActionForm action=decline>
                <input type="hidden" name="token" value=move || token.get() />
                <input type="hidden" name="decision" value="decline" />
                <label for="reason">{i18n.t("contract-decline-reason")}</label>
                <textarea id="reason" name="reason" rows="3" maxlength="2000" required
                    aria-describedby=move || if decline_err.get().and_then(|e| e.field_message("reason")).is_some() { Some("reason-error") } else { None }></textarea>
                {field_error(decline_err, "reason")}
                <button type="submit" class="secondary" aria-busy=move || declining.get().to_string()>{i18n.t("contract-decline")}</button>
            </ActionForm>
        </section>
    }
}
