import { defineConfig } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
// A fresh database for every run. Playwright evaluates this file again in each worker, which
// inherits the environment: the first evaluation picks the folder, the others reuse it.
if (!process.env.PORTAL_E2E_DATA) {
  process.env.PORTAL_E2E_DATA = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-e2e-'));
}
const dataDir = process.env.PORTAL_E2E_DATA;
const port = Number(process.env.E2E_PORT ?? 3107);
const smtpPort = port + 1000;
const baseURL = `http://127.0.0.1:${port}`;
const maildir = path.join(dataDir, 'maildir');
// The demo application "Service Desk (demo)", registered by the portal at its start.
const demoAppURL = `http://127.0.0.1:${port + 200}`;
if (!process.env.PORTAL_E2E_DEMO_SECRET) {
  process.env.PORTAL_E2E_DEMO_SECRET = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}
const demoSecret = process.env.PORTAL_E2E_DEMO_SECRET;
const randomHex = () => Array.from({ length: 64 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
// Northwind Traders BV's own identity provider (oidc-provider), and the key that seals its secret.
const idpURL = `http://127.0.0.1:${port + 300}`;
process.env.PORTAL_E2E_IDP_SECRET ??= randomHex();
process.env.PORTAL_E2E_SECRET_KEY ??= randomHex();
const idpSecret = process.env.PORTAL_E2E_IDP_SECRET;

/** What the tests need to drive the server's command line and read its e-mails. */
export const e2e = {
  serverBin: path.join(root, 'target', 'debug', 'server'),
  env: {
    PORTAL_BIND: `127.0.0.1:${port}`,
    PORTAL_PUBLIC_URL: baseURL,
    PORTAL_DATABASE_URL: `sqlite://${path.join(dataDir, 'portal.db')}?mode=rwc`,
    PORTAL_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    PORTAL_MAIL_FROM: 'Arxus Customer Portal <portal@arxus.example>',
    LEPTOS_OUTPUT_NAME: 'portal',
    LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
    LEPTOS_SITE_PKG_DIR: 'pkg',
    RUST_LOG: 'warn',
    PORTAL_DEMO_APP_URL: demoAppURL,
    PORTAL_DEMO_APP_SECRET: demoSecret,
    PORTAL_SECRET_KEY: process.env.PORTAL_E2E_SECRET_KEY!,
    PORTAL_IDP_ALLOW_INSECURE: '1',
    PORTAL_DEMO_IDP_URL: idpURL,
    PORTAL_DEMO_IDP_SECRET: idpSecret,
  },
  maildir,
  demoAppURL,
  idpURL,
};
process.env.PORTAL_E2E_MAILDIR = maildir;

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: [
    {
      // A real SMTP server on loopback, keeping what it receives in a maildir.
      command: `${process.env.PORTAL_PYTHON ?? 'python3'} -m aiosmtpd -n -l 127.0.0.1:${smtpPort} -c aiosmtpd.handlers.Mailbox ${maildir}`,
      port: smtpPort,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // The demo application: a relying party on openid-client, as scripts/run.sh starts it.
      command: 'node demo-app/service-desk.mjs',
      url: `${demoAppURL}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { PORTAL_URL: baseURL, DEMO_APP_URL: demoAppURL, DEMO_APP_CLIENT_ID: 'service-desk-demo', DEMO_APP_SECRET: demoSecret },
    },
    {
      // Northwind Traders BV's own identity provider, as scripts/run.sh starts it.
      command: 'node demo-app/identity-provider.mjs',
      url: `${idpURL}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { IDP_URL: idpURL, PORTAL_URL: baseURL, IDP_CLIENT_ID: 'customer-portal', IDP_CLIENT_SECRET: idpSecret, IDP_NAME: 'Northwind Entra ID (demo)' },
    },
    {
      command: `${e2e.serverBin} --demo`,
      cwd: root,
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      env: e2e.env,
    },
  ],
});
