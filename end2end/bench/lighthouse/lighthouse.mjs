// Lighthouse scores for the bench: performance and accessibility of the sign-in page (anonymous),
// My Profile, Users & Permissions' Profiles tab and Permission Groups (signed in), with
// Lighthouse's default config — the mobile preset, with its simulated throttling — in Debian's
// Chromium, headless. Each page three times, each time in a fresh browser: the median, and the
// lowest and highest beside it. Goals: performance 95, accessibility 100, total blocking time
// 200 ms.
//
//   BASE_URL=http://127.0.0.1:3207 PORTAL_SESSION=<portal_session cookie> node lighthouse.mjs
//
// scripts/bench.sh installs Lighthouse 12.8.2 here (the newest that runs on Node 20).
//
// Prints one line per page; low scores are reported, not failed. Exits non-zero only when
// Lighthouse cannot run, or cannot load a page (for a signed-in page: that page, not the
// sign-in form a stale cookie redirects to). CHROMIUM_PATH overrides /usr/bin/chromium;
// LIGHTHOUSE_RUNS the three runs.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { accessSync, constants } from 'node:fs';

const BASE_URL = (process.env.BASE_URL ?? 'http://127.0.0.1:3207').replace(/\/+$/, '');
const SESSION = process.env.PORTAL_SESSION;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!SESSION) {
  console.error('lighthouse: PORTAL_SESSION (the portal_session cookie of a signed-in user) is required');
  process.exit(2);
}
try {
  accessSync(CHROMIUM, constants.X_OK); // chrome-launcher would crash on a missing binary
} catch {
  console.error(`lighthouse: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  process.exit(2);
}

const signedIn = { Cookie: `portal_session=${SESSION}` };
const PAGES = [
  { path: '/login', headers: {} },
  { path: '/profile', headers: signedIn },
  { path: '/users', headers: signedIn },
  { path: '/users/groups', headers: signedIn },
];
const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);

async function measure({ path, headers }) {
  // A fresh browser per page, so nothing carries over from one measurement to the next.
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const { lhr } = await lighthouse(`${BASE_URL}${path}`, {
      port: chrome.port,
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
      extraHeaders: headers,
    });
    if (lhr.runtimeError) {
      const err = new Error(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      // Lighthouse's own trace recording failed (not the page): that run may be taken again.
      err.traceFailed = ['NO_NAVSTART', 'NO_TRACING_STARTED', 'NO_RESOURCE_REQUEST'].includes(lhr.runtimeError.code);
      throw err;
    }
    const landed = new URL(lhr.finalDisplayedUrl).pathname;
    // A stale cookie lands /profile on /login: that would be a score for the wrong page.
    if (landed !== path) throw new Error(`${path} ended on ${landed} (session cookie expired?)`);
    const score = (id) => {
      const { score } = lhr.categories[id]; // null when one of the category's audits errored
      if (score === null) throw new Error(`${path}: no ${id} score (an audit errored)`);
      return Math.round(score * 100);
    };
    const metric = (id) => Math.round(lhr.audits[id].numericValue);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      tbt: metric('total-blocking-time'),
      lcp: metric('largest-contentful-paint'),
      fcp: metric('first-contentful-paint'),
    };
  } finally {
    await chrome.kill();
  }
}

// A run whose trace Lighthouse failed to record is taken again, twice at most, and said so.
async function measureAgain(page) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measure(page);
    } catch (err) {
      if (!err.traceFailed || attempt === 3) throw err;
      console.error(`lighthouse: ${err.message}; taking that run again`);
    }
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const spread = (xs) => `${Math.min(...xs)}-${Math.max(...xs)}`;

try {
  for (const page of PAGES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measureAgain(page));
    const of = (k) => runs.map((r) => r[k]);
    // One line per page, read by scripts/bench.sh: the medians first, then their spreads.
    console.log(
      `lighthouse ${page.path} performance ${median(of('performance'))} accessibility ${median(of('accessibility'))}` +
        ` tbt ${median(of('tbt'))} lcp ${median(of('lcp'))} fcp ${median(of('fcp'))}` +
        ` (${RUNS} runs: performance ${spread(of('performance'))}, accessibility ${spread(of('accessibility'))},` +
        ` tbt ${spread(of('tbt'))} ms, lcp ${spread(of('lcp'))} ms; goals 95, 100, 200 ms)`,
    );
  }
} catch (err) {
  console.error(`lighthouse: could not run: ${err.message ?? err}`);
  process.exit(1);
}
