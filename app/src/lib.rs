//! The customer portal: components and server functions, shared by the server and the browser.

pub mod account;
pub mod auth;
pub mod browser;
pub mod error;
pub mod i18n;
pub mod mail;
pub mod platform;
pub mod profile;
pub mod shell;
pub mod users;

use account::{ActivatePage, CodePage, ForgotPasswordPage, MfaSetupPage, ResetPasswordPage, SecurityPage};
use auth::LoginPage;
use i18n::{brand, I18n, Lang};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};
use profile::ProfilePage;
use shell::Header;
use users::UsersPage;

/// The language and brand the server decided for this response, provided by the server.
#[derive(Clone, Debug)]
pub struct ServerRender {
    pub lang: Lang,
    pub brand: String,
}

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let render = use_context::<ServerRender>().unwrap_or(ServerRender {
        lang: Lang::En,
        brand: brand().to_string(),
    });
    view! {
        <!DOCTYPE html>
        <html lang=render.lang.code() data-brand=render.brand>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" id="leptos" href="/pkg/portal.css" />
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
            .filter(|id| (id.starts_with("error-") || id.starts_with("password-")) && i18n::translate(Lang::En, id) != *id)
            .map(|id| view! { <p class="alert page-alert" role="alert">{move || i18n.tr(&id)}</p> })
    }
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
    let i18n = I18n { lang: RwSignal::new(initial) };
    provide_context(i18n);
    view! {
        <Title text=i18n.t("app-title") />
        <Router>
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
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                    <Route path=path!("/login/code") view=CodePage ssr=SsrMode::Async />
                    <Route path=path!("/activate") view=ActivatePage ssr=SsrMode::Async />
                    <Route path=path!("/mfa/setup") view=MfaSetupPage ssr=SsrMode::Async />
                    <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async />
                    <Route path=path!("/profile") view=ProfilePage ssr=SsrMode::Async />
                    <Route path=path!("/profile/security") view=SecurityPage ssr=SsrMode::Async />
                    <Route path=path!("/users") view=UsersPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <footer class="site-footer">{i18n.t("footer-text")}</footer>
        </Router>
    }
}
