//! The Contracts tab of Users & Permissions: the service agreements and CSP contracts the
//! provider sent the organization, each with its document and what its signatories decided,
//! and whether the organization has the approved service agreement its tenant waits for.

use super::table::{refused, UsersTabs};
use crate::domain::{AgreementState, NoticeKind};
use crate::error::AppError;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A contract sent to the organization, as its administrators see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractLine {
    pub id: String,
    pub kind: NoticeKind,
    pub title: String,
    pub sent_at: i64,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    /// `approved` or `declined`, once a signatory decided.
    pub decision: Option<String>,
    pub decided_at: Option<i64>,
    /// The signatory who decided.
    pub decided_by: Option<String>,
    pub decline_reason: Option<String>,
    /// The Commercial Contacts with signing authority it was sent to.
    pub signatories: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractsView {
    pub agreement: AgreementState,
    /// Newest first.
    pub lines: Vec<ContractLine>,
}

/// The organization's contracts, for holders of Users & Permissions.
#[server(prefix = "/api/admin", endpoint = "org_contracts")]
pub async fn org_contracts() -> Result<ContractsView, AppError> {
    super::ssr::contracts::org_contracts().await
}

#[component]
pub fn ContractsPage() -> impl IntoView {
    let i18n = use_i18n();
    let view = Resource::new(|| (), |_| org_contracts());
    view! {
        <UsersTabs />
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match view.await {
                    Ok(v) => view! { <Contracts view=v /> }.into_any(),
                    Err(e) => refused(i18n, e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Contracts(view: ContractsView) -> impl IntoView {
    let i18n = use_i18n();
    let state = view.agreement.message_id();
    let col = move |id: &'static str| i18n.t(id);
    let empty = view.lines.is_empty();
    let lines = view.lines;
    view! {
        <p class=if view.agreement.approved() { "notice" } else { "alert" } role="note">{move || i18n.tr(&state)}</p>
        <section class="card" aria-labelledby="contracts-heading">
            <h2 id="contracts-heading">{i18n.t("users-tab-contracts")}</h2>
            <Show when=move || !empty fallback=move || view! { <p>{i18n.t("contracts-none")}</p> }>
                <table class="data">
                    <caption class="visually-hidden">{i18n.t("users-tab-contracts")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{col("contracts-col-contract")}</th>
                            <th scope="col">{col("contracts-col-sent")}</th>
                            <th scope="col">{col("contracts-col-state")}</th>
                            <th scope="col">{col("contracts-col-document")}</th>
                        </tr>
                    </thead>
                    <tbody>{lines.clone().into_iter().map(|c| view! { <Line c=c /> }).collect_view()}</tbody>
                </table>
            </Show>
        </section>
    }
}

#[component]
fn Line(c: ContractLine) -> impl IntoView {
    let i18n = use_i18n();
    let col = move |id: &'static str| i18n.t(id);
    let kind = c.kind.message_id();
    let sent_at = c.sent_at;
    let href = format!("/users/contracts/document?id={}", c.id);
    let file = format!("{} ({} KB)", c.file_name, (c.size + 1023) / 1024);
    let signatories = c.signatories.join(", ");
    let no_signatory = c.signatories.is_empty();
    let state = move || {
        let lang = i18n.get();
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("name", c.decided_by.clone().unwrap_or_default());
        args.set("date", c.decided_at.map(|t| crate::platform::format_timestamp(lang, t)).unwrap_or_default());
        args.set("reason", c.decline_reason.clone().unwrap_or_default());
        let id = match c.decision.as_deref() {
            Some("approved") => "contract-state-approved",
            Some("declined") => "contract-state-declined",
            _ => "contract-state-waiting",
        };
        crate::i18n::translate_args(lang, id, Some(&args))
    };
    view! {
        <tr>
            <td data-label=col("contracts-col-contract")>
                <div class="cell">
                    <strong>{c.title.clone()}</strong>
                    <span class="muted">{move || i18n.tr(&kind)}</span>
                </div>
            </td>
            <td data-label=col("contracts-col-sent")>
                <div class="cell">
                    <span>{move || crate::platform::format_timestamp(i18n.get(), sent_at)}</span>
                    <span class="muted">
                        {move || if no_signatory {
                            i18n.tr("contracts-no-signatory")
                        } else {
                            crate::i18n::translate_with(i18n.get(), "contracts-sent-to", "names", &signatories)
                        }}
                    </span>
                </div>
            </td>
            <td data-label=col("contracts-col-state")>
                <div class="cell">{state}</div>
            </td>
            <td data-label=col("contracts-col-document")>
                <div class="cell">
                    <a class="text-link" href=href target="_blank" rel="noopener external">{file}</a>
                    <span class="hint muted">{i18n.t("contract-fingerprint")} " " <code class="secret">{c.sha256.clone()}</code></span>
                </div>
            </td>
        </tr>
    }
}
