//! How a server function's answer leaves: its status, the way back to a form posted without
//! JavaScript, and redirect targets taken from a request.

use super::parts;
use crate::error::AppError;
use leptos::prelude::*;

/// Whether the request is a plain HTML form post (the page before its WASM has loaded), which
/// is answered with a redirect rather than data.
pub fn is_form_post() -> bool {
    parts().is_some_and(|p| {
        p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|s| s.contains("text/html"))
    })
}

/// Gives an error its HTTP status when answering a server-function call. A plain HTML form post
/// (the page before its WASM has loaded) is sent back to the form instead, with the message id
/// in `?form_error=`, which the page shows. A page that calls the function while rendering keeps
/// its own status.
pub fn reply<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    let (Err(e), Some(p)) = (&result, parts()) else { return result };
    if !p.uri.path().starts_with("/api/") {
        return result;
    }
    let Some(opts) = use_context::<leptos_axum::ResponseOptions>() else { return result };
    let form_post = p
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|s| s.contains("text/html"));
    if form_post {
        let base = use_context::<super::AppState>().map(|s| s.config.public_url.clone()).unwrap_or_default();
        let referer = p.headers.get(http::header::REFERER).and_then(|v| v.to_str().ok());
        let id = match e {
            AppError::Validation(fields) => fields.first().map(|f| f.message_id.as_str()).unwrap_or("error-validation"),
            other => other.message_id(),
        };
        if let Ok(v) = http::HeaderValue::from_str(&back_to_form(&base, referer, id)) {
            opts.insert_header(http::header::LOCATION, v);
            opts.set_status(http::StatusCode::SEE_OTHER);
        }
    } else if let Ok(code) = http::StatusCode::from_u16(e.status()) {
        opts.set_status(code);
    }
    result
}

/// Where a plain HTML form post that failed goes: back to the form's page (the `Referer`, when
/// it is on the portal, else the start page) with the message id in `?form_error=`.
pub fn back_to_form(public_url: &str, referer: Option<&str>, message_id: &str) -> String {
    let back = referer.and_then(|r| local_redirect(public_url, r)).map(|r| without_form_error(&r)).unwrap_or_else(|| "/".to_string());
    let sep = if back.contains('?') { '&' } else { '?' };
    format!("{back}{sep}form_error={message_id}")
}

/// A path and query without an earlier `form_error`.
fn without_form_error(path_and_query: &str) -> String {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let kept: Vec<&str> = query.split('&').filter(|kv| !kv.is_empty() && !kv.starts_with("form_error=")).collect();
    if kept.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", kept.join("&"))
    }
}

/// A redirect target taken from a request (`next=`, `Referer`), as the path and query to send
/// in `Location`, or `None` unless it stays on the portal's own origin (`base`, the public
/// URL). Control characters anywhere, backslashes and scheme-relative forms are refused before
/// parsing, since browsers drop tabs and newlines and read `\` as `/`.
pub fn local_redirect(base: &str, target: &str) -> Option<String> {
    let decoded = percent_decode(target);
    for s in [target, decoded.as_str()] {
        if s.is_empty() || s.chars().any(|c| c.is_control() || c == '\\') {
            return None;
        }
    }
    if decoded.trim_start().starts_with("//") {
        return None;
    }
    let base = url::Url::parse(base).ok()?;
    let url = base.join(target).ok()?;
    if url.origin() != base.origin() || url.cannot_be_a_base() || url.username() != "" || url.password().is_some() {
        return None;
    }
    let path = url.path();
    if path.starts_with("//") || !path.starts_with('/') {
        return None;
    }
    Some(match url.query() {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    })
}

/// `%xx` sequences decoded (repeatedly, to catch double encoding), as text for inspection only.
fn percent_decode(s: &str) -> String {
    let mut current = s.to_string();
    for _ in 0..3 {
        let bytes = current.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                if let Ok(b) = u8::from_str_radix(&current[i + 1..i + 3], 16) {
                    out.push(b);
                    i += 3;
                    continue;
                }
            }
            out.push(bytes[i]);
            i += 1;
        }
        let next = String::from_utf8_lossy(&out).into_owned();
        if next == current {
            break;
        }
        current = next;
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://portal.example";

    #[test]
    fn local_paths_pass_with_their_query() {
        assert_eq!(local_redirect(BASE, "/profile").as_deref(), Some("/profile"));
        assert_eq!(local_redirect(BASE, "/users?q=ann&kind=user").as_deref(), Some("/users?q=ann&kind=user"));
        assert_eq!(local_redirect(BASE, "https://portal.example/login?x=1").as_deref(), Some("/login?x=1"));
        assert_eq!(local_redirect(BASE, "/a/../profile").as_deref(), Some("/profile"));
    }

    #[test]
    fn the_usual_bypasses_are_refused() {
        for evil in [
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/%0a/evil.example",
            "/\n/evil.example",
            "%2F%2Fevil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "/%255C%255Cevil.example",
            "https://evil.example/",
            "http://portal.example/",
            "https://portal.example.evil.example/",
            "https://portal.example@evil.example/",
            "https://user:pw@portal.example/",
            "javascript:alert(1)",
            "data:text/html,hi",
            " //evil.example",
            "",
        ] {
            assert_eq!(local_redirect(BASE, evil), None, "{evil:?}");
        }
    }

    #[test]
    fn an_old_form_error_is_dropped_from_the_way_back() {
        assert_eq!(without_form_error("/login?signed_out=1&form_error=error-old"), "/login?signed_out=1");
        assert_eq!(without_form_error("/login?form_error=x"), "/login");
    }
}
