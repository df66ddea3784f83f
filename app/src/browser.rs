//! The few places where the portal touches the browser directly: a leaf, strings in and strings
//! out, that knows nothing of the portal. Outside the browser these do nothing, so components
//! can call them unconditionally from event handlers.

/// Sets a cookie of this page's site (`document.cookie = cookie`).
pub fn set_cookie(cookie: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(html_doc) = doc.dyn_into::<web_sys::HtmlDocument>() {
                let _ = html_doc.set_cookie(cookie);
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = cookie;
}

/// Whether the page was loaded over HTTPS.
pub fn is_https() -> bool {
    #[cfg(feature = "hydrate")]
    let https = web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "https:");
    #[cfg(not(feature = "hydrate"))]
    let https = false;
    https
}

/// Leaves the app for `path` of the same site, a full page load (a server route the router does
/// not know, an application's sign-in for one). Only a path starting with one `/` is followed.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') {
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(path);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Leaves the portal for an identity provider's sign-in page: an absolute `https://` or
/// `http://` address the server gave.
pub fn go_to_provider(url: &str) {
    #[cfg(feature = "hydrate")]
    if url.starts_with("https://") || url.starts_with("http://") {
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(url);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
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

/// The menu items of an open menu (`[role=menuitem]` inside `menu`).
#[cfg(feature = "hydrate")]
fn menu_items(menu: &leptos::web_sys::Element) -> Vec<leptos::web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    let Ok(list) = menu.query_selector_all("[role=menuitem]") else { return vec![] };
    (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok()).collect()
}

/// Focuses item `index` of a menu; a negative index counts from the end.
pub fn focus_menu_item(menu: &leptos::web_sys::Element, index: i32) {
    #[cfg(feature = "hydrate")]
    {
        let items = menu_items(menu);
        let n = items.len() as i32;
        if n > 0 {
            let i = if index < 0 { (n + index).max(0) } else { index.min(n - 1) };
            let _ = items[i as usize].focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (menu, index);
}

/// Moves the focus `step` items down (or up, negative) in a menu, wrapping around.
pub fn move_menu_focus(menu: &leptos::web_sys::Element, step: i32) {
    #[cfg(feature = "hydrate")]
    {
        let items = menu_items(menu);
        let n = items.len() as i32;
        if n == 0 {
            return;
        }
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        let current = items.iter().position(|it| active.as_ref().is_some_and(|a| a == it.as_ref() as &web_sys::Element));
        let next = match current {
            Some(c) => (c as i32 + step).rem_euclid(n),
            None if step < 0 => n - 1,
            None => 0,
        };
        let _ = items[next as usize].focus();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (menu, step);
}

/// Whether the focus, leaving an element of a container (`focusout` on the container), goes to
/// another element of the same container.
pub fn focus_stays_inside(ev: &leptos::web_sys::FocusEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let container = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        let next = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        match (container, next) {
            (Some(c), Some(n)) => c.contains(Some(&n)),
            _ => false,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// The browser's IANA time zone (`Europe/Brussels`), if it says.
pub fn time_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        let options = format.resolved_options();
        js_sys::Reflect::get(&options, &wasm_bindgen::JsValue::from_str("timeZone"))
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.is_empty())
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Scrolls the element with this id into view, if it is out of sight (the active option of a
/// listbox moved by the keyboard).
pub fn scroll_into_view(id: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Moves the focus to the first element matching `selector`, made focusable by script
/// (`tabindex="-1"`) when it is not. False when there is no such element.
pub fn focus_first(selector: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let found = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(selector).ok().flatten());
        let Some(el) = found.and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok()) else { return false };
        // A heading or a region; a field or a link is focusable as it is (and stays in the Tab order).
        if el.tab_index() < 0 && !el.has_attribute("tabindex") {
            let _ = el.set_attribute("tabindex", "-1");
        }
        el.focus().is_ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = selector;
        false
    }
}

/// What is in the field with this id now (typed, perhaps, before the page went live), not the
/// value it was sent with.
pub fn field_value(id: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id))?;
        el.dyn_into::<web_sys::HtmlInputElement>().ok().map(|input| input.value())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        None
    }
}

/// The values of the ticked checkboxes (or the chosen radio button) named `name` inside the
/// first element matching `scope`, as the page is now; None when there is no such element.
pub fn ticked(scope: &str, name: &str) -> Option<Vec<String>> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let outer = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector(scope).ok().flatten())?;
        let list = outer.query_selector_all(&format!("input[name=\"{name}\"]")).ok()?;
        Some(
            (0..list.length())
                .filter_map(|i| list.item(i))
                .filter_map(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
                .filter(|input| input.checked())
                .map(|input| input.value())
                .collect(),
        )
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (scope, name);
        None
    }
}

/// Focuses the field with this id, the caret after its text (to go on typing).
pub fn focus_field_at_end(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
        if let Some(input) = el.and_then(|el| el.dyn_into::<web_sys::HtmlInputElement>().ok()) {
            let _ = input.focus();
            let end = input.value().encode_utf16().count() as u32;
            // Search fields take a selection; other types refuse it, which is fine.
            let _ = input.set_selection_range(end, end);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// A selector for the element that has the focus, to find it again once the page has drawn
/// itself anew: its id, or a link's address. None for anything else.
pub fn focused_selector() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element())?;
        let safe = |v: &str| !v.is_empty() && !v.contains(['"', '\\', '\n']);
        let id = el.id();
        if safe(&id) {
            return Some(format!("[id=\"{id}\"]"));
        }
        let href = el.get_attribute("href").filter(|_| el.tag_name() == "A")?;
        safe(&href).then(|| format!("a[href=\"{href}\"]"))
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Whether nothing has the focus (it is on the body): what had it left the page.
pub fn focus_lost() -> bool {
    #[cfg(feature = "hydrate")]
    {
        let doc = web_sys::window().and_then(|w| w.document());
        let active = doc.as_ref().and_then(|d| d.active_element());
        let body = doc.and_then(|d| d.body());
        match (active, body) {
            (None, _) => true,
            (Some(a), Some(b)) => a == *b.as_ref(),
            _ => false,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    false
}

/// Whether the element that has the focus matches `selector`.
pub fn focus_matches(selector: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        active.is_some_and(|el| el.matches(selector).unwrap_or(false))
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = selector;
        false
    }
}

/// Whether the focus is on `el` or inside it.
pub fn focus_within(el: &leptos::web_sys::Element) -> bool {
    #[cfg(feature = "hydrate")]
    {
        el.matches(":focus-within").unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = el;
        false
    }
}

/// Whether the element with this id has the focus.
pub fn has_focus(id: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        active.is_some_and(|el| el.id() == id)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        false
    }
}

/// Runs `f` once the browser has drawn the next frame (after the page's updates have landed).
pub fn after_next_frame(f: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::request_animation_frame(f);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = f;
}

/// Whether the focus is on an element inside the first one matching `selector`.
pub fn focus_is_inside(selector: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
        match (doc.active_element(), doc.query_selector(selector).ok().flatten()) {
            (Some(active), Some(outer)) => outer.contains(Some(&active)),
            _ => false,
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = selector;
        false
    }
}

/// Puts `text` and a link that loads the page again (named `reload`) at the top of the page, as
/// an alert. Plain DOM only: the reactive system may be in the middle of something that will
/// never finish.
pub fn show_stopped_notice(text: &str, reload: &str) {
    #[cfg(feature = "hydrate")]
    {
        let Some(window) = web_sys::window() else { return };
        let Some(doc) = window.document() else { return };
        if doc.get_element_by_id("portal-stopped").is_some() {
            return;
        }
        let href = window.location().href().unwrap_or_else(|_| "/".into());
        let (Ok(notice), Ok(span), Ok(link)) = (doc.create_element("p"), doc.create_element("span"), doc.create_element("a")) else {
            return;
        };
        notice.set_id("portal-stopped");
        let _ = notice.set_attribute("role", "alert");
        let _ = notice.set_attribute("class", "alert page-alert");
        span.set_text_content(Some(&format!("{text} ")));
        let _ = link.set_attribute("href", &href);
        // A full page load: the router, which would take the click, is part of the stopped code.
        let _ = link.set_attribute("rel", "external");
        link.set_text_content(Some(reload));
        let _ = notice.append_child(&span);
        let _ = notice.append_child(&link);
        let parent = doc.get_element_by_id("main").or_else(|| doc.body().map(Into::into));
        if let Some(parent) = parent {
            let _ = parent.prepend_with_node_1(&notice);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (text, reload);
}

/// The body of a GET of `url` (same origin) as text; None, and a line in the console, if the
/// request failed or the answer was not 200.
pub async fn fetch_text(url: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        use wasm_bindgen_futures::JsFuture;
        let window = web_sys::window()?;
        let answer = async {
            let res: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await?.dyn_into()?;
            if !res.ok() {
                return Err(wasm_bindgen::JsValue::from_str(&format!("{url}: {}", res.status())));
            }
            JsFuture::from(res.text()?).await
        };
        match answer.await {
            Ok(text) => text.as_string(),
            Err(e) => {
                leptos::logging::error!("could not fetch {url}: {e:?}");
                None
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = url;
        None
    }
}
