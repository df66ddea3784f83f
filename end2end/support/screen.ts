import { expect, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The widths every screen must hold: a 390 x 844 phone and a desktop. */
export const WIDTHS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

/** Where the screenshots of the last run go (kept between runs until the next one). */
export const SCREENS_DIR = path.resolve(__dirname, '..', 'screens');

/**
 * Checks the screen the page shows at each width: no sideways scrolling, axe-core with zero
 * violations (WCAG 2.2 A and AA), and a full-page screenshot in end2end/screens/ for people to
 * look at. The viewport is restored afterwards.
 */
export async function checkScreen(page: Page, name: string, testInfo?: TestInfo) {
  const original = page.viewportSize();
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  for (const size of WIDTHS) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.waitForTimeout(50);
    const widths = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(widths.scroll, `${name} at ${size.width} px scrolls sideways`).toBeLessThanOrEqual(widths.client);
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(found, `${name} at ${size.width} px`).toEqual([]);
    const file = path.join(SCREENS_DIR, `${name}-${size.name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    if (testInfo) await testInfo.attach(`${name}-${size.name}`, { path: file, contentType: 'image/png' });
  }
  if (original) await page.setViewportSize(original);
}
