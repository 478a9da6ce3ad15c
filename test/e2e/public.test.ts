// End to end in a real browser: the demo province served over HTTP by the real app, opened in
// Debian's Chromium (driven by playwright-core, never a downloaded browser) at a phone viewport.
// Checks what a consumer sees after scanning a stamp and on the value-chain model pages, runs
// axe-core on every page (no serious or critical violation), checks that no request leaves for a
// third-party host, and scans a QR code of the printed demo PDF the way a phone camera would.
// Writes the README screenshots to test/e2e/screenshots/.
//
// Needs /usr/bin/chromium (apt: chromium); the PDF → QR step also needs pdftoppm (poppler-utils)
// and zbarimg (zbar-tools).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MODELS } from '../../src/demo/seed';
import { demoStampUrls } from '../../src/demo/stamps';
import { getPrintRun } from '../../src/db/print-runs-store';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { printRunPdf } from '../../src/print-runs/sheet';
import { pageGeometry } from '../../src/labels';
import { stampUri } from '../../src/domain/digital-link';
import type { TestContext } from '../support/app';
import {
  axeProblems,
  CHROMIUM,
  decodeQr,
  HAVE_CHROMIUM,
  HAVE_QR_TOOLS,
  launchChromium,
  noHorizontalScroll,
  PHONE,
  renderPdfPage,
  screenshot,
  startDemoServer,
  stopDemoServer,
} from './support';

if (!HAVE_CHROMIUM) console.warn(`test/e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
else if (!HAVE_QR_TOOLS)
  console.warn(
    'test/e2e: the PDF → QR step is skipped: pdftoppm and zbarimg are needed (apt-get install poppler-utils zbar-tools)',
  );

/** The verdict of each demo stamp URL, by the label demoStampUrls gives it. */
const VERDICT_VI: Record<string, string> = {
  'genuine, active': 'Tem chính hãng, đang lưu hành',
  'scanned too often': 'Tem chính hãng, đang lưu hành',
  'not yet activated': 'Tem chính hãng nhưng chưa được kích hoạt',
  'void (cancelled)': 'Tem đã bị hủy',
  'recalled batch': 'Sản phẩm đang bị thu hồi',
  'unknown serial': 'Không tìm thấy — có thể là hàng giả',
  'mistyped serial': 'Mã tem bị nhập sai',
  'on another product': 'Tem không thuộc về sản phẩm này',
};
/** The states the demo must always offer a stamp of. */
const REQUIRED = ['genuine, active', 'not yet activated', 'void (cancelled)', 'recalled batch'] as const;
const SCAN_WARNING_VI = 'Cảnh báo: tem này đã được quét nhiều lần';

let t: TestContext;
let server: ServerType;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let urls: Record<string, string>;
/** Every URL the browser requested, across all pages of the context. */
const requested: string[] = [];

/** How many times the stamp of a URL was scanned by people so far (null: no such stamp). */
async function scanCount(url: string): Promise<number | null> {
  const [, gtin, lot, serial] = /\/01\/(\d{14})\/10\/([^/]+)\/21\/([^/?]+)$/.exec(url)!;
  const [row] = await t.db.sql<{ n: number }[]>`
    select s.scan_count as n from stamps s join print_runs r on r.id = s.print_run_id
    where s.serial = ${serial!} and r.gtin = ${gtin!} and r.lot_code = ${decodeURIComponent(lot!)}`;
  return row ? row.n : null;
}

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  const res = await page.goto(path.startsWith('http') ? path : origin + path, { waitUntil: 'load' });
  expect(res, path).not.toBeNull();
  return page;
}

describe.skipIf(!HAVE_CHROMIUM)('public pages in Chromium at phone width', () => {
  beforeAll(async () => {
    ({ t, server, origin } = await startDemoServer({
      env: { PUBLIC_RATE_LIMIT: '100000', UNKNOWN_SERIAL_RATE_LIMIT: '100000' },
    }));
    const list = await demoStampUrls(t.db.sql);
    urls = Object.fromEntries(list.map((u) => [u.label, u.url]));
    for (const label of REQUIRED) expect(urls[label], `a demo stamp URL for "${label}"`).toBeDefined();
    for (const label of Object.keys(urls))
      expect(
        VERDICT_VI[label],
        `the verdict expected for the demo stamp "${label}" (add it to VERDICT_VI)`,
      ).toBeDefined();

    browser = await launchChromium();
    context = await browser.newContext(PHONE);
    context.on('request', (r) => requested.push(r.url()));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stopDemoServer({ server, t });
  }, 60_000);

  it('shows each demo stamp state with its verdict, the genuine stamp with its key facts, and passes axe', async () => {
    // the facts of the genuine stamp's batch, from the database
    const [, gtin, lot, serial] = /\/01\/(\d{14})\/10\/([^/]+)\/21\/([^/?]+)$/.exec(urls['genuine, active']!)!;
    const [facts] = await t.db.sql<{ product: string; coop: string; stars: number | null }[]>`
      select p.name_vi as product, o.name as coop, r.ocop_stars as stars
      from stamps s join print_runs r on r.id = s.print_run_id join batches b on b.id = r.batch_id
        join products p on p.id = b.product_id join organizations o on o.id = b.cooperative_id
      where s.serial = ${serial!} and r.gtin = ${gtin!} and r.lot_code = ${lot!}`;
    const areas = await t.db.sql<{ name: string }[]>`
      select distinct a.name from stamps s join print_runs r on r.id = s.print_run_id join batch_inputs i on i.batch_id = r.batch_id
        join harvest_lots h on h.id = i.harvest_lot_id join raw_material_areas a on a.id = h.area_id
      where s.serial = ${serial!}`;
    expect(facts).toBeDefined();
    expect(areas.length).toBeGreaterThan(0);

    for (const [label, url] of Object.entries(urls)) {
      const verdict = VERDICT_VI[label]!;
      expect(url.startsWith(`${origin}/01/`), url).toBe(true);
      const scansBefore = await scanCount(url);
      const page = await open(url);
      expect(await page.locator('html').getAttribute('lang')).toBe('vi');
      const box = page.locator('section.verdict').first();
      await expect.poll(() => box.isVisible()).toBe(true);
      expect(await box.innerText(), label).toContain(verdict);
      expect(await page.getByText(verdict, { exact: true }).first().isVisible(), label).toBe(true);

      if (label === 'genuine, active') {
        const main = page.locator('main');
        const visible = async (text: string) => {
          const loc = main.getByText(text, { exact: false }).first();
          expect(await loc.isVisible(), `"${text}" visible`).toBe(true);
        };
        await visible(facts!.product);
        expect(await page.locator('h1').innerText()).toBe(facts!.product);
        await visible(facts!.stars ? `${facts!.stars} sao` : 'Chưa có');
        await visible(facts!.coop);
        for (const a of areas) await visible(a.name);
        await visible(lot!);
        const sig = page.locator('section', { has: page.locator('h2', { hasText: 'Chữ ký số' }) });
        expect(await sig.isVisible()).toBe(true);
        expect(await sig.innerText()).toContain('Hợp lệ');
        // this visit counts: the demo may have scanned the stamp before
        await visible(`Tem này đã được quét ${scansBefore! + 1} lần`);
        expect(await main.getByText(SCAN_WARNING_VI).count()).toBe(0);
        await screenshot(page, 'stamp-genuine.png');
      }
      if (label === 'scanned too often') {
        expect(await page.getByRole('alert').filter({ hasText: SCAN_WARNING_VI }).isVisible()).toBe(true);
      }
      if (label === 'recalled batch') {
        expect(await page.locator('section.verdict.bad h2').first().isVisible()).toBe(true);
        await screenshot(page, 'stamp-recalled.png');
      }
      expect(await axeProblems(page), label).toEqual([]);
      await page.close();
    }
  }, 180_000);

  // Long unbreakable values (an e-mail, the signing key id) once pushed pages past 360 px (WCAG 1.4.10).
  it('lays every demo stamp page out within a 360 px phone (no sideways scrolling)', async () => {
    for (const url of Object.values(urls)) {
      const page = await open(url);
      try {
        await noHorizontalScroll(page);
      } finally {
        await page.close();
      }
    }
  }, 120_000);

  it('switches the stamp page to English with the language link', async () => {
    const page = await open(urls['void (cancelled)']!);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/[?&]lang=en\b/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('section.verdict').first().innerText()).toContain('Cancelled stamp');
    expect(await page.getByRole('link', { name: 'Tiếng Việt' }).isVisible()).toBe(true);
    expect(await axeProblems(page)).toEqual([]);
    await page.close();

    const genuine = await open(urls['genuine, active']!);
    await genuine.getByRole('link', { name: 'English' }).click();
    await genuine.waitForURL(/[?&]lang=en\b/);
    expect(await genuine.locator('html').getAttribute('lang')).toBe('en');
    expect(await genuine.locator('section.verdict').first().innerText()).toContain('Genuine stamp, active');
    expect(await genuine.getByText('Digital signature', { exact: false }).first().isVisible()).toBe(true);
    expect(await axeProblems(genuine)).toEqual([]);
    await genuine.close();
  }, 120_000);

  it('shows /models and a model page at phone width: heading, diagram, figures, no sideways scroll, axe clean', async () => {
    const index = await open('/models');
    expect(await index.locator('h1').innerText()).toBe('Các mô hình liên kết chuỗi giá trị OCOP');
    expect(await index.locator('li.card').count()).toBe(DEMO_MODELS.length);
    for (const m of DEMO_MODELS) expect(await index.getByRole('link', { name: m.name }).isVisible(), m.slug).toBe(true);
    await noHorizontalScroll(index);
    expect(await axeProblems(index)).toEqual([]);

    const m = DEMO_MODELS[0]!;
    await index.getByRole('link', { name: m.name }).click();
    await index.waitForURL(`${origin}/models/${m.slug}`);
    const page = index;
    expect(await page.locator('h1').innerText()).toBe(m.name);
    const svg = page.locator('.mdiag svg');
    expect(await svg.isVisible()).toBe(true);
    const box = (await svg.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.width).toBeLessThanOrEqual(360);
    expect(box.height).toBeGreaterThan(100);
    expect(await svg.getAttribute('role')).toBe('img');
    const figures = page.locator('ul.mfig > li');
    expect(await figures.count()).toBe(6);
    for (let i = 0; i < 6; i++) {
      const f = figures.nth(i);
      expect(await f.isVisible()).toBe(true);
      expect(await f.locator('b').innerText()).toMatch(/^\d[\d.,]*( ha)?$/);
    }
    expect(await page.getByText('Số liệu cập nhật', { exact: true }).isVisible()).toBe(true);
    await noHorizontalScroll(page);
    expect(await axeProblems(page)).toEqual([]);
    await screenshot(page, `model-${m.slug}.png`);
    await page.close();

    // every other model and the English versions at phone width too
    for (const other of DEMO_MODELS) {
      for (const q of other === m ? ['?lang=en'] : ['', '?lang=en']) {
        const p = await open(`/models/${other.slug}${q}`);
        expect(await p.locator('.mdiag svg').isVisible(), other.slug + q).toBe(true);
        await noHorizontalScroll(p);
        expect(await axeProblems(p), other.slug + q).toEqual([]);
        await p.close();
      }
    }
  }, 180_000);

  it.skipIf(!HAVE_QR_TOOLS)(
    'opens the right page from a QR code scanned off the printed demo PDF',
    async () => {
      // the first activated run that is not recalled (what `npm run demo:pdf` prints)
      const [row] = await t.db.sql<{ id: string }[]>`
      select r.id from print_runs r join batches b on b.id = r.batch_id
      where r.template_id = 'a4-3x8'
        and not exists (select 1 from stamps s where s.print_run_id = r.id and s.state <> 'active')
        and not exists (select 1 from batch_recalls x where x.batch_id = b.id and x.lifted_at is null)
      order by r.seq limit 1`;
      expect(row).toBeDefined();
      const run = (await getPrintRun(t.db.sql, row!.id))!;
      expect(run.baseUrl).toBe(origin);
      const pdf = await printRunPdf(t.db.sql, loadLabelCatalog(), run);
      const bytes = new Uint8Array(await new Response(pdf.body).arrayBuffer());
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');

      const dir = mkdtempSync(join(tmpdir(), 'ocop-e2e-'));
      try {
        writeFileSync(join(dir, 'sheet.pdf'), bytes);
        const sheet = join(dir, 'sheet.pdf');
        const decode = decodeQr;
        const render = (out: string, crop: string[] = []) => renderPdfPage(sheet, out, crop);

        // the whole first sheet, as printed: what zbar finds on it are stamp URIs of this run on this server
        render(join(dir, 'page'));
        const uris = decode(join(dir, 'page.png'));
        expect(uris.length).toBeGreaterThan(0);
        const pattern = new RegExp(
          `^${origin.replace(/[.]/g, '\\.')}/01/${run.gtin}/10/${run.lotCode}/21/[2-9A-HJKMNP-Z]{14}$`,
        );
        for (const u of uris) expect(u).toMatch(pattern);
        const inOrder = (
          await t.db.sql<
            { serial: string }[]
          >`select serial from stamps where print_run_id = ${run.id} order by position`
        ).map((s) => s.serial);
        for (const u of uris) expect(inOrder.slice(0, 24), u).toContain(u.split('/').at(-1)!);

        // one stamp at a time, as a phone camera frames it: every label of the sheet decodes to its own serial.
        // (zbar scanning the whole page at once can miss a code or two among 24 with 2-module quiet zones.)
        const template = loadLabelCatalog().templates.get(run.templateId)!;
        const qr = template.elements.find((e) => e.type === 'qr') as { x: number; y: number; size: number };
        const px = (mm: number) => String(Math.round((mm * 300) / 25.4));
        const slots = pageGeometry(template).slots.slice(0, run.count);
        for (const [i, slot] of slots.entries()) {
          const out = join(dir, `label-${i + 1}`);
          render(out, [
            '-x',
            px(slot.x + qr.x - 2),
            '-y',
            px(slot.y + qr.y - 2),
            '-W',
            px(qr.size + 4),
            '-H',
            px(qr.size + 4),
          ]);
          expect(decode(`${out}.png`), `label ${i + 1}`).toEqual([
            stampUri(origin, run.gtin, run.lotCode, inOrder[i]!),
          ]);
        }

        // open one that was not visited before, exactly as decoded
        const uri = uris.find((u) => u !== urls['genuine, active']);
        expect(uri).toBeDefined();
        const scansBefore = await scanCount(uri!);
        const page = await open(uri!);
        expect(page.url()).toBe(uri);
        expect(await page.locator('section.verdict').first().innerText()).toContain('Tem chính hãng, đang lưu hành');
        expect(await page.getByText(run.lotCode, { exact: false }).first().isVisible()).toBe(true);
        expect(
          await page
            .getByText(`Tem này đã được quét ${scansBefore! + 1} lần`, { exact: false })
            .first()
            .isVisible(),
        ).toBe(true);
        await page.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );

  it('breaks no page with its Content-Security-Policy: no violation, and the stamp page’s one script runs', async () => {
    const stamp = urls['genuine, active']!;
    const batch = stamp.replace(/\/21\/[^/]+$/, '');
    const product = batch.replace(/\/10\/[^/]+$/, '');
    const pages = [stamp, urls['unknown serial']!, batch, product, `${origin}/models`, `${origin}/docs`];
    const refused: string[] = [];
    for (const url of pages) {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (/Content.Security.Policy/i.test(m.text())) refused.push(`${url}: ${m.text()}`);
      });
      const res = await page.goto(url, { waitUntil: 'load' });
      expect(res?.headers()['content-security-policy'], url).toContain("frame-ancestors 'none'");
      // The share-position button is shown by the page's script: visible only if the policy let it run.
      if (url === stamp) await expect.poll(() => page.locator('#share-pos').isVisible()).toBe(true);
      await page.close();
    }
    expect(refused).toEqual([]);
  });

  it('never requested anything from another host', () => {
    expect(requested.length).toBeGreaterThan(10);
    const foreign = requested.filter((u) => !u.startsWith(`${origin}/`));
    expect(foreign).toEqual([]);
  });
});
