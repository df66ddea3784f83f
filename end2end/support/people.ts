import { expect, Page } from '@playwright/test';
import { freshCode } from './totp';

/** Someone of the demo who can sign in. */
export type Person = { email: string; password: string; totp: string };

export const SOPHIE: Person = {
  email: 'sophie.claes@brightwave.example',
  password: 'harbour-lantern-47-quay',
  totp: 'HP3DXLYW6IWAHNC7B7NMG3LUD64ICUYT',
};

export const THOMAS: Person = {
  email: 'thomas.peeters@brightwave.example',
  password: 'copper-meadow-19-rail',
  totp: '5ZZXB3B4UPB3QYTU4AMURAUPQAUSIWLY',
};

/** Waits until the WASM has taken over the page. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__portal_hydrated === true);
}

/** Both sign-in steps, as a person does them: password, then a fresh code. */
export async function signIn(page: Page, who: Person) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await page.getByLabel('Authentication code').fill(await freshCode(who.totp));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/profile$/);
}
