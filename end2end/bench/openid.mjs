// The OpenID Provider under load (scripts/bench.sh): the authorize redirect for a signed-in
// person, then the token endpoint exchanging those codes, each at 50 requests in flight (the
// most it answers); then the token endpoint again at 60% of that rate, evenly spaced, each
// exchange timed from when it was due (as oha does for the pages).
// Usage: node openid.mjs BASE_URL COOKIE CLIENT_ID CLIENT_SECRET REDIRECT_URI [N]
// Prints one JSON line: {authorize: {p50, p99, rps}, token: {p50, p99, rps}, paced: {rate, p50, p99}}
// (ms, requests/s).
import { createHash, randomBytes } from 'node:crypto';

const [base, cookie, clientId, secret, redirectUri, n = '3000'] = process.argv.slice(2);
const total = Number(n);
const CONCURRENCY = Number(process.env.OPENID_CONCURRENCY ?? 50);
const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const basic = 'Basic ' + Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64');

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `job(i)` for i < total with CONCURRENCY in flight; returns the latencies and the rate. */
async function load(job) {
  const times = [];
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        await job(i);
        times.push(performance.now() - t);
      }
    }),
  );
  const secs = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  const r = (x) => Math.round(x * 10) / 10;
  return { p50: r(percentile(times, 50)), p99: r(percentile(times, 99)), rps: Math.round(total / secs) };
}

/** N fresh codes, from the authorize endpoint at 50 in flight. */
async function authorizeAll() {
  const codes = [];
  const timing = await load(async (i) => {
    const q = new URLSearchParams({
      client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope: 'openid email profile',
      state: `s${i}`, nonce: `n${i}`, code_challenge: challenge, code_challenge_method: 'S256',
    });
    const res = await fetch(`${base}/oauth/authorize?${q}`, { headers: { cookie }, redirect: 'manual' });
    const code = new URL(res.headers.get('location') ?? '', base).searchParams.get('code');
    if (res.status !== 302 || !code) throw new Error(`authorize answered ${res.status} ${res.headers.get('location')}`);
    codes[i] = code;
  });
  return { codes, timing };
}

async function exchange(code) {
  const res = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }),
  });
  const body = await res.json();
  if (res.status !== 200 || !body.id_token) throw new Error(`token answered ${res.status} ${JSON.stringify(body)}`);
}

const first = await authorizeAll();
const authorize = first.timing;
const token = await load((i) => exchange(first.codes[i]));

// At 60% of that rate, evenly spaced: each exchange starts when due, and its time counts from
// then (a late start is the server's delay too).
const rate = Math.max(1, Math.round(token.rps * 0.6));
const second = await authorizeAll();
const times = [];
const start = performance.now();
await Promise.all(
  second.codes.map(async (code, i) => {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await exchange(code);
    times.push(performance.now() - due);
  }),
);
times.sort((a, b) => a - b);
const r1 = (x) => Math.round(x * 10) / 10;
const paced = { rate, p50: r1(percentile(times, 50)), p99: r1(percentile(times, 99)) };
console.log(JSON.stringify({ authorize, token, paced }));
