import { test, expect, Page } from '@playwright/test';
import { enterAddress, hydrated, Person, signIn, signInEnglish, SOPHIE, THOMAS, unique, userMenu } from '../support/people';
import { checkScreen } from '../support/screen';
import { waitForMail } from '../support/mail';
import { freshCode } from '../support/totp';
import { addContact, addGroup, addUser, findPerson, goToGroupsTab, openUsers } from '../support/admin';

// Journeys that only had API tests until now: Security Settings (Change Password, Edit your MFA),
// a profile's page in Users & Permissions (Edit, Save permission groups), My Profile's "Find out
// more" about permission groups, and someone who may only view the organization's activity.
// Files run in alphabetical order and share one database (one worker): this one runs after
// groups.spec.ts and before the others. Passwords and MFA change only for people invited here,
// every profile and group has a name of its own, the group given to Thomas is deleted again,
// Thomas is left in Dutch and Sophie in English.

// Each sign-in may wait up to 30 s for a fresh authentication code; every screen is checked twice.
test.describe.configure({ timeout: 240_000 });

/** Someone invited by this file, who has accepted the invitation. */
type Newcomer = Person & { name: string };

/**
 * Someone no other test knows: Sophie adds them as a user in "Portal users", the invitation
 * arrives over SMTP, and they activate their account in the same browser (Sophie's session stays
 * valid for the next test): a password, then MFA from the key shown as text. Leaves `page` on their
 * My Profile, in English.
 */
async function newcomer(page: Page, first: string, last: string): Promise<Newcomer> {
  const tag = unique();
  const email = `${first.toLowerCase()}.${tag}@brightwave.example`;
  const lastName = `${last} ${tag}`;
  const password = 'drifting-pelican-lanterns-31';
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  // The form's language for communications is English unless another is chosen.
  await addUser(page, email, first, lastName);
  await expect(page.getByRole('heading', { level: 2, name: `${first} ${lastName}` })).toBeVisible();

  const mail = await waitForMail(email);
  const link = /https?:\/\/\S+\/activate\?token=[0-9a-f]+/.exec(mail)?.[0];
  expect(link, 'the invitation holds the activation link').toBeTruthy();
  await page.context().clearCookies();
  await page.goto(link!);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome to the Arxus Customer Portal');
  await page.getByLabel('Choose a password').fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(page).toHaveURL(/\/mfa\/setup$/);
  const totp = (await page.locator('#totp-secret').textContent())!.trim();
  expect(totp).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Authentication code').fill(await freshCode(totp));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await page.getByRole('link', { name: 'Continue to My Profile' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await hydrated(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
  return { email, password, totp, name: `${first} ${lastName}` };
}

/** Signs out through the user menu, as the manual's "click on your credentials". */
async function signOut(page: Page, name: string) {
  await userMenu(page, name).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await hydrated(page);
}

/** My Profile > Security Settings, by one of its links. */
async function openSecurity(page: Page, link: 'Change Password' | 'Edit your MFA') {
  await page.getByRole('region', { name: 'Security Settings' }).getByRole('link', { name: link, exact: true }).click();
  await expect(page).toHaveURL(/\/profile\/security/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security Settings');
}

test('Security Settings: Change Password, then the next sign-in takes only the new one', async ({ page }) => {
  const who = await newcomer(page, 'Ines', 'Claeys');
  const newPassword = 'granite-willow-ferry-64';

  // "Security Settings - Change Password: It's good practice to update your password regularly."
  await openSecurity(page, 'Change Password');
  const form = page.getByRole('region', { name: 'Change Password' });
  await expect(form.getByLabel('Current password')).toBeVisible();
  await checkScreen(page, 'security-change-password', test.info());

  // A wrong current password: the reason on its field, nothing is changed.
  await form.getByLabel('Current password').fill('not-my-password-at-all');
  await form.getByLabel('New password', { exact: true }).fill(newPassword);
  await form.getByLabel('Repeat the password').fill(newPassword);
  await form.getByRole('button', { name: 'Change Password' }).click();
  await expect(form.locator('#current_password-error')).toHaveText('Your current password is not correct.');
  await expect(form.getByRole('status')).toHaveCount(0);

  await form.getByLabel('Current password').fill(who.password);
  await form.getByLabel('New password', { exact: true }).fill(newPassword);
  await form.getByLabel('Repeat the password').fill(newPassword);
  await form.getByRole('button', { name: 'Change Password' }).click();
  await expect(form.getByRole('status')).toHaveText('Your password has been changed. Your other sessions have been signed out.');
  await expect(form.locator('#current_password-error')).toHaveCount(0);
  await checkScreen(page, 'security-password-changed', test.info());

  // Signed out, the old password is refused and the new one signs in.
  await signOut(page, who.name);
  await enterAddress(page, who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email or password is incorrect.');
  await expect(page).not.toHaveURL(/\/login\/code$/);
  await signIn(page, { ...who, password: newPassword });
  await expect(userMenu(page, who.name)).toBeVisible();
});

test('Security Settings: Edit your MFA with the key shown as text; the old app\'s codes stop working', async ({ page }) => {
  const who = await newcomer(page, 'Bram', 'Vermeulen');

  // "Edit your MFA: Edit your MFA method when needed."
  await openSecurity(page, 'Edit your MFA');
  const mfa = page.getByRole('region', { name: 'Edit your MFA' });
  await expect(mfa.getByText('To move multifactor authentication to a new phone or app, confirm with your password and a current code.', { exact: false })).toBeVisible();
  await mfa.getByLabel('Current password').fill(who.password);
  await mfa.getByLabel('Authentication code', { exact: true }).fill(await freshCode(who.totp));
  await mfa.getByRole('button', { name: 'Edit your MFA' }).click();

  // The new app's QR code, and the same key as text for those who cannot scan.
  await expect(mfa.getByRole('img', { name: 'QR code to scan with your authenticator app' })).toBeVisible();
  await expect(mfa.getByText('Cannot scan? Add the account by hand with this key:')).toBeVisible();
  const secret = (await mfa.locator('#totp-secret').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(secret).not.toBe(who.totp);
  await expect(mfa.getByLabel('Current password')).toHaveCount(0);
  await checkScreen(page, 'security-mfa-new-key', test.info());

  // Confirmed with a code of the new key: new recovery codes, shown once.
  await mfa.getByLabel('Authentication code', { exact: true }).fill(await freshCode(secret));
  await mfa.getByRole('button', { name: 'Confirm', exact: true }).click();
  const recovery = mfa.getByRole('status');
  await expect(recovery.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  await expect(recovery.getByRole('listitem')).toHaveCount(10);
  await checkScreen(page, 'security-mfa-recovery-codes', test.info());
  await recovery.getByRole('link', { name: 'Continue to My Profile' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');

  // The next sign-in: a code of the old key is refused, one of the new key lets them in.
  await signOut(page, who.name);
  await enterAddress(page, who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  const code = page.getByLabel('Authentication code');
  await code.fill(await freshCode(who.totp));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(code).toHaveAccessibleDescription('That code is not valid. Enter the current code from your authenticator app, or a recovery code.');
  await expect(page).toHaveURL(/\/login\/code$/);
  await code.fill(await freshCode(secret));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(userMenu(page, who.name)).toBeVisible();
});

test('A profile\'s page: Edit a contact\'s details, Save, and the page shows them with the notice', async ({ page }) => {
  const tag = unique();
  const first = 'Lore';
  const last = `Hermans ${tag}`;
  const email = `lore.${tag}@brightwave.example`;
  const newEmail = `lore.hermans.${tag}@brightwave.example`;
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  await addContact(page, { email, first, last, type: /^Watchlist Contact/ });

  const details = page.getByRole('region', { name: `${first} ${last}` });
  await details.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page).toHaveURL(/edit=details/);
  // A contact's address can be changed here (a user's is theirs to change).
  const field = (name: string) => details.getByLabel(name, { exact: true });
  await expect(field('Email address')).toHaveValue(email);
  await expect(field('Email address')).toBeEditable();
  await expect(field('First Name')).toHaveValue(first);
  await expect(field('Last Name')).toHaveValue(last);
  await expect(details.getByRole('link', { name: 'Cancel' })).toBeVisible();
  await field('Email address').fill(newEmail);
  await field('Job Title').fill('Privacy Officer');
  await field('Department').fill('Legal');
  await field('Phone number').fill('+32 2 555 67 89');
  await checkScreen(page, 'users-edit-details', test.info());
  await details.getByRole('button', { name: 'Save', exact: true }).click();

  await expect(page).toHaveURL(/done=edit/);
  await expect(page.getByRole('status')).toHaveText('The details have been saved.');
  await expect(details.getByRole('link', { name: 'Edit', exact: true })).toBeVisible();
  await expect(field('Job Title')).toHaveCount(0);
  const values = details.getByRole('definition');
  await expect(values.first()).toHaveText(newEmail);
  await expect(values.filter({ hasText: 'Privacy Officer' })).toBeVisible();
  await expect(values.filter({ hasText: 'Legal' })).toBeVisible();
  // Shown grouped the way Belgium writes it.
  await expect(values.filter({ hasText: /^\+32 2 555 67 89$/ })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recent activity' })).toContainText('Details edited');
  await checkScreen(page, 'users-details-saved', test.info());

  // Saved, not only shown: a reload, and the table finds the contact by the new address.
  await page.reload();
  await hydrated(page);
  await expect(values.first()).toHaveText(newEmail);
  await expect(values.filter({ hasText: 'Privacy Officer' })).toBeVisible();
  await openUsers(page);
  await findPerson(page, newEmail);
  await expect(page.getByRole('row').filter({ hasText: newEmail })).toContainText(`${first} ${last}`);
});

test('A profile\'s page: Save permission groups, and the page shows the new ones', async ({ page }) => {
  const tag = unique();
  const first = 'Ruben';
  const last = `Goossens ${tag}`;
  const email = `ruben.${tag}@brightwave.example`;
  await signInEnglish(page, SOPHIE);
  await openUsers(page);
  await addUser(page, email, first, last);
  await expect(page.getByRole('heading', { level: 2, name: `${first} ${last}` })).toBeVisible();

  const groups = page.getByRole('region', { name: 'Permission groups' });
  const admins = groups.getByRole('checkbox', { name: /^Portal administrators/ });
  const users = groups.getByRole('checkbox', { name: /^Portal users/ });
  await expect(groups.getByText('Portal users', { exact: true }).and(groups.getByRole('paragraph'))).toBeVisible();
  await expect(users).toBeChecked();
  await expect(admins).not.toBeChecked();
  await admins.check();
  await groups.getByRole('button', { name: 'Save permission groups' }).click();

  // The card is read again: both groups named above the choices, both ticked.
  await expect(groups.getByText('Portal administrators, Portal users', { exact: true })).toBeVisible();
  await expect(admins).toBeChecked();
  await expect(users).toBeChecked();
  await expect(page.getByRole('region', { name: 'Recent activity' })).toContainText('Permission groups changed');
  await checkScreen(page, 'users-groups-saved', test.info());

  // Saved: after a reload, and in the Profiles table.
  await page.reload();
  await hydrated(page);
  await expect(admins).toBeChecked();
  await expect(users).toBeChecked();
  await openUsers(page);
  await findPerson(page, email);
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row.getByRole('cell').last()).toContainText('Portal administrators');
  await expect(row.getByRole('cell').last()).toContainText('Portal users');
});

test('My Profile: "Find out more about permissions groups here" opens About permission groups', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  // "Within My Profile on the right side of the screen ... Find out more about permissions groups here."
  const groups = page.getByRole('complementary', { name: 'My permission groups' });
  await groups.getByRole('link', { name: 'Find out more about permissions groups here', exact: true }).click();
  await expect(page).toHaveURL(/\/help\/permission-groups$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('About permission groups');
  // A title of its own, set again after the navigation inside the page.
  await expect(page).toHaveTitle('About permission groups - Get help - Arxus Customer Portal');
  // The focus moved to the new page's heading, and the page was announced by its title.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.locator('[aria-live="polite"][aria-atomic="true"]')).toHaveText('About permission groups - Get help');
  // The skip link works in the live page: the focus goes to the main region.
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await skip.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  const help = page.getByRole('region', { name: 'About permission groups' });
  await expect(help.getByRole('heading', { level: 2 })).toHaveText(['What a group grants', 'Built-in and custom groups', 'Your groups']);
  await expect(help).toContainText('A permission group in the Arxus Portal is a set of permissions that grants you access');
  await expect(help.getByRole('listitem').filter({ hasText: 'View organization activity' })).toContainText('activity log, on the Activity tab of Users & Permissions');
  await expect(help.getByRole('listitem').filter({ hasText: 'Billing Tool' })).toBeVisible();
  await checkScreen(page, 'help-permission-groups', test.info());

  await help.getByRole('link', { name: 'Back to My Profile' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
  await expect(page).toHaveTitle('My Profile - Arxus Customer Portal');
});

/** From a group's page: Users > Manage users, the person picked by searching, reviewed, confirmed. */
async function addMember(page: Page, group: string, search: string, person: string, gains: string) {
  const card = page.getByRole('region', { name: group, exact: true });
  await card.getByRole('navigation', { name: 'Permission group', exact: true }).getByRole('link', { name: 'Users', exact: true }).click();
  await expect(page).toHaveURL(/tab=users/);
  await card.getByRole('link', { name: 'Manage users' }).click();
  await expect(page).toHaveURL(/\/users\/groups\/manage\?id=/);
  await page.getByRole('searchbox', { name: 'Search users' }).fill(search);
  const option = page.getByRole('listbox', { name: 'Users of the organization' }).getByRole('option', { name: new RegExp(person) });
  await option.click();
  await expect(option).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/step=review/);
  const change = page.getByRole('table', { name: 'Whose access changes' }).getByRole('row').filter({ hasText: person }).getByRole('cell');
  await expect(change.nth(1)).toContainText(gains);
  await page.getByRole('region', { name: `Manage users: ${group}` }).getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText("The group's users were updated. It applies from their next request.");
  await expect(card.getByRole('link', { name: person, exact: true })).toBeVisible();
}

/** From the group's page (its address): Delete group, after the confirmation. */
async function deleteGroup(page: Page, id: string, name: string) {
  await page.goto(`/users/groups/view?id=${id}`);
  await hydrated(page);
  await page.getByRole('region', { name, exact: true }).getByRole('link', { name: 'Delete group' }).click();
  await page.getByRole('group', { name: 'Delete this permission group?' }).getByRole('button', { name: 'Delete the group' }).click();
  await expect(page.getByRole('status')).toHaveText('The permission group was deleted.');
}

test('Only "View organization activity": the header leads to the Activity tab, the only one shown', async ({ page, browser }) => {
  const name = `Activity readers ${unique()}`;
  const other = await browser.newContext();
  const thomas = await other.newPage();
  let groupId: string | undefined;
  try {
    // Sophie makes a custom group granting only the portal role, and puts Thomas in it.
    await signInEnglish(page, SOPHIE);
    // Users & Permissions (its heading, the Profiles region), then the Permission Groups tab.
    await openUsers(page);
    await goToGroupsTab(page);
    const id = await addGroup(page, name, { portal: ['View organization activity'] }, 'Reads the organization log.');
    groupId = id;
    await addMember(page, name, 'thomas', 'Thomas Peeters', 'View organization activity');

    try {
      await signInEnglish(thomas, THOMAS, { reuse: false });
      // His permission groups say what the new one lets him do.
      const mine = thomas.getByRole('complementary', { name: 'My permission groups' });
      await expect(mine.getByRole('heading', { level: 3, name, exact: true })).toBeVisible();
      await expect(mine.getByRole('list', { name: 'What you can do' }).getByRole('listitem').filter({ hasText: 'View organization activity' }))
        .toContainText(`Granted by ${name}`);

      // The header's "Users & Permissions" opens the one tab his role opens.
      const nav = thomas.getByRole('navigation', { name: 'Main navigation' });
      await expect(nav.getByRole('link', { name: 'Users & Permissions' })).toHaveAttribute('href', '/users/activity');
      await nav.getByRole('link', { name: 'Users & Permissions' }).click();
      await expect(thomas).toHaveURL(/\/users\/activity$/);
      await expect(thomas.getByRole('heading', { level: 1 })).toHaveText('Users & Permissions');
      await expect(thomas).toHaveTitle('Activity - Users & Permissions - Arxus Customer Portal');
      const tabs = thomas.getByRole('navigation', { name: 'Users & Permissions sections' });
      await expect(tabs.getByRole('link')).toHaveText(['Activity']);
      await expect(tabs.getByRole('link', { name: 'Activity' })).toHaveAttribute('aria-current', 'page');
      await expect(thomas.getByRole('link', { name: 'Profiles' })).toHaveCount(0);
      await expect(thomas.getByRole('link', { name: 'Permission Groups' })).toHaveCount(0);

      // The organization's log, not only his own: Sophie making the group and adding him are in it.
      const log = thomas.getByRole('region', { name: 'Activity', exact: true });
      await expect(log.getByRole('columnheader')).toHaveText(['Date & Time', 'Email', 'Activity Description', 'Concerns', 'Done by']);
      await expect(log.getByRole('row').filter({ hasText: 'Permission group created' }).first()).toContainText(SOPHIE.email);
      const added = log.getByRole('row').filter({ hasText: 'Added to a permission group' }).first();
      await expect(added).toContainText(THOMAS.email);
      await expect(added.getByRole('cell', { name: 'Sophie Claes' })).toBeVisible();
      await checkScreen(thomas, 'users-activity-only', test.info());

      // The Profiles tab stays closed to him.
      await thomas.goto('/users');
      await hydrated(thomas);
      await expect(thomas.getByRole('heading', { name: "You don't have access" })).toBeVisible();
      await expect(thomas.getByRole('table')).toHaveCount(0);
      await expect(tabs.getByRole('link')).toHaveText(['Activity']);
    } finally {
      // Back to his own language, Dutch, which the other files expect.
      await thomas.getByRole('button', { name: 'Nederlands' }).click();
      await expect(thomas.locator('html')).toHaveAttribute('lang', 'nl');
      await thomas.waitForLoadState('networkidle');
    }

    // Sophie deletes the group: Thomas loses the role with it, from his next request.
    await deleteGroup(page, id, name);
    groupId = undefined;
    await thomas.goto('/users/activity');
    await hydrated(thomas);
    await expect(thomas.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(thomas.getByRole('heading', { name: 'Je hebt geen toegang' })).toBeVisible();
    await expect(thomas.getByRole('link', { name: 'Gebruikers en machtigingen' })).toHaveCount(0);
  } finally {
    if (groupId) await deleteGroup(page, groupId, name);
    await other.close();
  }
});
