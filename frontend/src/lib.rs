//! The browser entry point: hydrates the server-rendered page.

// The release build computes the layout of the app's deeply nested view types here too.
#![recursion_limit = "256"]

/// Takes the page over; resolves once it is live, fails when it cannot be (the page's loader,
/// server/src/hydration.js, then leaves the page as the server sent it).
#[wasm_bindgen::prelude::wasm_bindgen]
pub async fn hydrate() -> Result<(), wasm_bindgen::JsValue> {
    // A panic stops the WASM for good (leptos 0.8 also panics when a page's part cannot be
    // downloaded): log it, and tell the person on the page, who can load it again.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        app::i18n::show_stopped_notice();
    }));
    // The messages of the page's language come from the server, not inside the WASM; without
    // them the page stays as the server rendered it, which works without the WASM too.
    if !app::i18n::load_page_language().await {
        return Err("the page's messages could not be fetched".into());
    }
    // Each page's code is its own part of the WASM (see app::routes): hydration waits for the
    // part of the page on screen.
    let body = leptos::tachys::dom::body();
    leptos::mount::hydrate_from_async(body, app::App).await.forget();
    // A mark that the page is interactive, for people's tools and the browser tests.
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::set(&window, &"__portal_hydrated".into(), &true.into());
        // The stylesheet's fallbacks for pages without the WASM stop applying.
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "");
        }
    }
    Ok(())
}
