// "Service Desk (demo)": a small application of the Arxus ecosystem that signs people in through
// the portal, its OpenID Provider. It is a relying party built on openid-client (a certified
// relying-party library) and jose, not on anything of the portal's: what works here works for
// any application of the ecosystem.
//
//   GET  /                    who is signed in (name, organization, roles), or a sign-in link
//   GET  /login               starts the sign-in (also the portal's "Your applications" link)
//   GET  /callback            the portal sends the person back here with a code
//   POST /backchannel-logout  the portal's logout token: the person's session here ends
//   GET  /signout             signs out of this application only
//   GET  /logouts             the logout tokens received, as JSON (for the tests)
//
// Settings (environment): PORTAL_URL (the issuer), DEMO_APP_URL (this application's address),
// DEMO_APP_CLIENT_ID, DEMO_APP_SECRET.

import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import * as jose from 'jose';

const issuer = new URL(process.env.PORTAL_URL ?? 'http://127.0.0.1:3000');
const self = new URL(process.env.DEMO_APP_URL ?? 'http://127.0.0.1:3300');
const clientId = process.env.DEMO_APP_CLIENT_ID ?? 'service-desk-demo';
const secret = process.env.DEMO_APP_SECRET ?? '';
const insecure = issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined;

let config; // discovered at the first sign-in: the portal may start after this application
async function provider() {
  config ??= await oidc.discovery(issuer, clientId, secret, undefined, insecure);
  return config;
}

/** Sign-ins under way, by a random cookie: PKCE verifier, state, nonce. */
const pending = new Map();
/** Signed-in people, by a random cookie: the ID token's claims. */
const sessions = new Map();
/** Logout tokens received: { sid, sub, at }. */
const logouts = [];

const cookie = (req, name) =>
  (req.headers.cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([k]) => k === name)?.[1];

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(res, status, title, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} - Service Desk (demo)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
a{color:#0b57d0}dt{font-weight:600}dd{margin:0 0 .75rem}</style></head>
<body><header><p><strong>Service Desk (demo)</strong>, an application of the Arxus ecosystem</p></header><main>${body}</main></body></html>`);
}

function redirect(res, to, headers = {}) {
  res.writeHead(302, { location: to, 'cache-control': 'no-store', ...headers });
  res.end();
}

async function startSignIn(req, res, url) {
  // A sign-in started by the portal names it: only this application's provider is followed.
  const iss = url.searchParams.get('iss');
  if (iss && new URL(iss).href !== issuer.href) return page(res, 400, 'Unknown provider', '<h1>Unknown provider</h1>');
  const cfg = await provider();
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const key = randomBytes(16).toString('hex');
  pending.set(key, { verifier, state, nonce });
  const to = oidc.buildAuthorizationUrl(cfg, {
    redirect_uri: new URL('/callback', self).href,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  redirect(res, to.href, { 'set-cookie': `demo_pending=${key}; Path=/; HttpOnly; SameSite=Lax` });
}

async function callback(req, res, url) {
  const key = cookie(req, 'demo_pending');
  const p = key && pending.get(key);
  pending.delete(key);
  if (url.searchParams.get('error')) {
    const e = url.searchParams.get('error');
    return page(res, 403, 'Not signed in', `<h1>Not signed in</h1><p>The portal answered: ${esc(e)}.</p><p><a href="/">Back</a></p>`);
  }
  if (!p) return page(res, 400, 'Sign-in expired', '<h1>Sign-in expired</h1><p><a href="/login">Sign in again</a></p>');
  const cfg = await provider();
  const tokens = await oidc.authorizationCodeGrant(cfg, url, { pkceCodeVerifier: p.verifier, expectedState: p.state, expectedNonce: p.nonce, idTokenExpected: true });
  const claims = tokens.claims();
  const info = await oidc.fetchUserInfo(cfg, tokens.access_token, claims.sub);
  const sid = randomBytes(16).toString('hex');
  sessions.set(sid, { claims, info, portalSid: claims.sid });
  redirect(res, '/', { 'set-cookie': `demo_session=${sid}; Path=/; HttpOnly; SameSite=Lax` });
}

function home(req, res) {
  const s = sessions.get(cookie(req, 'demo_session'));
  if (!s) {
    return page(res, 200, 'Welcome', `<h1>Welcome to the Service Desk (demo)</h1>
<p>You are not signed in here.</p><p><a href="/login">Sign in with the Arxus Customer Portal</a></p>`);
  }
  const roles = (s.claims.roles ?? []).map((r) => `<li>${esc(r)}</li>`).join('');
  page(res, 200, 'Signed in', `<h1>Signed in as ${esc(s.claims.name)}</h1>
<dl><dt>Email</dt><dd>${esc(s.claims.email)}</dd>
<dt>Organization</dt><dd>${esc(s.claims.organization?.name)}</dd>
<dt>Roles</dt><dd><ul>${roles}</ul></dd>
<dt>Language</dt><dd>${esc(s.claims.locale)}</dd></dl>
<p><a href="/signout">Sign out of the Service Desk</a></p>`);
}

async function backchannelLogout(req, res) {
  let body = '';
  for await (const chunk of req) body += chunk;
  const token = new URLSearchParams(body).get('logout_token');
  try {
    const cfg = await provider();
    const jwks = jose.createRemoteJWKSet(new URL(cfg.serverMetadata().jwks_uri));
    const { payload } = await jose.jwtVerify(token ?? '', jwks, { issuer: cfg.serverMetadata().issuer, audience: clientId, maxTokenAge: '2 minutes' });
    const event = payload.events?.['http://schemas.openid.net/event/backchannel-logout'];
    if (!event || payload.nonce !== undefined || (!payload.sid && !payload.sub)) throw new Error('not a logout token');
    for (const [key, s] of sessions) {
      if ((payload.sid && s.portalSid === payload.sid) || (!payload.sid && s.claims.sub === payload.sub)) sessions.delete(key);
    }
    logouts.push({ sid: payload.sid, sub: payload.sub, at: Date.now() });
    res.writeHead(200, { 'cache-control': 'no-store' });
    res.end();
  } catch (e) {
    res.writeHead(400, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ error: 'invalid_request', error_description: String(e?.message ?? e) }));
  }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', self);
  try {
    if (req.method === 'GET' && url.pathname === '/') return home(req, res);
    if (req.method === 'GET' && url.pathname === '/login') return await startSignIn(req, res, url);
    if (req.method === 'GET' && url.pathname === '/callback') return await callback(req, res, url);
    if (req.method === 'POST' && url.pathname === '/backchannel-logout') return await backchannelLogout(req, res);
    if (req.method === 'GET' && url.pathname === '/signout') {
      sessions.delete(cookie(req, 'demo_session'));
      return redirect(res, '/');
    }
    if (req.method === 'GET' && url.pathname === '/logouts') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(logouts));
    }
    if (req.method === 'GET' && url.pathname === '/healthz') {
      res.writeHead(200);
      return res.end('ok');
    }
    page(res, 404, 'Not found', '<h1>Not found</h1>');
  } catch (e) {
    console.error('demo application:', e);
    page(res, 502, 'Sign-in failed', `<h1>Sign-in failed</h1><p>${esc(e?.message ?? e)}</p><p><a href="/">Back</a></p>`);
  }
});

server.listen(Number(self.port || 80), self.hostname, () => {
  console.log(`Service Desk (demo) at ${self.href}, signing in through ${issuer.href}`);
});
