import { test, Page } from '@playwright/test';
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
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.goto(path);
  await hydrated(page);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  const total = files.reduce((n, f) => n + f.bytes, 0);
  for (const f of files) console.log(`BENCH   ${label}: ${f.url} ${f.bytes} bytes`);
  console.log(`BENCH first visit of ${label}: ${files.length} files, ${total} bytes (${Math.round(total / 1024)} KB)`);
  page.removeAllListeners('response');
}

test('what a first visit downloads', async ({ page }) => {
  await firstLoad(page, '/login', 'the sign-in page');
  await signIn(page, SOPHIE);
  await firstLoad(page, '/profile', 'My Profile');
  await firstLoad(page, '/users', 'Users & Permissions');
});
