// The page's loader (inline, by its nonce). The page the server sent works without the browser's
// code: its links and forms go to the server. So the code (the WASM) is only downloaded once the
// page has loaded and the browser is idle, and it takes the page over (hydration) at the first
// sign of a person: a pointer moving, a touch, a key, the focus. What they do meanwhile is kept:
// - a click on a link or a form's button goes as it would without the code (the code, half
//   hydrated, never sees it);
// - a click on a control that needs the code waits for it, and is given to it once, after;
// - what is typed or ticked is given to the live page once, after (the live page's own handlers
//   do not see it twice while it is half hydrated).
(() => {
  const js = "__JS__", wasm = "__WASM__";
  const root = document.documentElement;
  let started = false, live = false;
  const waiting = []; // [control, event]
  const typed = new Map(); // element -> { value, changed }: its last value, and whether it changed

  const controls = 'a[href],button,input,select,textarea,summary,label,[role=button],[role=tab],[role=menuitem],[role=option],[role=switch],[tabindex]:not([tabindex="-1"])';
  // Whether a click does something without the code: links, form buttons, fields, labels.
  const worksWithout = (target) => {
    const c = target instanceof Element ? target.closest(controls) : null;
    if (!c) return true;
    if (c.matches('a[href]')) return true;
    if (c.matches('button,input[type=submit],input[type=image]')) {
      return !!c.form && (c.type === 'submit' || c.type === 'image');
    }
    return c.matches('input,select,textarea,summary,label');
  };

  // A control that needs the code: its clicks and keys wait, and are given to the live page in
  // the order they came (a key pressed on a button is its keydown, then its click).
  const onControl = (e) => {
    if (live) return;
    start();
    e.stopImmediatePropagation();
    if (worksWithout(e.target)) return;
    if (e.type === 'keydown' && /^(Tab|Shift|Control|Alt|Meta)$/.test(e.key)) return;
    // A click, and keys that would scroll the page meanwhile (Space still makes its click).
    if (e.type === 'click' || /^(Arrow|Home$|End$|Page)/.test(e.key)) e.preventDefault();
    waiting.push([e.target.closest(controls), e]);
  };
  // A form sent before the page is live goes to the server, as it would without the code.
  const onSubmit = (e) => {
    if (!live) e.stopImmediatePropagation();
  };
  const onField = (e) => {
    if (live) return;
    const el = e.target;
    if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) return;
    const tick = el.type === 'checkbox' || el.type === 'radio';
    const changed = typed.get(el)?.changed || e.type === 'change';
    typed.delete(el); // the last one changed comes last (radio buttons of one group)
    typed.set(el, { value: tick ? el.checked : el.value, changed });
    e.stopImmediatePropagation();
  };
  const intents = ['pointerdown', 'pointermove', 'touchstart', 'keydown', 'focusin'];
  addEventListener('click', onControl, true);
  addEventListener('keydown', onControl, true);
  addEventListener('input', onField, true);
  addEventListener('change', onField, true);
  addEventListener('submit', onSubmit, true);
  for (const t of intents) addEventListener(t, start, { capture: true, passive: true });

  const stopWaiting = () => {
    live = true;
    removeEventListener('click', onControl, true);
    removeEventListener('keydown', onControl, true);
    removeEventListener('input', onField, true);
    removeEventListener('change', onField, true);
    removeEventListener('submit', onSubmit, true);
  };

  function goneLive() {
    stopWaiting();
    // What was typed or ticked, as the person left it (hydration may have set a field to the
    // value the server rendered).
    for (const [el, { value, changed }] of typed) {
      if (!el.isConnected) continue;
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = value;
      else if (el.value !== value) el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      if (changed) el.dispatchEvent(new Event('change', { bubbles: true }));
    }
    typed.clear();
    for (const [control, e] of waiting.splice(0)) {
      if (control.isConnected) control.dispatchEvent(new e.constructor(e.type, e));
    }
  }

  function start() {
    if (started) return;
    started = true;
    for (const t of intents) removeEventListener(t, start, true);
    // Text the browser put back in a field without telling (reload, back): kept too.
    for (const el of document.querySelectorAll('input,textarea')) {
      if (typed.has(el) || /^(checkbox|radio|hidden|file|submit|button|image|reset)$/.test(el.type)) continue;
      if (el.value !== el.defaultValue) typed.set(el, { value: el.value, changed: false });
    }
    // `hydrate` resolves once the page is live (it has then set `data-hydrated`).
    import(js)
      .then((mod) => mod.default({ module_or_path: wasm }).then(() => mod.hydrate()))
      .then(goneLive)
      .catch((err) => {
        // The page stays as the server sent it, which works; a control that needs the code
        // says nothing more than it would have.
        console.error('the page could not go live', err);
        stopWaiting();
      });
  }

  // Fetched quietly once the page is there, so that the first sign of a person finds it ready.
  const prefetch = () => {
    if (started) return; // already on its way
    // The page language's messages too (the code carries none).
    const messages = `${root.dataset.locales}${root.lang}.ftl`;
    for (const [href, as] of [[js, 'script'], [wasm, 'fetch'], [messages, 'fetch']]) {
      const link = document.createElement('link');
      link.rel = as === 'script' ? 'modulepreload' : 'prefetch';
      link.href = href;
      link.as = as;
      link.crossOrigin = 'anonymous';
      document.head.append(link);
    }
  };
  const idle = () => ('requestIdleCallback' in window ? requestIdleCallback(prefetch, { timeout: 3000 }) : setTimeout(prefetch, 500));
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
})();
