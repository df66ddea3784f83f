import { expect, BrowserContext, Locator, Page } from '@playwright/test';
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

/**
 * The page's code (the WASM) takes the page over at the first sign of a person: the pointer moves
 * here, then this waits until it has.
 */
export async function hydrated(page: Page) {
  await page.mouse.move(3, 3);
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => (window as any).__portal_hydrated === true);
}

/**
 * The person's credentials at the top right (the manual: "click on your credentials"): the button
 * named by the name it shows, which opens their menu.
 */
export function userMenu(page: Page, name = 'Sophie Claes'): Locator {
  return page.getByRole('banner').getByRole('button', { name, exact: true });
}

/**
 * The sign-in page's first step, the address alone, then "Continue": the password comes next
 * (an address no identity provider covers).
 */
export async function enterAddress(page: Page, email: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email);
}

/** Both sign-in steps, as a person does them: address, password, then a fresh code. */
export async function signIn(page: Page, who: Person) {
  await page.goto('/login');
  await hydrated(page);
  await enterAddress(page, who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  await page.getByLabel('Authentication code').fill(await freshCode(who.totp));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/profile$/);
}

/** Sessions of earlier tests in this worker, by e-mail, so not every test waits for a new code. */
const sessions = new Map<string, Awaited<ReturnType<BrowserContext['cookies']>>>();

/**
 * Signs in (or takes this worker's earlier session of the same person, when it still works),
 * then switches to English: a person's language may be another one after the tests before.
 */
export async function signInEnglish(page: Page, who: Person, { reuse = true } = {}) {
  const earlier = reuse ? sessions.get(who.email) : undefined;
  if (earlier) {
    await page.context().addCookies(earlier);
    await page.goto('/profile');
  }
  if (!earlier || !/\/profile$/.test(page.url())) {
    await signIn(page, who);
    sessions.set(who.email, await page.context().cookies());
  }
  await hydrated(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
}

/**
 * After "English" was chosen at the end of a walk in another language: the page shows `heading`
 * in English and still does after a reload (the saved language, not only the page's).
 */
export async function expectEnglishKept(page: Page, heading: string) {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
}

/** Both sign-in steps with plain forms (JavaScript off), then English. */
export async function signInWithoutScript(page: Page, who: Person) {
  await page.goto('/login');
  await enterAddress(page, who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/code/);
  await page.getByLabel('Authentication code').fill(await freshCode(who.totp));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
}

/** A word no earlier run used, for names and addresses. */
export function unique(): string {
  return Date.now().toString(36) + Math.floor(Math.random() * 1296).toString(36);
}

/** Presses `key` until `target` has the focus: the keyboard walk's way to a control. */
export async function pressUntilFocused(page: Page, target: Locator, key = 'Tab', max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  await expect(target, `${key} reaches the control`).toBeFocused();
}
