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
pub mod notices;
pub mod onboarding;
pub mod operator;
pub mod profile;
pub mod recovery;
pub mod security;
pub mod shell;
pub mod signin;
pub mod sso;
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
    /// Where the browser fetches a language's messages: `{locales}{code}.ftl` (the page's loader
    /// fetches its own language's with the browser's code, once the page has loaded).
    pub locales: std::sync::Arc<str>,
    /// The page's loader (an inline script, run by the page's nonce): it fetches the browser's
    /// code once the page has loaded and hydrates at the first sign of a person.
    pub hydration: std::sync::Arc<str>,
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    let render = use_context::<ServerRender>().unwrap_or_else(|| ServerRender {
        lang: Lang::En,
        brand: brand().to_string(),
        stylesheet: "/pkg/portal.css".into(),
        locales: "/locales/".into(),
        hydration: "".into(),
    });
    let nonce = leptos::nonce::use_nonce();
    view! {
        <!DOCTYPE html>
        <html lang=render.lang.code() data-brand=render.brand data-locales=render.locales.to_string()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" id="leptos" href=render.stylesheet.to_string() />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                // Not leptos' HydrationScripts: it preloads every WASM part of the page at once,
                // before the page can be used.
                <script type="module" nonce=nonce>{render.hydration.to_string()}</script>
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
        "/login/provider" => &["auth-sign-in-title"],
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
        "/oauth/authorize" => &["sso-invalid-title"],
        "/applications/refused" => &["sso-refused-page-title"],
        "/notices/acknowledge" => &["notice-page-title"],
        "/contracts/review" => &["contract-page-title"],
        "/users" | "/users/profile" => &["users-tab-profiles", "users-title"],
        "/users/new" => &["users-add-profile-title", "users-title"],
        "/users/activity" => &["users-tab-activity", "users-title"],
        "/users/contracts" => &["users-tab-contracts", "users-title"],
        "/users/sign-in" => &["users-tab-sign-in", "users-title"],
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
    // The control that last took the focus: by the time a navigation is seen, the page may
    // already have taken it away (a step loading in its place).
    let last_focused = StoredValue::new(None::<String>);
    let _ = window_event_listener(leptos::ev::focusin, move |_| last_focused.set_value(browser::focused_selector()));
    Effect::new(move |previous: Option<(String, String)>| {
        let (path, search) = (location.pathname.get(), location.search.get());
        let Some((before_path, before_search)) = previous else { return (path, search) };
        let new_page = before_path != path;
        if new_page || before_search != search {
            // Where the focus goes, looked for a few times (it may come with the page's data):
            // the outcome of a save (its notice) first; else, on a new page, its heading; else, on
            // a step of the same page, the control the person used (a tab drawn anew) or the step.
            // A person who has moved the focus on keeps it where they put it, and a newer
            // navigation ends the looking of the one before. ARRIVAL: where the page itself puts
            // the focus (not a control of the person's); `at_link`: what had the focus when the
            // address changed (a link of the header, say).
            const ARRIVAL: &str = r#"#main h1, #main [aria-current="step"], #main .notice, #main"#;
            static NAVIGATION: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            fn settle(tries: u32, new_page: bool, placed: bool, used: Option<String>, at_link: Option<String>, navigation: u32) {
                if NAVIGATION.load(std::sync::atomic::Ordering::Relaxed) != navigation {
                    return;
                }
                let still_on_link = at_link.is_some() && browser::focused_selector() == at_link && !browser::focus_is_inside("#main");
                let lost = browser::focus_lost() || (new_page && !placed && still_on_link);
                let mut placed = placed;
                if lost || browser::focus_matches(ARRIVAL) {
                    if browser::focus_first("#main .notice[role=status]") {
                        placed = true;
                    } else if lost {
                        placed = if new_page {
                            browser::focus_first("#main h1")
                        } else {
                            used.as_ref().is_some_and(|s| browser::focus_first(&format!("#main {s}"))) || browser::focus_first(r#"#main [aria-current="step"]"#)
                        };
                    }
                }
                if tries > 0 {
                    set_timeout(move || settle(tries - 1, new_page, placed, used, at_link, navigation), std::time::Duration::from_millis(150));
                } else if browser::focus_lost() {
                    browser::focus_first(if new_page { "#main" } else { "#main h2, #main h1" });
                }
            }
            let at_link = browser::focused_selector();
            let used = at_link.clone().or_else(|| last_focused.get_value());
            let navigation = NAVIGATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            request_animation_frame(move || settle(10, new_page, false, used, at_link, navigation));
        }
        if new_page {
            let lang = i18n.lang.get_untracked();
            said.set(title_parts(&path).iter().map(|id| i18n::translate(lang, id)).collect::<Vec<_>>().join(" - "));
        }
        (path, search)
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
                        <Route path=path!("/notices/acknowledge") view={Lazy::<AcknowledgeRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/contracts/review") view={Lazy::<ContractRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/login/provider") view={Lazy::<ProviderStepRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profile") view={Lazy::<ProfileRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profile/activity") view={Lazy::<ActivityRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profile/orders") view={Lazy::<OrdersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/profile/security") view={Lazy::<SecurityRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/confirm-email") view={Lazy::<ConfirmEmailRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/help") view={Lazy::<HelpRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/help/permission-groups") view={Lazy::<PermissionGroupsHelpRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/oauth/authorize") view={Lazy::<InvalidSignInRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/applications/refused") view={Lazy::<RefusedRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/new") view={Lazy::<AddProfileRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/activity") view={Lazy::<OrgActivityRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/contracts") view={Lazy::<ContractsRoute>::new()} ssr=SsrMode::Async />
                        <Route path=path!("/users/sign-in") view={Lazy::<SignInSettingsRoute>::new()} ssr=SsrMode::Async />
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
