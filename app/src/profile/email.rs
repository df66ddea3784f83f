//! The page the e-mail change link opens: one button confirms (opening the link alone changes
//! nothing, so mail scanners that follow links do no harm).

use super::ConfirmEmailChange;
use crate::form::{error_of, field_error, form_error, token_from_query, Submit};
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ConfirmEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ConfirmEmailChange>::new();
    let err = error_of(action.value());
    let token = token_from_query();
    let query = use_query_map();
    let confirmed = move || query.with(|q| q.get("confirmed").is_some());
    view! {
        <section class="card sign-in">
            <h1>{i18n.t("email-confirm-title")}</h1>
            <Show
                when=confirmed
                fallback=move || view! {
                    <p>{i18n.t("email-confirm-intro")}</p>
                    {form_error(err)}
                    {field_error(err, "email")}
                    <ActionForm action=action>
                        <input type="hidden" name="token" value=token />
                        <Submit pending=action.pending() label="email-confirm-submit" />
                    </ActionForm>
                }
            >
                <p class="notice" role="status">{i18n.t("email-confirm-done")}</p>
                <a class="text-link" href="/profile">{i18n.t("nav-my-profile")}</a>
            </Show>
        </section>
    }
}
