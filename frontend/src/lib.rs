//! The browser entry point: hydrates the server-rendered page.

// The release build computes the layout of the app's deeply nested view types here too.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic stops the WASM for good (leptos 0.8 also panics when a page's part cannot be
    // downloaded): log it, and tell the person on the page, who can load it again.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        app::i18n::show_stopped_notice();
    }));
    // Each page's code is its own part of the WASM (see app::routes): hydration waits for the
    // part of the page on screen, so it runs as a task.
    wasm_bindgen_futures::spawn_local(async {
        // The messages of the page's language come from the server, not inside the WASM; without
        // them the page stays as the server rendered it, which works without the WASM too.
        if !app::i18n::load_page_language().await {
            return;
        }
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
    });
}
