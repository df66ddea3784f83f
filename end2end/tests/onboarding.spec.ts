import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { e2e } from '../playwright.config';
import { waitForMail } from '../support/mail';
import { freshCode } from '../support/totp';
import { checkScreen } from '../support/screen';
import { enterAddress, hydrated, userMenu } from '../support/people';

const server = (...args: string[]) =>
  execFileSync(e2e.serverBin, args, { env: { ...process.env, ...e2e.env }, encoding: 'utf8' }).trim();

test('an invited administrator activates, sets up MFA from the text secret, and signs in again', async ({ page }) => {
  // The provider's operator creates the organization and invites its first administrator.
  const org = server('org-create', 'Northwind Traders BV', 'servicedesk', 'secwise-watch');
  const email = `nora.${Date.now()}@northwind.example`;
  server('invite', org, email, 'Nora', 'Jansen', '--admin');

  // The invitation arrives over SMTP; its link opens the activation page.
  const mail = await waitForMail(email);
  expect(mail).toContain('Dear Nora Jansen,');
  const link = /https?:\/\/\S+\/activate\?token=[0-9a-f]+/.exec(mail)?.[0];
  expect(link).toBeTruthy();
  await page.goto(link!);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to the Arxus Customer Portal');
  await checkScreen(page, 'activate', test.info());

  // A common password is refused with the reason on the field; a good one is taken.
  await page.getByLabel('Choose a password').fill('1qaz2wsx3edc');
  await page.getByLabel('Repeat the password').fill('1qaz2wsx3edc');
  await page.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(page.locator('#password-error')).toHaveText('This password is one of the most common ones. Choose another.');
  const password = 'tidal-compass-orchid-58';
  await page.getByLabel('Choose a password').fill(password);
  await expect(page.locator('.strength')).toContainText('Very strong');
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Set password and continue' }).click();

  // MFA set-up before anything else: the QR code and the same secret as text.
  await expect(page).toHaveURL(/\/mfa\/setup$/);
  await expect(page.locator('.qr svg')).toBeVisible();
  const secret = (await page.locator('#totp-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await checkScreen(page, 'mfa-setup', test.info());
  await page.getByLabel('Authentication code').fill(await freshCode(secret));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await expect(page.locator('.recovery-codes li')).toHaveCount(10);
  await checkScreen(page, 'recovery-codes', test.info());
  await page.getByRole('link', { name: 'Continue to My Profile' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
  await expect(page.getByRole('heading', { name: 'Portal administrators' })).toBeVisible();

  // Sign out, then in again with the password and a code.
  await userMenu(page, 'Nora Jansen').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await enterAddress(page, email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await checkScreen(page, 'sign-in-code', test.info());
  await page.getByLabel('Authentication code').fill(await freshCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.locator('.user-name')).toHaveText('Nora Jansen');
});
