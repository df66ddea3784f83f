import { test, Browser, BrowserContext, Page } from '@playwright/test';
import { hydrated, signIn, SOPHIE } from '../support/people';

// What a first visit downloads before the page is interactive: every script and WASM file the
// browser fetched (the shared part, the part of the page's journey, the loader) and the page
// language's messages (fetched, not compiled in), in the bytes that crossed the wire (brotli as
// served). Goal: 200 KB for the sign-in page and for My Profile.

async function firstLoad(page: Page, path: string, label: string) {
  const files: { url: string; bytes: number }[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!/\.(wasm|js|ftl)$/.test(url.pathname)) return;
    pending.push(
      response.request().sizes().then((s) => {
        files.push({ url: url.pathname, bytes: s.responseBodySize });
      }),
    );
  });
  await page.goto(path);
  await hydrated(page);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  const total = files.reduce((n, f) => n + f.bytes, 0);
  for (const f of files) console.log(`BENCH   ${label}: ${f.url} ${f.bytes} bytes`);
  console.log(`BENCH first visit of ${label}: ${files.length} files, ${total} bytes (${Math.round(total / 1024)} KB)`);
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
