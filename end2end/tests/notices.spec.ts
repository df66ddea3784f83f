import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { e2e } from '../playwright.config';
import { waitForMail } from '../support/mail';
import { checkScreen } from '../support/screen';
import { hydrated, unique } from '../support/people';

const server = (args: string[], input?: string) =>
  execFileSync(e2e.serverBin, args, { env: { ...process.env, ...e2e.env }, encoding: 'utf8', input }).trim();

/** The newest e-mail to `to` that contains `needle`. */
async function mailWith(to: string, needle: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const mail = await waitForMail(to);
    if (mail.includes(needle)) return mail;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no e-mail to ${to} with ${needle}`);
}

test('a contact acknowledges a data breach notice from its e-mail, without signing in', async ({ page }) => {
  // The provider sends Brightwave a data breach notice; the portal picks its recipients.
  const org = server(['orgs']).split('\n').find((l) => l.endsWith('Brightwave Logistics NV'))!.split(/\s+/)[0];
  const subject = `Exposed backup ${unique()}`;
  const out = server(['notice-send', org, 'data-breach', subject, '-'], 'A backup of the file server was reachable.\n\nWe closed it.');
  const recipient = /^\s+to\s+.+<(\S+)>/m.exec(out)?.[1];
  expect(recipient, out).toBeTruthy();

  // The e-mail greets the recipient and carries a link to acknowledge it.
  const mail = await mailWith(recipient!, subject);
  expect(mail).toMatch(/^(Dear|Chère|Cher|Bonjour|Geachte|Beste) /);
  const link = /https?:\/\/\S+\/notices\/acknowledge\?token=[0-9a-f]+/.exec(mail)?.[0];
  expect(link).toBeTruthy();

  await page.goto(link!);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(subject);
  await expect(page.getByText('We closed it.')).toBeVisible();
  await checkScreen(page, 'notice-acknowledge', test.info());
  const lang = await page.evaluate(() => document.documentElement.lang);
  const button = { en: 'Acknowledge', fr: 'Accuser réception', nl: 'Ontvangst bevestigen' }[lang as 'en' | 'fr' | 'nl'];
  await page.getByRole('button', { name: button }).click();
  await expect(page.getByRole('status')).toContainText({ en: 'Thank you', fr: 'Merci', nl: 'Dank u' }[lang as 'en' | 'fr' | 'nl']);
  await checkScreen(page, 'notice-acknowledged', test.info());

  // The link works once; the provider sees the notice acknowledged.
  await page.goto(link!);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    { en: 'This link is no longer valid', fr: 'Ce lien n’est plus valable', nl: 'Deze link is niet meer geldig' }[lang as 'en' | 'fr' | 'nl'],
  );
  expect(server(['notices', org, '5'])).toContain('acknowledged');
});
