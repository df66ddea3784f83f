import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as oidc from 'openid-client';
import { e2e } from '../playwright.config';

// The portal as an OpenID Provider, seen by a certified relying-party library (openid-client):
// the other side of the protocol is never an imitation written here. The authorization code flow
// itself comes with the next part of the work; this checks what a client reads first.

const server = (...args: string[]) =>
  execFileSync(e2e.serverBin, args, { env: { ...process.env, ...e2e.env }, encoding: 'utf8' }).trim();

/** An application registered by the operator: its client id and secret, printed once. */
function register(name: string, redirect: string) {
  const out = server('app-register', name, 'servicedesk', 'servicenow-user', redirect);
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
