import { test, expect, request as playwrightRequest, APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as http from 'node:http';
import * as jose from 'jose';
import * as oidc from 'openid-client';
import { e2e } from '../playwright.config';
import { hydrated, signIn, signInEnglish, SOPHIE, THOMAS, Person } from '../support/people';
import { checkScreen } from '../support/screen';
import { freshCode } from '../support/totp';

// The portal as an OpenID Provider, seen by a certified relying-party library (openid-client,
// with jose for the logout tokens): the other side of the protocol is never an imitation
// written here.

const server = (...args: string[]) =>
  execFileSync(e2e.serverBin, args, { env: { ...process.env, ...e2e.env }, encoding: 'utf8' }).trim();

/** An application registered by the operator: its client id and secret, printed once. */
function register(name: string, redirect: string, ...more: string[]) {
  const out = server('app-register', name, 'servicedesk', 'servicenow-user', redirect, ...more);
  const id = /client_id:\s+(\S+)/.exec(out)?.[1];
  const secret = /client_secret:\s+(\S+)/.exec(out)?.[1];
  expect(id, out).toBeTruthy();
  expect(secret, out).toBeTruthy();
  return { id: id!, secret: secret! };
}

test('a certified client discovers the portal and reads its signing keys, before and after a rotation', async ({ baseURL }) => {
  const app = register('Service Desk (test)', `${baseURL}/callback`);
  // Discovery checks that the document's issuer is the address it was read from.
  // (Plain http is this machine's test server; in production the portal is https.)
  const config = await oidc.discovery(new URL(baseURL!), app.id, app.secret, undefined, { execute: [oidc.allowInsecureRequests] });
  const meta = config.serverMetadata();
  expect(new URL(meta.issuer).href).toBe(new URL(baseURL!).href);
  expect(meta.response_types_supported).toEqual(['code']);
  expect(meta.code_challenge_methods_supported).toEqual(['S256']);
  expect(meta.id_token_signing_alg_values_supported).toEqual(['RS256']);
  expect(meta.supportsPKCE()).toBe(true);

  // The authorization address the library builds carries PKCE (S256), state and nonce.
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: `${baseURL}/callback`,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
  });
  expect(url.href.startsWith(`${baseURL}/oauth/authorize?`)).toBe(true);

  // The keys: RSA signing keys, public parts only; a rotation adds the new one before the old.
  const jwks = async () => (await (await fetch(meta.jwks_uri!)).json()) as { keys: { kid: string; kty: string; d?: string }[] };
  const before = await jwks();
  expect(before.keys.length).toBeGreaterThanOrEqual(1);
  for (const key of before.keys) {
    expect(key.kty).toBe('RSA');
    expect(key.d).toBeUndefined();
  }
  const rotated = /signing with key (\S+);/.exec(server('signing-key-rotate'))?.[1];
  const after = await jwks();
  expect(after.keys[0].kid).toBe(rotated);
  expect(after.keys.map((k) => k.kid)).toEqual(expect.arrayContaining(before.keys.map((k) => k.kid)));
});

/** A browser-less session of `who` in the portal: both sign-in steps through the server functions. */
async function portalSession(baseURL: string, who: Person): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  const login = await ctx.post('/api/public/login', { form: { email: who.email, password: who.password }, maxRedirects: 0 });
  expect(login.status()).toBe(200);
  const code = await ctx.post('/api/public/verify_code', { form: { code: await freshCode(who.totp) } });
  expect(code.status(), await code.text()).toBe(200);
  return ctx;
}

/** A receiver of back-channel logout tokens on loopback, as an application's back channel. */
async function logoutReceiver(): Promise<{ uri: string; tokens: string[]; close: () => void }> {
  const tokens: string[] = [];
  const srv = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    tokens.push(new URLSearchParams(body).get('logout_token') ?? '');
    res.writeHead(200);
    res.end();
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  return { uri: `http://127.0.0.1:${port}/logout`, tokens, close: () => srv.close() };
}

test('the whole code flow with a certified client: PKCE, nonce, the ID token checked with the keys, userinfo, a rotation, and back-channel logout after a group change', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const receiver = await logoutReceiver();
  const callback = 'https://servicedesk.arxus.example/oidc/callback';
  const app = register('Service Desk (interop)', callback, '--logout', receiver.uri);
  const config = await oidc.discovery(new URL(baseURL!), app.id, app.secret, undefined, { execute: [oidc.allowInsecureRequests] });
  expect(config.serverMetadata().backchannel_logout_supported).toBe(true);
  const thomas = await portalSession(baseURL!, THOMAS);

  /** One sign-in of Thomas to the application, as the library drives it. */
  async function signInOnce() {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callback,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const answer = await thomas.get(url.pathname + url.search, { maxRedirects: 0 });
    expect(answer.status()).toBe(302);
    const back = new URL(answer.headers()['location']);
    expect(back.origin + back.pathname).toBe(callback);
    // The library checks state, iss, the code exchange with the verifier, the ID token's
    // signature against the JWKS, its issuer, audience, expiry and nonce.
    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true });
    return tokens;
  }

  const tokens = await signInOnce();
  const claims = tokens.claims()!;
  expect(claims.email).toBe(THOMAS.email);
  expect(claims.sub).not.toBe(THOMAS.email);
  expect(claims.name).toBe('Thomas Peeters');
  expect((claims.organization as { name: string }).name).toBe('Brightwave Logistics NV');
  expect(claims.roles).toEqual(['servicenow-user']);
  expect(claims.amr).toEqual(['pwd', 'otp', 'mfa']);
  expect(typeof claims.auth_time).toBe('number');
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  expect(info.email).toBe(THOMAS.email);
  expect(info.roles).toEqual(['servicenow-user']);

  // A key rotation: the next ID token is signed with the new key and still checks.
  const rotated = /signing with key (\S+);/.exec(server('signing-key-rotate'))?.[1];
  const again = await signInOnce();
  const header = jose.decodeProtectedHeader(again.id_token!);
  expect(header.kid).toBe(rotated);
  expect(again.claims()!.sid).toBe(claims.sid);

  // Sophie takes Thomas out of the users group: the application hears it through its back
  // channel, with a logout token it checks against the portal's keys.
  const sophie = await portalSession(baseURL!, SOPHIE);
  const groups = await (await sophie.post('/api/admin/permission_groups')).json();
  const users = groups.groups.find((g: { label: { name: string } }) => g.label.name === 'users').label;
  const group = await (await sophie.post('/api/admin/permission_group', { form: { id: users.id } })).json();
  const removed = await sophie.post('/api/admin/set_group_members', {
    form: { id: users.id, version: String(group.group.version), 'remove[]': claims.sub },
  });
  expect(removed.status(), await removed.text()).toBe(200);
  await expect.poll(() => receiver.tokens.length, { timeout: 15_000 }).toBe(1);
  const jwks = jose.createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const { payload } = await jose.jwtVerify(receiver.tokens[0], jwks, { issuer: config.serverMetadata().issuer, audience: app.id });
  expect(payload.sub).toBe(claims.sub);
  expect(payload.sid).toBe(claims.sid);
  expect(payload.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);
  expect(payload.nonce).toBeUndefined();
  // Its access token died with it; and he can no longer enter.
  await expect(oidc.fetchUserInfo(config, again.access_token, claims.sub)).rejects.toThrow();

  // Put things back for the tests after this one.
  const now = await (await sophie.post('/api/admin/permission_group', { form: { id: users.id } })).json();
  const added = await sophie.post('/api/admin/set_group_members', { form: { id: users.id, version: String(now.group.version), 'add[]': claims.sub } });
  expect(added.status()).toBe(200);
  receiver.close();
});

test('Your applications opens the Service Desk (demo), signed in through the portal; a person without the role sees the refusal', async ({ page, baseURL }) => {
  await signInEnglish(page, SOPHIE);
  const apps = page.getByRole('region', { name: 'Your applications' });
  await expect(apps).toBeVisible();
  await checkScreen(page, 'profile-applications');
  await apps.getByRole('link', { name: 'Service Desk (demo)' }).click();
  // The demo application, on its own address, knows who she is from the portal.
  await expect(page).toHaveURL(new RegExp(`^${e2e.demoAppURL}/$`));
  await expect(page.getByRole('heading', { name: 'Signed in as Sophie Claes' })).toBeVisible();
  await expect(page.getByText('Brightwave Logistics NV')).toBeVisible();
  await expect(page.getByText('servicenow-user')).toBeVisible();

  // Signing out of the portal signs her out of the application too (its back channel).
  await page.goto(`${baseURL}/profile`);
  await hydrated(page);
  await page.getByRole('banner').getByRole('button', { name: 'Sophie Claes', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect
    .poll(async () => {
      await page.goto(`${e2e.demoAppURL}/`);
      return page.getByRole('heading', { level: 1 }).textContent();
    }, { timeout: 15_000 })
    .toBe('Welcome to the Service Desk (demo)');

  // Thomas has no Billing Tool: an application of Billing refuses him, in his language.
  const billing = server('app-register', 'Billing Tool (test)', 'billing', 'billing-tool', `${baseURL}/billing-callback`);
  const billingId = /client_id:\s+(\S+)/.exec(billing)![1];
  await page.context().clearCookies();
  await signIn(page, THOMAS);
  const verifier = oidc.randomPKCECodeVerifier();
  const q = new URLSearchParams({
    client_id: billingId,
    redirect_uri: `${baseURL}/billing-callback`,
    response_type: 'code',
    scope: 'openid',
    state: 's',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  await page.goto(`/oauth/authorize?${q}`);
  await expect(page).toHaveURL(/\/applications\/refused/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Je hebt geen toegang tot Billing Tool (test)');
  await expect(page.getByRole('link', { name: 'sophie.claes@brightwave.example' })).toBeVisible();
  await expect(page).toHaveTitle(/Geen toegang tot deze toepassing/);
  await hydrated(page);
  await checkScreen(page, 'application-refused');

  // A sign-in link naming no registered application: the portal's own page, never a redirect.
  const invalid = await page.goto(`/oauth/authorize?client_id=no-such-application&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`);
  expect(invalid?.status()).toBe(400);
  await expect(page).toHaveURL(/\/oauth\/authorize/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deze aanmeldlink is niet geldig');
  await hydrated(page);
  await checkScreen(page, 'application-link-invalid');
});
