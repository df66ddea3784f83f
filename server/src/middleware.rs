//! Request middleware: security headers, same-origin check, session and language, and the gate
//! that keeps anonymous callers out of every server function but sign-in.

use app::auth::ssr::{cookie_value, resolve_identity, SESSION_COOKIE};
use app::error::AppError;
use app::i18n::{Lang, LANG_COOKIE};
use app::platform::ssr::{record_activity, Activity, AppState, ClientAddr, Identity, RequestLang};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// Server functions anonymous callers may reach: signing in, and the steps before a session
/// counts as signed in (each checks its link or its pending session itself).
pub const PUBLIC_SERVER_FNS: &[&str] = &[
    "/api/login",
    "/api/verify_code",
    "/api/check_link",
    "/api/activate",
    "/api/mfa_setup",
    "/api/confirm_mfa",
    "/api/forgot_password",
    "/api/reset_password",
];

/// Of those, the ones that guess at secrets: limited per client address.
pub const RATE_LIMITED_FNS: &[&str] = &[
    "/api/login",
    "/api/verify_code",
    "/api/activate",
    "/api/confirm_mfa",
    "/api/forgot_password",
    "/api/reset_password",
    "/api/change_password",
    "/api/start_mfa_change",
];

pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    // HTML pages set their own policy with the script nonce; everything else gets the strictest.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        let private = res
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("text/html") || ct.starts_with("application/json"));
        if private {
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
    res
}

/// A state-changing request from another origin gets 403: the portal's pages only post to the
/// portal. Requests without `Origin` (non-browser clients) pass unless the browser says they
/// come from another site.
pub async fn origin_check(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let headers = req.headers();
        let allowed = match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
            Some(origin) => {
                let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
                origin == state.config.public_origin()
                    || origin == format!("http://{host}")
                    || origin == format!("https://{host}")
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
/// the signed-in person's portal language, else the cookie, else `Accept-Language`, else English.
pub async fn session(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let identity = match cookie_value(req.headers(), SESSION_COOKIE) {
        Some(token) => match resolve_identity(&state, &token).await {
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
        .map(|i| i.portal_language)
        .or_else(|| cookie_value(req.headers(), LANG_COOKIE).and_then(|c| Lang::parse(&c)));
    if lang.is_none() {
        if let Some(token) = link_token(req.uri()) {
            lang = link_language(&state, &token).await;
        }
    }
    let lang = lang
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
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

/// Too many attempts at the functions that check secrets, from one address: 429, logged.
pub async fn rate_limit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if RATE_LIMITED_FNS.contains(&req.uri().path()) {
        let addr = req
            .extensions()
            .get::<ClientAddr>()
            .map(|a| a.0.clone())
            .unwrap_or_else(|| "unknown".into());
        if !state.limiter.allow(&addr, state.now(), state.config.rate_limit_per_minute) {
            let activity = Activity {
                organization_id: None,
                actor_profile_id: None,
                subject_profile_id: None,
                email: "",
                kind: "rate-limited",
                ip: Some(&addr),
            };
            if let Err(e) = record_activity(&state, activity).await {
                tracing::error!(error = ?e, "recording a refusal failed");
            }
            let body = serde_json::to_string(&AppError::RateLimited).unwrap_or_default();
            return (StatusCode::TOO_MANY_REQUESTS, [(header::CONTENT_TYPE, "application/json")], body).into_response();
        }
    }
    next.run(req).await
}

/// The pages an e-mailed link opens speak the language of the person it was sent to.
fn link_token(uri: &axum::http::Uri) -> Option<String> {
    if !matches!(uri.path(), "/activate" | "/reset-password") {
        return None;
    }
    uri.query()?.split('&').find_map(|pair| pair.strip_prefix("token=")).map(str::to_string)
}

async fn link_language(state: &AppState, token: &str) -> Option<Lang> {
    match app::account::ssr::link_language(state, token).await {
        Ok(lang) => lang,
        Err(e) => {
            tracing::error!(error = ?e, "link language lookup failed");
            None
        }
    }
}

/// Every server function refuses anonymous callers before its arguments are even read, except
/// the few listed in [`PUBLIC_SERVER_FNS`]. Each function checks again itself.
pub async fn api_gate(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path.starts_with("/api/")
        && !PUBLIC_SERVER_FNS.contains(&path)
        && req.extensions().get::<Identity>().is_none()
    {
        let body = serde_json::to_string(&AppError::Unauthorized).unwrap_or_default();
        return (
            StatusCode::UNAUTHORIZED,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    next.run(req).await
}
