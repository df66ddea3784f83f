//! The server's side of the messages: every language compiled in, and the text of one language
//! served to the browser at an address that changes whenever the text does.

use super::Lang;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::sync::{LazyLock, OnceLock};

/// The files of one language the browser needs too: all but the e-mails.
macro_rules! page_files {
    ($lang:literal) => {
        [
            include_str!(concat!("../../../locales/", $lang, "/core.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/auth.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/profile.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/activity.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/roles.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/users.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/account.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/domain.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/avatar.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/preferences.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/groups.ftl")),
            include_str!(concat!("../../../locales/", $lang, "/notices.ftl")),
        ]
    };
}

fn page_sources(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::En => page_files!("en"),
        Lang::Fr => page_files!("fr"),
        Lang::Nl => page_files!("nl"),
    }
}

/// Every Fluent source of one language: the pages' and the e-mails'.
pub fn sources(lang: Lang) -> Vec<&'static str> {
    let mail = match lang {
        Lang::En => include_str!("../../../locales/en/mail.ftl"),
        Lang::Fr => include_str!("../../../locales/fr/mail.ftl"),
        Lang::Nl => include_str!("../../../locales/nl/mail.ftl"),
    };
    let mut all = page_sources(lang).to_vec();
    all.push(mail);
    all
}

/// What the browser gets of one language: the pages' messages, not the e-mails'.
fn browser_text(lang: Lang) -> String {
    page_sources(lang).join("\n")
}

/// One language as served: the text, and the same text brotli-compressed the first time a
/// browser asks for it (not at start: about 0.1 s of CPU per language).
struct Served {
    text: String,
    brotli: OnceLock<Vec<u8>>,
}

impl Served {
    /// The compressed text; empty if compressing failed (the plain text is served then).
    fn brotli(&self) -> &[u8] {
        self.brotli.get_or_init(|| {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            if brotli::BrotliCompress(&mut self.text.as_bytes(), &mut out, &params).is_err() {
                out.clear();
            }
            out
        })
    }
}

struct Locales {
    /// A digest of the three texts: part of their address, so a browser may keep them a year.
    version: String,
    served: [Served; 3],
}

static LOCALES: LazyLock<Locales> = LazyLock::new(|| {
    let served = Lang::ALL.map(|lang| Served { text: browser_text(lang), brotli: OnceLock::new() });
    let mut digest = Sha256::new();
    for s in &served {
        digest.update(s.text.as_bytes());
    }
    let version = hex::encode(&digest.finalize()[..8]);
    Locales { version, served }
});

/// Where the browser finds the languages' texts: `{base}{code}.ftl`.
pub fn base_href() -> String {
    format!("/locales/{}/", LOCALES.version)
}

/// `GET /locales/{version}/{code}.ftl`: the language's text, brotli when the browser takes it.
/// The current version is kept a year; an address from before a deploy gets today's text,
/// not kept.
pub async fn locale_file(Path((version, file)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let Some(lang) = file.strip_suffix(".ftl").and_then(Lang::parse) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let served = &LOCALES.served[lang as usize];
    let cache = if version == LOCALES.version { "public, max-age=31536000, immutable" } else { "no-cache" };
    let takes_brotli = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().split(';').next() == Some("br")));
    let mut res = if takes_brotli && !served.brotli().is_empty() {
        let mut res = served.brotli().to_vec().into_response();
        res.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        res
    } else {
        served.text.clone().into_response()
    };
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    res
}
