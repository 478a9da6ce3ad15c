// The charts in Chromium (Debian's, driven by playwright-core) against the real app over HTTP with
// the demo province: the programme report page (console and printable), the cooperative's and
// the staff's homes and a value-chain model page pass axe-core with no serious or critical
// violation, lay out within a 360 px phone, and every chart is an image with a name and a
// description. Writes the README's chart screenshots (charts-*.png) to test/e2e/screenshots/,
// and page 1 of the report PDF rendered in grey (pdftoppm), as a staff member would print it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/users';
import {
  axeProblems,
  DESKTOP,
  HAVE_CHROMIUM,
  HAVE_QR_TOOLS,
  launchChromium,
  noHorizontalScroll,
  PHONE,
  SCREENSHOTS,
  startDemoServer,
  stopDemoServer,
  type DemoServer,
} from './support';

let s: DemoServer | undefined;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function signedIn(username: string, kind: 'phone' | 'desktop'): Promise<Page> {
  const ctx = await browser.newContext(kind === 'phone' ? PHONE : DESKTOP);
  contexts.push(ctx);
  const page = await ctx.newPage();
  await page.goto(`${s!.origin}/console`, { waitUntil: 'load' });
  await page.fill('#f-username', username);
  await page.fill('#f-password', DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL(`${s!.origin}/console`),
    page.getByRole('button', { name: 'Đăng nhập', exact: true }).click(),
  ]);
  return page;
}

async function open(page: Page, path: string) {
  const res = await page.goto(s!.origin + path, { waitUntil: 'load' });
  expect(res!.status(), path).toBe(200);
}

/** Every SVG chart on the page (the model's diagram aside) is an image named by a title and described in words. */
async function chartsHaveTextAlternatives(page: Page): Promise<number> {
  const charts = await page.evaluate(() =>
    [...document.querySelectorAll('main svg[role="img"]:not(.mdg)')].map((svg) => {
      const ids = (svg.getAttribute('aria-labelledby') ?? '').split(' ').filter(Boolean);
      return {
        label: ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' | '),
        hasTitle: !!svg.querySelector('title'),
        hasDesc: !!svg.querySelector('desc'),
      };
    }),
  );
  for (const c of charts) {
    expect(c.hasTitle && c.hasDesc, c.label).toBe(true);
    expect(c.label.length, c.label).toBeGreaterThan(20);
  }
  return charts.length;
}

/** A screenshot of one element (a chart section) for the README. */
async function shoot(page: Page, selector: string, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page
    .locator(selector)
    .first()
    .screenshot({ path: join(SCREENSHOTS, name), animations: 'disabled' });
}

describe.skipIf(!HAVE_CHROMIUM)('the charts in Chromium', () => {
  beforeAll(async () => {
    s = await startDemoServer({ passwords: true });
    await s.t.call('POST', '/api/v1/checks/run', { key: s.t.keys.staff, body: {} });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await stopDemoServer(s ?? {});
  }, 60_000);

  it('the programme report: eight charts and the summary pass axe on a PC and on a phone', async () => {
    const pc = await signedIn('canbo', 'desktop');
    await open(pc, '/console/report');
    expect(await chartsHaveTextAlternatives(pc)).toBe(8);
    expect(await axeProblems(pc)).toEqual([]);
    await shoot(pc, 'section.standing', 'charts-report-summary-desktop.png');
    await shoot(pc, 'section.charts', 'charts-report-desktop.png');
    await open(pc, '/console/report/print?from=2022&to=2025&lang=vi');
    expect(await chartsHaveTextAlternatives(pc)).toBe(8);
    expect(await axeProblems(pc)).toEqual([]);
    const phone = await signedIn('canbo', 'phone');
    await open(phone, '/console/report');
    expect(await axeProblems(phone)).toEqual([]);
    await noHorizontalScroll(phone);
  });

  it("the cooperative's home: a small chart per product and the stamps' shares pass axe on a phone", async () => {
    const phone = await signedIn('htx.checaobo', 'phone');
    await open(phone, '/console');
    expect(await chartsHaveTextAlternatives(phone)).toBeGreaterThanOrEqual(2);
    expect(await axeProblems(phone)).toEqual([]);
    await noHorizontalScroll(phone);
    // the table behind the small charts opens for anyone who would rather read
    await phone.locator('details.ctab summary').first().click();
    expect(await phone.locator('details.ctab table tbody tr').count()).toBe(26);
    await phone.locator('details.ctab summary').first().click();
    await shoot(phone, 'section:has(ul.sparks)', 'charts-coop-home-phone.png');
  });

  it("the staff's home: findings per week, recalls and fake reports per month pass axe", async () => {
    const pc = await signedIn('canbo', 'desktop');
    await open(pc, '/console');
    expect(await chartsHaveTextAlternatives(pc)).toBe(2);
    expect(await axeProblems(pc)).toEqual([]);
    await shoot(pc, 'section:has(#chart-findings)', 'charts-staff-home-desktop.png');
  });

  it('a value-chain model page: batches sealed and stamps scanned per month pass axe on a phone', async () => {
    const ctx = await browser.newContext(PHONE);
    contexts.push(ctx);
    const phone = await ctx.newPage();
    await open(phone, '/models/che-shan-tuyet-cao-bo');
    expect(await chartsHaveTextAlternatives(phone)).toBeGreaterThanOrEqual(2);
    expect(await axeProblems(phone)).toEqual([]);
    await noHorizontalScroll(phone);
    await shoot(phone, 'section.mcharts', 'charts-model-phone.png');
  });

  it.skipIf(!HAVE_QR_TOOLS)('the report PDF prints in grey with its bars and target lines', async () => {
    const res = await s!.t.call('GET', '/api/v1/report/programme?format=pdf', { key: s!.t.keys.staff });
    expect(res.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'charts-pdf-'));
    try {
      const pdf = join(dir, 'r.pdf');
      writeFileSync(pdf, new Uint8Array(await res.arrayBuffer()));
      execFileSync(
        'pdftoppm',
        ['-r', '60', '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, join(SCREENSHOTS, 'charts-report-pdf')],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
