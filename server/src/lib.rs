//! The portal's HTTP server: database set-up, the router and its middleware, the demo data.

pub mod demo;
mod middleware;

use app::i18n::Lang;
use app::platform::ssr::{cookies, local_redirect, AppState, ClientAddr, Identity, RequestLang};
use app::{shell, App, ServerRender};
use axum::extract::{DefaultBodyLimit, Form};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes, ResponseOptions};
use std::net::SocketAddr;

pub use app::platform::ssr::{Config, Db};

/// Where the compiled site (CSS, JS, WASM) is served from; cargo-leptos sets these variables.
/// The site's files carry a content hash in their names when cargo-leptos left the list of
/// hashes (`hash.txt`) beside this program, or when `LEPTOS_HASH_FILES` says so.
pub fn leptos_options(config: &Config) -> LeptosOptions {
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let addr: SocketAddr = config.bind.parse().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 3000)));
    let hash_file = var("LEPTOS_HASH_FILE_NAME", "hash.txt");
    let hash_files = match std::env::var("LEPTOS_HASH_FILES") {
        Ok(v) => v == "true",
        Err(_) => beside_this_program(&hash_file).is_some_and(|p| p.is_file()),
    };
    LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", "portal"))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(addr)
        .hash_file(std::sync::Arc::from(hash_file.as_str()))
        .hash_files(hash_files)
        .build()
}

/// A file in the folder of this program, where cargo-leptos writes the list of hashes (and
/// where leptos' `HydrationScripts` reads it).
fn beside_this_program(name: &str) -> Option<std::path::PathBuf> {
    Some(std::env::current_exe().ok()?.parent()?.join(name))
}

/// A compiled file's address: `/pkg/portal.<hash>.<ext>` when the site's names carry hashes (read
/// once from the list of hashes beside this program, under `kind`), `/pkg/portal.<ext>` otherwise.
fn site_file(options: &LeptosOptions, kind: &str, ext: &str) -> String {
    let hash = options
        .hash_files
        .then(|| beside_this_program(&options.hash_file))
        .flatten()
        .and_then(|path| std::fs::read_to_string(path).ok())
        .and_then(|text| text.lines().find_map(|l| l.trim().strip_prefix(kind)?.trim().strip_prefix(':').map(|h| h.trim().to_string())));
    let name = match hash {
        Some(h) => format!("{}.{h}", options.output_name),
        // Without hashes, wasm-bindgen's default name for the WASM (as leptos' HydrationScripts).
        None if ext == "wasm" && option_env!("LEPTOS_OUTPUT_NAME").is_none() => format!("{}_bg", options.output_name),
        None => options.output_name.to_string(),
    };
    format!("/{}/{name}.{ext}", options.site_pkg_dir)
}

/// The page's loader, inline: the browser's code is fetched once the page has loaded, and takes
/// the page over at the first sign of a person (see hydration.js).
fn hydration_script(options: &LeptosOptions) -> std::sync::Arc<str> {
    // Sent in every page: without its comment lines and indentation.
    let code: Vec<&str> = include_str!("hydration.js").lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("//")).collect();
    code.join("\n")
        .replace("__JS__", &site_file(options, "js", "js"))
        .replace("__WASM__", &site_file(options, "wasm", "wasm"))
        .into()
}

/// The content security policy of an HTML page: only our own scripts, the inline hydration
/// script by its nonce, and WebAssembly compilation.
fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The pages' routes, listed once per process. Listing them sets leptos_server's process-wide
/// "suppress resource loading" flag, and a resource first polled meanwhile, by a page another
/// router of the same process is rendering, never resolves (leptos-rs/leptos#4773): the test
/// binary runs many servers at once, and such a page request used to hang now and then.
fn routes() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application: pages, server functions, static files, middleware.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    app::i18n::set_brand(&state.config.brand);
    app::platform::ssr::credentials::warm_up();
    let routes = routes();
    let stylesheet: std::sync::Arc<str> = site_file(&options, "css", "css").into();
    let hydration = hydration_script(&options);
    let locales: std::sync::Arc<str> = app::i18n::ssr::base_href().into();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            let lang = use_context::<axum::http::request::Parts>()
                .and_then(|p| p.extensions.get::<RequestLang>().copied())
                .map(|l| l.0)
                .unwrap_or_default();
            provide_context(ServerRender {
                lang,
                brand: state.config.brand.clone(),
                stylesheet: stylesheet.clone(),
                hydration: hydration.clone(),
                locales: locales.clone(),
            });
            if let (Some(nonce), Some(opts)) = (leptos::nonce::use_nonce(), use_context::<ResponseOptions>()) {
                if let Ok(v) = HeaderValue::from_str(&page_csp(&nonce.to_string())) {
                    opts.insert_header(header::CONTENT_SECURITY_POLICY, v);
                }
            }
        }
    };
    let body_limit = state.config.body_limit_bytes;
    let options_hashed = options.hash_files;
    let router = Router::new()
        .route("/healthz", get(healthz))
        .route("/locales/{version}/{file}", get(app::i18n::ssr::locale_file))
        .route("/language", post(switch_language))
        .route("/profile/activity.csv", get(app::profile::ssr::activity::activity_csv))
        .route("/users/activity.csv", get(app::users::ssr::activity::org_activity_csv))
        .route(app::sso::ssr::DISCOVERY_PATH, get(app::sso::ssr::discovery))
        .route(app::sso::ssr::JWKS_PATH, get(app::sso::ssr::jwks))
        .route(app::sso::ssr::TOKEN_PATH, post(app::sso::ssr::flow::token))
        .route("/contracts/document", get(app::notices::ssr::document))
        .route(app::operator::ssr::api::CONTACTS_PATH, get(app::operator::ssr::api::contacts))
        .route(app::operator::ssr::api::CONTRACTS_PATH, get(app::operator::ssr::api::contracts).post(app::operator::ssr::api::send_contract))
        .route("/users/contracts/document", get(app::users::ssr::contracts::document))
        .route(app::operator::ssr::api::NOTICES_PATH, get(app::operator::ssr::api::notices).post(app::operator::ssr::api::send_notice))
        .route(app::sso::ssr::USERINFO_PATH, get(app::sso::ssr::flow::userinfo).post(app::sso::ssr::flow::userinfo))
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(context, shell))
        .with_state(options)
        // An application's sign-in, in front of its own error page (it needs the session).
        .layer(axum::middleware::from_fn(app::sso::ssr::authorize::gate))
        .layer(axum::middleware::from_fn(middleware::api_gate))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::rate_limit))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::session))
        .layer(axum::middleware::from_fn_with_state(state.clone(), middleware::origin_check))
        .layer(Extension(state.clone()))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(state, middleware::client_errors))
        .layer(axum::middleware::from_fn_with_state(options_hashed, middleware::cache_policy))
        .layer(page_compression());
    middleware::with_security_headers(router)
}

/// Pages go out gzip-compressed to browsers that accept it: the Profiles tab's 50 rows are 67 KB
/// of HTML, 12 on the wire. Gzip at its quickest level, because the page is made for each
/// request: brotli (level 4) took a sixth of the server's CPU at 1,000 pages a second and doubled
/// My Profile's p99 (perf, 2026-12-05). Compiled files have their precompressed brotli twins, and
/// the messages their own brotli; the rest (JSON of server functions, tokens) is small and left
/// as it is.
fn page_compression() -> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    use tower_http::compression::{CompressionLayer, CompressionLevel, Predicate};
    let html = |_: StatusCode, _: axum::http::Version, headers: &axum::http::HeaderMap, _: &axum::http::Extensions| {
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"))
    };
    CompressionLayer::new()
        .no_br()
        .gzip(true)
        .quality(CompressionLevel::Fastest)
        .compress_when(tower_http::compression::predicate::SizeAbove::new(256).and(html))
}

#[derive(serde::Deserialize)]
struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// `ok` while the database answers.
async fn healthz(Extension(state): Extension<AppState>) -> Response {
    match state.healthy().await {
        Ok(()) => "ok".into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

/// The language switch for browsers without the WASM: remembers the choice and goes back to
/// `next`, when that stays on the portal.
async fn switch_language(
    Extension(state): Extension<AppState>,
    identity: Option<Extension<Identity>>,
    client: Option<Extension<ClientAddr>>,
    request_headers: HeaderMap,
    Form(form): Form<LanguageForm>,
) -> Response {
    let Some(lang) = Lang::parse(&form.lang) else {
        // Back to the page the form was on, which shows why.
        let referer = request_headers.get(header::REFERER).and_then(|v| v.to_str().ok());
        let back = app::platform::ssr::back_to_form(&state.config.public_url, referer, "error-language-invalid");
        return match HeaderValue::from_str(&back) {
            Ok(v) => (StatusCode::SEE_OTHER, [(header::LOCATION, v)]).into_response(),
            Err(_) => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        };
    };
    if let Some(Extension(who)) = identity {
        let ip = client.map(|c| c.0 .0);
        if let Err(e) = who.org().save_portal_language(lang, ip.as_deref()).await {
            tracing::error!(error = ?e, "saving the portal language failed");
        }
    }
    let next = form
        .next
        .and_then(|n| local_redirect(&state.config.public_url, &n))
        .unwrap_or_else(|| "/".to_string());
    let mut headers = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&cookies::language(lang.code(), state.config.secure_cookies())) {
        headers.insert(header::SET_COOKIE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&next) {
        headers.insert(header::LOCATION, v);
    }
    (StatusCode::SEE_OTHER, headers).into_response()
}

/// Serves the router on a bound listener until the process ends, with each request's peer
/// address available to the middleware (activity log, rate limit).
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await
}

/// [`serve`] until `shutdown` completes; then new connections are refused, idle ones closed,
/// and the requests under way are answered before this returns.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes at SIGTERM (what service managers and container runtimes send) or Ctrl-C.
pub async fn termination() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("stopping: answering the requests under way, then the e-mail worker");
}
