//! The front channel of the code flow: `GET /oauth/authorize` (OpenID Connect Core 3.1.2).
//!
//! An unknown application or a redirect URI not registered exactly gets the portal's own error
//! page (the request goes on to the page of this path, answered 400), never a redirect. Every
//! other error goes back to the application with `error`, `state` and `iss`. Someone not signed
//! in (or asked to sign in again by `prompt=login` or `max_age`) signs in and comes back here;
//! `prompt=none` answers `login_required` instead. Then the entry rule decides: a code, or the
//! page saying "You don't have access", and both outcomes in the person's activity.

use super::AUTHORIZE_PATH;
use crate::error::AppError;
use crate::platform::ssr::clients::{self, Client, Entry};
use crate::platform::ssr::grants::{issue_code, CodeRequest};
use crate::platform::ssr::{AppState, ClientAddr, Identity};
use axum::extract::{FromRequest, Request};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

/// The request's parameters; all optional here, each checked below.
#[derive(Debug, Default, Deserialize)]
pub struct AuthorizeQuery {
    client_id: Option<String>,
    redirect_uri: Option<String>,
    response_type: Option<String>,
    response_mode: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    prompt: Option<String>,
    max_age: Option<String>,
    request: Option<String>,
    request_uri: Option<String>,
}

/// Where the person sees that an application may not be entered.
pub const REFUSED_PATH: &str = "/applications/refused";

/// What the request asks of the sign-in.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Prompt {
    /// Go straight through when signed in, sign in otherwise.
    Default,
    /// Sign in again, whatever the session.
    Login,
    /// Never show a page: an error when signing in would be needed.
    None,
}

/// `GET /oauth/authorize` in front of the page of the same path: the page is shown only when
/// the request cannot be answered to the application at all.
pub async fn gate(req: Request, next: Next) -> Response {
    if req.uri().path() != AUTHORIZE_PATH {
        return next.run(req).await;
    }
    if req.method() == Method::POST {
        // OpenID Connect Core 3.1.2.1: the request may come as a form post; it is the same
        // request as the GET with these parameters (nothing changes until then).
        return match axum::extract::Form::<Vec<(String, String)>>::from_request(req, &()).await {
            Ok(axum::extract::Form(pairs)) => {
                let q = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
                (StatusCode::SEE_OTHER, [(header::LOCATION, format!("{AUTHORIZE_PATH}?{q}"))]).into_response()
            }
            Err(_) => StatusCode::BAD_REQUEST.into_response(),
        };
    }
    if req.method() != Method::GET {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let Some(state) = req.extensions().get::<AppState>().cloned() else {
        return super::failed("authorize: AppState missing");
    };
    let query = axum::extract::Query::<AuthorizeQuery>::try_from_uri(req.uri()).map(|q| q.0).unwrap_or_default();
    let who = req.extensions().get::<Identity>().cloned();
    let addr = req.extensions().get::<ClientAddr>().map(|a| a.0.clone());
    let here = req.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| AUTHORIZE_PATH.into());
    match answer(&state, query, who, addr.as_deref(), &here).await {
        Ok(Answer::Redirect(to)) => found(&to),
        Ok(Answer::InvalidRequest) => {
            // The page of this path says the link is not valid; the status says it too.
            let mut res = next.run(req).await;
            *res.status_mut() = StatusCode::BAD_REQUEST;
            res
        }
        Err(e) => super::failed(format!("{e:?}")),
    }
}

enum Answer {
    Redirect(String),
    /// No application to send an error back to: the portal's page.
    InvalidRequest,
}

fn found(to: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, to.to_string()), (header::CACHE_CONTROL, "no-store".to_string())]).into_response()
}

/// An answer to the application at its redirect URI: the code or an error, with the request's
/// `state` and the issuer (RFC 9207).
fn back_to(redirect_uri: &str, issuer: &str, state: Option<&str>, pairs: &[(&str, &str)]) -> Answer {
    let Ok(mut url) = url::Url::parse(redirect_uri) else { return Answer::InvalidRequest };
    {
        let mut q = url.query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
        if let Some(s) = state {
            q.append_pair("state", s);
        }
        q.append_pair("iss", issuer);
    }
    Answer::Redirect(url.into())
}

fn is_challenge(s: &str) -> bool {
    s.len() == 43 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The sign-in page, coming back to this very request once signed in (without `prompt=login`
/// and `max_age`, which the new sign-in has just honoured: kept, a short `max_age` would send
/// the person round again).
fn sign_in_first(here: &str) -> Answer {
    let back = match here.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<(String, String)> =
                url::form_urlencoded::parse(query.as_bytes()).filter(|(k, v)| !(k == "prompt" && v == "login") && k != "max_age").map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            let query = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(kept).finish();
            format!("{path}?{query}")
        }
        None => here.to_string(),
    };
    let next = url::form_urlencoded::Serializer::new(String::new()).append_pair("next", &back).finish();
    Answer::Redirect(format!("/login?{next}"))
}

async fn answer(state: &AppState, q: AuthorizeQuery, who: Option<Identity>, addr: Option<&str>, here: &str) -> Result<Answer, AppError> {
    // Whom to answer: a registered application and one of its redirect URIs, exactly.
    let (Some(client_id), Some(redirect_uri)) = (q.client_id.as_deref(), q.redirect_uri.as_deref()) else { return Ok(Answer::InvalidRequest) };
    let Some(client) = clients::find(state, client_id).await? else { return Ok(Answer::InvalidRequest) };
    if !clients::redirect_allowed(state, &client.client_id, redirect_uri).await? {
        return Ok(Answer::InvalidRequest);
    }
    let issuer = state.config.public_url.as_str();
    // A state too long to be an application's is not sent back.
    let st = q.state.as_deref().filter(|s| s.len() <= 2048);
    let error = |code: &str, description: &str| Ok(back_to(redirect_uri, issuer, st, &[("error", code), ("error_description", description)]));
    // What the portal offers: the code flow with PKCE S256, answered in the query.
    if q.request.is_some() {
        return error("request_not_supported", "request objects are not supported");
    }
    if q.request_uri.is_some() {
        return error("request_uri_not_supported", "request_uri is not supported");
    }
    match q.response_type.as_deref() {
        Some("code") => {}
        None | Some("") => return error("invalid_request", "response_type is required"),
        Some(_) => return error("unsupported_response_type", "only the authorization code flow (response_type=code) is offered"),
    }
    if q.response_mode.as_deref().is_some_and(|m| m != "query") {
        return error("invalid_request", "only response_mode=query is offered");
    }
    if !q.scope.as_deref().unwrap_or_default().split(' ').any(|s| s == "openid") {
        return error("invalid_scope", "the openid scope is required");
    }
    let Some(challenge) = q.code_challenge.as_deref().filter(|c| is_challenge(c)) else {
        return error("invalid_request", "PKCE is required: code_challenge with code_challenge_method=S256");
    };
    if q.code_challenge_method.as_deref() != Some("S256") {
        return error("invalid_request", "PKCE is required: code_challenge_method=S256");
    }
    if q.nonce.as_deref().is_some_and(|n| n.len() > 512) || q.state.as_deref().is_some_and(|s| s.len() > 2048) {
        return error("invalid_request", "state or nonce too long");
    }
    let prompt = match q.prompt.as_deref().unwrap_or_default().split(' ').filter(|p| !p.is_empty()).collect::<Vec<_>>().as_slice() {
        [] => Prompt::Default,
        ["login"] => Prompt::Login,
        ["none"] => Prompt::None,
        ["consent"] | ["select_account"] => Prompt::Default,
        _ => return error("invalid_request", "unsupported prompt"),
    };
    let max_age = match q.max_age.as_deref() {
        None | Some("") => None,
        Some(s) => match s.parse::<i64>() {
            Ok(n) if n >= 0 => Some(n),
            _ => return error("invalid_request", "max_age must be a number of seconds"),
        },
    };

    // Who asks: signed in recently enough, or signing in first.
    let now = state.now();
    let fresh = |w: &Identity| max_age.is_none_or(|m| now - w.signed_in_at() <= m);
    let who = match (who, prompt) {
        (Some(w), Prompt::Default | Prompt::None) if fresh(&w) => w,
        (_, Prompt::None) => return error("login_required", "the person must sign in to the portal"),
        _ => return Ok(sign_in_first(here)),
    };

    // Whether they may enter: the entry rule, on the server, and in their activity either way.
    let org = who.org();
    match org.entry(&client).await? {
        Entry::Allowed(_) => {
            let req = CodeRequest { client_id: &client.client_id, redirect_uri, code_challenge: challenge, nonce: q.nonce.as_deref(), auth_time: who.signed_in_at() };
            let code = issue_code(&who, &req).await?;
            org.record_own("application-entered", addr).await?;
            Ok(back_to(redirect_uri, issuer, st, &[("code", &code)]))
        }
        Entry::Refused => {
            org.record_own("application-refused", addr).await?;
            if prompt == Prompt::None {
                return error("access_denied", "the person may not enter this application");
            }
            Ok(refused(&client))
        }
    }
}

/// The portal's page saying the person may not enter `client`.
fn refused(client: &Client) -> Answer {
    let q = url::form_urlencoded::Serializer::new(String::new()).append_pair("application", &client.client_id).finish();
    Answer::Redirect(format!("{REFUSED_PATH}?{q}"))
}
