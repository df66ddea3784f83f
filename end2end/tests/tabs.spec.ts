import { test, expect, Page } from '@playwright/test';
import * as fs from 'node:fs';
import { hydrated, signIn, signInEnglish, signInWithoutScript, SOPHIE, THOMAS, userMenu } from '../support/people';
import { checkScreen } from '../support/screen';
import { waitForMail } from '../support/mail';

// Runs after profile.spec.ts (files run in order, sharing one database). Every test leaves
// Sophie's portal and e-mail language in English and no e-mail change waiting.

const ZONE = 'Europe/Brussels';
// The browser's time zone is the one the Activity tab shows times in.
test.use({ timezoneId: ZONE });
// Each sign-in may wait up to 30 s for a fresh authentication code.
test.describe.configure({ timeout: 150_000 });

/** A day as `YYYY-MM-DD` in Brussels, `offset` days from today. */
function day(offset = 0): string {
  const d = new Date(Date.now() + offset * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}


/** The rows of a data table's body (the header row left out). */
function bodyRows(page: Page) {
  return page.getByRole('table').getByRole('rowgroup').nth(1).getByRole('row');
}

test('My Profile tabs: Activity with a date range and a CSV, Orders with the alert', async ({ page }) => {
  await signInEnglish(page, SOPHIE, { reuse: false });
  // The manual: top right, click your credentials, then "My Profile".
  await userMenu(page).click();
  await page.getByRole('menuitem', { name: 'My Profile' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
  const tabs = page.getByRole('navigation', { name: 'My Profile sections' });
  await expect(tabs.getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');
  await expect(tabs.getByRole('link', { name: 'Activity' })).not.toHaveAttribute('aria-current', 'page');
  await expect(tabs.getByRole('link', { name: 'Orders' })).not.toHaveAttribute('aria-current', 'page');

  // The Profile tab: its sections, each a region named by its heading.
  await expect(page.getByRole('region', { name: 'Personal information' }).getByRole('link', { name: 'Edit' })).toBeVisible();
  const customizing = page.getByRole('region', { name: 'Customizing Your Profile' });
  await expect(customizing.getByRole('link', { name: 'Choose an Avatar Style' })).toBeVisible();
  await expect(customizing.getByRole('link', { name: 'Change Multifactor Authentication' })).toHaveAttribute('href', '/profile/security#edit-mfa');
  await expect(page.getByRole('region', { name: 'Security Settings' })).toBeVisible();
  const prefs = page.getByRole('region', { name: 'My communication preferences' });
  await expect(prefs.getByRole('heading', { level: 3, name: 'Mailing lists' })).toBeVisible();
  await expect(prefs.getByRole('link', { name: 'Edit mailing list' })).toBeVisible();
  await expect(prefs.getByRole('heading', { level: 3, name: 'Languages' })).toBeVisible();
  await expect(prefs.getByRole('link', { name: 'Edit languages' })).toBeVisible();
  // On the right, the permission groups and what they let her do.
  const groups = page.getByRole('complementary', { name: 'My permission groups' });
  await expect(groups.getByRole('heading', { level: 3, name: 'Portal administrators' })).toBeVisible();
  await expect(groups.getByRole('heading', { level: 3, name: 'What you can do' })).toBeVisible();
  const canDo = groups.getByRole('list', { name: 'What you can do' });
  await expect(canDo.getByRole('listitem').filter({ hasText: 'Users & Permissions' })).toContainText('Granted by Portal administrators');
  await checkScreen(page, 'my-profile-tab', test.info());

  // Activity: her own log, newest first, in her browser's time zone.
  await tabs.getByRole('link', { name: 'Activity' }).click();
  await expect(page).toHaveURL(/\/profile\/activity$/);
  await expect(tabs.getByRole('link', { name: 'Activity' })).toHaveAttribute('aria-current', 'page');
  await expect(tabs.getByRole('link', { name: 'Profile' })).not.toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { name: 'Activity', exact: true })).toBeVisible();
  for (const name of ['Date & Time', 'Email', 'Activity Description']) {
    await expect(page.getByRole('columnheader', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('row').filter({ hasText: 'Signed in' }).first()).toBeVisible();
  // The browser's zone is saved and the page asked again in it.
  await expect(page.getByText(/^Times are shown in your time zone \(.+\)\.$/)).toHaveText(`Times are shown in your time zone (${ZONE}).`);
  await page.waitForLoadState('networkidle');
  await checkScreen(page, 'activity', test.info());

  // A date range lives in the URL: a reload keeps it.
  const from = day(-7);
  const to = day(0);
  await page.getByLabel('From').fill(from);
  await page.getByLabel('To').fill(to);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${from}`));
  await expect(page).toHaveURL(new RegExp(`to=${to}`));
  await expect(page.getByRole('row').filter({ hasText: 'Signed in' }).first()).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel('From')).toHaveValue(from);
  await expect(page.getByLabel('To')).toHaveValue(to);

  // The same range as CSV.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`activity-${from}-${to}.csv`);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.split(/\r?\n/)[0]).toBe('"Date & Time","Email","Activity Description"');
  expect(csv).toContain('"Signed in"');

  // A range without activity says so.
  await page.getByLabel('From').fill('2020-01-01');
  await page.getByLabel('To').fill('2020-01-31');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/from=2020-01-01/);
  await expect(page.getByText('No activity in this period.')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);

  // Orders: what was ordered in the portal, with the alert on what is not there.
  await tabs.getByRole('link', { name: 'Orders' }).click();
  await expect(page).toHaveURL(/\/profile\/orders$/);
  await expect(tabs.getByRole('link', { name: 'Orders' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('alert')).toHaveText(
    'Only products ordered from within the portal are shown. Change requests via the Arxus Service Desk are not included.',
  );
  const columns = ['Customer flow', 'Type', 'Domain', 'Ordered by', 'Date', 'Resource', 'Action', 'Quantity'];
  await expect(page.getByRole('columnheader')).toHaveText(columns);
  await expect(bodyRows(page)).toHaveCount(25);
  await checkScreen(page, 'orders', test.info());
  await page.getByRole('link', { name: 'Show older' }).click();
  await expect(page).toHaveURL(/\/profile\/orders\?before=/);
  await expect(bodyRows(page)).toHaveCount(11);
  await expect(page.getByRole('link', { name: 'Show older' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Back to the newest' }).click();
  await expect(page).toHaveURL(/\/profile\/orders$/);
  await expect(bodyRows(page)).toHaveCount(25);
});

test('Mailing lists: review, back, confirm; leaving is for good', async ({ page }) => {
  await signInEnglish(page, SOPHIE, { reuse: false });
  const prefs = page.getByRole('region', { name: 'My communication preferences' });
  const badge = (list: string) => prefs.getByRole('listitem').filter({ hasText: list });
  await expect(badge('Service notifications')).toContainText('Subscribed');
  await expect(badge('Security advisories')).toContainText('Subscribed');
  for (const list of ['Planned maintenance', 'Arxus newsletter', 'Events and webinars']) {
    await expect(badge(list)).toContainText('Not subscribed');
  }

  await prefs.getByRole('link', { name: 'Edit mailing list' }).click();
  await expect(page).toHaveURL(/edit=lists/);
  const box = (list: RegExp) => page.getByRole('checkbox', { name: list });
  await expect(box(/Service notifications/)).toBeChecked();
  await expect(box(/Security advisories/)).toBeChecked();
  await expect(box(/Planned maintenance/)).not.toBeChecked();
  await expect(box(/Arxus newsletter/)).not.toBeChecked();
  await expect(box(/Events and webinars/)).not.toBeChecked();
  await box(/Arxus newsletter/).check();
  await box(/Security advisories/).uncheck();
  await page.getByRole('button', { name: 'Next' }).click();

  // The review says exactly what changes, and that leaving a list is for good.
  await expect(page.getByRole('heading', { name: 'Review your changes' })).toBeVisible();
  await expect(prefs.getByRole('listitem').filter({ hasText: 'Subscribe to Arxus newsletter' })).toBeVisible();
  const leaving = prefs.getByRole('listitem').filter({ hasText: 'Unsubscribe from Security advisories' });
  await expect(leaving).toContainText('This cannot be undone: ');
  await expect(prefs.getByText(/Service notifications|Planned maintenance|Events and webinars/)).toHaveCount(0);
  await checkScreen(page, 'mailing-lists-review', test.info());

  // Back keeps the choices.
  await page.getByRole('link', { name: 'Back' }).click();
  await expect(box(/Arxus newsletter/)).toBeChecked();
  await expect(box(/Security advisories/)).not.toBeChecked();
  await expect(box(/Service notifications/)).toBeChecked();
  await expect(box(/Events and webinars/)).not.toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Review your changes' })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('status')).toHaveText('Your mailing list preferences have been saved.');
  await expect(badge('Arxus newsletter')).toContainText('Subscribed');
  await expect(badge('Arxus newsletter')).not.toContainText('Not subscribed');
  await expect(badge('Security advisories')).toContainText(`Unsubscribed on ${day(0)}`);
  await expect(badge('Service notifications')).toContainText('Subscribed');

  // A list left cannot be chosen again, and the page says why.
  await prefs.getByRole('link', { name: 'Edit mailing list' }).click();
  await expect(box(/Security advisories/)).toBeDisabled();
  await expect(box(/Security advisories/)).not.toBeChecked();
  await expect(page.getByText(`You unsubscribed on ${day(0)}: a list you have left cannot be subscribed to again.`)).toBeVisible();
  await expect(box(/Arxus newsletter/)).toBeChecked();
  await prefs.getByRole('link', { name: 'Cancel' }).click();
  await expect(prefs.getByRole('link', { name: 'Edit mailing list' })).toBeVisible();
});

test('Languages: the portal switches at once; e-mails follow the Email Language', async ({ page }) => {
  await signInEnglish(page, SOPHIE, { reuse: false });
  const prefs = page.getByRole('region', { name: 'My communication preferences' });

  // In English: the portal in French.
  await prefs.getByRole('link', { name: 'Edit languages' }).click();
  await expect(page).toHaveURL(/edit=languages/);
  await expect(page.getByLabel('Portal Language')).toHaveValue('en');
  await expect(page.getByLabel('Email Language')).toHaveValue('en');
  await expect(page.getByLabel('Portal Language').getByRole('option')).toHaveText(['English', 'Français', 'Nederlands']);
  await page.getByLabel('Portal Language').selectOption({ label: 'Français' });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Review the settings' })).toBeVisible();
  const review = page.getByRole('table', { name: 'Review the settings' });
  await expect(review.getByRole('columnheader')).toHaveText(['Before', 'After']);
  await expect(review.getByRole('row', { name: /Portal Language/ }).getByRole('cell')).toHaveText(['English', 'Français']);
  await expect(review.getByRole('row', { name: /Email Language/ }).getByRole('cell')).toHaveText(['English', 'English']);
  await checkScreen(page, 'languages-review', test.info());
  // Back keeps the choice.
  await page.getByRole('link', { name: 'Back' }).click();
  await expect(page.getByLabel('Portal Language')).toHaveValue('fr');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Review the settings' })).toBeVisible();

  // Confirmed, the page turns French in place: no page load.
  await page.evaluate(() => ((window as any).__marker = 1));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon profil');
  expect(await page.evaluate(() => (window as any).__marker)).toBe(1);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('status')).toHaveText('Vos paramètres de langue ont été enregistrés.');
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon profil');
  await hydrated(page);

  // In French: the portal in Dutch.
  const prefsFr = page.getByRole('region', { name: 'Mes préférences de communication' });
  await prefsFr.getByRole('link', { name: 'Modifier les langues' }).click();
  await expect(page.getByLabel('Langue du portail')).toHaveValue('fr');
  await page.getByLabel('Langue du portail').selectOption({ label: 'Nederlands' });
  await page.getByRole('button', { name: 'Suivant' }).click();
  await expect(page.getByRole('heading', { name: 'Vérifiez les paramètres' })).toBeVisible();
  await expect(page.getByRole('columnheader')).toHaveText(['Avant', 'Après']);
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn profiel');
  await expect(page.getByRole('status')).toHaveText('Je taalinstellingen zijn opgeslagen.');

  // In Dutch: the portal back in English, the e-mails in Dutch.
  const prefsNl = page.getByRole('region', { name: 'Mijn communicatievoorkeuren' });
  await prefsNl.getByRole('link', { name: 'Talen bewerken' }).click();
  await expect(page.getByLabel('Taal van het portaal')).toHaveValue('nl');
  await page.getByLabel('Taal van het portaal').selectOption({ label: 'English' });
  await page.getByLabel('Taal van e-mails').selectOption({ label: 'Nederlands' });
  await page.getByRole('button', { name: 'Volgende' }).click();
  await expect(page.getByRole('heading', { name: 'Controleer de instellingen' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Taal van e-mails/ }).getByRole('cell')).toHaveText(['English', 'Nederlands']);
  await page.getByRole('button', { name: 'Bevestigen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
  await expect(page.getByRole('status')).toHaveText('Your language settings have been saved.');
  await expect(prefs.getByRole('definition').filter({ hasText: 'Nederlands' })).toBeVisible();

  // An e-mail now: a change of address tells the current address, in Dutch.
  const details = page.getByRole('region', { name: 'Personal information' });
  await details.getByRole('link', { name: 'Edit' }).click();
  await expect(page).toHaveURL(/edit=details/);
  await page.getByLabel('Email').fill('sophie.new@brightwave.example');
  await page.getByRole('button', { name: 'Save' }).click();
  const waiting = details.getByRole('status').filter({ hasText: 'sophie.new@brightwave.example' });
  await expect(waiting).toBeVisible();
  await expect(details.getByRole('button', { name: 'Cancel the change' })).toBeVisible();
  // Until the link is opened, she keeps her address.
  await expect(details.getByRole('definition').filter({ hasText: SOPHIE.email })).toBeVisible();
  await expect
    .poll(() => waitForMail(SOPHIE.email), { timeout: 30_000 })
    .toContain('heeft gevraagd om het e-mailadres ervan te wijzigen naar sophie.new@brightwave.example');
  await expect.poll(() => waitForMail('sophie.new@brightwave.example'), { timeout: 30_000 }).toContain('/confirm-email?token=');
  expect(await waitForMail('sophie.new@brightwave.example')).toContain('Open deze link binnen');

  // She cancels the change.
  await details.getByRole('button', { name: 'Cancel the change' }).click();
  await expect(details.getByRole('button', { name: 'Cancel the change' })).toHaveCount(0);
  await expect(details.getByRole('status')).toHaveText('The email address change was cancelled.');
  await expect(page.getByText('sophie.new@brightwave.example')).toHaveCount(0);

  // The e-mails back in English.
  await prefs.getByRole('link', { name: 'Edit languages' }).click();
  await expect(page.getByLabel('Portal Language')).toHaveValue('en');
  await expect(page.getByLabel('Email Language')).toHaveValue('nl');
  await page.getByLabel('Email Language').selectOption({ label: 'English' });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Review the settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('status')).toHaveText('Your language settings have been saved.');
  await expect(prefs.getByRole('definition').filter({ hasText: 'Nederlands' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
});

test('Choose an Avatar Style with a live preview', async ({ page }) => {
  await signInEnglish(page, SOPHIE, { reuse: false });
  const header = userMenu(page).locator('span.avatar');
  await expect(header.locator('svg')).toHaveCount(1);
  const before = await header.innerHTML();
  const card = page.getByRole('region', { name: 'Customizing Your Profile' });
  await card.getByRole('link', { name: 'Choose an Avatar Style' }).click();
  await expect(page).toHaveURL(/edit=avatar/);
  const styles = ['Initials', 'Rings', 'Blocks', 'Triangles', 'Stripes', 'Dots'];
  for (const name of styles) {
    await expect(page.getByRole('radio', { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole('radio', { checked: true })).toHaveCount(1);
  const current = (await page.getByRole('radio', { checked: true }).getAttribute('id'))?.replace('avatar-', '');
  const choice = current === 'rings' ? 'Dots' : 'Rings';

  // The preview follows the choice at once.
  await page.getByRole('radio', { name: choice, exact: true }).check();
  await expect(card.getByText(`Current style: ${choice}`)).toBeVisible();
  await checkScreen(page, 'avatar-style', test.info());
  await page.getByRole('button', { name: 'Save avatar' }).click();
  await expect(page.getByRole('status')).toHaveText('Your avatar style has been saved.');
  await expect(card.getByText(`Current style: ${choice}`)).toBeVisible();
  // The header's picture is the new one at once, and after a reload.
  await expect(header.locator('svg')).toHaveCount(1);
  await expect.poll(() => header.innerHTML(), { message: "the header's avatar changes when the style is saved" }).not.toBe(before);
  const after = await header.innerHTML();
  await page.reload();
  await hydrated(page);
  await expect(header.locator('svg')).toHaveCount(1);
  expect(await header.innerHTML(), "the header's avatar after a reload").toBe(after);
  await expect(card.getByText(`Current style: ${choice}`)).toBeVisible();
});

test('Get help names the Customer Success Manager', async ({ page }) => {
  await signInEnglish(page, SOPHIE, { reuse: false });
  await userMenu(page).click();
  const menu = page.getByRole('menu');
  await expect(menu.getByRole('menuitem')).toHaveText(['My Profile', 'Users & Permissions', 'Get help', 'Sign out']);
  await menu.getByRole('menuitem', { name: 'Get help' }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Get help');
  const csm = page.getByRole('region', { name: 'Your Customer Success Manager' });
  await expect(csm).toContainText('Lotte Verhoeven');
  await expect(csm.getByRole('link', { name: 'lotte.verhoeven@arxus.example' })).toHaveAttribute('href', 'mailto:lotte.verhoeven@arxus.example');
  await expect(csm.getByRole('link', { name: '+32 470 11 22 33' })).toHaveAttribute('href', 'tel:+32470112233');
  await expect(page.getByRole('region', { name: 'Service Desk' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Support chat' }).getByRole('link', { name: 'Open the support chat' })).toBeVisible();
  await checkScreen(page, 'get-help', test.info());

  // Someone who does not manage users finds the same help, in his own language.
  await page.context().clearCookies();
  await signIn(page, THOMAS);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn profiel');
  await userMenu(page, 'Thomas Peeters').click();
  await expect(page.getByRole('menu').getByRole('menuitem')).toHaveText(['Mijn profiel', 'Hulp krijgen', 'Afmelden']);
  await page.getByRole('menuitem', { name: 'Hulp krijgen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hulp krijgen');
  await expect(page.getByRole('region', { name: 'Je Customer Success Manager' })).toContainText('Lotte Verhoeven');
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('mailing lists and the Activity range work with plain forms', async ({ page }) => {
    await signInWithoutScript(page, SOPHIE);

    // Mailing lists: choose, review, confirm, each a page of its own.
    const prefs = page.getByRole('region', { name: 'My communication preferences' });
    await prefs.getByRole('link', { name: 'Edit mailing list' }).click();
    await expect(page).toHaveURL(/edit=lists/);
    await page.getByRole('checkbox', { name: /Events and webinars/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/step=review/);
    await expect(page.getByRole('heading', { name: 'Review your changes' })).toBeVisible();
    await expect(page.getByText('Subscribe to Events and webinars')).toBeVisible();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByRole('status')).toHaveText('Your mailing list preferences have been saved.');
    const events = prefs.getByRole('listitem').filter({ hasText: 'Events and webinars' });
    await expect(events).toContainText('Subscribed');
    await expect(events).not.toContainText('Not subscribed');

    // Activity: the range is a plain GET form.
    await page.getByRole('navigation', { name: 'My Profile sections' }).getByRole('link', { name: 'Activity' }).click();
    await expect(page).toHaveURL(/\/profile\/activity$/);
    const from = day(-3);
    const to = day(0);
    await page.getByLabel('From').fill(from);
    await page.getByLabel('To').fill(to);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}`));
    await expect(page.getByLabel('From')).toHaveValue(from);
    await expect(page.getByLabel('To')).toHaveValue(to);
    await expect(page.getByRole('row').filter({ hasText: 'Subscribed to a mailing list' }).first()).toBeVisible();
    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2020-01-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.getByText('No activity in this period.')).toBeVisible();
  });
});
