import { test, expect, Page, Locator } from '@playwright/test';
import { expectEnglishKept, hydrated, pressUntilFocused, signInEnglish, signInWithoutScript, SOPHIE, unique } from '../support/people';
import { checkScreen } from '../support/screen';
import { addGroup, goToGroupsTab, openGroups, tick } from '../support/admin';

// Users & Permissions, the Permission Groups tab, after the manual's steps 3 and 6. Files run in
// alphabetical order and share one database, so this one runs BEFORE the others: every group
// made here has a name of its own, nobody leaves a built-in group, Thomas never gets the Users &
// Permissions role and leaves the groups he is put in, and Sophie is left in English.

// Each sign-in may wait up to 30 s for a fresh authentication code; every screen is checked twice.
test.describe.configure({ timeout: 240_000 });

/**
 * From now on the walk must stay in the live page: a full page load would count a `load` and
 * clear the mark. Returns the check.
 */
async function stayLive(page: Page) {
  let loads = 0;
  page.on('load', () => loads++);
  await page.evaluate(() => ((window as any).__groupsWalk = 1));
  return async () => {
    expect(loads, 'full page loads during the walk').toBe(0);
    expect(await page.evaluate(() => (window as any).__groupsWalk), 'still the same page').toBe(1);
  };
}

/** The list's row of a group, found by its link. */
function groupRow(page: Page, name: string): Locator {
  return page.getByRole('region', { name: 'Permission Groups', exact: true }).getByRole('row')
    .filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** A group's page: the card named by the group, and its Roles / Users tabs. */
function groupPage(page: Page, name: string) {
  const card = page.getByRole('region', { name, exact: true });
  const tabs = card.getByRole('navigation', { name: 'Permission group', exact: true });
  return { card, roles: tabs.getByRole('link', { name: 'Roles', exact: true }), users: tabs.getByRole('link', { name: 'Users', exact: true }) };
}

/** The live picker of "Manage users" (once the page is hydrated). */
function picker(page: Page) {
  const listbox = page.getByRole('listbox', { name: 'Users of the organization' });
  return { search: page.getByRole('searchbox', { name: 'Search users' }), listbox, options: listbox.getByRole('option') };
}

/** The change of a person in the review's "Whose access changes" table: name, gains, loses. */
function impactRow(page: Page, person: string): Locator {
  return page.getByRole('table', { name: 'Whose access changes' }).getByRole('row').filter({ hasText: person }).getByRole('cell');
}

test('Step 6: Add Permission Group, define, pick roles, review, confirm; a taken name is refused', async ({ page }) => {
  const name = `Finance controllers ${unique()}`;
  const description = 'Follows the orders and the monthly reports.';
  await signInEnglish(page, SOPHIE);
  const live = await stayLive(page);

  // "Go to the Permission Groups tab."
  await openGroups(page);
  const list = page.getByRole('region', { name: 'Permission Groups', exact: true });
  await expect(list.getByRole('columnheader')).toHaveText(['Name', 'Description', 'What it grants', 'Members']);
  await checkScreen(page, 'groups-list', test.info());

  // "Click Add Permission Group."
  await list.getByRole('link', { name: 'Add Permission Group' }).click();
  await expect(page).toHaveURL(/\/users\/groups\/new$/);
  const form = page.getByRole('region', { name: 'Add Permission Group' });
  await expect(form.getByRole('listitem')).toHaveText(['Name and roles', 'Review']);
  await expect(form.getByRole('listitem').filter({ hasText: 'Name and roles' })).toHaveAttribute('aria-current', 'step');

  // "Define the name and description."
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Description', { exact: true }).fill(description);
  // "Select the portal roles and application roles that define what this group can do."
  const portal = page.getByRole('group', { name: 'Portal roles' });
  const application = page.getByRole('group', { name: 'Application roles' });
  // Place orders guards nothing yet: three roles are offered.
  await expect(portal.getByRole('checkbox')).toHaveCount(3);
  await expect(application.getByRole('checkbox', { name: 'Microsoft 365 subscription management', exact: true })).toBeEnabled();
  await tick(page, { portal: ['View orders'], application: ['Reports'] });
  await expect(form.getByRole('link', { name: 'Cancel' })).toBeVisible();
  await checkScreen(page, 'group-add', test.info());
  await form.getByRole('button', { name: 'Next', exact: true }).click();

  // "Review and confirm."
  await expect(page).toHaveURL(/\/users\/groups\/new\?.*step=review/);
  await expect(form.getByRole('listitem').filter({ hasText: 'Review' })).toHaveAttribute('aria-current', 'step');
  await expect(form.getByRole('term')).toHaveText(['Name', 'Description']);
  await expect(form.getByRole('definition')).toHaveText([name, description]);
  await expect(form).toContainText(/Portal roles\s*View orders\s*Application roles\s*Reports/);
  await expect(form.getByRole('heading', { level: 3, name: 'Whose access changes' })).toBeVisible();
  await expect(form.getByText("Nobody's access changes.")).toBeVisible();
  await expect(form.getByRole('link', { name: 'Back', exact: true })).toBeVisible();
  await checkScreen(page, 'group-add-review', test.info());
  // Back keeps every choice.
  await form.getByRole('link', { name: 'Back', exact: true }).click();
  await expect(page).toHaveURL(/\/users\/groups\/new\?/);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue(description);
  await expect(portal.getByRole('checkbox', { name: 'View orders', exact: true })).toBeChecked();
  await expect(application.getByRole('checkbox', { name: 'Reports', exact: true })).toBeChecked();
  await form.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/step=review/);
  await form.getByRole('button', { name: 'Confirm', exact: true }).click();

  await expect(page).toHaveURL(/\/users\/groups\/view\?id=[^&]+&saved=1/);
  await expect(page.getByRole('status')).toHaveText("The permission group was saved. It applies from everyone's next request.");
  const group = groupPage(page, name);
  await expect(group.card).toContainText(description);
  await expect(group.roles).toHaveAttribute('aria-current', 'page');
  await expect(group.card).toContainText(/Portal roles\s*View orders\s*Application roles\s*Reports/);
  await checkScreen(page, 'group-saved', test.info());

  // Back on the list: the group, no members yet, and what it grants.
  await page.getByRole('link', { name: 'Back to Permission Groups' }).click();
  await expect(page).toHaveURL(/\/users\/groups$/);
  await expect(groupRow(page, name).getByRole('cell')).toHaveText([name, description, 'View orders · Reports', '0 members']);

  // The same name in other letters is taken: the error is on the field, nothing typed is lost.
  await list.getByRole('link', { name: 'Add Permission Group' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name.toUpperCase());
  await page.getByLabel('Description', { exact: true }).fill('A second try.');
  await tick(page, { portal: ['View organization activity'] });
  await form.getByRole('button', { name: 'Next', exact: true }).click();
  const field = page.getByLabel('Name', { exact: true });
  await expect(field).toHaveAccessibleDescription('Another permission group already has this name.');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveValue(name.toUpperCase());
  await expect(page.getByLabel('Description', { exact: true })).toHaveValue('A second try.');
  await expect(portal.getByRole('checkbox', { name: 'View organization activity', exact: true })).toBeChecked();
  await expect(form.getByRole('button', { name: 'Confirm' })).toHaveCount(0);
  await checkScreen(page, 'group-add-name-taken', test.info());
  await live();
});

test('Step 3: Permission Groups tab, a group, Users, Manage users; an edit names who loses what', async ({ page }) => {
  const name = `Purchasing ${unique()}`;
  await signInEnglish(page, SOPHIE);
  const live = await stayLive(page);
  await openGroups(page);
  // Roles Thomas has from no other group, so the review names him.
  await addGroup(page, name, { portal: ['View organization activity'], application: ['Reports'] });

  // "Click on the Permissions Groups tab. Select the permission group of your interest."
  await goToGroupsTab(page);
  await groupRow(page, name).getByRole('link', { name, exact: true }).click();
  await expect(page).toHaveURL(/\/users\/groups\/view\?id=/);
  const group = groupPage(page, name);
  // "Click users > manage users"
  await group.users.click();
  await expect(page).toHaveURL(/tab=users/);
  await expect(group.users).toHaveAttribute('aria-current', 'page');
  await expect(group.card.getByRole('heading', { level: 3, name: '0 members' })).toBeVisible();
  await expect(group.card.getByText('No users in this group yet.')).toBeVisible();
  await group.card.getByRole('link', { name: 'Manage users' }).click();
  await expect(page).toHaveURL(/\/users\/groups\/manage\?id=/);
  const manage = page.getByRole('region', { name: `Manage users: ${name}` });
  await expect(manage.getByRole('listitem').filter({ hasText: 'Choose users' })).toHaveAttribute('aria-current', 'step');

  // "... and assign users to that permission group."
  const { search, listbox, options } = picker(page);
  await expect(listbox).toHaveAttribute('aria-multiselectable', 'true');
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeDisabled();
  await search.fill('thomas');
  const thomas = listbox.getByRole('option', { name: /Thomas Peeters/ });
  await expect(thomas).toBeVisible();
  await expect(options).toHaveCount(1);
  await expect(thomas).toHaveAttribute('aria-selected', 'false');
  await thomas.click();
  await expect(thomas).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText('1 user to add:')).toContainText('Thomas Peeters');
  await expect(page.getByText('0 users to remove:')).toBeVisible();
  await checkScreen(page, 'group-manage-users', test.info());
  await page.getByRole('button', { name: 'Next', exact: true }).click();

  await expect(page).toHaveURL(/\/users\/groups\/manage\?.*step=review/);
  await expect(manage.getByRole('heading', { level: 3 })).toHaveText(['1 user to add:', '0 users to remove:', 'Whose access changes']);
  await expect(manage).toContainText(/1 user to add:[\s\S]*Thomas Peeters[\s\S]*0 users to remove:\s*Nobody\./);
  await expect(manage.getByRole('link', { name: 'Thomas Peeters', exact: true })).toBeVisible();
  const gains = impactRow(page, 'Thomas Peeters');
  await expect(gains.nth(1)).toContainText('View organization activity');
  await expect(gains.nth(1)).toContainText('Reports');
  await expect(gains.nth(2)).toHaveText('');
  await checkScreen(page, 'group-manage-review', test.info());
  await manage.getByRole('button', { name: 'Confirm', exact: true }).click();

  await expect(page).toHaveURL(/\/users\/groups\/view\?id=[^&]+&tab=users&saved=members/);
  await expect(page.getByRole('status')).toHaveText("The group's users were updated. It applies from their next request.");
  await expect(group.card.getByRole('heading', { level: 3, name: '1 member' })).toBeVisible();
  await expect(group.card.getByRole('link', { name: 'Thomas Peeters', exact: true })).toBeVisible();
  await checkScreen(page, 'group-users', test.info());

  // An edit that takes a role away names Thomas under "Loses".
  await group.roles.click();
  await expect(group.roles).toHaveAttribute('aria-current', 'page');
  await group.card.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page).toHaveURL(/\/users\/groups\/edit\?id=/);
  const edit = page.getByRole('region', { name: 'Edit permission group' });
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
  await expect(page.getByRole('group', { name: 'Portal roles' }).getByRole('checkbox', { name: 'View organization activity', exact: true })).toBeChecked();
  await tick(page, { application: ['Reports'] }, false);
  await edit.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/\/users\/groups\/edit\?.*step=review/);
  await expect(edit.getByRole('listitem').filter({ hasText: 'Removed: Reports' })).toBeVisible();
  const change = impactRow(page, 'Thomas Peeters');
  await expect(change).toHaveText([/Thomas Peeters/, '', 'Reports']);
  await checkScreen(page, 'group-edit-review', test.info());
  await edit.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page).toHaveURL(/\/users\/groups\/view\?id=[^&]+&saved=1/);
  await expect(page.getByRole('status')).toHaveText("The permission group was saved. It applies from everyone's next request.");
  await expect(group.card).toContainText(/Portal roles\s*View organization activity\s*Application roles\s*None/);

  // Thomas leaves the group again, through the same picker.
  await group.users.click();
  await group.card.getByRole('link', { name: 'Manage users' }).click();
  await expect(listbox).toBeVisible();
  await search.fill('thomas');
  await expect(thomas).toHaveAttribute('aria-selected', 'true');
  await expect(thomas).toContainText('In this group');
  await thomas.click();
  await expect(thomas).toHaveAttribute('aria-selected', 'false');
  await expect(page.getByText('1 user to remove:')).toContainText('Thomas Peeters');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/step=review/);
  await expect(manage).toContainText(/0 users to add:\s*Nobody\.[\s\S]*1 user to remove:[\s\S]*Thomas Peeters/);
  await expect(impactRow(page, 'Thomas Peeters')).toHaveText([/Thomas Peeters/, '', 'View organization activity']);
  await manage.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText("The group's users were updated. It applies from their next request.");
  await expect(group.card.getByRole('heading', { level: 3, name: '0 members' })).toBeVisible();
  await expect(group.card.getByRole('link', { name: 'Thomas Peeters' })).toHaveCount(0);
  await live();
});

test('Manage users with the keyboard only: search, listbox, Next, Confirm', async ({ page }) => {
  const name = `Keyboard picks ${unique()}`;
  await signInEnglish(page, SOPHIE);
  await openGroups(page);
  // A group that grants nothing: whoever it holds, nobody's access changes.
  const id = await addGroup(page, name, {});
  await page.goto(`/users/groups/view?id=${id}&tab=users`);
  await hydrated(page);

  await pressUntilFocused(page, page.getByRole('link', { name: 'Manage users' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/users\/groups\/manage\?id=/);
  const { search, listbox, options } = picker(page);
  await expect(listbox).toBeVisible();
  await pressUntilFocused(page, search);
  await page.keyboard.type('peeters');
  // The list follows what is typed.
  await expect.poll(async () => {
    const texts = await options.allTextContents();
    return texts.length >= 3 && texts.every((t) => /peeters/i.test(t));
  }, { timeout: 15_000 }).toBe(true);
  const ids = [await options.nth(0).getAttribute('id'), await options.nth(1).getAttribute('id')];
  const last = await options.last().getAttribute('id');

  await page.keyboard.press('Tab');
  await expect(listbox).toBeFocused();
  await expect(listbox).toHaveAttribute('aria-activedescendant', ids[0]!);
  await page.keyboard.press('Space');
  await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(listbox).toHaveAttribute('aria-activedescendant', last!);
  await page.keyboard.press('Home');
  await expect(listbox).toHaveAttribute('aria-activedescendant', ids[0]!);
  await page.keyboard.press('ArrowUp');
  await expect(listbox).toHaveAttribute('aria-activedescendant', ids[0]!);
  await page.keyboard.press('ArrowDown');
  await expect(listbox).toHaveAttribute('aria-activedescendant', ids[1]!);
  await page.keyboard.press('Space');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.nth(2)).toHaveAttribute('aria-selected', 'false');
  const summary = page.getByText('2 users to add:');
  await expect(summary).toBeVisible();
  const chosen = ((await summary.textContent()) ?? '').replace(/^.*:/, '').split(',').map((s) => s.trim());
  expect(chosen).toHaveLength(2);
  await expect(options.nth(0)).toContainText(chosen[0]);
  await expect(options.nth(1)).toContainText(chosen[1]);
  await checkScreen(page, 'group-manage-keyboard', test.info());

  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Next', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/step=review/);
  const manage = page.getByRole('region', { name: `Manage users: ${name}` });
  await expect(manage.getByRole('heading', { level: 3, name: '2 users to add:' })).toBeVisible();
  for (const person of chosen) await expect(manage.getByRole('link', { name: person, exact: true })).toBeVisible();
  await expect(manage.getByText("Nobody's access changes.")).toBeVisible();
  await pressUntilFocused(page, manage.getByRole('button', { name: 'Confirm', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toHaveText("The group's users were updated. It applies from their next request.");
  const card = groupPage(page, name).card;
  await expect(card.getByRole('heading', { level: 3, name: '2 members' })).toBeVisible();
  for (const person of chosen) await expect(card.getByRole('link', { name: person, exact: true })).toBeVisible();

  // The throwaway group goes, and its members with it.
  await groupPage(page, name).roles.click();
  await card.getByRole('link', { name: 'Delete group' }).click();
  const confirm = page.getByRole('group', { name: 'Delete this permission group?' });
  await expect(confirm).toContainText('Its 2 members lose what this group grants');
  await confirm.getByRole('button', { name: 'Delete the group' }).click();
  await expect(page.getByRole('status')).toHaveText('The permission group was deleted.');
});

test('Built-in groups are read-only: no Edit, no Delete, but their users can be managed', async ({ page }) => {
  await signInEnglish(page, SOPHIE);
  await openGroups(page);
  const reason = 'Read-only: this group is provided by Arxus. You can manage its users.';
  for (const name of ['Portal administrators', 'Portal users']) {
    const row = groupRow(page, name);
    await expect(row.getByText('Built-in', { exact: true })).toBeVisible();
    await expect(row.getByText(reason)).toBeVisible();
  }
  const admins = groupRow(page, 'Portal administrators').getByRole('cell');
  await expect(admins.nth(1)).toHaveText("Full Role: manage users, contacts and permission groups, see the organization's activity and orders.");
  await expect(admins.nth(2)).toHaveText(
    'Users & Permissions · View organization activity · View orders · ServiceNow / Service Desk user · Billing Tool · Microsoft 365 subscription management · Reports',
  );
  await expect(admins.nth(3)).toHaveText(/^\d+ members?$/);

  await groupRow(page, 'Portal administrators').getByRole('link', { name: 'Portal administrators' }).click();
  const group = groupPage(page, 'Portal administrators');
  await expect(group.card.getByText('Built-in', { exact: true })).toBeVisible();
  await expect(group.card.getByText(reason)).toBeVisible();
  await expect(group.card.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Delete group' })).toHaveCount(0);
  await checkScreen(page, 'group-built-in', test.info());
  await group.users.click();
  await expect(group.card.getByRole('link', { name: 'Sophie Claes' })).toBeVisible();
  await expect(group.card.getByRole('link', { name: 'Manage users' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Edit', exact: true })).toHaveCount(0);

  // Nor do their addresses open the edit form or the deletion.
  const id = new URL(page.url()).searchParams.get('id')!;
  await page.goto(`/users/groups/view?id=${id}&confirm=delete`);
  await hydrated(page);
  await expect(page.getByRole('group', { name: 'Delete this permission group?' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete the group' })).toHaveCount(0);
  await page.goto(`/users/groups/edit?id=${id}`);
  await hydrated(page);
  await expect(page.getByRole('alert')).toHaveText('Built-in groups are read-only.');
  await expect(page.getByLabel('Name', { exact: true })).toHaveCount(0);
});

test('Once in French: the Permission Groups tab and its form', async ({ page }) => {
  const name = `Groupe ${unique()}`;
  await signInEnglish(page, SOPHIE);
  try {
    await page.getByRole('button', { name: 'Français' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon profil');
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Utilisateurs et autorisations' }).click();
    await expect(page).toHaveURL(/\/users$/);
    await page.getByRole('navigation', { name: 'Sections d’Utilisateurs et autorisations' }).getByRole('link', { name: 'Groupes d’autorisations' }).click();
    await expect(page).toHaveURL(/\/users\/groups$/);
    const list = page.getByRole('region', { name: 'Groupes d’autorisations', exact: true });
    await expect(list.getByRole('columnheader')).toHaveText(['Nom', 'Description', 'Ce qu’il accorde', 'Membres']);
    const admins = list.getByRole('row').filter({ has: page.getByRole('link', { name: 'Administrateurs du portail', exact: true }) });
    await expect(admins.getByText('Prédéfini', { exact: true })).toBeVisible();
    await expect(admins.getByText('Lecture seule : ce groupe est fourni par Arxus. Vous pouvez gérer ses utilisateurs.')).toBeVisible();
    await checkScreen(page, 'groups-list-fr', test.info());

    await list.getByRole('link', { name: 'Ajouter un groupe d’autorisations' }).click();
    await expect(page).toHaveURL(/\/users\/groups\/new$/);
    const form = page.getByRole('region', { name: 'Ajouter un groupe d’autorisations' });
    await expect(form.getByRole('listitem')).toHaveText(['Nom et rôles', 'Vérification']);
    await page.getByLabel('Nom', { exact: true }).fill(name);
    await page.getByLabel('Description', { exact: true }).fill('Pour les rapports.');
    const portal = page.getByRole('group', { name: 'Rôles du portail' });
    await expect(portal.getByRole('checkbox', { name: 'Utilisateurs et autorisations', exact: true })).toBeVisible();
    await portal.getByRole('checkbox', { name: 'Voir les commandes', exact: true }).check();
    await page.getByRole('group', { name: 'Rôles d’application' }).getByRole('checkbox', { name: 'Rapports', exact: true }).check();
    await expect(form.getByRole('link', { name: 'Annuler' })).toBeVisible();
    await checkScreen(page, 'group-add-fr', test.info());
    await form.getByRole('button', { name: 'Suivant' }).click();

    await expect(page).toHaveURL(/step=review/);
    await expect(form.getByRole('term')).toHaveText(['Nom', 'Description']);
    await expect(form).toContainText(/Rôles du portail\s*Voir les commandes\s*Rôles d’application\s*Rapports/);
    await expect(form.getByRole('heading', { level: 3, name: 'Personnes dont l’accès change' })).toBeVisible();
    await expect(form.getByText('L’accès de personne ne change.')).toBeVisible();
    await expect(form.getByRole('button', { name: 'Confirmer' })).toBeVisible();
    await checkScreen(page, 'group-add-review-fr', test.info());
    // Nothing is saved: back to the form, then Cancel.
    await form.getByRole('link', { name: 'Retour' }).click();
    await expect(page.getByLabel('Nom', { exact: true })).toHaveValue(name);
    await form.getByRole('link', { name: 'Annuler' }).click();
    await expect(page).toHaveURL(/\/users\/groups$/);
    await expect(list.getByRole('link', { name, exact: true })).toHaveCount(0);
  } finally {
    // Back to English.
    await page.getByRole('button', { name: 'English' }).click();
  }
  await expectEnglishKept(page, 'Users & Permissions');
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('a group is added and given a user through plain forms', async ({ page }) => {
    const name = `Plain forms ${unique()}`;
    await signInWithoutScript(page, SOPHIE);

    await openGroups(page);
    await page.getByRole('link', { name: 'Add Permission Group' }).click();
    await expect(page).toHaveURL(/\/users\/groups\/new$/);
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Description', { exact: true }).fill('Made without JavaScript.');
    // Thomas already sees orders through Portal users: his access does not change.
    await tick(page, { portal: ['View orders'] });
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page).toHaveURL(/\/users\/groups\/new\?.*step=review/);
    const form = page.getByRole('region', { name: 'Add Permission Group' });
    await expect(form.getByRole('definition')).toHaveText([name, 'Made without JavaScript.']);
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
    await expect(page.getByRole('group', { name: 'Portal roles' }).getByRole('checkbox', { name: 'View orders', exact: true })).toBeChecked();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page).toHaveURL(/step=review/);
    // (axe needs JavaScript in the page: these screens are checked with it on, above.)
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect(page).toHaveURL(/\/users\/groups\/view\?id=[^&]+&saved=1/);
    await expect(page.getByRole('status')).toHaveText("The permission group was saved. It applies from everyone's next request.");

    // Manage users: a search form, then boxes to tick.
    const group = groupPage(page, name);
    await group.users.click();
    await group.card.getByRole('link', { name: 'Manage users' }).click();
    await expect(page).toHaveURL(/\/users\/groups\/manage\?id=/);
    await expect(page.getByRole('listbox')).toHaveCount(0);
    const search = page.getByRole('search');
    await search.getByRole('searchbox', { name: 'Search users' }).fill('thomas');
    await search.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page).toHaveURL(/q=thomas/);
    const toAdd = page.getByRole('group', { name: 'Tick the users to add' });
    await toAdd.getByRole('checkbox', { name: /^Thomas Peeters/ }).check();
    await expect(page.getByRole('group', { name: 'Users in this group: tick the ones to remove' })).toContainText('No users in this group yet.');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(page).toHaveURL(/step=review/);
    const manage = page.getByRole('region', { name: `Manage users: ${name}` });
    await expect(manage).toContainText(/1 user to add:[\s\S]*Thomas Peeters[\s\S]*0 users to remove:\s*Nobody\./);
    await expect(manage.getByText("Nobody's access changes.")).toBeVisible();
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect(page).toHaveURL(/tab=users&saved=members/);
    await expect(page.getByRole('status')).toHaveText("The group's users were updated. It applies from their next request.");
    await expect(group.card.getByRole('link', { name: 'Thomas Peeters', exact: true })).toBeVisible();

    // And out again by ticking him among the group's users.
    await group.card.getByRole('link', { name: 'Manage users' }).click();
    await page.getByRole('group', { name: 'Users in this group: tick the ones to remove' }).getByRole('checkbox', { name: /^Thomas Peeters/ }).check();
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await expect(manage).toContainText(/0 users to add:\s*Nobody\.[\s\S]*1 user to remove:[\s\S]*Thomas Peeters/);
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect(page.getByRole('status')).toHaveText("The group's users were updated. It applies from their next request.");
    await expect(group.card.getByRole('heading', { level: 3, name: '0 members' })).toBeVisible();
  });
});

test('Delete a custom group after the confirmation', async ({ page }) => {
  const name = `Short-lived ${unique()}`;
  await signInEnglish(page, SOPHIE);
  await openGroups(page);
  await addGroup(page, name, { application: ['Reports'] }, 'Made to be deleted.');
  await goToGroupsTab(page);
  await expect(groupRow(page, name)).toHaveCount(1);
  await groupRow(page, name).getByRole('link', { name, exact: true }).click();
  const group = groupPage(page, name);
  await expect(group.roles).toHaveAttribute('aria-current', 'page');

  const confirm = page.getByRole('group', { name: 'Delete this permission group?' });
  await group.card.getByRole('link', { name: 'Delete group' }).click();
  await expect(page).toHaveURL(/confirm=delete/);
  await expect(confirm).toContainText('Its 0 members lose what this group grants, unless another of their groups grants it too.');
  // Cancel keeps it.
  await confirm.getByRole('link', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(group.card.getByRole('link', { name: 'Delete group' })).toBeVisible();
  await group.card.getByRole('link', { name: 'Delete group' }).click();
  await expect(confirm).toBeVisible();
  await checkScreen(page, 'group-delete', test.info());
  await confirm.getByRole('button', { name: 'Delete the group' }).click();

  await expect(page).toHaveURL(/\/users\/groups\?deleted=1$/);
  await expect(page.getByRole('status')).toHaveText('The permission group was deleted.');
  await expect(page.getByRole('region', { name: 'Permission Groups', exact: true }).getByRole('link', { name: 'Portal users', exact: true })).toBeVisible();
  await expect(groupRow(page, name)).toHaveCount(0);
});
