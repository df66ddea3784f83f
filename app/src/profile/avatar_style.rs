//! "Customizing Your Profile": "Choose an Avatar Style" (the avatar as it shows everywhere, and
//! a choice of styles, each previewed live from the profile's own id) and "Change Multifactor
//! Authentication" (the security page's MFA change).

use super::{MyProfile, Saves, SetMyAvatar};
use crate::avatar::{Avatar, AvatarStyle};
use crate::form::{error_of, field_error, form_error, Submit};
use crate::i18n::{translate_with, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn initials(p: &MyProfile) -> String {
    p.first_name.chars().take(1).chain(p.last_name.chars().take(1)).flat_map(char::to_uppercase).collect()
}

#[component]
pub fn AvatarCard(profile: MyProfile) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let editing = move || query.with(|q| q.get("edit").as_deref() == Some("avatar"));
    let saved = move || query.with(|q| q.get("saved").as_deref() == Some("avatar"));
    let action = ServerAction::<SetMyAvatar>::new();
    expect_context::<Saves>().after(action.value());
    let err = error_of(action.value());
    let current = AvatarStyle::parse(&profile.avatar_style).unwrap_or_default();
    let seed = profile.avatar_seed;
    let letters = StoredValue::new(initials(&profile));
    let chosen = RwSignal::new(current);
    view! {
        <section class="card" aria-labelledby="avatar-heading">
            <div class="card-head">
                <h2 id="avatar-heading">{i18n.t("profile-customize")}</h2>
            </div>
            <Show when=move || !editing()>
                <p class="muted">{i18n.t("profile-customize-intro")}</p>
                <div class="button-row">
                    <a class="button secondary" href="/profile?edit=avatar#avatar-heading">{i18n.t("avatar-choose")}</a>
                    <a class="button secondary" href="/profile/security#edit-mfa">{i18n.t("profile-change-mfa")}</a>
                </div>
            </Show>
            <Show when=saved>
                <p class="notice" role="status">{i18n.t("avatar-saved")}</p>
            </Show>
            <Show
                when=editing
                fallback=move || view! {
                    <div class="avatar-current">
                        <Avatar style=current seed=seed initials=letters.get_value() size="large" />
                        <p>{move || translate_with(i18n.get(), "avatar-current", "style", &i18n.tr(current.message_id()))}</p>
                    </div>
                }
            >
                <p class="muted">{i18n.t("avatar-intro")}</p>
                {form_error(err)}
                <ActionForm action=action attr:class="avatar-form">
                    <div class="avatar-preview" aria-live="polite">
                        {move || {
                            let style = chosen.get();
                            view! {
                                <Avatar style=style seed=seed initials=letters.get_value() size="large" />
                                <p>{move || translate_with(i18n.get(), "avatar-current", "style", &i18n.tr(style.message_id()))}</p>
                            }
                        }}
                    </div>
                    <fieldset class="avatar-choices">
                        <legend>{i18n.t("avatar-choose")}</legend>
                        {AvatarStyle::ALL
                            .into_iter()
                            .map(|style| {
                                let id = format!("avatar-{}", style.code());
                                view! {
                                    <div class="avatar-choice">
                                        <input
                                            type="radio"
                                            id=id.clone()
                                            name="style"
                                            value=style.code()
                                            checked=style == current
                                            on:change=move |_| chosen.set(style)
                                        />
                                        <label for=id>
                                            <Avatar style=style seed=seed initials=letters.get_value() />
                                            <span>{move || i18n.tr(style.message_id())}</span>
                                        </label>
                                    </div>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    {field_error(err, "style")}
                    <div class="form-actions">
                        <Submit pending=action.pending() label="avatar-save" busy="profile-saving" />
                        <a class="button secondary" href="/profile#avatar-heading">{i18n.t("profile-cancel")}</a>
                    </div>
                </ActionForm>
            </Show>
        </section>
    }
}
