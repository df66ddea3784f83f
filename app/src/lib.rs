//! The customer portal: components and server functions, shared by the server and the browser.

// The release build of the browser's code computes the layout of deeply nested view types.
#![recursion_limit = "256"]

// The kernel: no feature below imports another; what two need lives here.
pub mod avatar;
pub mod browser;
pub mod domain;
pub mod error;
pub mod form;
pub mod i18n;
pub mod log_table;
pub mod platform;
pub mod routes;

// The journeys of the manual, one folder each.
pub mod help;
pub mod onboarding;
pub mod operator;
pub mod profile;
pub mod recovery;
pub mod security;
pub mod shell;
pub mod signin;
pub mod users;

use i18n::{brand, I18n, Lang};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};
use routes::*;
use shell::{Header, SignedInProvider};

/// The language and brand the server decided for this response, provided by the server.
#[derive(Clone, Debug)]
pub struct ServerRender {
    pub lang: Lang,
    pub brand: String,
    /// The stylesheet's address (its name carries a content hash in a built site).
    pub stylesheet: std::sync::Arc<str>,
    /// Where the browser fetches a language's messages: `{locales}{code}.ftl` (the server also
    /// names the page's own in a `Link: rel=preload` header, so it comes with the WASM).
    pub locales: std::sync::Arc<str>,
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let render = use_context::<ServerRender>().unwrap_or_else(|| ServerRender {
        lang: Lang::En,
        brand: brand().to_string(),
        stylesheet: "/pkg/portal.css".into(),
        locales: "/locales/".into(),
    });
    view! {
        <!DOCTYPE html>
        <html lang=render.lang.code() data-brand=render.brand data-locales=render.locales.to_string()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" id="leptos" href=render.stylesheet.to_string() />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <leptos_meta::MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The message of a form that was posted before the WASM loaded and failed (`?form_error=`).
/// Only the portal's own error ids are shown.
#[component]
fn FormError() -> impl IntoView {
    let i18n = i18n::use_i18n();
    let query = leptos_router::hooks::use_query_map();
    move || {
        query
            .with(|q| q.get("form_error"))
            .filter(|id| (id.starts_with("error-") || id.starts_with("password-")) && i18n::has_message(i18n.get(), id))
            .map(|id| view! { <p class="alert page-alert" role="alert">{move || i18n.tr(&id)}</p> })
    }
}

/// What a page is called, most specific first (message ids); the portal's name follows.
fn title_parts(path: &str) -> &'static [&'static str] {
    match path.trim_end_matches('/') {
        "/login" => &["auth-sign-in-title"],
        "/login/code" => &["mfa-code-title"],
        "/activate" => &["activate-title"],
        "/mfa/setup" => &["mfa-setup-title"],
        "/forgot-password" => &["forgot-title"],
        "/reset-password" => &["reset-title"],
        "" | "/profile" => &["profile-title"],
        "/profile/activity" => &["profile-tab-activity", "profile-title"],
        "/profile/orders" => &["profile-tab-orders", "profile-title"],
        "/profile/security" => &["security-title", "profile-title"],
        "/confirm-email" => &["email-confirm-title"],
        "/help" => &["help-title"],
        "/help/permission-groups" => &["help-groups-title", "help-title"],
        "/users" | "/users/profile" => &["users-tab-profiles", "users-title"],
        "/users/new" => &["users-add-profile-title", "users-title"],
        "/users/activity" => &["users-tab-activity", "users-title"],
        "/users/groups" | "/users/groups/view" => &["users-tab-groups", "users-title"],
        "/users/groups/new" => &["groups-add", "users-tab-groups", "users-title"],
        "/users/groups/edit" => &["groups-edit-title", "users-tab-groups", "users-title"],
        "/users/groups/manage" => &["groups-manage-users", "users-tab-groups", "users-title"],
        _ => &["page-not-found"],
    }
}

/// Each page's title ("Permission Groups - Users & Permissions - Arxus Customer Portal"), in the
/// page's language: rendered by the server, and set again after each navigation in the browser
/// (tabs, history, bookmarks and a screen reader's page announcement say where one is).
#[component]
fn PageTitle() -> impl IntoView {
    let i18n = i18n::use_i18n();
    let location = leptos_router::hooks::use_location();
    let text = move || {
        let lang = i18n.get();
        let path = location.pathname.get();
        title_parts(&path).iter().chain(["app-title"].iter()).map(|id| i18n::translate(lang, id)).collect::<Vec<_>>().join(" - ")
    };
    view! { <Title text=text /> }
}

/// After each navigation inside the page (a new path), the focus moves to the new page's main
/// heading (or the main region) unless the person already went into the page, and a polite
/// live region says the page's title. The first page is announced by the browser itself.
#[component]
fn RouteAnnouncer() -> impl IntoView {
    let i18n = i18n::use_i18n();
    let location = leptos_router::hooks::use_location();
    let said = RwSignal::new(String::new());
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.as_ref().is_some_and(|p| *p != path) {
            let lang = i18n.lang.get_untracked();
            let title = title_parts(&path).iter().map(|id| i18n::translate(lang, id)).collect::<Vec<_>>().join(" - ");
            // A page's heading may come with its data: looked for a few times, then the region.
            fn settle(tries: u32) {
                if browser::focus_is_inside("#main") {
                    return;
                }
                if !browser::focus_first("#main h1") {
                    if tries == 0 {
                        browser::focus_first("#main");
                    } else {
                        set_timeout(move || settle(tries - 1), std::time::Duration::from_millis(150));
                    }
                }
            }
            request_animation_frame(move || settle(10));
            said.set(title);
        }
        path
    });
    view! { <p class="visually-hidden" aria-live="polite" aria-atomic="true">{move || said.get()}</p> }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // On the server the language comes from the request; in the browser from what the server
    // rendered, so hydration starts from the same text.
    let initial = use_context::<ServerRender>()
        .map(|r| r.lang)
        .or_else(|| browser::document_attribute("lang").and_then(|c| Lang::parse(&c)))
        .unwrap_or_default();
    if let Some(b) = browser::document_attribute("data-brand") {
        i18n::set_brand(&b);
    }
    let i18n = I18n { lang: RwSignal::new(initial), chosen: RwSignal::new(false), wanted: RwSignal::new(initial) };
    provide_context(i18n);
    provide_context(platform::FrameVersion(RwSignal::new(0)));
    view! {
        <Router>
            <SignedInProvider>
                <PageTitle />
                <RouteAnnouncer />
                <Header />
                <main id="main" class="content">
                    <FormError />
                    // Whole pages, not streamed: they read the same with or without the WASM.
                    <Routes fallback=move || view! {
                        <section class="card">
                            <h1>{i18n.t("page-not-found")}</h1>
                            <p>{i18n.t("page-not-found-body")}</p>
                        </section>
                    }>
                        <Route path=path!("/") view=|| view! { <Redirect path="/profile" /> } />
                        <Route path=path!("/login") view={Lazy::<LoginRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/login/code") view={Lazy::<CodeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/activate") view={Lazy::<ActivateRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/mfa/setup") view={Lazy::<MfaSetupRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profile") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profile/activity") view={Lazy::<ActivityRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profile/orders") view={Lazy::<OrdersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profile/security") view={Lazy::<SecurityRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/confirm-email") view={Lazy::<ConfirmEmailRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/help") view={Lazy::<HelpRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/help/permission-groups") view={Lazy::<PermissionGroupsHelpRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/new") view={Lazy::<AddProfileRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/activity") view={Lazy::<OrgActivityRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/profile") view={Lazy::<ProfileCardRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/groups") view={Lazy::<GroupsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/groups/new") view={Lazy::<GroupFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/groups/edit") view={Lazy::<GroupFormRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/groups/view") view={Lazy::<GroupRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/groups/manage") view={Lazy::<ManageUsersRoute>::new()} ssr=SsrMode::Async />
                    </Routes>
                </main>
                <footer class="site-footer">{i18n.t("footer-text")}</footer>
            </SignedInProvider>
        </Router>
    }
}

#[cfg(test)]
mod architecture;
