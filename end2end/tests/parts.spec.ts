import { test, expect, Page } from '@playwright/test';
import { hydrated, signInEnglish, SOPHIE, userMenu } from '../support/people';
import { checkScreen } from '../support/screen';

// The browser's code comes in parts: a shared one, and one per journey (app/src/routes.rs),
// the page's messages fetched beside them. Every page must load its part and come alive,
// whether it is the first page of a visit or reached by a link; and a part that cannot be
// downloaded must say so on the page.
test.describe.configure({ timeout: 150_000 });

/** Fails the test on any uncaught error in the page or error in its console. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  return errors;
}

// Each page an administrator can open without an id, and its heading.
const PAGES: [string, RegExp][] = [
  ['/profile', /^My Profile$/],
  ['/profile/activity', /^My Profile$/],
  ['/profile/orders', /^My Profile$/],
  ['/profile/security', /./],
  ['/help', /./],
  ['/users', /^Users & Permissions$/],
  ['/users/new', /./],
  ['/users/activity', /^Users & Permissions$/],
  ['/users/groups', /^Users & Permissions$/],
  ['/users/groups/new', /./],
];

test('every page loads its part of the code and comes alive, first or by a link', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  const errors = watchErrors(page);
  for (const [path, heading] of PAGES) {
    await page.goto(path);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
  }
  // By links, from one page to the next: each part is fetched on the way.
  await page.goto('/help');
  await hydrated(page);
  await userMenu(page).click();
  await page.getByRole('menuitem', { name: 'Users & Permissions' }).click();
  await expect(page).toHaveURL(/\/users$/);
  const person = page.getByRole('table', { name: 'Profiles' }).getByRole('link').first();
  // The link's own text, without the initials of the avatar beside it.
  const name = await person.evaluate((a) => [...a.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim());
  await person.click();
  await expect(page).toHaveURL(/\/users\/profile\?id=/);
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await userMenu(page).click();
  await page.getByRole('menuitem', { name: 'My Profile' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByRole('navigation', { name: 'My Profile sections' }).getByRole('link', { name: 'Orders' }).click();
  await expect(page).toHaveURL(/\/profile\/orders$/);
  await expect(page.getByRole('columnheader').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('a part that cannot be downloaded is named on the page, with a way to load it again', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  await page.goto('/profile');
  await hydrated(page);
  // From here on, no part of the code can be downloaded (as when the connection drops); the
  // administrators' screens are a part My Profile has not needed yet.
  await page.route(/\.wasm$/, (route) => route.abort());
  await userMenu(page).click();
  await page.getByRole('menuitem', { name: 'Users & Permissions' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'This page stopped responding: part of it could not be loaded.' });
  await expect(notice).toBeVisible();
  await checkScreen(page, 'part-not-loaded', test.info());
  await page.unroute(/\.wasm$/);
  await Promise.all([page.waitForEvent('load'), notice.getByRole('link', { name: 'Load the page again' }).click()]);
  await hydrated(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
