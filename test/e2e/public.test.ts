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
  'scanned too often': 'Cảnh báo: tem này đã được quét nhiều lần',
  'not yet activated': 'Tem chính hãng nhưng chưa được kích hoạt',
  'void (cancelled)': 'Tem đã bị hủy',
  'recalled batch': 'Sản phẩm đang bị thu hồi',
  'unknown serial': 'Không tìm thấy — có thể là hàng giả',
  'mistyped serial': 'Số tem bị nhập sai',
  'on another product': 'Tem không thuộc về sản phẩm này',
};
/** The states the demo must always offer a stamp of. */
const REQUIRED = ['genuine, active', 'not yet activated', 'void (cancelled)', 'recalled batch'] as const;
const SCAN_WARNING_VI = 'Cảnh báo: tem này đã được quét nhiều lần';
/** The verdicts after which the page vouches for nothing: no shop links, no green signature mark. */
const NOT_VOUCHED = [
  'scanned too often',
  'not yet activated',
  'void (cancelled)',
  'recalled batch',
  'unknown serial',
  'mistyped serial',
  'on another product',
] as const;

/** What the first screen of a stamp page must hold, from the database: the stamp's batch (newest version) or the address's product. */
async function firstScreenFacts(
  url: string,
): Promise<{ product: string; producer: string; production: string | null; expiry: string | null }> {
  const [, gtin, lot, serial] = /\/01\/(\d{14})\/10\/([^/]+)\/21\/([^/?]+)$/.exec(url)!;
  const [batch] = await t.db.sql<{ product: string; producer: string; production: string; expiry: string | null }[]>`
    with recursive chain as (
      select b.* from stamps s join print_runs r on r.id = s.print_run_id join batches b on b.id = r.batch_id
      where s.serial = ${serial!} and r.gtin = ${gtin!} and r.lot_code = ${decodeURIComponent(lot!)}
      union all
      select b.* from batches b join chain c on b.id = c.superseded_by_id
    )
    select p.name_vi as product, o.name as producer,
           to_char(c.production_date, 'DD/MM/YYYY') as production, to_char(c.expiry_date, 'DD/MM/YYYY') as expiry
    from chain c join products p on p.id = c.product_id join organizations o on o.id = c.cooperative_id
    order by c.version desc limit 1`;
  if (batch) return batch;
  const [product] = await t.db.sql<{ product: string; producer: string }[]>`
    select p.name_vi as product, o.name as producer from products p join organizations o on o.id = p.owner_id
    where p.gtin = ${gtin!}`;
  expect(product, url).toBeDefined();
  return { ...product!, production: null, expiry: null };
}

/** The text a phone shows before any scrolling: every rendered text whose box starts above the fold. */
async function firstScreenText(page: Page): Promise<string> {
  return page.evaluate((fold) => {
    const parts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent?.trim()) continue;
      range.selectNodeContents(n);
      const r = range.getBoundingClientRect();
      if (r.height > 0 && r.width > 0 && r.top + window.scrollY < fold) parts.push(n.textContent);
    }
    return parts.join(' ').replace(/\s+/g, ' ');
  }, PHONE.viewport.height);
}

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
        expect(await box.getAttribute('class')).toContain('warn');
        expect(await box.innerText()).not.toContain('chính hãng');
      }
      if (label === 'recalled batch') {
        expect(await page.locator('section.verdict.bad h2').first().isVisible()).toBe(true);
        await screenshot(page, 'stamp-recalled.png');
      }
      expect(await axeProblems(page), label).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it('holds the verdict, product, producer, dates and a link to the report form in the first screen of every demo stamp', async () => {
    for (const [label, url] of Object.entries(urls)) {
      const facts = await firstScreenFacts(url);
      const page = await open(url);
      try {
        const text = await firstScreenText(page);
        expect(text, label).toContain(VERDICT_VI[label]!);
        expect(text, label).toContain(facts.product);
        expect(text, label).toContain(facts.producer);
        if (facts.production) expect(text, label).toContain(facts.production);
        if (facts.expiry) expect(text, label).toContain(facts.expiry);
        // the jump to the report form: above the fold, in words, and it lands on the form
        const jump = page.locator('main a[href="#report"]').first();
        expect(await jump.innerText(), label).toBe('Báo cáo nghi ngờ hàng giả');
        const box = (await jump.boundingBox())!;
        expect(box.y + box.height, label).toBeLessThanOrEqual(PHONE.viewport.height);
        await jump.click();
        await expect.poll(() => page.evaluate(() => location.hash)).toBe('#report');
        const form = (await page.locator('#report').boundingBox())!;
        expect(Math.abs(form.y), label).toBeLessThan(PHONE.viewport.height / 2);
        // no ISO date and no bare decimal point anywhere the consumer can read
        const all = await page.locator('main').innerText();
        expect(all, label).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
        if (label === 'scanned too often') await screenshot(page, 'stamp-scanned-too-often.png');
      } finally {
        await page.close();
      }
    }
  }, 180_000);

  it('offers shop links and the green signature mark only for a genuine stamp', async () => {
    const genuine = await open(urls['genuine, active']!);
    const shops = genuine.locator('section', { has: genuine.locator('h2', { hasText: 'Mua trực tuyến' }) });
    expect(await shops.isVisible()).toBe(true);
    expect(await shops.locator('a[href^="https://"]').count()).toBeGreaterThan(0);
    const sig = genuine.locator('#signature');
    expect(await sig.locator('.badge.ok').innerText()).toContain('✔ Hợp lệ');
    // what the signature proves, apart from the stamp
    expect(await sig.innerText()).toContain('chưa bị sửa đổi');
    expect(await sig.innerText()).toContain('không cho biết con tem');
    await genuine.close();

    for (const label of NOT_VOUCHED) {
      const url = urls[label];
      if (!url) continue;
      const page = await open(url);
      try {
        expect(await page.getByText('Mua trực tuyến').count(), label).toBe(0);
        for (const host of ['shopee.vn', 'postmart.vn', 'voso.vn', 'tiki.vn', 'lazada.vn'])
          expect(await page.locator(`a[href*="${host}"]`).count(), `${label}: ${host}`).toBe(0);
        expect(await page.locator('.badge.ok').count(), label).toBe(0);
        const sig = page.locator('#signature');
        if (await sig.count()) {
          expect(await sig.innerText(), label).not.toContain('✔');
          const colour = await sig.evaluate((el) => getComputedStyle(el.querySelector('b') ?? el).color);
          expect(colour, label).not.toBe('rgb(23, 101, 42)');
        }
      } finally {
        await page.close();
      }
    }
  }, 120_000);

  it('puts the scan warning into the verdict, in the first screen, in amber and in words', async () => {
    const page = await open(urls['scanned too often']!);
    const box = page.locator('section.verdict').first();
    expect(await box.innerText()).toContain(SCAN_WARNING_VI);
    expect(await box.getAttribute('class')).toContain('warn');
    expect(await box.getAttribute('class')).not.toContain('ok');
    const b = (await box.boundingBox())!;
    expect(b.y + b.height).toBeLessThanOrEqual(PHONE.viewport.height);
    const border = await box.evaluate((el) => getComputedStyle(el).borderTopColor);
    expect(border).toBe('rgb(163, 92, 0)'); // amber
    expect(await firstScreenText(page)).toContain(SCAN_WARNING_VI);
    expect(await firstScreenText(page)).not.toContain('Tem chính hãng, đang lưu hành');
    await page.close();
  });

  it('keeps the technical details in one closed "Thông tin kỹ thuật" section, each labelled', async () => {
    const stamp = urls['genuine, active']!;
    const batch = stamp.replace(/\/21\/[^/]+$/, '');
    for (const url of [stamp, batch]) {
      const page = await open(url);
      try {
        const details = page.locator('details#technical');
        expect(await details.count(), url).toBe(1);
        expect(await details.getAttribute('open'), url).toBeNull();
        expect(await details.locator('summary').innerText()).toBe('Thông tin kỹ thuật');
        const inside = (await details.textContent())!;
        for (const s of ['JWKS', 'JWS', 'Mã khóa ký', '(01)', 'Mã sản phẩm GS1 (GTIN)'])
          expect(inside, `${url}: ${s}`).toContain(s);
        // none of it shows while the section is closed
        const shown = await page.locator('main').innerText();
        for (const s of ['JWKS', 'JWS', 'seed:demo', 'KC_', '(01)', '(414)'])
          expect(shown, `${url}: ${s} shown outside the closed section`).not.toContain(s);
        expect(await page.locator('main script').count()).toBeLessThanOrEqual(url === stamp ? 1 : 0);
        await details.locator('summary').click();
        expect(await details.getAttribute('open'), url).not.toBeNull();
        expect(await details.locator('a', { hasText: 'JWKS' }).isVisible()).toBe(true);
        expect(await axeProblems(page), `${url} with the technical details open`).toEqual([]);
      } finally {
        await page.close();
      }
    }
  });

  it('says why sharing a position helps, as a secondary action, and writes coordinates the Vietnamese way', async () => {
    const page = await open(urls['genuine, active']!);
    const button = page.locator('#share-pos');
    await expect.poll(() => button.isVisible()).toBe(true);
    expect(await button.innerText()).toBe('Chia sẻ vị trí gần đúng');
    expect(await button.getAttribute('class')).toContain('secondary');
    const bg = await button.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(255, 255, 255)');
    const why = await page.locator('#share-why').innerText();
    expect(why).toContain('phát hiện hàng giả');
    expect(await page.locator('main').innerText()).toMatch(/Tọa độ: \d{1,2},\d{1,4}° [BN], \d{1,3},\d{1,4}° [ĐT]/);
    await page.close();
  });

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
