import { test, expect, Page } from '@playwright/test';
import { freshCode } from '../support/totp';
import { checkScreen } from '../support/screen';
import { enterAddress, hydrated, userMenu } from '../support/people';

// Runs after portal.spec.ts (files run in order): it changes Sophie's details.
const ADMIN = {
  email: 'sophie.claes@brightwave.example',
  password: 'harbour-lantern-47-quay',
  totp: 'HP3DXLYW6IWAHNC7B7NMG3LUD64ICUYT',
};

async function signIn(page: Page) {
  await page.goto('/login');
  await hydrated(page);
  await enterAddress(page, ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await page.getByLabel('Authentication code').fill(await freshCode(ADMIN.totp));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/profile$/);
}

test('My Profile: edit your information, with errors on their fields, then save or cancel', async ({ page }) => {
  await signIn(page);
  // Her portal language may be another one after the tests before: English, as a person would.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
  // The manual: top right, click your credentials, then "My Profile".
  await userMenu(page).click();
  await page.getByRole('menuitem', { name: 'My Profile' }).click();
  const details = page.getByRole('region', { name: 'Personal information' });
  await details.getByRole('link', { name: 'Edit' }).click();
  await expect(page).toHaveURL(/edit=details/);
  await expect(page.getByLabel('Salutation')).toHaveValue('ms');
  await checkScreen(page, 'my-profile-edit', test.info());

  // A bad number is refused as soon as the field is left, with the reason on the field.
  const mfa = page.getByLabel('Multifactor Authentication Number');
  await mfa.fill('12');
  await page.getByLabel('Job Title').focus();
  await expect(page.locator('#mfa_phone-error')).toContainText('international form');
  await mfa.fill('+32 470 55 01 99');
  await expect(page.locator('#mfa_phone-error')).toHaveCount(0);

  // The server says the same for what the browser lets through: nothing typed is lost.
  await page.getByLabel('First Name').fill('');
  await page.getByLabel('Job Title').fill('Head of IT');
  await page.getByLabel('First Name').evaluate((el) => el.removeAttribute('required'));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#first_name-error')).toHaveText('This field is required.');
  await expect(page.getByLabel('Job Title')).toHaveValue('Head of IT');
  await page.getByLabel('First Name').fill('Sophie');
  await page.getByLabel('Salutation').selectOption({ label: 'Dr.' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText('Your details have been saved.');
  await expect(details.getByText('Head of IT')).toBeVisible();
  await expect(details.getByText('+32 470 55 01 99')).toBeVisible();
  await expect(details.getByText('Dr.')).toBeVisible();

  // Cancel leaves everything as it was.
  await details.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Department').fill('Somewhere else');
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(details.getByText('IT Operations')).toBeVisible();
  await expect(details.getByText('Somewhere else')).toHaveCount(0);
});
