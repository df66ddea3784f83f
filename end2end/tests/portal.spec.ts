import { test, expect, Page } from '@playwright/test';
import { freshCode } from '../support/totp';
import { checkScreen } from '../support/screen';
import { enterAddress, userMenu } from '../support/people';

const ADMIN = {
  email: 'sophie.claes@brightwave.example',
  password: 'harbour-lantern-47-quay',
  totp: 'HP3DXLYW6IWAHNC7B7NMG3LUD64ICUYT',
};

/** The pointer moves (a sign of a person), and the WASM takes the page over. */
async function hydrated(page: Page) {
  await page.mouse.move(3, 3);
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => (window as any).__portal_hydrated === true);
}

async function signIn(page: Page, who = ADMIN) {
  await page.goto('/login');
  await hydrated(page);
  await enterAddress(page, who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/login\/code$/);
  // The page's one task is the code: it has the focus on arrival.
  await expect(page.getByLabel('Authentication code')).toBeFocused();
  await page.getByLabel('Authentication code').fill(await freshCode(who.totp));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page).toHaveURL(/\/profile$/);
}

test('a wrong password shows the error', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await enterAddress(page, ADMIN.email);
  await page.getByLabel('Password').fill('not-my-password-at-all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email or password is incorrect.');
  await expect(page).toHaveURL(/\/login\?email=/);
  await checkScreen(page, 'sign-in-error', test.info());
});

test('forgot password: the screen and its way back hold on a phone and a desktop', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await checkScreen(page, 'sign-in', test.info());
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password');
  // Left with a malformed address, the field says so at once, in the same words as the server.
  await page.getByLabel('Email').fill('not-an-address');
  await page.getByLabel('Email').blur();
  await expect(page.locator('#email-error')).toHaveText('Enter a valid email address.');
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Email').fill('someone@brightwave.example');
  await expect(page.locator('#email-error')).toHaveCount(0);
  await checkScreen(page, 'forgot-password', test.info());
  await page.getByRole('link', { name: 'Back to sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
});

test('the user menu follows the menu-button pattern with the keyboard', async ({ page }) => {
  await signIn(page);
  const button = userMenu(page);
  await expect(button).toHaveAttribute('aria-haspopup', 'menu');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  // The button and its menu are named by what the button shows: the person's name.
  const menu = page.getByRole('menu', { name: 'Sophie Claes' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'My Profile' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Users & Permissions' })).toBeFocused();
  await page.keyboard.press('End');
  await expect(menu.getByRole('menuitem', { name: 'Sign out' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'My Profile' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeHidden();
  await expect(button).toBeFocused();
  // Space opens it too; choosing an item goes there and closes the menu.
  await page.keyboard.press(' ');
  await expect(menu.getByRole('menuitem', { name: 'My Profile' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Users & Permissions' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/users$/);
  await expect(menu).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Users & Permissions');
  await checkScreen(page, 'users-and-permissions', test.info());
  await page.goto('/profile/security');
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security Settings');
  // Where you're signed in: a readable device, the raw user agent one click away.
  const row = page.getByRole('row').filter({ hasText: 'This device' });
  await expect(row).toContainText(/Linux/);
  await row.getByText('Details').click();
  await expect(row.locator('code')).toContainText('Mozilla/5.0');
  await checkScreen(page, 'security-settings', test.info());
});

test('sign in, see My Profile and its groups, switch languages in place, sign out', async ({ page }) => {
  await signIn(page);

  // The manual: top right, click your credentials, then "My Profile".
  await checkScreen(page, 'my-profile', test.info());
  await userMenu(page).click();
  await page.getByRole('menuitem', { name: 'My Profile' }).click();
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
  await expect(page.getByText('IT Manager')).toBeVisible();
  await expect(page.getByText('Multifactor Authentication Number')).toBeVisible();
  const groups = page.locator('aside.profile-groups');
  await expect(groups.getByRole('heading', { name: 'Portal administrators' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users & Permissions' })).toBeVisible();

  // Switching language re-renders in place: no navigation, no page load.
  let loads = 0;
  page.on('load', () => loads++);
  await page.evaluate(() => ((window as any).__marker = 'same-page'));
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mon profil');
  await expect(groups.getByRole('heading', { name: 'Administrateurs du portail' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn profiel');
  await expect(page.getByRole('heading', { name: 'Portaalbeheerders' })).toBeVisible();
  expect(loads).toBe(0);
  expect(await page.evaluate(() => (window as any).__marker)).toBe('same-page');

  // Remembered across a reload (saved as the portal language).
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn profiel');
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await hydrated(page);

  // Sign out, then My Profile is refused.
  await userMenu(page).click();
  await page.getByRole('menuitem', { name: 'Afmelden' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aanmelden');
});

test('the language of someone not signed in is remembered by the browser', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Connexion');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('security settings: the MFA number is saved, in the person\'s own language', async ({ page }) => {
  const THOMAS = {
    email: 'thomas.peeters@brightwave.example',
    password: 'copper-meadow-19-rail',
    totp: '5ZZXB3B4UPB3QYTU4AMURAUPQAUSIWLY',
  };
  await signIn(page, THOMAS);
  // Thomas's portal language is Dutch: it applies as soon as he is signed in.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn profiel');
  await page.getByRole('link', { name: 'Je MFA bewerken' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beveiligingsinstellingen');
  await expect(page.getByRole('cell', { name: 'Dit toestel' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Dit toestel' })).toContainText('Linux');
  await checkScreen(page, 'security-settings-nl', test.info());
  const number = page.getByLabel('Nummer voor meervoudige verificatie');
  await number.fill('12');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.locator('#mfa_phone-error')).toContainText('internationale vorm');
  await number.fill('+32 470 99 88 77');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByText('Opgeslagen.')).toBeVisible();
  await page.reload();
  // Saved in E.164, the form every phone system takes.
  await expect(page.getByLabel('Nummer voor meervoudige verificatie')).toHaveValue('+32 470 99 88 77');
});

test.describe('before the WASM has loaded', () => {
  test.use({ javaScriptEnabled: false });

  test('signing in works with plain forms, errors included', async ({ page }) => {
    await page.goto('/login');
    await enterAddress(page, ADMIN.email);
    await page.getByLabel('Password').fill('not-my-password-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('The email or password is incorrect.');
    await expect(page.getByLabel('Email')).toHaveValue(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/login\/code/);
    await page.getByLabel('Authentication code').fill(await freshCode(ADMIN.totp));
    await page.getByRole('button', { name: 'Verify' }).click();
    // Sophie's portal language depends on the tests before; her details do not.
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByText('IT Manager')).toBeVisible();
    await expect(page.locator('.user-name')).toHaveText('Sophie Claes');
    // Her portal language may be another one after the tests before: English, as a person would.
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My Profile');
    // The user menu opens while it holds the focus, and signing out is a plain form post.
    await userMenu(page).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/profile');
    await expect(page).toHaveURL(/\/login$/);
  });
});
