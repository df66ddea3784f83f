import { test, expect, Page } from '@playwright/test';
import { hydrated, signIn, SOPHIE } from '../support/people';

// Time from a click on "Confirm" to the updated screen, in the browser, after hydration:
// a new permission group (the saved group's page with its notice) and "Manage users" (the
// group's Users tab listing the person added). Budget: 150 ms on this machine.
// Both ends are taken inside the page (the click event, and the first DOM change after which
// every expected text is there), so the driver's own round trips are not counted.
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

/** What the updated screen shows: a notice, and an element (`h2`, `a`, …) holding this text. */
type Screen = { notice: string; tag: string; name: string };

/** Arms the page's clock: resolves with the time from the next click on `button` to the first
 *  moment the main content shows `screen`. */
async function arm(page: Page, button: string, screen: Screen) {
  await page.evaluate(([button, screen]) => {
    (window as any).__bench = new Promise<number>((resolve) => {
      let start = 0;
      const shown = () => {
        const main = document.querySelector('main');
        if (!main || !(main.textContent ?? '').includes(screen.notice)) return false;
        return [...main.querySelectorAll(screen.tag)].some((e) => (e.textContent ?? "").includes(screen.name));
      };
      const done = () => {
        if (start && shown()) {
          observer.disconnect();
          resolve(performance.now() - start);
        }
      };
      const observer = new MutationObserver(done);
      const clicked = (e: Event) => {
        const b = (e.target as Element).closest('button');
        if (b && b.textContent?.trim() === button) {
          start = performance.now();
          document.removeEventListener('click', clicked, { capture: true });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        }
      };
      document.addEventListener('click', clicked, { capture: true });
    });
  }, [button, screen] as const);
}

async function measured(page: Page): Promise<number> {
  return page.evaluate(() => (window as any).__bench as Promise<number>);
}

function summary(label: string, ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  console.log(`BENCH ${label}: median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms, max ${s[s.length - 1].toFixed(0)} ms over ${s.length} runs (budget 150 ms)`);
}

test('Confirm to the updated list', async ({ page }) => {
  await signIn(page, SOPHIE);
  await hydrated(page);
  const created: number[] = [];
  const members: number[] = [];
  const word = Date.now().toString(36);
  for (let i = 0; i < RUNS; i++) {
    const name = `Bench ${word} ${i}`;
    await page.goto('/users/groups');
    await hydrated(page);
    await page.getByRole('link', { name: 'Add Permission Group' }).click();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('View orders').check();
    await page.getByRole('button', { name: 'Next' }).click();
    const confirm = page.getByRole('button', { name: 'Confirm' });
    await expect(confirm).toBeEnabled();
    await arm(page, 'Confirm', { notice: 'The permission group was saved', tag: 'h2', name });
    await confirm.click();
    created.push(await measured(page));
    await page.getByText('The permission group was saved', { exact: false }).waitFor();
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();

    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('link', { name: 'Manage users' }).click();
    await page.getByRole('searchbox', { name: 'Search users' }).fill('thomas');
    await page.getByRole('option', { name: /Thomas Peeters/ }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(confirm).toBeEnabled();
    await arm(page, 'Confirm', { notice: "The group's users were updated", tag: 'a', name: 'Thomas Peeters' });
    await confirm.click();
    members.push(await measured(page));
    await page.getByText("The group's users were updated", { exact: false }).waitFor();
    await expect(page.getByRole('link', { name: 'Thomas Peeters' })).toBeVisible();
  }
  summary('new group, Confirm to the saved group', created);
  summary('Manage users, Confirm to the updated Users list', members);
});
