//! Request middleware: security headers, same-origin check, session and language, the gate that
//! keeps anonymous callers out of every server function not declared public, the rate limit,
//! a 4xx for requests the portal cannot take, and what caches may keep.

use app::error::AppError;
use app::i18n::Lang;
use app::platform::ssr::{activity, backchannel, cookies, links, session, Activity, AppState, ClientAddr, Identity, RequestLang};
use app::platform::{endpoints, PortalRole};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;

/// The headers every response carries. HTML pages set their own policy with the script nonce;
/// everything else gets the strictest.
pub fn with_security_headers(router: Router) -> Router {
    let always = |name: HeaderName, value: &'static str| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    router
        .layer(always(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(always(header::REFERRER_POLICY, "same-origin"))
        .layer(always(header::X_FRAME_OPTIONS, "DENY"))
        .layer(always(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"))
        .layer(always(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        ))
}

/// What caches may keep. The site's compiled files under `/pkg/` never change under a name
/// when their names carry a content hash (`hashed`): a year, immutable; without hashes they
/// are checked again each time. The favicon may be kept a day. Everything else (pages,
/// answers of server functions, CSV downloads, errors) is personal or changing: never stored.
pub async fn cache_policy(State(hashed): State<bool>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    if res.headers().contains_key(header::CACHE_CONTROL) {
        return res;
    }
    let ok = res.status() == StatusCode::OK || res.status() == StatusCode::NOT_MODIFIED;
    let policy = match () {
        _ if ok && hashed && path.starts_with("/pkg/") => "public, max-age=31536000, immutable",
        _ if ok && path.starts_with("/pkg/") => "no-cache",
        _ if ok && path == "/favicon.svg" => "public, max-age=86400",
        _ => "no-store",
    };
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    res
}

fn error_response(status: StatusCode, error: &AppError) -> Response {
    let body = serde_json::to_string(error).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A state-changing request must come from the portal's own origin, the configured public URL:
/// 403 otherwise. Requests without `Origin` (non-browser clients) pass unless the browser says
/// they come from another site.
pub async fn origin_check(State(state): State<AppState>, req: Request, next: Next) -> Response {
    // An application's sign-in may be posted from its own site (OpenID Connect Core 3.1.2.1):
    // the portal only answers it with the same request as a GET.
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) || req.uri().path() == app::sso::ssr::AUTHORIZE_PATH;
    if !safe {
        let headers = req.headers();
        let allowed = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            Some(origin) => {
                let ours = state.config.public_origin().map(|u| u.origin());
                let theirs = url::Url::parse(origin).ok().map(|u| u.origin());
                matches!((ours, theirs), (Some(a), Some(b)) if a.is_tuple() && a == b)
            }
            None => headers
                .get("sec-fetch-site")
                .and_then(|v| v.to_str().ok())
                .is_none_or(|s| s == "same-origin" || s == "none"),
        };
        if !allowed {
            tracing::warn!(path = %req.uri().path(), "refused a cross-origin request");
            return (StatusCode::FORBIDDEN, "Forbidden").into_response();
        }
    }
    next.run(req).await
}

/// Resolves the session cookie into an [`Identity`], and decides the request's language:
/// the signed-in person's portal language, else the cookie, else (on the pages an e-mailed
/// link opens) the recipient's, else `Accept-Language`, else English.
pub async fn session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let identity = match cookies::read(req.headers(), cookies::SESSION_COOKIE) {
        Some(token) => match session::resolve_identity(&state, &token).await {
            Ok(found) => found,
            Err(e) => {
                tracing::error!(error = ?e, "session lookup failed");
                None
            }
        },
        None => None,
    };
    let mut lang = identity
        .as_ref()
        .map(Identity::portal_language)
        .or_else(|| cookies::read(req.headers(), cookies::LANG_COOKIE).and_then(|c| Lang::parse(&c)));
    if lang.is_none() {
        if let Some(token) = link_token(req.uri()) {
            lang = links::link_language(&state, &token).await.unwrap_or_else(|e| {
                tracing::error!(error = ?e, "link language lookup failed");
                None
            });
        }
    }
    let lang = lang
        .or_else(|| req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Lang::from_accept_language))
        .unwrap_or_default();
    if let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        req.extensions_mut().insert(ClientAddr(addr.ip().to_string()));
    }
    req.extensions_mut().insert(RequestLang(lang));
    if let Some(identity) = identity {
        req.extensions_mut().insert(identity);
    }
    next.run(req).await
}

/// Too many calls to a rate-limited server function from one address: 429, logged.
pub async fn rate_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if endpoints::access(req.uri().path()).is_some_and(|a| a.rate_limited) {
        let addr = req.extensions().get::<ClientAddr>().map(|a| a.0.clone()).unwrap_or_else(|| "unknown".into());
        if !state.allow(&addr) {
            if let Err(e) = activity::record(&state, Activity::anonymous("", "rate-limited", Some(&addr))).await {
                tracing::error!(error = ?e, "recording a refusal failed");
            }
            return error_response(StatusCode::TOO_MANY_REQUESTS, &AppError::RateLimited);
        }
    }
    next.run(req).await
}

/// The pages an e-mailed link opens speak the language of the person it was sent to.
fn link_token(uri: &axum::http::Uri) -> Option<String> {
    if !matches!(uri.path(), "/activate" | "/reset-password" | "/notices/acknowledge" | "/contracts/review" | "/contracts/document") {
        return None;
    }
    uri.query()?.split('&').find_map(|pair| pair.strip_prefix("token=")).map(str::to_string)
}

/// Every server function refuses anonymous callers before its arguments are even read, unless
/// it lives under a public prefix, and callers without the portal role its prefix names (see
/// [`endpoints`]). Each function asks again itself, for the handle that types its queries.
///
/// After an administrator's change (anything under the Users & Permissions prefix that
/// succeeded), the organization's applications' sessions are checked against the entry rule at
/// once: whoever lost an application's role (or was disabled or deleted) is logged out of it
/// through its back channel. No administrator's function can forget it.
pub async fn api_gate(req: Request, next: Next) -> Response {
    let mut changed_by_admin = None;
    if let Some(access) = endpoints::access(req.uri().path()) {
        let who = req.extensions().get::<Identity>();
        if !access.anonymous && who.is_none() {
            return error_response(StatusCode::UNAUTHORIZED, &AppError::Unauthorized);
        }
        if access.role.is_some_and(|role| !who.is_some_and(|w| w.has(role))) {
            return error_response(StatusCode::FORBIDDEN, &AppError::Forbidden);
        }
        if access.role == Some(PortalRole::UsersPermissions) && req.method() == Method::POST {
            changed_by_admin = who.map(|w| w.organization_id().to_string()).zip(req.extensions().get::<AppState>().cloned());
        }
    }
    let res = next.run(req).await;
    if let Some((org, state)) = changed_by_admin {
        if !res.status().is_client_error() && !res.status().is_server_error() {
            if let Err(e) = backchannel::reconcile(&state, Some(&org)).await {
                tracing::error!(error = ?e, "ending the applications' sessions after an administrator's change");
            }
        }
    }
    res
}

/// A refused body announced at most this large is read and dropped before the answer.
const DRAIN_AT_MOST: u64 = 1024 * 1024;

/// Reads and drops a refused body (for 5 seconds at most): a client still sending it then
/// receives the answer, where closing the connection on it would reset it first.
async fn drain(mut body: Body) {
    let read_all = async { while let Some(Ok(_)) = http_body_util::BodyExt::frame(&mut body).await {} };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), read_all).await;
}

/// Requests the portal cannot take are the client's mistake, answered with a clear 4xx:
/// - a body over `PORTAL_BODY_LIMIT_BYTES` (announced, or found while reading it): 413 (a
///   contract's upload through the provider API may carry its PDF);
/// - a body a server function or a form handler cannot read (malformed encoding, not UTF-8,
///   another content type, a missing or repeated argument, a value of the wrong type): 400.
///
/// The answer is the usual error body (a message id the page shows in the reader's language),
/// or, for a form posted without JavaScript, a redirect back to the form with the message id
/// in `?form_error=`, which the form's page shows in the reader's language. Logged as a
/// warning, not as a server fault.
pub async fn client_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    // A contract sent through the provider API carries its PDF; its handler reads the body
    // only once the key is known.
    let limit = if app::operator::ssr::api::is_contract_upload(req.method(), &path) {
        app::operator::ssr::api::CONTRACT_BODY_LIMIT
    } else {
        state.config.body_limit_bytes
    };
    let post = req.method() == Method::POST;
    let form_post = post
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|s| s.contains("text/html"));
    let referer = req.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).map(str::to_string);
    let announced = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let refuse = |error: AppError| {
        tracing::warn!(%path, error = error.message_id(), "refused a request the portal cannot take");
        if form_post {
            let to = app::platform::ssr::back_to_form(&state.config.public_url, referer.as_deref(), error.message_id());
            let mut res = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                res.headers_mut().insert(header::LOCATION, v);
            }
            return res;
        }
        error_response(StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST), &error)
    };
    if let Some(n) = announced.filter(|&n| n > limit as u64) {
        if n <= DRAIN_AT_MOST {
            drain(req.into_body()).await;
        }
        return refuse(AppError::TooLarge);
    }
    // A body without a length (or lying about it) is cut at the limit while it is read.
    let exceeded = Arc::new(AtomicBool::new(false));
    let has_body = !matches!(*req.method(), Method::GET | Method::HEAD);
    let req = if !has_body {
        req
    } else {
        let exceeded = exceeded.clone();
        req.map(|body| {
            Body::new(http_body_util::BodyExt::map_err(http_body_util::Limited::new(body, limit), move |e| {
                if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() {
                    exceeded.store(true, Ordering::SeqCst);
                }
                e
            }))
        })
    };
    let res = next.run(req).await;
    if exceeded.load(Ordering::SeqCst) || res.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return refuse(AppError::TooLarge);
    }
    let status = res.status();
    let is_api = path.starts_with(endpoints::API);
    if is_api && status == StatusCode::INTERNAL_SERVER_ERROR {
        // A server function that could not read its arguments answers 500 with `BadRequest`.
        let (parts, body) = res.into_parts();
        let bytes = axum::body::to_bytes(body, 64 * 1024).await.unwrap_or_default();
        if serde_json::from_slice::<AppError>(&bytes).is_ok_and(|e| e == AppError::BadRequest) {
            return refuse(AppError::BadRequest);
        }
        return Response::from_parts(parts, Body::from(bytes));
    }
    // Without JavaScript, a server function that cannot read its arguments sends the browser
    // back with leptos' own `__err=`, which the page does not show.
    let location = res.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if is_api && form_post && status.is_redirection() && location.contains("__err=") {
        return refuse(AppError::BadRequest);
    }
    // The other routes' form extractors (the language form) refuse with plain text.
    let rejected = matches!(status, StatusCode::BAD_REQUEST | StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::UNPROCESSABLE_ENTITY);
    let plain = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|ct| ct.starts_with("text/plain"));
    if !is_api && post && rejected && plain {
        return refuse(AppError::BadRequest);
    }
    res
}
