//! The few places where the portal touches the browser directly. Outside the browser these do
//! nothing, so components can call them unconditionally from event handlers.

/// Remembers the language for a year, for visits before signing in.
pub fn remember_language(code: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(html_doc) = doc.dyn_into::<web_sys::HtmlDocument>() {
                let secure = web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "https:");
                let cookie = crate::i18n::language_cookie(code, secure);
                let _ = html_doc.set_cookie(&cookie);
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = code;
}

/// Sets `<html lang>` so that assistive technology follows the switch.
pub fn set_document_language(code: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = el.set_attribute("lang", code);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = code;
}

/// An attribute of `<html>` as the server rendered it (`lang`, `data-brand`).
pub fn document_attribute(name: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|el| el.get_attribute(name))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = name;
        None
    }
}
