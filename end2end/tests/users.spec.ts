import { test, expect, Page } from '@playwright/test';
import { expectEnglishKept, hydrated, pressUntilFocused, signIn, signInEnglish, signInWithoutScript, SOPHIE, THOMAS, unique, userMenu } from '../support/people';
import { checkScreen } from '../support/screen';
import { waitForMail } from '../support/mail';
import { addContact, addUser, findPerson, openUsers } from '../support/admin';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { e2e } from '../playwright.config';

// Users & Permissions, after the manual's steps. Runs last (files run in order, sharing one
// database): every profile added here has an address of its own, and Sophie is left in English.

// Each sign-in may wait up to 30 s for a fresh authentication code.
test.describe.configure({ timeout: 180_000 });

/** The step list of "+ Add Profile" says which step this is. */
async function expectStep(page: Page, name: string) {
  const steps = page.getByRole('list').filter({ hasText: 'Details' }).filter({ hasText: 'Review' });
  await expect(steps.getByRole('listitem')).toHaveText(['Details', 'Permission groups', 'Review']);
  await expect(steps.getByRole('listitem').filter({ hasText: name })).toHaveAttribute('aria-current', 'step');
}

test('Step 1: only people with the role reach Users & Permissions', async ({ page, browser }) => {
  // Thomas has no Users & Permissions role: no link, and the page itself refuses him (in Dutch).
  const other = await browser.newContext();
  const thomas = await other.newPage();
  await signIn(thomas, THOMAS);
  await expect(thomas.getByRole('heading', { level: 1 })).toHaveText('Mijn profiel');
  await expect(thomas.getByRole('link', { name: 'Gebruikers en machtigingen' })).toHaveCount(0);
  await thomas.goto('/users');
  await hydrated(thomas);
  await expect(thomas.getByRole('heading', { name: 'Je hebt geen toegang' })).toBeVisible();
  await expect(thomas.getByRole('table')).toHaveCount(0);
  await expect(thomas.getByRole('link', { name: /Add Profile|profiel toevoegen/i })).toHaveCount(0);

  // Sophie reaches it from the header and from her user menu.
  await signInEnglish(page, SOPHIE);
  await userMenu(page).click();
  await expect(page.getByRole('menuitem', { name: 'Users & Permissions' })).toBeVisible();
  await page.keyboard.press('Escape');
  await openUsers(page);
  const tabs = page.getByRole('navigation', { name: 'Users & Permissions sections' });
  await expect(tabs.getByRole('link', { name: 'Profiles' })).toHaveAttribute('aria-current', 'page');

  // The missing essential contacts, each a link into the add flow with its type ticked.
  const note = page.getByRole('note');
  await expect(note).toContainText('Your organization is missing essential contacts:');
  await expect(note.getByRole('link', { name: 'Add a DPO Contact' })).toHaveAttribute('href', '/users/new?type=dpo');
  await expect(note.getByRole('link', { name: 'Add a Commercial Contact' })).toHaveAttribute('href', '/users/new?type=commercial');

  const profiles = page.getByRole('region', { name: 'Profiles' });
  await expect(profiles.getByRole('link', { name: '+ Add Profile' })).toBeVisible();
  const search = profiles.getByRole('search');
  await expect(search.getByRole('searchbox', { name: 'Search by name or email' })).toBeVisible();
  await expect(search.getByRole('combobox', { name: 'User / Contact' })).toBeVisible();
  await expect(search.getByRole('combobox', { name: 'Contact Types' })).toBeVisible();
  await expect(search.getByRole('combobox', { name: 'Status' })).toBeVisible();
  await expect(search.getByRole('button', { name: 'Apply' })).toBeVisible();
  await expect(profiles.getByRole('columnheader')).toHaveText(['Name', 'Email', 'User / Contact', 'Contact Types', 'Status', 'Permission groups']);
  // The demo has a few hundred colleagues: 50 a page, and more behind "Next page".
  await expect(profiles.getByRole('link', { name: 'Next page' })).toBeVisible();
  await search.getByRole('searchbox', { name: 'Search by name or email' }).fill('Peeters');
  await search.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=Peeters/);
  const thomasRow = profiles.getByRole('row').filter({ hasText: THOMAS.email });
  await expect(thomasRow.getByRole('link', { name: 'Thomas Peeters' })).toHaveAttribute('href', /^\/users\/profile\?id=/);
  await checkScreen(page, 'users-profiles', test.info());

  // A name opens the profile's page.
  await thomasRow.getByRole('link', { name: 'Thomas Peeters' }).click();
  await expect(page).toHaveURL(/\/users\/profile\?id=/);
  await expect(page.getByRole('heading', { level: 2, name: 'Thomas Peeters' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Permission groups' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recent activity' })).toBeVisible();

  // Nor does Thomas reach the add flow or a profile's page by their addresses.
  await thomas.goto(page.url());
  await hydrated(thomas);
  await expect(thomas.getByRole('heading', { name: 'Je hebt geen toegang' })).toBeVisible();
  await expect(thomas.getByRole('checkbox')).toHaveCount(0);
  await thomas.goto('/users/new');
  await hydrated(thomas);
  await expect(thomas.getByRole('heading', { name: 'Je hebt geen toegang' })).toBeVisible();
  await expect(thomas.getByRole('textbox')).toHaveCount(0);
  await other.close();
});

test('Steps 2 and 4: add a user, review, confirm; the invitation arrives in the chosen language', async ({ page }) => {
  const tag = unique();
  const email = `noor.janssens.${tag}@brightwave.example`;
  const last = `Janssens ${tag}`;
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  await page.getByRole('link', { name: '+ Add Profile' }).click();
  await expect(page).toHaveURL(/\/users\/new$/);
  await expect(page.getByRole('heading', { name: 'Add Profile' })).toBeVisible();
  await expectStep(page, 'Details');

  const field = (name: string) => page.getByLabel(name, { exact: true });
  await expect(page.getByLabel('Salutation').getByRole('option')).toHaveText(['None', 'Mr.', 'Ms.', 'Mx.', 'Dr.', 'Prof.']);
  await expect(page.getByLabel('Language for communications').getByRole('option')).toHaveText(['English', 'Français', 'Nederlands']);
  for (const name of ['User', 'Contact', 'Distribution list']) {
    await expect(page.getByRole('radio', { name: new RegExp(`^${name}`) })).toBeVisible();
  }
  for (const name of ['Technical Contact', 'Commercial Contact', 'DPO Contact', 'Watchlist Contact', 'Security Incident Escalation Contact', 'Has signing authority']) {
    await expect(page.getByRole('checkbox', { name: new RegExp(`^${name}`) })).toBeVisible();
  }
  await expect(page.getByRole('link', { name: 'Cancel' })).toBeVisible();
  // Brightwave has no Secwise service: Security Incident Escalation is not offered, from the
  // first frame, and the page says why.
  const escalation = page.getByRole('checkbox', { name: /^Security Incident Escalation Contact/ });
  await expect(escalation).toBeDisabled();
  await expect(escalation).toHaveAccessibleDescription('A Security Incident Escalation Contact needs Secwise Watch or Secwise Care to be active for the organization.');

  // An address already in use: the error is on its field, nothing typed is lost.
  await field('Email address').fill(THOMAS.email);
  await page.getByLabel('Salutation').selectOption({ label: 'Dr.' });
  await page.getByLabel('Language for communications').selectOption({ label: 'Nederlands' });
  await field('First Name').fill('Noor');
  await field('Last Name').fill(last);
  await field('Job Title').fill('Service Delivery Lead');
  await field('Department').fill('Operations');
  // A Technical Contact must be reachable: closed, with the reason, until a number is typed.
  const technicalBox = page.getByRole('checkbox', { name: /^Technical Contact/ });
  await expect(technicalBox).toBeDisabled();
  await expect(technicalBox).toHaveAccessibleDescription('A Technical Contact must be reachable for critical issues: give a phone number.');
  await field('Phone number').fill('+32 470 12 34 56');
  await expect(technicalBox).toBeEnabled();
  await expect(page.getByRole('radio', { name: /^User/ })).toBeChecked();
  await page.getByRole('checkbox', { name: /^Technical Contact/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(field('Email address')).toHaveAccessibleDescription('This email address is already in use.');
  await expect(field('Email address')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('This email address is already in use.')).toBeVisible();
  await expect(field('First Name')).toHaveValue('Noor');
  await expect(field('Phone number')).toHaveValue('+32 470 12 34 56');
  await expect(page.getByLabel('Language for communications')).toHaveValue('nl');
  await expect(page.getByRole('checkbox', { name: /^Technical Contact/ })).toBeChecked();
  await checkScreen(page, 'add-profile-details', test.info());
  await field('Email address').fill(email);
  await page.getByRole('button', { name: 'Next' }).click();

  // Permission groups: a Technical Contact needs ServiceNow access through a group.
  await expect(page).toHaveURL(/step=groups/);
  await expectStep(page, 'Permission groups');
  const admins = page.getByRole('checkbox', { name: /^Portal administrators/ });
  const users = page.getByRole('checkbox', { name: /^Portal users/ });
  await expect(admins).toBeVisible();
  await expect(users).toBeVisible();
  await expect(users).not.toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('A Technical Contact must be a user with ServiceNow access (through one of their permission groups).')).toBeVisible();
  await expect(page).toHaveURL(/step=groups/);
  await users.check();
  await checkScreen(page, 'add-profile-groups', test.info());
  await page.getByRole('button', { name: 'Next' }).click();

  // Review: everything entered, then Back keeps it all.
  await expect(page).toHaveURL(/step=review/);
  await expectStep(page, 'Review');
  const add = page.getByRole('region', { name: 'Add Profile' });
  const review = [
    email, 'Dr.', 'Nederlands', 'Noor', last, 'Service Delivery Lead', 'Operations', '+32 470 12 34 56', 'User', 'Technical Contact', 'Portal users',
  ];
  await expect(add.getByRole('term')).toHaveText([
    'Email address', 'Salutation', 'Language for communications', 'First Name', 'Last Name', 'Job Title', 'Department', 'Phone number',
    'User or contact', 'Contact Types', 'Permission groups',
  ]);
  const values = add.getByRole('definition');
  await expect(values).toHaveCount(review.length);
  for (const [i, v] of review.entries()) {
    if (i === 7) await expect(values.nth(i)).toHaveText(/^\+32\s?470\s?12\s?34\s?56$/);
    else await expect(values.nth(i)).toHaveText(v);
  }
  await checkScreen(page, 'add-profile-review', test.info());

  await page.getByRole('link', { name: 'Back' }).click();
  await expect(page).toHaveURL(/step=groups/);
  await expect(users).toBeChecked();
  await expect(admins).not.toBeChecked();
  await page.getByRole('link', { name: 'Back' }).click();
  await expect(page).toHaveURL(/step=details/);
  await expect(field('Email address')).toHaveValue(email);
  await expect(page.getByLabel('Salutation')).toHaveValue('dr');
  await expect(page.getByLabel('Language for communications')).toHaveValue('nl');
  await expect(field('First Name')).toHaveValue('Noor');
  await expect(field('Last Name')).toHaveValue(last);
  await expect(field('Job Title')).toHaveValue('Service Delivery Lead');
  await expect(field('Department')).toHaveValue('Operations');
  await expect(field('Phone number')).not.toHaveValue('');
  await expect(page.getByRole('radio', { name: /^User/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /^Technical Contact/ })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/step=groups/);
  await expect(users).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/step=review/);
  await expect(values.first()).toHaveText(email);
  await page.getByRole('button', { name: 'Confirm' }).click();

  // The new profile's page.
  await expect(page).toHaveURL(/\/users\/profile\?id=.*added=1/);
  await expect(page.getByRole('status')).toHaveText('The profile has been added.');
  await expect(page.getByRole('heading', { level: 2, name: `Noor ${last}` })).toBeVisible();
  await expect(page.getByText('Invited', { exact: true })).toBeVisible();
  const types = page.getByRole('region', { name: 'Contact Types' });
  await expect(types.getByRole('checkbox', { name: /^Technical Contact/ })).toBeChecked();
  await expect(types.getByRole('button', { name: 'Save contact types' })).toBeVisible();
  const groups = page.getByRole('region', { name: 'Permission groups' });
  await expect(groups.getByRole('checkbox', { name: /^Portal users/ })).toBeChecked();
  await expect(groups.getByRole('checkbox', { name: /^Portal administrators/ })).not.toBeChecked();
  await expect(groups.getByRole('button', { name: 'Save permission groups' })).toBeVisible();
  const account = page.getByRole('region', { name: 'Account' });
  await expect(account.getByRole('button', { name: 'Resend the invitation' })).toBeVisible();
  await expect(account.getByRole('button', { name: 'Disable user' })).toBeVisible();
  await expect(account.getByRole('link', { name: 'Delete profile' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recent activity' })).toContainText('Profile added');
  await checkScreen(page, 'user-profile', test.info());

  // The invitation, in Dutch.
  await expect.poll(() => waitForMail(email), { timeout: 30_000 }).toContain('/activate?token=');
  const mail = await waitForMail(email);
  expect(mail).toContain('Je bent uitgenodigd voor het');
  expect(mail).toContain('Open deze link om je wachtwoord te kiezen en meervoudige verificatie in te stellen:');

  // In the table: a user and a Technical Contact, invited, in Portal users.
  await openUsers(page);
  await findPerson(page, email);
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row.getByRole('cell').first().getByRole('link', { name: `Noor ${last}`, exact: true })).toBeVisible();
  await expect(row.getByRole('cell')).toHaveText([/Noor/, email, 'User and contact', 'Technical Contact', 'Invited', 'Portal users']);
});

test('A contact: rules shown and enforced; coverage follows (step 7)', async ({ page }) => {
  const tag = unique();
  const first = { email: `dpo.first.${tag}@brightwave.example`, name: 'Lena', last: `Maes ${tag}` };
  const second = { email: `dpo.second.${tag}@brightwave.example`, name: 'Pieter', last: `Wouters ${tag}` };
  await signInEnglish(page, SOPHIE);
  await openUsers(page);

  // The note's link opens the add flow as a contact with DPO ticked.
  await page.getByRole('note').getByRole('link', { name: 'Add a DPO Contact' }).click();
  await expect(page).toHaveURL(/\/users\/new\?type=dpo$/);
  await expect(page.getByRole('radio', { name: /^Contact/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /^DPO Contact/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /^Technical Contact/ })).not.toBeChecked();
  await page.getByLabel('Email address', { exact: true }).fill(first.email);
  await page.getByLabel('First Name', { exact: true }).fill(first.name);
  await page.getByLabel('Last Name', { exact: true }).fill(first.last);

  // A contact needs a type; a Commercial Contact needs signing authority.
  const typeError = page.locator('#contact_types-error');
  await page.getByRole('checkbox', { name: /^DPO Contact/ }).uncheck();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(typeError).toHaveText('A contact needs at least one contact type.');
  await expect(page.getByRole('group', { name: 'Contact Types' })).toHaveAccessibleDescription('A contact needs at least one contact type.');
  // A choice the rules forbid is disabled with its reason, and opens when the rule is met.
  const commercial = page.getByRole('checkbox', { name: /^Commercial Contact/ });
  await expect(commercial).toBeDisabled();
  await expect(commercial).toHaveAccessibleDescription('A Commercial Contact must have signing authority.');
  await expect(page.getByRole('checkbox', { name: /^Technical Contact/ })).toBeDisabled();
  const signing = page.getByRole('checkbox', { name: /^Has signing authority/ });
  await signing.check();
  await expect(commercial).toBeEnabled();
  await signing.uncheck();
  await expect(commercial).toBeDisabled();
  await page.getByRole('checkbox', { name: /^DPO Contact/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();

  // A contact skips the groups step.
  await expect(page).toHaveURL(/step=review/);
  await expectStep(page, 'Review');
  const add = page.getByRole('region', { name: 'Add Profile' });
  await expect(add.getByRole('term').filter({ hasText: 'Permission groups' })).toHaveCount(0);
  await expect(add.getByRole('definition').filter({ hasText: 'DPO Contact' })).toBeVisible();
  await page.getByRole('link', { name: 'Back' }).click();
  await expect(page).toHaveURL(/step=details/);
  await expect(page.getByRole('radio', { name: /^Contact/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /^DPO Contact/ })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/step=review/);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/users\/profile\?id=/);
  const firstUrl = page.url().replace(/&added=1/, '');
  await expect(page.getByRole('status')).toHaveText('The profile has been added.');
  await expect(page.getByRole('heading', { level: 2, name: `${first.name} ${first.last}` })).toBeVisible();

  // Its page: a type the rules forbid is disabled, with the reason.
  const types = page.getByRole('region', { name: 'Contact Types' });
  await expect(types.getByRole('checkbox', { name: /^DPO Contact/ })).toBeChecked();
  const technical = types.getByRole('checkbox', { name: /^Technical Contact/ });
  await expect(technical).toBeDisabled();
  await expect(technical).toHaveAccessibleDescription('A Technical Contact must be a user with ServiceNow access (through one of their permission groups).');
  await expect(types.getByText('A Technical Contact must be a user with ServiceNow access (through one of their permission groups).')).toBeVisible();
  await expect(types.getByRole('checkbox', { name: /^Watchlist Contact/ })).toBeEnabled();
  await expect(page.getByRole('region', { name: 'Permission groups' })).toHaveCount(0);
  const account = page.getByRole('region', { name: 'Account' });
  await expect(account.getByRole('button', { name: 'Make this contact a user' })).toBeVisible();
  await expect(account.getByRole('button', { name: 'Disable user' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Recent activity' })).toContainText('Profile added');
  await checkScreen(page, 'contact-profile', test.info());

  // Coverage: DPO is no longer missing.
  await openUsers(page);
  await findPerson(page, first.email);
  await expect(page.getByRole('link', { name: 'Add a DPO Contact' })).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: first.email })).toContainText('DPO Contact');

  // The only DPO Contact cannot be deleted.
  await page.getByRole('row').filter({ hasText: first.email }).getByRole('link').click();
  await expect(page).toHaveURL(/\/users\/profile\?id=/);
  await page.getByRole('region', { name: 'Account' }).getByRole('link', { name: 'Delete profile' }).click();
  const confirm = page.getByRole('group', { name: 'Delete this profile?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page.getByText("This is the organization's last DPO Contact: name another one first.")).toBeVisible();
  await expect(page).toHaveURL(/\/users\/profile\?id=/);
  await page.goto(firstUrl);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 2, name: `${first.name} ${first.last}` })).toBeVisible();

  // A second DPO Contact; then the first can go, after the confirmation naming what is lost.
  await openUsers(page);
  await addContact(page, { email: second.email, first: second.name, last: second.last, type: /^DPO Contact/ });
  await page.goto(firstUrl);
  await hydrated(page);
  await page.getByRole('region', { name: 'Account' }).getByRole('link', { name: 'Delete profile' }).click();
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(`${first.name} ${first.last} loses 0 permission group(s) and 1 contact type(s)`);
  await expect(confirm).toContainText('The activity log keeps what they did.');
  // Cancel leaves it.
  await confirm.getByRole('link', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 2, name: `${first.name} ${first.last}` })).toBeVisible();
  await page.getByRole('region', { name: 'Account' }).getByRole('link', { name: 'Delete profile' }).click();
  await expect(confirm).toBeVisible();
  await checkScreen(page, 'delete-profile', test.info());
  await confirm.getByRole('button', { name: 'Delete for good' }).click();
  await expect(page).toHaveURL(/\/users\?deleted=1$/);
  await expect(page.getByRole('status')).toHaveText('The profile has been deleted. Its activity stays in the log.');
  await findPerson(page, 'dpo.');
  await expect(page.getByRole('row').filter({ hasText: first.email })).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: second.email })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add a DPO Contact' })).toHaveCount(0);
});

test('Search and filters live in the URL', async ({ page }) => {
  const tag = unique();
  const contact = { email: `watch.${tag}@brightwave.example`, first: 'Elise', last: `Dubois ${tag}`, type: /^Watchlist Contact/ };
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  await addContact(page, contact);
  await openUsers(page);

  const profiles = page.getByRole('region', { name: 'Profiles' });
  const search = profiles.getByRole('search');
  const rows = profiles.getByRole('table').getByRole('rowgroup').nth(1).getByRole('row');
  await search.getByRole('searchbox', { name: 'Search by name or email' }).fill(`dubois ${tag}`);
  await search.getByRole('combobox', { name: 'User / Contact' }).selectOption({ label: 'Contact' });
  await search.getByRole('combobox', { name: 'Contact Types' }).selectOption({ label: 'Watchlist Contact' });
  await search.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`q=dubois(\\+|%20)${tag}`));
  await expect(page).toHaveURL(/kind=contact/);
  await expect(page).toHaveURL(/contact_type=watchlist/);
  await expect(page).toHaveURL(/status=(&|$)/);
  await expect(rows).toHaveCount(1);
  // (The name's cell also holds the avatar, hidden from assistive technology: its link is named.)
  await expect(rows.first().getByRole('cell').first().getByRole('link', { name: `Elise Dubois ${tag}`, exact: true })).toBeVisible();
  await expect(rows.first().getByRole('cell')).toHaveText([/Elise Dubois/, contact.email, 'Contact', 'Watchlist Contact', '', '']);

  // A reload keeps the search and the filters.
  await page.reload();
  await hydrated(page);
  await expect(search.getByRole('searchbox', { name: 'Search by name or email' })).toHaveValue(`dubois ${tag}`);
  await expect(search.getByRole('combobox', { name: 'User / Contact' })).toHaveValue('contact');
  await expect(search.getByRole('combobox', { name: 'Contact Types' })).toHaveValue('watchlist');
  await expect(search.getByRole('combobox', { name: 'Status' })).toHaveValue('');
  await expect(rows).toHaveCount(1);

  // Another type finds nothing.
  await search.getByRole('combobox', { name: 'Contact Types' }).selectOption({ label: 'DPO Contact' });
  await search.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/contact_type=dpo/);
  await expect(profiles.getByText('No profile matches.')).toBeVisible();
  await expect(profiles.getByRole('table')).toHaveCount(0);

  // Users by status, searched by address.
  await search.getByRole('searchbox', { name: 'Search by name or email' }).fill('thomas.peeters');
  await search.getByRole('combobox', { name: 'User / Contact' }).selectOption({ label: 'User' });
  await search.getByRole('combobox', { name: 'Contact Types' }).selectOption({ label: 'All' });
  await search.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Active' });
  await search.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/q=thomas\.peeters/);
  await expect(page).toHaveURL(/kind=user/);
  await expect(page).toHaveURL(/status=active/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Thomas Peeters');
  await expect(rows.first()).toContainText('Active');
  await page.reload();
  await hydrated(page);
  await expect(search.getByRole('combobox', { name: 'Status' })).toHaveValue('active');
  await expect(search.getByRole('searchbox', { name: 'Search by name or email' })).toHaveValue('thomas.peeters');
  await expect(rows).toHaveCount(1);
  await search.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Disabled' });
  await search.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/status=disabled/);
  await expect(profiles.getByText('No profile matches.')).toBeVisible();

  // The URL alone gives the same page.
  await page.goto(`/users?q=${encodeURIComponent(contact.email)}&kind=contact`);
  await hydrated(page);
  await expect(search.getByRole('searchbox', { name: 'Search by name or email' })).toHaveValue(contact.email);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(contact.email);
  await checkScreen(page, 'users-filtered', test.info());
});

test('Disable and enable a user', async ({ page }) => {
  const tag = unique();
  const email = `jonas.willems.${tag}@brightwave.example`;
  const last = `Willems ${tag}`;
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  await addUser(page, email, 'Jonas', last);
  await expect(page.getByText('Invited', { exact: true })).toBeVisible();
  const account = page.getByRole('region', { name: 'Account' });

  await account.getByRole('button', { name: 'Disable user' }).click();
  await expect(account.getByRole('status')).toHaveText('The user is disabled and signed out everywhere.');
  await expect(page).toHaveURL(/done=disable/);
  await expect(page.getByText('Disabled', { exact: true })).toBeVisible();
  await expect(page.getByText('Invited', { exact: true })).toHaveCount(0);
  await expect(account.getByRole('button', { name: 'Enable user' })).toBeVisible();
  await expect(account.getByRole('button', { name: 'Disable user' })).toHaveCount(0);
  await expect(account.getByRole('button', { name: 'Resend the invitation' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Recent activity' })).toContainText('User disabled');
  await checkScreen(page, 'user-disabled', test.info());

  // The table says so too.
  const profileUrl = page.url();
  await openUsers(page);
  await findPerson(page, email);
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('Disabled');
  await page.goto(profileUrl.replace(/&done=disable/, ''));
  await hydrated(page);

  // Enabled again: never having accepted the invitation, the user is invited again.
  await account.getByRole('button', { name: 'Enable user' }).click();
  await expect(account.getByRole('status')).toHaveText('The user is enabled again.');
  await expect(page.getByText('Invited', { exact: true })).toBeVisible();
  await expect(page.getByText('Disabled', { exact: true })).toHaveCount(0);
  await expect(account.getByRole('button', { name: 'Disable user' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recent activity' })).toContainText('User enabled');
});

test('Keyboard only: a contact added with Tab, Space and Enter', async ({ page }) => {
  const tag = unique();
  const email = `keys.${tag}@brightwave.example`;
  await signInEnglish(page, SOPHIE);
  await page.goto('/users');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users & Permissions');

  await pressUntilFocused(page, page.getByRole('link', { name: '+ Add Profile' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/users\/new$/);
  const email_ = page.getByLabel('Email address', { exact: true });
  await pressUntilFocused(page, email_);
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Salutation')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Salutation')).toHaveValue('mr');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Language for communications')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('First Name', { exact: true })).toBeFocused();
  await page.keyboard.type('Kobe');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Last Name', { exact: true })).toBeFocused();
  await page.keyboard.type(`Smet ${tag}`);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Job Title', { exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Department', { exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Phone number', { exact: true })).toBeFocused();
  await page.keyboard.press('Tab');
  // The radio group: the arrow moves the choice, Space holds it.
  await expect(page.getByRole('radio', { name: /^User/ })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: /^Contact/ })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('radio', { name: /^Contact/ })).toBeChecked();
  // Back to the phone number with Shift+Tab, then forward again into the group.
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByLabel('Phone number', { exact: true })).toBeFocused();
  await page.keyboard.type('+32 2 555 01 23');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: /^Contact/ })).toBeFocused();
  // Technical and Commercial are closed to this contact (disabled): the focus skips them.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: /^DPO Contact/ })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox', { name: /^Watchlist Contact/ })).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: /^Watchlist Contact/ })).toBeChecked();
  // Enter in a text field submits the step.
  await pressUntilFocused(page, page.getByLabel('Last Name', { exact: true }), 'Shift+Tab');
  await page.keyboard.press('Enter');

  await expect(page).toHaveURL(/step=review/);
  const add = page.getByRole('region', { name: 'Add Profile' });
  await expect(add.getByRole('definition').first()).toHaveText(email);
  await expect(add.getByRole('definition').filter({ hasText: 'Watchlist Contact' })).toBeVisible();
  await expect(add.getByRole('definition').filter({ hasText: 'Mr.' })).toBeVisible();
  await pressUntilFocused(page, page.getByRole('button', { name: 'Confirm' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/users\/profile\?id=/);
  await expect(page.getByRole('status')).toHaveText('The profile has been added.');
  await expect(page.getByRole('heading', { level: 2, name: `Kobe Smet ${tag}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Contact Types' }).getByRole('checkbox', { name: /^Watchlist Contact/ })).toBeChecked();
});

test('One walk in French: a contact added with the French labels', async ({ page }) => {
  const tag = unique();
  const email = `camille.lambert.${tag}@brightwave.example`;
  const last = `Lambert ${tag}`;
  await signInEnglish(page, SOPHIE);
  try {
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon profil');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Utilisateurs et autorisations' }).click();
    await expect(page).toHaveURL(/\/users$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Utilisateurs et autorisations');
    await expect(page.getByRole('navigation', { name: 'Sections d’Utilisateurs et autorisations' }).getByRole('link', { name: 'Profils' })).toBeVisible();
    const profiles = page.getByRole('region', { name: 'Profils' });
    await expect(profiles.getByRole('columnheader')).toHaveText(['Nom', 'E-mail', 'Utilisateur / Contact', 'Types de contact', 'Statut', 'Groupes d’autorisations']);
    await expect(profiles.getByRole('search').getByRole('button', { name: 'Appliquer' })).toBeVisible();
    await profiles.getByRole('link', { name: '+ Ajouter un profil' }).click();

    await expect(page).toHaveURL(/\/users\/new$/);
    await expect(page.getByRole('heading', { name: 'Ajouter un profil' })).toBeVisible();
    await expect(page.getByRole('list').filter({ hasText: 'Vérification' }).getByRole('listitem')).toHaveText(['Informations', 'Groupes d’autorisations', 'Vérification']);
    await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
    await page.getByLabel('Civilité').selectOption({ label: 'Mme' });
    await page.getByLabel('Langue des communications').selectOption({ label: 'Français' });
    await page.getByLabel('Prénom', { exact: true }).fill('Camille');
    await page.getByLabel('Nom', { exact: true }).fill(last);
    await page.getByLabel('Fonction', { exact: true }).fill('Déléguée à la protection des données');
    await page.getByLabel('Service', { exact: true }).fill('Juridique');
    await page.getByLabel('Numéro de téléphone', { exact: true }).fill('+32 2 555 44 33');
    await expect(page.getByRole('group', { name: 'Utilisateur ou contact' })).toBeVisible();
    await page.getByRole('radio', { name: /^Contact/ }).check();
    // A contact without a type: the error in French, on the types.
    await page.getByRole('button', { name: 'Suivant' }).click();
    await expect(page.locator('#contact_types-error')).toHaveText('Un contact doit avoir au moins un type de contact.');
    await page.getByRole('checkbox', { name: /^Contact DPO/ }).check();
    await page.getByRole('button', { name: 'Suivant' }).click();

    await expect(page).toHaveURL(/step=review/);
    const add = page.getByRole('region', { name: 'Ajouter un profil' });
    await expect(add.getByText('Vérifiez les informations.', { exact: false })).toBeVisible();
    await expect(add.getByRole('definition').first()).toHaveText(email);
    await expect(add.getByRole('definition').filter({ hasText: 'Contact DPO' })).toBeVisible();
    await expect(add.getByRole('definition').filter({ hasText: 'Mme' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Retour' })).toBeVisible();
    await checkScreen(page, 'add-profile-review-fr', test.info());
    await page.getByRole('button', { name: 'Confirmer' }).click();

    await expect(page).toHaveURL(/\/users\/profile\?id=/);
    await expect(page.getByRole('status')).toHaveText('Le profil a été ajouté.');
    await expect(page.getByRole('heading', { level: 2, name: `Camille ${last}` })).toBeVisible();
    const types = page.getByRole('region', { name: 'Types de contact' });
    await expect(types.getByRole('checkbox', { name: /^Contact DPO/ })).toBeChecked();
    await expect(types.getByRole('checkbox', { name: /^Contact technique/ })).toBeDisabled();
    await expect(types.getByRole('checkbox', { name: /^Contact technique/ })).toHaveAccessibleDescription(
      'Un contact technique doit être un utilisateur ayant accès à ServiceNow (grâce à l’un de ses groupes d’autorisations).',
    );
    await expect(types.getByRole('button', { name: 'Enregistrer les types de contact' })).toBeVisible();
    const account = page.getByRole('region', { name: 'Compte' });
    await expect(account.getByRole('button', { name: 'Faire de ce contact un utilisateur' })).toBeVisible();
    await expect(account.getByRole('link', { name: 'Supprimer le profil' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Activité récente' })).toContainText('Profil ajouté');
    await checkScreen(page, 'contact-profile-fr', test.info());
  } finally {
    // Back to English.
    await page.getByRole('button', { name: 'English' }).click();
  }
  await expectEnglishKept(page, 'Users & Permissions');
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('a contact is added through all steps with plain forms', async ({ page }) => {
    const tag = unique();
    const email = `plain.${tag}@brightwave.example`;
    const last = `Claessens ${tag}`;
    await signInWithoutScript(page, SOPHIE);

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users & Permissions' }).click();
    await expect(page).toHaveURL(/\/users$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users & Permissions');
    // The search is a plain GET form.
    const search = page.getByRole('search');
    await search.getByRole('searchbox', { name: 'Search by name or email' }).fill('peeters');
    await search.getByRole('combobox', { name: 'User / Contact' }).selectOption({ label: 'User' });
    await search.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/q=peeters/);
    await expect(page).toHaveURL(/kind=user/);
    await expect(page.getByRole('row').filter({ hasText: THOMAS.email })).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: SOPHIE.email })).toHaveCount(0);

    await page.getByRole('link', { name: '+ Add Profile' }).click();
    await expect(page).toHaveURL(/\/users\/new$/);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('First Name', { exact: true }).fill('Ann');
    await page.getByLabel('Last Name', { exact: true }).fill(last);
    await page.getByRole('radio', { name: /^Contact/ }).check();
    await page.getByRole('checkbox', { name: /^Watchlist Contact/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();

    await expect(page).toHaveURL(/\/users\/new\?draft=.*step=review/);
    const add = page.getByRole('region', { name: 'Add Profile' });
    await expect(add.getByRole('definition').first()).toHaveText(email);
    await expect(add.getByRole('definition').filter({ hasText: 'Watchlist Contact' })).toBeVisible();
    // Back is a link to the details, kept.
    await page.getByRole('link', { name: 'Back' }).click();
    await expect(page).toHaveURL(/step=details/);
    await expect(page.getByLabel('Email address', { exact: true })).toHaveValue(email);
    await expect(page.getByRole('checkbox', { name: /^Watchlist Contact/ })).toBeChecked();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page).toHaveURL(/step=review/);
    await page.getByRole('button', { name: 'Confirm' }).click();

    await expect(page).toHaveURL(/\/users\/profile\?id=.*added=1/);
    await expect(page.getByRole('status')).toHaveText('The profile has been added.');
    await expect(page.getByRole('heading', { level: 2, name: `Ann ${last}` })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Contact Types' }).getByRole('checkbox', { name: /^Watchlist Contact/ })).toBeChecked();
    await expect(page.getByRole('region', { name: 'Recent activity' })).toContainText('Profile added');

    // A step the server refuses comes back with the error on its field and nothing typed lost.
    const other = `plain.other.${tag}@brightwave.example`;
    await page.goto('/users/new');
    await page.getByLabel('Email address', { exact: true }).fill(other);
    await page.getByLabel('First Name', { exact: true }).fill('Bart');
    await page.getByLabel('Last Name', { exact: true }).fill(last);
    await page.getByRole('radio', { name: /^Contact/ }).check();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.locator('#contact_types-error')).toHaveText('A contact needs at least one contact type.');
    await expect(page.getByLabel('Email address', { exact: true })).toHaveValue(other);
    await expect(page.getByLabel('First Name', { exact: true })).toHaveValue('Bart');
    await expect(page.getByLabel('Last Name', { exact: true })).toHaveValue(last);
    await expect(page.getByRole('radio', { name: /^Contact/ })).toBeChecked();
  });
});

test('Step 5: View activities: the organization\'s log, filtered in the URL', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  await page.getByRole('navigation', { name: 'Users & Permissions sections' }).getByRole('link', { name: 'Activity' }).click();
  await expect(page).toHaveURL(/\/users\/activity$/);
  const log = page.getByRole('region', { name: 'Activity' });
  await expect(log.getByRole('columnheader')).toHaveText(['Date & Time', 'Email', 'Activity Description', 'Concerns', 'Done by']);
  await expect(log.getByRole('cell', { name: 'Signed in' }).first()).toBeVisible();
  const search = log.getByRole('search');
  await search.getByRole('combobox', { name: 'Kind of action' }).selectOption({ label: 'Profile added' });
  await search.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/kind=profile-added/);
  await expect(log.getByRole('cell', { name: 'Profile added' }).first()).toBeVisible();
  await expect(log.getByRole('cell', { name: 'Signed in' })).toHaveCount(0);
  await expect(log.getByRole('cell', { name: 'Sophie Claes' }).first()).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(search.getByRole('combobox', { name: 'Kind of action' })).toHaveValue('profile-added');
  await expect(log.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', /\/users\/activity\.csv\?.*kind=profile-added/);
  await checkScreen(page, 'users-activity', test.info());
});

// Last in this file, and in the run: it gives Brightwave a Commercial Contact, which the
// coverage checks above expect missing.
const server = (args: string[]) => execFileSync(e2e.serverBin, args, { env: { ...process.env, ...e2e.env }, encoding: 'utf8' }).trim();

test('a Commercial Contact approves the service agreement from the e-mailed link, typing their full name', async ({ page, context }) => {
  // Sophie adds a Commercial Contact with signing authority (manual, step 7).
  const tag = unique();
  const email = `sign.${tag}@brightwave.example`;
  const last = `Verlinden ${tag}`;
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  await page.getByRole('region', { name: 'Profiles' }).getByRole('link', { name: '+ Add Profile' }).click();
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('First Name', { exact: true }).fill('Ann');
  await page.getByLabel('Last Name', { exact: true }).fill(last);
  await page.getByRole('radio', { name: 'Contact', exact: true }).check();
  await page.getByRole('checkbox', { name: /^Has signing authority/ }).check();
  await page.getByRole('checkbox', { name: /^Commercial Contact/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/step=review/);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('status')).toHaveText('The profile has been added.');
  await context.clearCookies();

  // The provider sends the service agreement with its PDF.
  const org = server(['orgs']).split('\n').find((l) => l.endsWith('Brightwave Logistics NV'))!.split(/\s+/)[0];
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'contract-')), 'service-agreement.pdf');
  fs.writeFileSync(file, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const title = `Service agreement ${tag}`;
  expect(server(['contract-send', org, 'service-agreement', title, file])).toContain(email);

  // Ann's e-mail carries her link; the page shows the contract and its document.
  let mail = '';
  for (let i = 0; i < 60 && !mail.includes(title); i++) {
    mail = await waitForMail(email).catch(() => '');
    if (!mail.includes(title)) await new Promise((r) => setTimeout(r, 500));
  }
  const link = /https?:\/\/\S+\/contracts\/review\?token=[0-9a-f]+/.exec(mail)?.[0];
  expect(link, mail).toBeTruthy();
  await page.goto(link!);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Review a contract');
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  const doc = page.getByRole('link', { name: 'Open the document' });
  const res = await page.request.get(new URL((await doc.getAttribute('href'))!, link!).toString());
  expect(res.headers()['content-type']).toBe('application/pdf');
  await checkScreen(page, 'contract-review', test.info());

  // A name that is not hers is refused on the field; her name signs.
  const name = page.getByLabel('Your full name');
  await name.fill('Ann');
  await page.getByRole('button', { name: 'Approve the contract' }).click();
  await expect(name).toHaveAccessibleDescription(/Type your full name exactly as it is shown/);
  await name.fill(`Ann ${last}`);
  await page.getByRole('button', { name: 'Approve the contract' }).click();
  await expect(page.getByRole('status')).toContainText('Your approval is recorded');
  await checkScreen(page, 'contract-approved', test.info());

  // The first decision stands: the link is spent, and the provider sees it approved.
  await page.goto(link!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link is no longer valid');
  expect(server(['notices', org, '20'])).toMatch(new RegExp(`${title}[^\\n]*\\n\\s+[^\\n]*approved`));
  expect(server(['contracts', org])).toContain('service agreement: approved');

  // Sophie sees it on the Contracts tab: the state of the agreement, who approved, the document.
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  await page.getByRole('navigation', { name: 'Users & Permissions sections' }).getByRole('link', { name: 'Contracts' }).click();
  await expect(page).toHaveURL(/\/users\/contracts$/);
  await expect(page).toHaveTitle(/^Contracts - Users & Permissions/);
  await expect(page.getByRole('note')).toHaveText(/Your service agreement is approved/);
  const contracts = page.getByRole('region', { name: 'Contracts' });
  const row = contracts.getByRole('row').filter({ hasText: title });
  await expect(row).toContainText(`Approved by Ann ${last} on`);
  await expect(row).toContainText(`To Ann ${last}`);
  const pdf = row.getByRole('link', { name: /service-agreement\.pdf/ });
  const got = await page.request.get(new URL((await pdf.getAttribute('href'))!, page.url()).toString());
  expect(got.status()).toBe(200);
  expect(got.headers()['content-type']).toBe('application/pdf');
  await checkScreen(page, 'users-contracts', test.info());
});
