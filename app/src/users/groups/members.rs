//! "Manage users" of a group: a picker over the organization's users (not contacts), searched as
//! one types, where several are added and removed; then a review of who is added and who is
//! removed, and "Confirm".
//!
//! Once the page is live the picker is a listbox (arrows, Home, End, Space); before that, and
//! without JavaScript, the same choice is two lists of checkboxes and a search form. Both send
//! the choice to the review through the URL (`add`, `remove`).

use super::super::group_name;
use super::super::table::{refused, UsersTabs};
use super::form::ImpactTable;
use super::view::PeopleList;
use super::{group_candidates, id_list, permission_group, preview_members, review_again_on_conflict, Candidate, GroupDetail, MembersPreview, Person, SetGroupMembers};
use crate::error::AppError;
use crate::form::{error_of, field_error, form_error, Address, Submit};
use crate::i18n::{translate_count, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// `add`/`remove` of the URL: comma lists (the live picker) or repeated (the plain form).
fn ids_of(q: &leptos_router::params::ParamsMap, key: &str) -> Vec<String> {
    q.get_all(key).unwrap_or_default().iter().flat_map(|v| id_list(v)).collect()
}

#[component]
pub fn ManageUsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = move || query.with(|q| q.get("id").unwrap_or_default());
    let reviewing = move || query.with(|q| q.get("step").as_deref() == Some("review"));
    let chosen = move || query.with(|q| (ids_of(q, "add"), ids_of(q, "remove")));
    let tries = RwSignal::new(0u32);
    let detail = Resource::new(id, permission_group);
    // The review, or (back from it) the people already chosen.
    let preview = Resource::new(
        move || (id(), chosen(), reviewing(), tries.get()),
        |(id, (add, remove), reviewing, _)| async move {
            if add.is_empty() && remove.is_empty() && !reviewing {
                return Ok(None);
            }
            preview_members(id, add, remove).await.map(Some)
        },
    );
    let save = ServerAction::<SetGroupMembers>::new();
    review_again_on_conflict(save.value(), tries);
    let back = move || format!("/users/groups/view?id={}&tab=users", id());
    view! {
        <UsersTabs />
        <p><a class="text-link" href=back>{i18n.t("groups-back-to-group")}</a></p>
        <section class="card" aria-labelledby="manage-heading">
            <Suspense fallback=move || view! { <p class="muted">{i18n.t("page-loading")}</p> }>
                {move || Suspend::new(async move {
                    let (d, p) = (detail.await, preview.await);
                    let d = match d {
                        Ok(d) => d,
                        Err(AppError::Validation(_)) => return view! { <p class="alert" role="alert">{i18n.t("error-not-found")}</p> }.into_any(),
                        Err(e) => return refused(i18n, e),
                    };
                    let label = d.group.label.clone();
                    let body = match (reviewing(), p) {
                        (true, Ok(Some(p))) => view! { <Review preview=p save=save /> }.into_any(),
                        (_, Ok(p)) => view! { <Picker detail=d chosen=p err=None /> }.into_any(),
                        (_, Err(e @ AppError::Validation(_))) => view! { <Picker detail=d chosen=None err=Some(e) /> }.into_any(),
                        (_, Err(e)) => refused(i18n, e),
                    };
                    view! {
                        <h2 id="manage-heading">{i18n.t("groups-manage-users")}": "{move || group_name(i18n, &label)}</h2>
                        <ol class="steps">
                            <li aria-current=move || (!reviewing()).then_some("step") class:current=move || !reviewing()>{i18n.t("groups-step-choose")}</li>
                            <li aria-current=move || reviewing().then_some("step") class:current=reviewing>{i18n.t("add-step-review")}</li>
                        </ol>
                        {body}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// The choice so far: people to add and to remove.
#[derive(Clone, Copy)]
struct Choice {
    added: RwSignal<Vec<Person>>,
    removed: RwSignal<Vec<Person>>,
}

impl Choice {
    fn selected(self, c: &Candidate) -> bool {
        let id = &c.person.id;
        if c.member { !self.removed.with(|r| r.iter().any(|p| p.id == *id)) } else { self.added.with(|a| a.iter().any(|p| p.id == *id)) }
    }

    fn toggle(self, c: &Candidate) {
        let list = if c.member { self.removed } else { self.added };
        list.update(|l| {
            if let Some(at) = l.iter().position(|p| p.id == c.person.id) {
                l.remove(at);
            } else {
                l.push(c.person.clone());
            }
        });
    }

    fn href(self, group: &str) -> String {
        let ids = |s: RwSignal<Vec<Person>>| s.with(|l| l.iter().map(|p| p.id.clone()).collect::<Vec<_>>().join(","));
        format!("/users/groups/manage?id={group}&step=review&add={}&remove={}", ids(self.added), ids(self.removed))
    }
}

#[component]
fn Picker(detail: GroupDetail, chosen: Option<MembersPreview>, err: Option<AppError>) -> impl IntoView {
    let query = use_query_map();
    let group = detail.group.label.id.clone();
    let q = query.with_untracked(|p| p.get("q").unwrap_or_default());
    let g = group.clone();
    let searched = q.clone();
    // The plain picker's offer, rendered on the server (the live one searches by itself).
    let candidates = Resource::new(|| (), move |_| group_candidates(g.clone(), searched.clone()));
    let (added, removed) = chosen.map(|c| (c.added, c.removed)).unwrap_or_default();
    let choice = Choice { added: RwSignal::new(added), removed: RwSignal::new(removed) };
    let live = RwSignal::new(false);
    let typed = RwSignal::new(q.clone());
    let members = detail.members.clone();
    let known = members.clone();
    // Going live, the listbox takes over what was done in the plain form meanwhile: the search
    // typed, the boxes ticked (added to the choice: a list drawn in the browser may still be
    // on its way, and must not undo it), and the focus in the search field.
    Effect::new(move |_| {
        if let Some(text) = crate::browser::field_value("plain-search").filter(|t| !t.is_empty()) {
            typed.set(text);
        }
        if let Some(ids) = crate::browser::ticked("#plain-picker", "add") {
            let offered = candidates.get_untracked().and_then(Result::ok).unwrap_or_default();
            let more: Vec<Person> = offered.into_iter().filter(|c| !c.member && ids.contains(&c.person.id)).map(|c| c.person).collect();
            choice.added.update(|l| l.extend(more.into_iter().filter(|p| !l.iter().any(|q| q.id == p.id)).collect::<Vec<_>>()));
        }
        if let Some(ids) = crate::browser::ticked("#plain-picker", "remove") {
            let more: Vec<Person> = known.iter().filter(|p| ids.contains(&p.id)).cloned().collect();
            choice.removed.update(|l| l.extend(more.into_iter().filter(|p| !l.iter().any(|q| q.id == p.id)).collect::<Vec<_>>()));
        }
        let searching = crate::browser::has_focus("plain-search");
        live.set(true);
        if searching {
            crate::browser::after_next_frame(|| crate::browser::focus_field_at_end("picker-search"));
        }
    });
    let err = Signal::derive(move || err.clone());
    view! {
        {form_error(err)}
        {field_error(err, "members")}
        // Both are in the page from the start (so hydration finds what the server sent); which
        // one shows depends on whether the page is live.
        <div id="plain-picker" hidden=move || live.get()>
            <PlainPicker group=group.clone() members=members candidates=candidates choice=choice />
        </div>
        <div hidden=move || !live.get()>
            <LivePicker group=group q=typed choice=choice />
        </div>
    }
}

/// Without JavaScript: members to untick, a search, users to tick.
#[component]
fn PlainPicker(group: String, members: Vec<Person>, candidates: Resource<Result<Vec<Candidate>, AppError>>, choice: Choice) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = query.with_untracked(|p| p.get("q").unwrap_or_default());
    let removing: Vec<String> = choice.removed.with_untracked(|r| r.iter().map(|p| p.id.clone()).collect());
    let adding: Vec<String> = choice.added.with_untracked(|r| r.iter().map(|p| p.id.clone()).collect());
    let row = move |name: &'static str, p: Person, checked: bool| {
        let id = format!("{name}-{}", p.id);
        view! {
            <div class="check-row">
                <input type="checkbox" id=id.clone() name=name value=p.id.clone() checked=checked />
                <label for=id><strong>{p.name.clone()}</strong><span class="muted"><Address email=p.email.clone() /></span></label>
            </div>
        }
    };
    view! {
        <form method="GET" action="/users/groups/manage" class="filters" role="search">
            <input type="hidden" name="id" value=group.clone() />
            <div class="form-field">
                <label for="plain-search">{i18n.t("groups-search-users")}</label>
                <input id="plain-search" name="q" type="search" value=q maxlength="100" />
            </div>
            <button type="submit" class="secondary">{i18n.t("groups-search")}</button>
        </form>
        <form method="GET" action="/users/groups/manage" class="add-form">
            <input type="hidden" name="id" value=group />
            <input type="hidden" name="step" value="review" />
            <fieldset class="choice-group">
                <legend>{i18n.t("groups-tick-to-add")}</legend>
                <Suspense fallback=|| ()>
                    {move || {
                        let adding = adding.clone();
                        Suspend::new(async move {
                            candidates.await.map(|list| {
                                // Those chosen before (Back from the review) stay offered, ticked.
                                let chosen = choice.added.get_untracked();
                                let offered: Vec<Candidate> = chosen
                                    .into_iter()
                                    .map(|person| Candidate { person, member: false })
                                    .chain(list.into_iter().filter(|c| !c.member && !adding.contains(&c.person.id)))
                                    .collect();
                                if offered.is_empty() {
                                    view! { <p class="muted">{i18n.t("groups-no-candidates")}</p> }.into_any()
                                } else {
                                    offered.into_iter().map(|c| { let on = adding.contains(&c.person.id); row("add", c.person, on) }).collect_view().into_any()
                                }
                            })
                        })
                    }}
                </Suspense>
            </fieldset>
            <fieldset class="choice-group">
                <legend>{i18n.t("groups-tick-to-remove")}</legend>
                {if members.is_empty() {
                    view! { <p class="muted">{i18n.t("groups-no-members")}</p> }.into_any()
                } else {
                    members.into_iter().map(|p| { let on = removing.contains(&p.id); row("remove", p, on) }).collect_view().into_any()
                }}
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="primary">{i18n.t("form-next")}</button>
            </div>
        </form>
    }
}

/// With JavaScript: search as you type over a multi-select listbox.
#[component]
fn LivePicker(group: String, q: RwSignal<String>, choice: Choice) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let active = RwSignal::new(0usize);
    // Each search answers with what it searched, so a late answer to an older one is dropped.
    // (An action, not a resource: searching must not suspend the page around the field.)
    let g = group.clone();
    let search = Action::new(move |typed: &String| {
        let (g, typed) = (g.clone(), typed.clone());
        async move { (typed.clone(), group_candidates(g, typed).await) }
    });
    // The options as last answered (kept while the next answer is on its way).
    let shown = RwSignal::new(Vec::<Candidate>::new());
    let answered = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some((typed, Ok(list))) = search.value().get() {
            if typed == q.get_untracked() {
                shown.set(list);
                active.set(0);
                answered.set(true);
            }
        }
    });
    Effect::new(move |_| {
        search.dispatch(q.get());
    });
    let option_id = |c: &Candidate| format!("option-{}", c.person.id);
    let toggle_active = move || {
        if let Some(c) = shown.with(|l| l.get(active.get_untracked()).cloned()) {
            choice.toggle(&c);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = shown.with(Vec::len);
        if n == 0 {
            return;
        }
        let at = active.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowDown" => (at + 1).min(n - 1),
            "ArrowUp" => at.saturating_sub(1),
            "Home" => 0,
            "End" => n - 1,
            " " | "Enter" => {
                ev.prevent_default();
                toggle_active();
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        active.set(next);
        if let Some(c) = shown.with(|l| l.get(next).cloned()) {
            crate::browser::scroll_into_view(&option_id(&c));
        }
    };
    let summary = move |list: RwSignal<Vec<Person>>, id: &'static str| {
        move || {
            let names = list.with(|l| l.iter().map(|p| p.name.clone()).collect::<Vec<_>>().join(", "));
            view! { <p>{translate_count(i18n.get(), id, list.with(Vec::len) as i64)}" "<span class="muted">{names}</span></p> }
        }
    };
    let unchanged = move || choice.added.with(Vec::is_empty) && choice.removed.with(Vec::is_empty);
    let cancel = format!("/users/groups/view?id={group}&tab=users");
    view! {
        <div class="form-field">
            <label for="picker-search">{i18n.t("groups-search-users")}</label>
            <input id="picker-search" type="search" maxlength="100" aria-controls="picker-list" prop:value=move || q.get()
                on:input=move |ev| q.set(event_target_value(&ev)) />
            <p class="hint">{i18n.t("groups-picker-hint")}</p>
        </div>
        <p id="picker-label" class="visually-hidden">{i18n.t("groups-picker-label")}</p>
        <ul id="picker-list" class="picker" role="listbox" aria-multiselectable="true" aria-labelledby="picker-label" tabindex="0"
            aria-activedescendant=move || shown.with(|l| l.get(active.get()).map(option_id)) on:keydown=on_key>
            {move || shown.get().into_iter().enumerate().map(|(i, c)| {
                let id = option_id(&c);
                let member = c.member;
                let cand = c.clone();
                let cand2 = c.clone();
                view! {
                    <li role="option" id=id class:active=move || active.get() == i aria-selected=move || choice.selected(&cand).to_string()
                        on:click=move |_| { active.set(i); choice.toggle(&cand2); }>
                        <span class="option-name">{c.person.name.clone()}</span>
                        <span class="muted"><Address email=c.person.email.clone() /></span>
                        {member.then(|| view! { <span class="badge">{i18n.t("groups-in-group")}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {move || (shown.with(Vec::is_empty) && answered.get()).then(|| view! { <p class="muted">{i18n.t("groups-no-candidates")}</p> })}
        <div class="picker-summary" aria-live="polite">
            {summary(choice.added, "groups-to-add")}
            {summary(choice.removed, "groups-to-remove")}
        </div>
        <div class="form-actions">
            <button type="button" class="primary" disabled=unchanged on:click=move |_| navigate(&choice.href(&group), Default::default())>{i18n.t("form-next")}</button>
            <a class="button secondary" href=cancel>{i18n.t("profile-cancel")}</a>
        </div>
    }
}

#[component]
fn Review(preview: MembersPreview, save: ServerAction<SetGroupMembers>) -> impl IntoView {
    let i18n = use_i18n();
    let err = error_of(save.value());
    let id = preview.group.label.id.clone();
    let ids = |l: &[Person]| l.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    let (add, remove) = (ids(&preview.added), ids(&preview.removed));
    let back = format!("/users/groups/manage?id={id}&add={}&remove={}", add.join(","), remove.join(","));
    let (n_add, n_remove) = (preview.added.len() as i64, preview.removed.len() as i64);
    let refused = preview.refused.clone();
    let blocked = refused.is_some();
    view! {
        <p class="muted">{i18n.t("groups-members-review")}</p>
        {form_error(err)}
        {field_error(err, "group")}
        {field_error(err, "members")}
        {refused.clone().map(|why| view! { <p class="alert" role="alert">{move || i18n.tr(&why)}</p> })}
        <h3>{move || translate_count(i18n.get(), "groups-to-add", n_add)}</h3>
        <PeopleList people=preview.added.clone() empty="groups-nobody" />
        <h3>{move || translate_count(i18n.get(), "groups-to-remove", n_remove)}</h3>
        <PeopleList people=preview.removed.clone() empty="groups-nobody" />
        <h3>{i18n.t("groups-impact")}</h3>
        <ImpactTable impact=preview.impact.clone() />
        <ActionForm action=save attr:class="form-actions">
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=preview.group.version.to_string() />
            {add.into_iter().map(|a| view! { <input type="hidden" name="add[]" value=a /> }).collect_view()}
            {remove.into_iter().map(|r| view! { <input type="hidden" name="remove[]" value=r /> }).collect_view()}
            <a class="button secondary" href=back>{i18n.t("form-back")}</a>
            <Submit pending=save.pending() label="form-confirm" busy="profile-saving" blocked=Signal::stored(blocked) />
        </ActionForm>
    }
}
