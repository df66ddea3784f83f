//! The portal's cookies, built and parsed with the `cookie` crate in one place.

use super::state::AppState;
use cookie::{Cookie, SameSite};
use http::header::{HeaderMap, HeaderValue, COOKIE, SET_COOKIE};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub const SESSION_COOKIE: &str = "portal_session";
pub use crate::i18n::LANG_COOKIE;

/// The value of cookie `name` in a request's headers.
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure over https. `max_age` 0 removes it.
pub fn session(state: &AppState, token: &str, max_age: i64) -> String {
    Cookie::build((SESSION_COOKIE, token.to_string()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .max_age(cookie::time::Duration::seconds(max_age))
        .build()
        .to_string()
}

/// The browser's side of a sign-in sent to an organization's identity provider: sent back only
/// to the provider's return (`path`). `max_age` 0 removes it.
pub const SSO_COOKIE: &str = "portal_sso";

pub fn sso(state: &AppState, value: &str, max_age: i64, path: &str) -> String {
    Cookie::build((SSO_COOKIE, value.to_string()))
        .path(path.to_string())
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .max_age(cookie::time::Duration::seconds(max_age))
        .build()
        .to_string()
}

/// The language of someone not signed in, for a year. Readable by the page (it is not a secret).
pub fn language(code: &str, secure: bool) -> String {
    crate::i18n::language_cookie(code, secure)
}

/// The headers of the request being answered.
pub fn request_headers() -> HeaderMap {
    use_context::<http::request::Parts>().map(|p| p.headers).unwrap_or_default()
}

/// Adds a `Set-Cookie` to the response being built.
pub fn set(value: &str) {
    if let (Some(opts), Ok(v)) = (use_context::<ResponseOptions>(), HeaderValue::from_str(value)) {
        opts.append_header(SET_COOKIE, v);
    }
}
