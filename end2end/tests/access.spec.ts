import { test, expect, Locator, Page } from '@playwright/test';
import { hydrated, signIn, signInEnglish, SOPHIE, THOMAS, unique, userMenu } from '../support/people';
import { checkScreen } from '../support/screen';
import { openGroups, openUsers } from '../support/admin';

// Access for everyone: what was typed before the page went live, the keyboard alone, what a
// screen reader hears of a choice and of a save, a long list in pages, and the person's own
// language from the first frame. Files run in alphabetical order and share one database (one
// worker): this one runs FIRST. Nothing here changes what the other files rely on: no form is
// submitted but a save of Sophie's details as they are, the one group made here has a name of
// its own, holds only a colleague of the demo's crowd and is deleted again, and Thomas is only
// signed in (he stays in Dutch).

// Each sign-in may wait up to 30 s for a fresh authentication code; every screen is checked twice.
test.describe.configure({ timeout: 240_000 });

/**
 * Holds the browser's requests to `url` until `release()`: `asked` resolves at the first one.
 * `stop()` releases them and ends the holding.
 */
async function hold(page: Page, url: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let seen!: () => void;
  const asked = new Promise<void>((resolve) => (seen = resolve));
  await page.route(url, async (route) => {
    seen();
    await released;
    // A page left meanwhile has dropped its request: nothing to let go on.
    await route.continue().catch(() => {});
  });
  // Stopping lets what is held go on (a request held for ever would hold the next ones to the
  // same address too, behind the browser's cache).
  return { asked, release, stop: () => (release(), page.unroute(url)) };
}

/** The held code was asked for and the page is not live yet; then it comes and the page goes live. */
async function goLive(page: Page, wasm: Awaited<ReturnType<typeof hold>>) {
  await wasm.asked;
  expect(await page.evaluate(() => (window as any).__portal_hydrated === true), 'the page is not live yet').toBe(false);
  wasm.release();
  await hydrated(page);
}

/** A group's page: the card named by the group, and its Roles / Users tabs. */
function groupPage(page: Page, name: string) {
  const card = page.getByRole('region', { name, exact: true });
  const tabs = card.getByRole('navigation', { name: 'Permission group', exact: true });
  return { card, roles: tabs.getByRole('link', { name: 'Roles', exact: true }), users: tabs.getByRole('link', { name: 'Users', exact: true }) };
}

/** From the Permission Groups tab: a group's page, by the link of its name in the table. */
async function openGroup(page: Page, name: string) {
  await page.getByRole('region', { name: 'Permission Groups', exact: true }).getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL(/\/users\/groups\/view\?id=/);
  return groupPage(page, name);
}

/** Presses Tab until `target` has the focus (at most 60 times), counting each press in `presses`. */
async function tabTo(page: Page, target: Locator, presses: { n: number }) {
  await target.waitFor();
  // As a screen reader user does: the page says where it put the focus before the next key.
  await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body);
  for (let i = 0; i < 60; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) {
      console.log(`  ${i} Tab presses to ${target}`);
      return;
    }
    await page.keyboard.press('Tab');
    presses.n++;
  }
  await expect(target, 'Tab reaches the control').toBeFocused();
}

test('Typed before the page is live survives it: the Manage users search', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  // A built-in group, its Users tab, Manage users: as a person gets there.
  await openGroups(page);
  const group = await openGroup(page, 'Portal administrators');
  await group.users.click();
  await expect(page).toHaveURL(/tab=users/);
  await group.card.getByRole('link', { name: 'Manage users' }).click();
  await expect(page).toHaveURL(/\/users\/groups\/manage\?id=/);
  const address = page.url();

  // The same page loaded again on a slow line: its code (the WASM) waits until released.
  const wasm = await hold(page, '**/*.wasm');
  try {
    await page.goto(address, { waitUntil: 'domcontentloaded' });
    await wasm.asked;
    expect(await page.evaluate(() => (window as any).__portal_hydrated === true), 'the page is not live yet').toBe(false);

    // Meanwhile the person uses the plain picker the server sent: a box ticked, then a search typed.
    const plainSearch = page.getByRole('search').getByRole('searchbox', { name: 'Search users' });
    await expect(plainSearch).toBeVisible();
    // The demo's crowd: Anouk Aerts comes first by name, and is no administrator.
    await page.getByRole('group', { name: 'Tick the users to add' }).getByRole('checkbox', { name: /^Anouk Aerts/ }).check();
    await plainSearch.fill('Maes');
    await expect(plainSearch).toBeFocused();

    // The page goes live.
    wasm.release();
    await hydrated(page);
  } finally {
    await wasm.stop();
  }

  // The live picker took over: the same words in its search, the focus still there to go on
  // typing, the list searched for them, and the ticked person chosen.
  const search = page.getByRole('searchbox', { name: 'Search users' }).and(page.locator('#picker-search'));
  await expect(search).toBeVisible();
  await expect(search).toHaveValue('Maes');
  await expect(search).toBeFocused();
  const options = page.getByRole('listbox', { name: 'Users of the organization' }).getByRole('option');
  await expect(options.first()).toContainText('Maes');
  await expect.poll(async () => {
    const texts = await options.allTextContents();
    return texts.length > 0 && texts.every((t) => t.includes('Maes'));
  }, { timeout: 15_000 }).toBe(true);
  await expect(page.getByText('1 user to add:')).toContainText('Anouk Aerts');
  // The plain picker is gone, so nothing is offered twice.
  await expect(page.getByRole('group', { name: 'Tick the users to add' })).toBeHidden();
  await expect(page.getByRole('searchbox', { name: 'Search users' })).toHaveCount(1);
  // (This screen, the live picker, is checked in groups.spec.ts as 'group-manage-users'.)
});

test('Before its code arrives, the sign-in page works on its HTML alone; what is typed reaches the live page', async ({ page }) => {
  // What the page fetches before it can be used: no WASM and no script.
  const early: string[] = [];
  let loaded = false;
  page.on('request', (r) => {
    if (!loaded && /\.(wasm|js)$/.test(new URL(r.url()).pathname)) early.push(new URL(r.url()).pathname);
  });
  const wasm = await hold(page, '**/*.wasm');
  try {
    await page.goto('/login', { waitUntil: 'load' });
    loaded = true;
    expect(early, 'code fetched before the sign-in page could be used').toEqual([]);
    // The address typed while the code is on its way (the WASM held back).
    await page.getByLabel('Email').fill(SOPHIE.email);
    await goLive(page, wasm);
  } finally {
    await wasm.stop();
  }
  // Live now: the address is still there, and the live page goes on with it, in place.
  await expect(page.getByLabel('Email')).toHaveValue(SOPHIE.email);
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByLabel('Password')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(SOPHIE.email);
});

test('Before its code arrives, a language chosen is the plain form post', async ({ page }) => {
  const wasm = await hold(page, '**/*.wasm');
  try {
    await page.goto('/login', { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('button', { name: 'Français' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  } finally {
    await wasm.stop();
  }
});

test('Before its code arrives, a click on the user menu waits for it and opens the menu once', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  const wasm = await hold(page, '**/*.wasm');
  try {
    await page.goto('/profile', { waitUntil: 'load' });
    // The menu button needs the page's code: the click waits for it...
    await userMenu(page).click();
    await goLive(page, wasm);
  } finally {
    await wasm.stop();
  }
  // ...and is given to it once: the menu is open (twice would have closed it again).
  await expect(userMenu(page)).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('menu')).toBeVisible();
});

test('Keyboard: create a group and add one person in under 40 Tab presses', async ({ page }) => {
  const name = `Keyboard group ${unique()}`;
  const presses = { n: 0 };
  await signInEnglish(page, SOPHIE);
  // The start: the Permission Groups tab, reached by clicking.
  await openGroups(page);
  const tab = page.getByRole('navigation', { name: 'Users & Permissions sections' }).getByRole('link', { name: 'Permission Groups', exact: true });
  await tab.focus();

  // From here only the keyboard. "Add Permission Group".
  await tabTo(page, page.getByRole('region', { name: 'Permission Groups', exact: true }).getByRole('link', { name: 'Add Permission Group' }), presses);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/users\/groups\/new$/);
  const form = page.getByRole('region', { name: 'Add Permission Group' });

  // The name, one role ticked with Space, Next.
  await tabTo(page, page.getByLabel('Name', { exact: true }), presses);
  await page.keyboard.type(name);
  const role = page.getByRole('group', { name: 'Portal roles' }).getByRole('checkbox', { name: 'View orders', exact: true });
  await tabTo(page, role, presses);
  await page.keyboard.press('Space');
  await expect(role).toBeChecked();
  await tabTo(page, form.getByRole('button', { name: 'Next', exact: true }), presses);
  await page.keyboard.press('Enter');

  // The review, Confirm: the notice has the focus, so it is what is heard.
  await expect(page).toHaveURL(/\/users\/groups\/new\?.*step=review/);
  await tabTo(page, form.getByRole('button', { name: 'Confirm', exact: true }), presses);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/users\/groups\/view\?id=[^&]+&saved=1/);
  const saved = page.getByRole('status');
  await expect(saved).toHaveText("The permission group was saved. It applies from everyone's next request.");
  await expect(saved).toBeFocused();

  // The new group's Users, Manage users.
  const group = groupPage(page, name);
  await tabTo(page, group.users, presses);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/tab=users/);
  await tabTo(page, group.card.getByRole('link', { name: 'Manage users' }), presses);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/users\/groups\/manage\?id=/);

  // A colleague of the crowd by their surname, picked in the list with the arrows and Space.
  const search = page.getByRole('searchbox', { name: 'Search users' });
  await tabTo(page, search, presses);
  // (The answer to the whole word, so that no later answer moves the list under the arrows.)
  const answered = page.waitForResponse((r) => `${r.url()} ${r.request().postData() ?? ''}`.includes('q=Maes') && r.url().includes('group_candidates'));
  await page.keyboard.type('Maes');
  await answered;
  const listbox = page.getByRole('listbox', { name: 'Users of the organization' });
  const options = listbox.getByRole('option');
  await expect.poll(async () => {
    const texts = await options.allTextContents();
    return texts.length >= 2 && texts.every((t) => t.includes('Maes'));
  }, { timeout: 15_000 }).toBe(true);
  await tabTo(page, listbox, presses);
  await expect(listbox).toHaveAttribute('aria-activedescendant', (await options.nth(0).getAttribute('id'))!);
  await page.keyboard.press('ArrowDown');
  await expect(listbox).toHaveAttribute('aria-activedescendant', (await options.nth(1).getAttribute('id'))!);
  await page.keyboard.press('Space');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  const summary = page.getByText('1 user to add:');
  await expect(summary).toBeVisible();
  const person = ((await summary.textContent()) ?? '').replace(/^.*:/, '').trim();
  expect(person).toMatch(/ Maes$/);
  await tabTo(page, page.getByRole('button', { name: 'Next', exact: true }), presses);
  await page.keyboard.press('Enter');

  // The review, Confirm: again the notice has the focus.
  await expect(page).toHaveURL(/\/users\/groups\/manage\?.*step=review/);
  const manage = page.getByRole('region', { name: `Manage users: ${name}` });
  await expect(manage.getByRole('link', { name: person, exact: true })).toBeVisible();
  await tabTo(page, manage.getByRole('button', { name: 'Confirm', exact: true }), presses);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/tab=users&saved=members/);
  const updated = page.getByRole('status');
  await expect(updated).toHaveText("The group's users were updated. It applies from their next request.");
  await expect(updated).toBeFocused();
  await expect(group.card.getByRole('link', { name: person, exact: true })).toBeVisible();
  console.log(`Tab presses to create a group and add one person: ${presses.n}`);
  // (This screen, a group's users after a save, is checked in groups.spec.ts as 'group-users'.)

  // The group goes again (with the mouse: it is not part of the count).
  await group.roles.click();
  await group.card.getByRole('link', { name: 'Delete group' }).click();
  await page.getByRole('group', { name: 'Delete this permission group?' }).getByRole('button', { name: 'Delete the group' }).click();
  await expect(page.getByRole('status')).toHaveText('The permission group was deleted.');

  expect(presses.n).toBeLessThan(40);
});

test('Choices are named by their label; their description is a description', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  await page.getByRole('region', { name: 'Profiles' }).getByRole('link', { name: '+ Add Profile' }).click();
  await expect(page).toHaveURL(/\/users\/new$/);

  // "User or contact": each kind is named by its label alone; its hint is its description.
  const contact = page.getByRole('radio', { name: 'Contact', exact: true });
  await contact.check();
  await expect(contact).toBeChecked();
  await expect(contact).toHaveAccessibleName('Contact');
  await expect(contact).toHaveAccessibleDescription('Receives Arxus communications for their contact types; never signs in.');

  // Contact types: the type's name, and its rule as the description, or the reason it is closed
  // when it is (a contact is no user, so no Technical Contact).
  const technical = page.getByRole('checkbox', { name: 'Technical Contact', exact: true });
  await expect(technical).toHaveAccessibleName('Technical Contact');
  await expect(technical).toBeDisabled();
  await expect(technical).toHaveAccessibleDescription('A Technical Contact must be a user with ServiceNow access (through one of their permission groups).');
  const dpo = page.getByRole('checkbox', { name: 'DPO Contact', exact: true });
  await expect(dpo).toBeEnabled();
  await expect(dpo).toHaveAccessibleName('DPO Contact');
  await expect(dpo).toHaveAccessibleDescription('Any person of the organization.');
  const signing = page.getByRole('checkbox', { name: 'Has signing authority', exact: true });
  await expect(signing).toHaveAccessibleName('Has signing authority');
  await expect(signing).toHaveAccessibleDescription('Can accept legal terms for the organization. Ticking this records that you confirmed it.');
  await checkScreen(page, 'add-profile-contact', test.info());

  // My Profile > Edit mailing list: a list is named by its name, described by what it sends.
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My Profile' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  const prefs = page.getByRole('region', { name: 'My communication preferences' });
  await prefs.getByRole('link', { name: 'Edit mailing list' }).click();
  await expect(page).toHaveURL(/edit=lists/);
  const maintenance = prefs.getByRole('checkbox', { name: 'Planned maintenance', exact: true });
  await expect(maintenance).toHaveAccessibleName('Planned maintenance');
  await expect(maintenance).toHaveAccessibleDescription('Maintenance windows announced ahead of time.');
  const advisories = prefs.getByRole('checkbox', { name: 'Security advisories', exact: true });
  await expect(advisories).toHaveAccessibleName('Security advisories');
  await expect(advisories).toHaveAccessibleDescription('Vulnerabilities and the actions Arxus recommends.');
  await checkScreen(page, 'mailing-lists-edit', test.info());
  // Nothing is sent: Cancel.
  await prefs.getByRole('link', { name: 'Cancel' }).click();
  await expect(prefs.getByRole('link', { name: 'Edit mailing list' })).toBeVisible();
});

test('Saving My Profile keeps the page and says it is busy', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  const details = page.getByRole('region', { name: 'Personal information' });
  await details.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page).toHaveURL(/edit=details/);
  // Her job title typed again as it is: the save changes nothing the other files rely on.
  const job = details.getByLabel('Job Title', { exact: true });
  const title = await job.inputValue();
  await job.fill(title);

  // A full page load would clear this mark.
  await page.evaluate(() => ((window as any).__savedInPlace = 1));
  // A slow line: the save, then the reading of the saved profile, each wait until released.
  const save = await hold(page, '**/api/update_my_details*');
  const reread = await hold(page, '**/api/my_profile*');
  try {
    await details.getByRole('button', { name: 'Save', exact: true }).click();
    await save.asked;

    // While it saves: the button says so, is busy, keeps the focus, and a polite live region
    // tells a screen reader; the page stays as it is, no "Loading…" in its place.
    const busy = details.getByRole('button', { name: 'Saving…', exact: true });
    await expect(busy).toHaveAttribute('aria-busy', 'true');
    await expect(busy).toHaveAttribute('aria-disabled', 'true');
    await expect(busy).toBeFocused();
    await expect(details.locator('[aria-live="polite"]')).toHaveText('Saving…');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
    await expect(details.getByLabel('Job Title', { exact: true })).toHaveValue(title);
    await expect(page.getByText('Loading…').filter({ visible: true })).toHaveCount(0);

    // Saved: while the saved profile is read again, the page still shows, marked busy.
    save.release();
    await reread.asked;
    await expect(page).toHaveURL(/\/profile\?saved=details$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
    await expect(page.getByText('Loading…').filter({ visible: true })).toHaveCount(0);
    await expect(page.locator('#main [aria-busy="true"]')).toHaveCount(1);

    reread.release();
  } finally {
    await save.stop();
    await reread.stop();
  }

  // Done: the notice is shown and has the focus, nothing is busy any more, on the same page.
  const notice = page.getByRole('status');
  await expect(notice).toHaveText('Your details have been saved.');
  await expect(notice).toBeVisible();
  await expect(notice).toBeFocused();
  await expect(page.locator('#main [aria-busy="true"]')).toHaveCount(0);
  await expect(details.getByRole('link', { name: 'Edit', exact: true })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__savedInPlace), 'still the same page').toBe(1);
  await checkScreen(page, 'my-profile-details-saved', test.info());
});

test("A group's Users tab comes in pages", async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  // "Portal users" holds the demo's crowd: well over a page of people.
  await openGroups(page);
  const group = await openGroup(page, 'Portal users');
  await group.users.click();
  await expect(page).toHaveURL(/tab=users/);
  await expect(group.users).toHaveAttribute('aria-current', 'page');
  await expect(group.card.getByRole('heading', { level: 3, name: /^\d+ members$/ })).toBeVisible();

  // Fifty people, then a link to the next ones.
  const people = group.card.getByRole('list');
  const items = people.getByRole('listitem');
  await expect(items).toHaveCount(50);
  const first = (await items.first().textContent()) ?? '';
  const next = group.card.getByRole('link', { name: 'Next page' });
  await expect(next).toBeVisible();
  await next.click();
  await expect(page).toHaveURL(/[?&]after=/);
  await expect(page).toHaveURL(/tab=users/);
  await expect(items.first()).not.toHaveText(first);
  await expect(items).not.toHaveCount(0);
  // Also no sideways scrolling at 390 px.
  await checkScreen(page, 'group-users-next-page', test.info());
});

test("The first frame after the code step is in the person's language", async ({ browser }) => {
  // A browser of his own: no cookie of an earlier session.
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // From the start of every document: each text the main heading and the header show.
    await page.addInitScript(() => {
      const frames: string[] = [];
      (window as any).__frames = frames;
      const record = () => {
        for (const el of Array.from(document.querySelectorAll('h1, header'))) {
          const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
          if (text && !frames.includes(text)) frames.push(text);
        }
      };
      new MutationObserver(record).observe(document, { childList: true, subtree: true, characterData: true });
    });
    // Thomas works in Dutch; the sign-in pages start in the browser's English.
    await signIn(page, THOMAS);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn profiel');
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');

    // His profile never showed in English, not even for a frame.
    const frames: string[] = await page.evaluate(() => (window as any).__frames);
    expect(frames.filter((f) => f.includes('My Profile')), 'texts in English after the code step').toEqual([]);
    expect(frames.some((f) => f.includes('Mijn profiel')), 'his profile, in Dutch').toBe(true);
    await checkScreen(page, 'my-profile-nl', test.info());
  } finally {
    await context.close();
  }
});
