//! The page frame: header with brand, navigation, language switch and the user menu; who is
//! signed in, signing out, the saved portal language.

use crate::avatar::{Avatar, AvatarStyle};
use crate::browser;
use crate::error::AppError;
use crate::i18n::{brand, use_i18n, Lang};
use crate::platform::{SessionUser, SignedIn};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

#[cfg(feature = "ssr")]
mod ssr;

/// Ends the caller's session.
#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    ssr::logout().await
}

/// The signed-in person, for the page frame.
#[server(endpoint = "me")]
pub async fn current_user() -> Result<SessionUser, AppError> {
    ssr::current_user()
}

/// Saves the portal language of the signed-in person.
#[server(endpoint = "portal_language")]
pub async fn save_portal_language(lang: String) -> Result<(), AppError> {
    ssr::save_portal_language(lang).await
}

/// The pages of the steps before someone is signed in.
const SIGNED_OUT_PAGES: [&str; 6] = ["/login", "/login/code", "/activate", "/mfa/setup", "/forgot-password", "/reset-password"];

/// Who is signed in, asked once for the whole frame and provided to every page (the header's
/// navigation, the tabs a person's roles open): again on every navigation, since signing in and
/// out both end in one, and whenever the person's name or avatar changes.
#[component]
pub fn SignedInProvider(children: Children) -> impl IntoView {
    let location = use_location();
    let frame = use_context::<crate::platform::FrameVersion>().map(|v| v.0);
    // The pages before sign-in is complete know nobody is signed in: they ask nothing.
    let fetch = |(path, _): (String, Option<u32>)| async move {
        if SIGNED_OUT_PAGES.contains(&path.as_str()) { Err(AppError::Unauthorized) } else { current_user().await }
    };
    provide_context(SignedIn(Resource::new(move || (location.pathname.get(), frame.map(|v| v.get())), fetch)));
    children()
}

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let Some(SignedIn(user)) = use_context::<SignedIn>() else {
        return ().into_any();
    };
    // Whoever signs in gets their own portal language, in place, as the server would render it,
    // unless they chose one on this page meanwhile (the answer may predate its saving).
    let last_user = StoredValue::new(None::<String>);
    Effect::new(move |_| match user.get() {
        Some(Ok(u)) if last_user.with_value(|l| l.as_deref() != Some(u.email.as_str())) => {
            last_user.set_value(Some(u.email.clone()));
            if !i18n.chosen.get_untracked() && i18n.lang.get_untracked() != u.portal_language {
                i18n.switch(u.portal_language);
            }
        }
        Some(Err(_)) => {
            last_user.set_value(None);
            i18n.chosen.set(false);
        }
        _ => {}
    });
    view! {
        <header class="site-header">
            // Without the WASM the browser follows `#main`; once the router takes the page's
            // clicks, the link moves the focus there itself.
            <a class="skip-link" href="#main" on:click=move |ev| {
                if browser::focus_first("#main") {
                    ev.prevent_default();
                }
            }>{i18n.t("nav-skip")}</a>
            <a class="brand" href="/profile">
                <span class="brand-mark" aria-hidden="true">{brand().chars().next().unwrap_or('A')}</span>
                <span class="brand-name">{i18n.t("app-title")}</span>
            </a>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    user.await.ok().map(|u| {
                        let users = u.users_permissions_href();
                        view! {
                            <nav class="main-nav" aria-label=i18n.t("nav-main")>
                                <A href="/profile">{i18n.t("nav-my-profile")}</A>
                                {users.map(|href| view! { <A href=href>{i18n.t("nav-users-permissions")}</A> })}
                            </nav>
                        }
                    })
                })}
            </Transition>
            <div class="header-right">
                <LangSwitch user=user />
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        user.await.ok().map(|u| view! { <UserMenu user=u /> })
                    })}
                </Transition>
            </div>
        </header>
    }
    .into_any()
}

/// Switches the language in place. Without the WASM loaded, the same buttons post a form.
#[component]
fn LangSwitch(user: Resource<Result<SessionUser, AppError>>) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let next = move || {
        let search = location.search.get();
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{}", location.pathname.get(), search)
        }
    };
    let switch = move |lang: Lang| {
        i18n.chosen.set(true);
        i18n.switch(lang);
        // Saved for someone signed in, once the page knows who is (right after signing in, it
        // may still be asking).
        leptos::task::spawn_local(async move {
            if user.await.is_ok() {
                // Failure keeps the in-page switch and the cookie; the next sign-in shows the saved one.
                let _ = save_portal_language(lang.code().to_string()).await;
            }
        });
    };
    view! {
        <form method="post" action="/language" class="lang-switch" aria-label=i18n.t("nav-language")>
            <input type="hidden" name="next" value=next />
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=lang.code()
                            lang=lang.code()
                            class="lang-option"
                            aria-pressed=move || (i18n.get() == lang).to_string()
                            on:click=move |ev| {
                                ev.prevent_default();
                                switch(lang);
                            }
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}

/// The person's avatar and name, a button that opens their menu (the WAI-ARIA menu-button
/// pattern): Enter, Space and the arrow keys open it, the arrows, Home and End move through it,
/// Escape closes it and gives the focus back to the button, choosing an item or leaving the menu
/// closes it. Before the WASM has loaded, the menu opens while it holds the focus (CSS).
#[component]
fn UserMenu(user: SessionUser) -> impl IntoView {
    let i18n = use_i18n();
    let logout = ServerAction::<Logout>::new();
    let open = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    let menu = NodeRef::<leptos::html::Div>::new();
    // The button is named by what it shows, the person's name (the manual: "click on your
    // credentials"); `aria-haspopup` tells that it opens a menu, which its name then labels.
    let name = user.display_name();
    // Moves the focus to item `index` of the open menu (negative counts from the end).
    let focus_item = move |index: i32| {
        if let Some(menu) = menu.get_untracked() {
            browser::focus_menu_item(&menu, index);
        }
    };
    let open_at = move |index: i32| {
        open.set(true);
        // The menu is shown by the class: focus once it is displayed.
        request_animation_frame(move || focus_item(index));
    };
    let close = move |refocus: bool| {
        open.set(false);
        if refocus {
            if let Some(b) = button.get_untracked() {
                let _ = b.focus();
            }
        }
    };
    let on_button_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "ArrowDown" | "Enter" | " " => {
            ev.prevent_default();
            open_at(0);
        }
        "ArrowUp" => {
            ev.prevent_default();
            open_at(-1);
        }
        "Escape" => close(true),
        _ => {}
    };
    let on_menu_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(menu) = menu.get_untracked() else { return };
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                browser::move_menu_focus(&menu, 1);
            }
            "ArrowUp" => {
                ev.prevent_default();
                browser::move_menu_focus(&menu, -1);
            }
            "Home" => {
                ev.prevent_default();
                focus_item(0);
            }
            "End" => {
                ev.prevent_default();
                focus_item(-1);
            }
            "Escape" => {
                ev.prevent_default();
                close(true);
            }
            "Tab" => close(false),
            _ => {}
        }
    };
    // Leaving the menu (a click elsewhere, the focus moving on) closes it.
    let on_focus_out = move |ev: leptos::ev::FocusEvent| {
        if !browser::focus_stays_inside(&ev) {
            open.set(false);
        }
    };
    let users = user.users_permissions_href();
    // Menu items leave the tab order once the menu is driven by the keys (after hydration);
    // before that they stay reachable for the CSS fallback.
    let interactive = RwSignal::new(false);
    Effect::new(move |_| {
        interactive.set(true);
        // A menu the focus opened before the code arrived (CSS) stays open with the focus in it.
        if menu.get_untracked().is_some_and(|m| browser::focus_within(&m)) {
            open.set(true);
        }
    });
    let item_tabindex = move || interactive.get().then_some("-1");
    view! {
        <div class="user-menu" class:open=move || open.get() on:focusout=on_focus_out>
            <button
                type="button"
                class="user-menu-button"
                id="user-menu-button"
                node_ref=button
                aria-haspopup="menu"
                aria-controls="user-menu"
                aria-expanded=move || open.get().to_string()
                on:click=move |ev| {
                    // Keyboard activation is handled on keydown; this is the pointer.
                    if ev.detail() > 0 {
                        if open.get_untracked() { close(false) } else { open.set(true) }
                    }
                }
                on:keydown=on_button_key
            >
                <Avatar style=AvatarStyle::parse(&user.avatar_style).unwrap_or_default() seed=user.avatar_seed initials=user.initials() />
                <span class="user-name">{name}</span>
            </button>
            <div class="menu" id="user-menu" role="menu" aria-labelledby="user-menu-button" node_ref=menu on:keydown=on_menu_key>
                <a href="/profile" class="menu-item" role="menuitem" tabindex=item_tabindex on:click=move |_| close(false)>{i18n.t("nav-my-profile")}</a>
                {users.map(|href| view! {
                    <a href=href class="menu-item" role="menuitem" tabindex=item_tabindex on:click=move |_| close(false)>{i18n.t("nav-users-permissions")}</a>
                })}
                <a href="/help" class="menu-item" role="menuitem" tabindex=item_tabindex on:click=move |_| close(false)>{i18n.t("nav-get-help")}</a>
                <button type="submit" form="signout-form" class="menu-item" role="menuitem" tabindex=item_tabindex>{i18n.t("nav-sign-out")}</button>
            </div>
            <ActionForm action=logout attr:id="signout-form" attr:class="signout-form">
                <span></span>
            </ActionForm>
        </div>
    }
}
