import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { e2e } from '../playwright.config';
import { waitForMail } from '../support/mail';
import { checkScreen } from '../support/screen';
import { SOPHIE, signInEnglish, unique } from '../support/people';
import { openUsers } from '../support/admin';

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
  await page.waitForFunction(() => (window as any).__portal_hydrated === true);
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
});
