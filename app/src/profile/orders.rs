//! The Orders tab: orders placed in the portal, newest first, "Show older" by keyset.

use super::{my_orders, OrdersView};
use crate::error::AppError;
use crate::i18n::use_i18n;
use crate::form::Pager;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

const COLUMNS: [&str; 8] = [
    "orders-customer-flow",
    "orders-type",
    "orders-domain",
    "orders-ordered-by",
    "orders-date",
    "orders-resource",
    "orders-action",
    "orders-quantity",
];

#[component]
pub fn OrdersTab() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = Resource::new(move || query.with(|q| q.get("before")), my_orders);
    view! {
        <p class="alert info" role="alert">{i18n.t("orders-alert")}</p>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(v) => view! { <OrderList view=v /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(e) => view! { <p class="alert" role="alert">{i18n.tr(e.message_id())}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderList(view: OrdersView) -> impl IntoView {
    let i18n = use_i18n();
    let scope = if view.all_of_organization { "orders-scope-organization" } else { "orders-scope-own" };
    let empty = view.lines.is_empty();
    let lines = view.lines.clone();
    let older = view.older.clone().map(|c| format!("/profile/orders?before={c}"));
    let newest = view.paged.then(|| "/profile/orders".to_string());
    view! {
        <section class="card" aria-labelledby="orders-heading">
            <h2 id="orders-heading">{i18n.t("orders-title")}</h2>
            <p class="muted">{i18n.t(scope)}</p>
            <Show when=move || !empty fallback=move || view! { <p>{i18n.t("orders-empty")}</p> }>
                <table class="data">
                    <caption class="visually-hidden">{i18n.t("orders-title")}</caption>
                    <thead>
                        <tr>{COLUMNS.map(|c| view! { <th scope="col">{i18n.t(c)}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {lines
                            .clone()
                            .into_iter()
                            .map(|o| {
                                let cells = [o.customer_flow, o.order_type, o.domain, o.ordered_by, o.date, o.resource, o.action, o.quantity.to_string()];
                                view! {
                                    <tr>
                                        {cells
                                            .into_iter()
                                            .zip(COLUMNS)
                                            .map(|(value, label)| view! { <td data-label=i18n.t(label)>{value}</td> })
                                            .collect_view()}
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </Show>
            <Pager newest=newest older=older />
        </section>
    }
}
