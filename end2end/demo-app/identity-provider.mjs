// "Cronos Azure AD (demo)": a customer organization's own identity provider, for the portal's
// sign-in through an organization's provider. It is oidc-provider (a certified OpenID Provider
// implementation), not anything of the portal's; this file only gives it a sign-in page and
// its settings.
//
//   GET  /.well-known/openid-configuration, /jwks, /auth, /token, …   oidc-provider's own
//   GET  /interaction/:uid     its sign-in page: the address (the portal's login_hint), whether
//                              multi-factor authentication was done, Sign in or Cancel
//   POST /interaction/:uid     signs the person in (any address: this is a demo directory)
//
// Anyone signs in with any address; an address whose local part starts with "unverified" is
// said not to be verified (`email_verified: false`), one starting with "silent" carries no
// `email_verified` at all (as Microsoft Entra ID's tokens). With IDP_TEST_CONTROLS=1, a test may make
// the token endpoint misbehave as an attacker or a broken provider would:
//   POST /__test/tamper {"mode": "none" | "wrong-audience" | "bad-signature" | "expired" | "other-nonce"}
// (the ID token is re-signed after oidc-provider made it: with its own key but the wrong
// audience, expiry or nonce, or with a key it never published).
//
// Settings (environment): IDP_URL (its issuer, this address), PORTAL_URL, IDP_CLIENT_ID,
// IDP_CLIENT_SECRET, IDP_NAME.

import * as http from 'node:http';
import Provider from 'oidc-provider';
import * as jose from 'jose';

const self = new URL(process.env.IDP_URL ?? 'http://127.0.0.1:3400');
const portal = (process.env.PORTAL_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const name = process.env.IDP_NAME ?? 'Cronos Azure AD (demo)';
const controls = process.env.IDP_TEST_CONTROLS === '1';

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signing = { ...(await jose.exportJWK(privateKey)), kid: 'demo-idp-1', alg: 'RS256', use: 'sig' };
const { privateKey: unpublished } = await jose.generateKeyPair('RS256');
let tamper = 'none';

const provider = new Provider(self.href.replace(/\/$/, ''), {
  clients: [
    {
      client_id: process.env.IDP_CLIENT_ID ?? 'customer-portal',
      client_secret: process.env.IDP_CLIENT_SECRET ?? 'demo-idp-secret',
      redirect_uris: [`${portal}/api/public/unlimited/sso_callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [signing] },
  // amr in the ID token, as Microsoft Entra ID sends it.
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
  pkce: { required: () => true },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(_ctx, id) {
    const local = id.split('@')[0];
    return {
      accountId: id,
      async claims() {
        // "unverified…" is said not to be verified; "silent…" is said nothing of (as Entra ID).
        const verified = local.startsWith('silent') ? {} : { email_verified: !local.startsWith('unverified') };
        return { sub: id, email: id, ...verified, name: local };
      },
    };
  },
  // The portal is this organization's own application: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

// The token endpoint, misbehaving on request (tests only).
provider.use(async (ctx, next) => {
  await next();
  if (tamper === 'none' || ctx.path !== '/token' || !ctx.body?.id_token) return;
  const claims = jose.decodeJwt(ctx.body.id_token);
  const now = Math.floor(Date.now() / 1000);
  if (tamper === 'wrong-audience') claims.aud = 'another-application';
  if (tamper === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  if (tamper === 'other-nonce') claims.nonce = 'a-nonce-of-another-sign-in';
  const key = tamper === 'bad-signature' ? unpublished : privateKey;
  ctx.body = { ...ctx.body, id_token: await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signing.kid }).sign(key) };
});

const escape = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(uid, hint) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in - ${escape(name)}</title></head><body><main>
<h1>${escape(name)}</h1>
<form method="post" action="/interaction/${escape(uid)}">
<p><label for="email">Work e-mail</label><br><input id="email" name="email" type="email" autocomplete="username" required value="${escape(hint)}"></p>
<p><input id="mfa" name="mfa" type="checkbox" value="1"> <label for="mfa">I completed multi-factor authentication</label></p>
<p><button type="submit" name="action" value="sign-in">Sign in</button> <button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></p>
</form></main></body></html>`;
}

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

const app = provider.callback();
const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, self);
    const interaction = /^\/interaction\/([\w-]+)$/.exec(url.pathname);
    if (interaction && req.method === 'GET') {
      const details = await provider.interactionDetails(req, res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(page(details.uid, details.params.login_hint));
    }
    if (interaction && req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      if (form.get('action') === 'cancel') {
        return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person cancelled.' });
      }
      const email = (form.get('email') ?? '').trim().toLowerCase();
      const amr = form.get('mfa') === '1' ? ['pwd', 'mfa'] : ['pwd'];
      return provider.interactionFinished(req, res, { login: { accountId: email, amr } }, { mergeWithLastSubmission: false });
    }
    if (controls && url.pathname === '/__test/tamper' && req.method === 'POST') {
      tamper = JSON.parse(await body(req)).mode ?? 'none';
      res.writeHead(204);
      return res.end();
    }
    return app(req, res);
  } catch (e) {
    console.error(e);
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('identity provider error');
  }
});
server.listen(Number(self.port || 80), self.hostname, () => console.log(`${name} at ${self.href}`));
