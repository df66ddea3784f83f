//! The provider's notices, routed by the portal to each organization's contacts by type, and the
//! page where a contact (who never signs in) acknowledges a security incident or a data breach
//! through the link in its e-mail.

pub use crate::domain::{NoticeKind, Route};

use crate::error::AppError;
use crate::form::{error_of, form_error, token_from_query};
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
