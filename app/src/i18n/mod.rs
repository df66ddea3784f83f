//! Fluent bundles for English, French and Dutch, shared by the server and the browser.
//!
//! Every string a person sees comes from `locales/{en,fr,nl}/*.ftl`. The server compiles them in
//! (see [`ssr`]); the browser's code does not: it fetches the text of the page's language (a
//! file with a content hash in its address, kept a year) before it takes over the page, and
//! another language when the person switches to it. The brand is configuration: the `-brand`
//! term defined in the files is overridden by [`set_brand`] before first use.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use leptos::prelude::*;
use std::sync::OnceLock;

pub use crate::domain::Lang;

/// Name of the cookie that remembers the language of someone not signed in.
pub const LANG_COOKIE: &str = "portal_lang";

/// The `Set-Cookie` value (or `document.cookie` assignment) that remembers a language for a year.
/// One definition for the server and the browser; the page may read it (it is not a secret).
pub fn language_cookie(code: &str, secure: bool) -> String {
    let code = Lang::parse(code).unwrap_or_default().code();
    let secure = if secure { "; Secure" } else { "" };
    format!("{LANG_COOKIE}={code}; Path=/; Max-Age=31536000; SameSite=Lax{secure}")
}

/// Every kind of activity line the portal writes (`sign-in`, …): the ids of
/// `locales/en/activity.ftl`, which holds one sentence per kind and nothing else.
pub fn activity_kinds() -> Vec<&'static str> {
    include_str!("../../../locales/en/activity.ftl")
        .lines()
        .filter_map(|l| l.strip_prefix("activity-")?.split_once(" = ").map(|(k, _)| k))
        .collect()
}

#[cfg(feature = "ssr")]
pub mod ssr;

static BRAND: OnceLock<String> = OnceLock::new();

/// Sets the brand name once, before the first translation. Later calls are ignored.
pub fn set_brand(brand: &str) {
    let clean: String = brand
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '{' | '}' | '[' | ']' | '*' | '.'))
        .collect();
    let clean = clean.trim();
    if !clean.is_empty() {
        let _ = BRAND.set(clean.to_string());
    }
}

pub fn brand() -> &'static str {
    BRAND.get().map(String::as_str).unwrap_or("Arxus")
}

type Bundle = FluentBundle<FluentResource>;

fn build_bundle(lang: Lang, sources: &[&str]) -> Bundle {
    let langid = lang
        .code()
        .parse()
        .unwrap_or_else(|_| unic_langid::langid!("en"));
    let mut bundle = Bundle::new_concurrent(vec![langid]);
    // No invisible isolation marks around placeables: names render as typed.
    bundle.set_use_isolating(false);
    for source in sources {
        // A syntax error is caught by the locale tests; keep whatever parsed.
        let res = match FluentResource::try_new(source.to_string()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        bundle.add_resource_overriding(res);
    }
    let term = format!("-brand = {}\n", brand());
    if let Ok(res) = FluentResource::try_new(term) {
        bundle.add_resource_overriding(res);
    }
    bundle
}

/// One bundle per language, made once its text is there: at once on the server, once fetched
/// in the browser.
static BUNDLES: [OnceLock<Bundle>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];

fn bundle(lang: Lang) -> Option<&'static Bundle> {
    let cell = &BUNDLES[lang as usize];
    #[cfg(feature = "ssr")]
    return Some(cell.get_or_init(|| build_bundle(lang, &ssr::sources(lang))));
    #[cfg(not(feature = "ssr"))]
    cell.get()
}

/// Makes the bundle of `lang` from its Fluent text (the browser's copy); a second call changes
/// nothing.
pub fn load(lang: Lang, text: &str) {
    let _ = BUNDLES[lang as usize].get_or_init(|| build_bundle(lang, &[text]));
}

/// Whether the messages of `lang` are there to translate with.
pub fn is_loaded(lang: Lang) -> bool {
    bundle(lang).is_some()
}

/// Whether `id` is one of the portal's messages (in `lang`, which must be loaded).
pub fn has_message(lang: Lang, id: &str) -> bool {
    bundle(lang).is_some_and(|b| b.has_message(id))
}

/// Fetches the Fluent text of `lang` from the server (the address the page names in
/// `<html data-locales>`) and makes its bundle. False if it could not be fetched.
pub async fn fetch(lang: Lang) -> bool {
    if is_loaded(lang) {
        return true;
    }
    let Some(base) = crate::browser::document_attribute("data-locales") else { return false };
    match crate::browser::fetch_text(&format!("{base}{}.ftl", lang.code())).await {
        Some(text) => {
            load(lang, &text);
            true
        }
        None => false,
    }
}

/// Before the browser's code takes over the page: the brand and the messages of the language
/// the server rendered the page in. False if they could not be fetched.
pub async fn load_page_language() -> bool {
    if let Some(b) = crate::browser::document_attribute("data-brand") {
        set_brand(&b);
    }
    let lang = crate::browser::document_attribute("lang").and_then(|c| Lang::parse(&c)).unwrap_or_default();
    fetch(lang).await
}

/// Translates a message with arguments. A missing id falls back to English, then to the id.
pub fn translate_args(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    for l in [lang, Lang::En] {
        let Some(b) = bundle(l) else { continue };
        if let Some(pattern) = b.get_message(id).and_then(|m| m.value()) {
            let mut errors = vec![];
            return b.format_pattern(pattern, args, &mut errors).into_owned();
        }
    }
    id.to_string()
}

pub fn translate(lang: Lang, id: &str) -> String {
    translate_args(lang, id, None)
}

/// Fluent arguments from name and value pairs.
/// Translates `id` with the number `$count` (plural forms choose by it).
pub fn translate_count(lang: Lang, id: &str, count: i64) -> String {
    let mut a = FluentArgs::new();
    a.set("count", FluentValue::from(count));
    translate_args(lang, id, Some(&a))
}

pub fn args<'a>(pairs: &[(&'a str, &str)]) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        args.set(*name, FluentValue::from(value.to_string()));
    }
    args
}

/// Translates with one string argument.
/// An activity line's description: its kind, naming what the line names besides (the identity
/// provider of "attempted to log in via …").
pub fn activity_text(lang: Lang, kind: &str, detail: Option<&str>) -> String {
    translate_with(lang, &format!("activity-{kind}"), "provider", detail.unwrap_or_default())
}

pub fn translate_with(lang: Lang, id: &str, name: &str, value: &str) -> String {
    let mut args = FluentArgs::new();
    args.set(name.to_string(), FluentValue::from(value.to_string()));
    translate_args(lang, id, Some(&args))
}

/// The reactive language of the page, provided as context by the root component.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
    /// Whether the person chose the language on this page (the language switch): then a late
    /// answer about their saved language does not take it back.
    pub chosen: RwSignal<bool>,
    /// The language of the last switch asked for (its messages may still be on their way).
    pub wanted: RwSignal<Lang>,
}

impl I18n {
    /// A reactive translation: re-evaluates when the language changes.
    pub fn t(self, id: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || translate(self.lang.get(), id)
    }

    /// Translates a message id known only at run time (e.g. from an error or a role code).
    pub fn tr(self, id: &str) -> String {
        translate(self.lang.get(), id)
    }

    pub fn get(self) -> Lang {
        self.lang.get()
    }

    /// Re-renders the page in `lang`, in place, and remembers it in this browser. The browser
    /// fetches the language's messages first if it has not yet; until then the page stays in
    /// the language it is in. The last switch asked for wins: messages that arrive after a
    /// later switch change nothing.
    /// [`Self::switch`], done once `lang`'s messages are there (fetched first when they are not).
    pub async fn switch_loaded(self, lang: Lang) {
        if !is_loaded(lang) {
            fetch(lang).await;
        }
        if self.lang.get_untracked() != lang {
            self.switch(lang);
        }
    }

    pub fn switch(self, lang: Lang) {
        // Remembered for a year, for visits before signing in.
        crate::browser::set_cookie(&language_cookie(lang.code(), crate::browser::is_https()));
        self.wanted.set(lang);
        let apply = move || {
            if self.wanted.get_untracked() == lang {
                self.lang.set(lang);
                crate::browser::set_document_language(lang.code());
            }
        };
        if is_loaded(lang) {
            apply();
        } else {
            leptos::task::spawn_local(async move {
                if fetch(lang).await {
                    apply();
                }
            });
        }
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// After the browser's code stopped (a part of it could not be downloaded, or a bug), says so at
/// the top of the page, in the page's language, with a link that loads the page again. The page
/// the server rendered stays readable; only what needed the code is gone.
pub fn show_stopped_notice() {
    let lang = crate::browser::document_attribute("lang").and_then(|c| Lang::parse(&c)).unwrap_or_default();
    crate::browser::show_stopped_notice(&translate(lang, "error-page-stopped"), &translate(lang, "reload-page"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::{BTreeMap, BTreeSet};

    fn collect_vars(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for el in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = el {
                collect_expr(expression, out);
            }
        }
    }

    fn collect_expr(expr: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        match expr {
            ast::Expression::Inline(inline) => collect_inline(inline, out),
            ast::Expression::Select { selector, variants } => {
                collect_inline(selector, out);
                for v in variants {
                    collect_vars(&v.value, out);
                }
            }
        }
    }

    fn collect_inline(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => collect_expr(expression, out),
            _ => {}
        }
    }

    /// message id -> variables it uses, for one language.
    fn catalogue(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let mut map = BTreeMap::new();
        for source in ssr::sources(lang) {
            let res = fluent_syntax::parser::parse(source)
                .unwrap_or_else(|(_, errs)| panic!("{}: syntax errors {errs:?}", lang.code()));
            for entry in res.body {
                if let ast::Entry::Message(msg) = entry {
                    let mut vars = BTreeSet::new();
                    if let Some(v) = &msg.value {
                        collect_vars(v, &mut vars);
                    }
                    for attr in &msg.attributes {
                        collect_vars(&attr.value, &mut vars);
                    }
                    let dup = map.insert(msg.id.name.to_string(), vars);
                    assert!(dup.is_none(), "{}: duplicate id {}", lang.code(), msg.id.name);
                }
            }
        }
        map
    }

    #[test]
    fn every_message_exists_in_every_language_with_the_same_variables() {
        let en = catalogue(Lang::En);
        assert!(en.len() > 20, "the English catalogue looks empty");
        for lang in [Lang::Fr, Lang::Nl] {
            let other = catalogue(lang);
            let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(extra.is_empty(), "{} has ids English lacks: {extra:?}", lang.code());
            for (id, vars) in &en {
                assert_eq!(vars, &other[id], "{}: {id} uses other variables", lang.code());
            }
        }
    }

    #[test]
    fn messages_render_without_isolation_marks_and_with_the_brand() {
        let s = translate(Lang::En, "app-title");
        assert_eq!(s, format!("{} Customer Portal", brand()));
        let named = translate_with(Lang::Nl, "activate-intro", "name", "Sophie");
        assert!(named.starts_with("Hallo Sophie, kies"), "{named}");
        assert!(!named.contains('\u{2068}'));
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(Lang::from_accept_language("nl-BE,nl;q=0.9,en;q=0.8"), Some(Lang::Nl));
        assert_eq!(Lang::from_accept_language("de-DE,fr;q=0.5,en;q=0.7"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de-DE"), None);
        assert_eq!(Lang::from_accept_language("fr;q=0"), None);
    }

    #[test]
    fn every_locale_file_is_loaded() {
        for lang in Lang::ALL {
            let dir = format!("{}/../locales/{}", env!("CARGO_MANIFEST_DIR"), lang.code());
            let files = std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{dir}: {e}"))
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "ftl"))
                .count();
            assert_eq!(files, ssr::sources(lang).len(), "{dir} has files the bundle does not load");
        }
    }

    #[test]
    fn unknown_ids_fall_back_to_the_id() {
        assert_eq!(translate(Lang::Fr, "no-such-message"), "no-such-message");
    }
}
