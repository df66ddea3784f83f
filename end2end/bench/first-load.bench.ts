import { test, Browser, BrowserContext, Page } from '@playwright/test';
import { hydrated, signIn, SOPHIE } from '../support/people';

// What a first visit (a browser that kept nothing) downloads, in the bytes that crossed the wire
// (brotli as served):
// - before the page can be used: everything fetched until its load event (the HTML, the
//   stylesheet, the page language's messages, and any of the browser's code). Goal: none of the
//   browser's code on the signed-out pages, at most 250 KB of it on the signed-in ones;
// - its code, fetched quietly once the page has loaded, and what the page goes live with at the
//   first sign of a person (here the pointer moves): every WASM and JS file and the messages;
// - how long that takes, from the pointer's first move to the page being live.

async function firstLoad(page: Page, path: string, label: string) {
  const files: { url: string; bytes: number; before: boolean }[] = [];
  const pending: Promise<void>[] = [];
  let loaded = false;
  page.on('response', (response) => {
    const before = !loaded;
    const url = new URL(response.url());
    pending.push(
      response.request().sizes().then((s) => {
        files.push({ url: url.pathname, bytes: Math.max(0, s.responseBodySize), before }); // -1: from the cache
      }),
    );
  });
  await page.goto(path, { waitUntil: 'load' });
  loaded = true;
  await page.waitForLoadState('networkidle');
  const started = Date.now();
  await hydrated(page);
  const live = Date.now() - started;
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  const code = (f: { url: string }) => /\.(wasm|js)$/.test(f.url);
  const kb = (n: number) => Math.round(n / 1024);
  const sum = (fs: typeof files) => fs.reduce((n, f) => n + f.bytes, 0);
  for (const f of files) console.log(`BENCH   ${label}: ${f.before ? 'before use' : 'after load'} ${f.url} ${f.bytes} bytes`);
  const before = files.filter((f) => f.before);
  const after = files.filter((f) => !f.before && (code(f) || f.url.endsWith('.ftl')));
  console.log(
    `BENCH first visit of ${label}: usable after ${kb(sum(before))} KB (${before.length} files, of which code ${kb(sum(before.filter(code)))} KB);` +
      ` live after ${kb(sum(after))} KB more, ${live} ms from the first pointer move (code before use ${kb(sum(before.filter(code)))} KB)`,
  );
}

/** A first visit: a browser that has kept nothing but, when given, the session's cookies. */
type Session = Awaited<ReturnType<BrowserContext['storageState']>>;

async function firstVisit(browser: Browser, path: string, label: string, session?: Session) {
  const baseURL = test.info().project.use.baseURL;
  const context = await browser.newContext(session ? { baseURL, storageState: session } : { baseURL });
  await firstLoad(await context.newPage(), path, label);
  await context.close();
}

test('what a first visit downloads', async ({ browser, page }) => {
  await firstVisit(browser, '/login', 'the sign-in page');
  await signIn(page, SOPHIE);
  const session = await page.context().storageState();
  await firstVisit(browser, '/profile', 'My Profile', session);
  await firstVisit(browser, '/users', 'Users & Permissions', session);
});
