import { expect, Page } from '@playwright/test';

// Users & Permissions, as the specs walk it: the Profiles tab and the Permission Groups tab.

/** Users & Permissions through the header's navigation. */
export async function openUsers(page: Page) {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users & Permissions' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users & Permissions');
  await expect(page.getByRole('region', { name: 'Profiles' })).toBeVisible();
}

/** Finds someone in the Profiles table as a person would among hundreds: by searching. */
export async function findPerson(page: Page, email: string) {
  const search = page.getByRole('region', { name: 'Profiles' }).getByRole('search');
  await search.getByRole('searchbox', { name: 'Search by name or email' }).fill(email);
  await search.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]q=/);
}

/** A contact to add: its details, and the contact type to tick (by its checkbox's name). */
export type Contact = { email: string; first: string; last: string; type: RegExp };

/** Step 2 for a contact, from the Profiles tab: details, review (no groups step), confirm. */
export async function addContact(page: Page, c: Contact) {
  await page.getByRole('region', { name: 'Profiles' }).getByRole('link', { name: '+ Add Profile' }).click();
  await expect(page).toHaveURL(/\/users\/new$/);
  await page.getByLabel('Email address', { exact: true }).fill(c.email);
  await page.getByLabel('First Name', { exact: true }).fill(c.first);
  await page.getByLabel('Last Name', { exact: true }).fill(c.last);
  await page.getByRole('radio', { name: /^Contact/ }).check();
  await page.getByRole('checkbox', { name: c.type }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/step=review/);
  await expect(page.getByRole('button', { name: 'Confirm' })).toBeVisible();
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/users\/profile\?id=/);
  await expect(page.getByRole('status')).toHaveText('The profile has been added.');
  await expect(page.getByRole('heading', { level: 2, name: `${c.first} ${c.last}` })).toBeVisible();
}

/** Steps 2-4 for a user in "Portal users", from the Profiles tab. */
export async function addUser(page: Page, email: string, first: string, last: string) {
  await page.getByRole('region', { name: 'Profiles' }).getByRole('link', { name: '+ Add Profile' }).click();
  await expect(page).toHaveURL(/\/users\/new$/);
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('First Name', { exact: true }).fill(first);
  await page.getByLabel('Last Name', { exact: true }).fill(last);
  await expect(page.getByRole('radio', { name: /^User/ })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/step=groups/);
  await page.getByRole('checkbox', { name: /^Portal users/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/step=review/);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page).toHaveURL(/\/users\/profile\?id=/);
  await expect(page.getByRole('status')).toHaveText('The profile has been added.');
}

/** Users & Permissions through the header, then the Permission Groups tab. */
export async function openGroups(page: Page) {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Users & Permissions' }).click();
  await expect(page).toHaveURL(/\/users$/);
  await goToGroupsTab(page);
}

/** From any tab of Users & Permissions: the Permission Groups tab, current, with its table. */
export async function goToGroupsTab(page: Page) {
  const tabs = page.getByRole('navigation', { name: 'Users & Permissions sections' });
  await tabs.getByRole('link', { name: 'Permission Groups', exact: true }).click();
  await expect(page).toHaveURL(/\/users\/groups(\?|$)/);
  await expect(tabs.getByRole('link', { name: 'Permission Groups', exact: true })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('region', { name: 'Permission Groups', exact: true }).getByRole('table')).toBeVisible();
  // The tab's own title, set again after the navigation inside the page.
  await expect(page).toHaveTitle('Permission Groups - Users & Permissions - Arxus Customer Portal');
}

/** The roles a permission group grants, by the names of their checkboxes. */
export type Grants = { portal?: string[]; application?: string[] };

/** Ticks roles in the group form's two fieldsets. */
export async function tick(page: Page, grants: Grants, on = true) {
  for (const [legend, roles] of [['Portal roles', grants.portal ?? []], ['Application roles', grants.application ?? []]] as const) {
    for (const role of roles) {
      await page.getByRole('group', { name: legend }).getByRole('checkbox', { name: role, exact: true }).setChecked(on);
    }
  }
}

/** Step 6 without the screens, from the Permission Groups tab: returns the group's id. */
export async function addGroup(page: Page, name: string, grants: Grants, description = '') {
  await page.getByRole('region', { name: 'Permission Groups', exact: true }).getByRole('link', { name: 'Add Permission Group' }).click();
  await expect(page).toHaveURL(/\/users\/groups\/new$/);
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel('Description', { exact: true }).fill(description);
  await tick(page, grants);
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await expect(page).toHaveURL(/step=review/);
  await page.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect(page).toHaveURL(/\/users\/groups\/view\?id=[^&]+&saved=1/);
  await expect(page.getByRole('status')).toHaveText("The permission group was saved. It applies from everyone's next request.");
  return new URL(page.url()).searchParams.get('id')!;
}
