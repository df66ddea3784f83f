//! The browser entry point: hydrates the server-rendered page.

// The release build computes the layout of the app's deeply nested view types here too.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A mark that the page is interactive, for people's tools and the browser tests.
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__portal_hydrated".into(), &true.into());
        // The stylesheet's fallbacks for pages without the WASM stop applying.
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "");
        }
    }
}
