import { test, expect } from '@playwright/test';
import { hydrated, signInEnglish, SOPHIE } from '../support/people';
import { checkScreen } from '../support/screen';
import { e2e } from '../playwright.config';

// Signing in through an organization's own identity provider: Northwind Traders BV's
// "Northwind Entra ID (demo)" (oidc-provider, started beside the portal), for its domain
// nwtraders.example, with its MFA trusted and no passwords. Lotte Maes is invited.

const LOTTE = 'lotte.maes@nwtraders.example';

test('Lotte types her address, signs in at her organization\'s provider and comes back signed in', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(LOTTE);
  await page.getByRole('button', { name: 'Continue' }).click();

  // Her organization's own sign-in page, with the address she typed.
  await expect(page).toHaveURL(new RegExp(`^${e2e.idpURL}/interaction/`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Northwind Entra ID (demo)');
  await expect(page.getByLabel('Work e-mail')).toHaveValue(LOTTE);
  await page.getByLabel('I completed multi-factor authentication').check();
  await page.getByRole('button', { name: 'Sign in' }).click();

  // Back at the portal: signed in (her provider's MFA is trusted); her invitation is accepted.
  await expect(page).toHaveURL(/\/profile$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
  await expect(page.getByRole('banner').getByRole('button', { name: 'Lotte Maes', exact: true })).toBeVisible();

  // Her Activity says how she came in.
  await page.getByRole('navigation', { name: 'My Profile sections' }).getByRole('link', { name: 'Activity' }).click();
  await expect(page.getByRole('cell', { name: 'Attempted to log in via Northwind Entra ID: signed in (its MFA accepted)' })).toBeVisible();
  await checkScreen(page, 'sso-activity', test.info());
});

test('someone the organization never invited is told to ask for an invitation', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill('stranger@nwtraders.example');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(new RegExp(`^${e2e.idpURL}/interaction/`));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\?sso_error=unknown$/);
  await expect(page.getByRole('alert')).toHaveText("You have no account in this portal yet. Ask your organization's administrator to invite you.");
  // The address step again, ready for another try.
  await expect(page.getByRole('button', { name: 'Continue' })).toBeVisible();
  await checkScreen(page, 'sign-in-sso-refused', test.info());
});

test.describe('before the WASM has loaded', () => {
  test.use({ javaScriptEnabled: false });

  test('the address first, the provider and back work with plain forms', async ({ page }) => {
    await page.goto('/login');
    await page.getByLabel('Email').fill(LOTTE);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page).toHaveURL(new RegExp(`^${e2e.idpURL}/interaction/`));
    await page.getByLabel('I completed multi-factor authentication').check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/profile$/);
  });
});

test('Sophie sets Brightwave\'s identity provider on the Sign-in tab and tests the connection', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users & Permissions' }).click();
  await page.getByRole('navigation', { name: 'Users & Permissions sections' }).getByRole('link', { name: 'Sign-in' }).click();
  await expect(page).toHaveURL(/\/users\/sign-in$/);
  await expect(page).toHaveTitle(/^Sign-in - Users & Permissions/);
  const settings = page.getByRole('region', { name: "Sign in with your organization's identity provider" });
  await expect(settings).toContainText('/api/public/unlimited/sso_callback');

  // A domain that is not one: the field says why, and nothing typed is lost.
  await settings.getByLabel('Name shown to your people').fill('Brightwave Entra ID');
  await settings.getByLabel('Issuer URL').fill(e2e.idpURL);
  await settings.getByLabel('Client ID').fill('customer-portal');
  await settings.getByLabel('Client secret').fill('not-the-real-secret');
  await settings.getByLabel('E-mail domains').fill('brightwave');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings.getByLabel('E-mail domains')).toHaveAccessibleDescription(/Enter each e-mail domain on its own line/);
  await expect(settings.getByLabel('Issuer URL')).toHaveValue(e2e.idpURL);
  await settings.getByLabel('E-mail domains').fill('brightwave.example');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('The sign-in settings are saved.');
  // The domain waits for Arxus's verification: nobody is sent there yet.
  await expect(settings.getByRole('listitem').filter({ hasText: 'brightwave.example' })).toContainText('Waiting for verification by Arxus');
  await expect(settings.getByText('A secret is stored, encrypted; it is never shown.')).toBeVisible();
  await expect(settings.getByLabel('Client secret')).toHaveValue('');

  const test_ = page.getByRole('region', { name: 'Test the connection' });
  await test_.getByRole('button', { name: 'Test the connection' }).click();
  await expect(test_.getByRole('status')).toHaveText(`Connected to ${e2e.idpURL}: 1 signing key(s) published.`);
  await checkScreen(page, 'users-sign-in', test.info());
});
