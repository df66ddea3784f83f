//! The Permission Groups tab: each group with what it grants and its number of members;
//! built-in groups carry a lock and the reason they cannot be changed.

use super::super::group_name;
use super::super::table::{refused, UsersTabs};
use super::{description_of, permission_groups, BuiltInMark, GroupsView};
use crate::i18n::{translate_count, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn GroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let view = Resource::new(move || query.with(|q| q.get("deleted")), |_| permission_groups());
    view! {
        <UsersTabs />
        <Show when=move || query.with(|q| q.get("deleted").is_some())>
            <p class="notice" role="status">{i18n.t("groups-deleted")}</p>
        </Show>
        <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
            {move || Suspend::new(async move {
                match view.await {
                    Ok(v) => view! { <Groups view=v /> }.into_any(),
                    Err(e) => refused(i18n, e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Groups(view: GroupsView) -> impl IntoView {
    let i18n = use_i18n();
    let col = move |id: &'static str| i18n.t(id);
    view! {
        <section class="card" aria-labelledby="groups-heading">
            <div class="card-head">
                <h2 id="groups-heading">{i18n.t("users-tab-groups")}</h2>
                <a class="button primary" href="/users/groups/new">{i18n.t("groups-add")}</a>
            </div>
            <p class="muted">{i18n.t("groups-intro")}</p>
            <table class="data">
                <caption class="visually-hidden">{i18n.t("users-tab-groups")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{col("groups-col-name")}</th>
                        <th scope="col">{col("groups-col-description")}</th>
                        <th scope="col">{col("groups-col-grants")}</th>
                        <th scope="col" class="count">{col("groups-col-members")}</th>
                    </tr>
                </thead>
                <tbody>
                    {view.groups.into_iter().map(|g| {
                        let href = format!("/users/groups/view?id={}", g.label.id);
                        let label = g.label.clone();
                        let grants = g.grants();
                        let members = g.members;
                        let built_in = g.label.built_in;
                        let summary = g.clone();
                        view! {
                            <tr>
                                <td data-label=col("groups-col-name")>
                                    <a href=href>{move || group_name(i18n, &label)}</a>
                                    {built_in.then(|| view! {
                                        <BuiltInMark />
                                        <p class="hint">{i18n.t("groups-built-in-reason")}</p>
                                    })}
                                </td>
                                <td data-label=col("groups-col-description")>{move || description_of(i18n, &summary)}</td>
                                <td data-label=col("groups-col-grants")>
                                    {move || {
                                        let g = grants.iter().map(|g| i18n.tr(g)).collect::<Vec<_>>().join(" · ");
                                        if g.is_empty() { i18n.tr("groups-grants-nothing") } else { g }
                                    }}
                                </td>
                                <td class="count" data-label=col("groups-col-members")>
                                    {move || translate_count(i18n.get(), "groups-member-count", members)}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
