// End to end in a real browser: the console's whole job, through its forms, in Debian's Chromium
// (driven by playwright-core, never a downloaded browser) against the real app over HTTP with the
// demo province and its console users.
//
// 1. A cooperative operator (htx.checaobo) signs in on a phone, records a harvest; on a PC builds a
//    batch on that harvest lot, saves, reviews and seals it (signature valid); on the phone orders
//    24 stamps on the A4 3×8 template and downloads the PDF. A QR code decoded from page 1
//    (pdftoppm + zbarimg) opens a stamp page that says "not yet activated", and "genuine" once the
//    operator has activated the run.
// 2. A staff officer (canbo) runs the link checks, filters the findings to the planted
//    AREA_NOT_LINKED one, opens and acknowledges it with a note (on a phone), recalls the area of
//    the operator's harvest after seeing the impact preview, and the stamp page of step 1 shows
//    the recall within 5 s; traces the stamp back.
// 3. axe-core on every console page (no serious or critical violation), the phone pages laid out
//    within 360 px, and no request to another host.
// 4. On DevTools' "Slow 4G" profile the main pages come as one self-contained document of at most
//    60 KB of HTML and CSS (timings printed; the 1 s target is measured in bench/console-pages.ts).
// Writes the README screenshots (console-*.png) to test/e2e/screenshots/.
//
// Needs /usr/bin/chromium; the PDF → QR step also needs pdftoppm and zbarimg (see public.test.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Response as PwResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/users';
import {
  axeProblems,
  decodeQr,
  DESKTOP,
  HAVE_CHROMIUM,
  HAVE_QR_TOOLS,
  launchChromium,
  noHorizontalScroll,
  PHONE,
  renderPdfPage,
  screenshot,
  startDemoServer,
  stopDemoServer,
  type DemoServer,
} from './support';

const COOP_USER = 'htx.checaobo';
const COOP_NAME = 'HTX Chè Shan tuyết Cao Bồ';
const PRODUCT = 'Chè Shan tuyết cổ thụ Cao Bồ';
/** The operator's own area the harvest is recorded on; the staff officer recalls it in step 2. */
const AREA_CODE = 'VNL-CB-01';
const HARVEST_CODE = 'TH-E2E-261128';
const LOT_CODE = 'E2E-2611-01';
const NOTE = 'Đã gọi HTX Quế hồi Phúc Lâm, đang xác minh hợp đồng liên kết';
const RECALL = {
  reason: 'Dư lượng thuốc bảo vệ thực vật vượt ngưỡng cho phép',
  authority: 'Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản',
};
const VERDICT = {
  issued: 'Tem chính hãng nhưng chưa được kích hoạt',
  genuine: 'Tem chính hãng, đang lưu hành',
  recalled: 'Sản phẩm đang bị thu hồi',
};
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The console pages the issue names: each must have passed axe by the end (see the last test). */
const REQUIRED_PAGES = [
  'sign-in',
  'coop home',
  'staff home',
  'admin home',
  'areas',
  'area new',
  'harvest new',
  'batch new',
  'batch review',
  'print run new',
  'print run',
  'findings',
  'finding',
  'trace search',
  'trace backward',
  'trace forward',
  'recall',
  'recall preview',
  'recall view',
  'report',
  'users',
  'organizations',
  'keys',
];
const MAX_BYTES = 60 * 1024;
/** Screenshots stay small: a phone page at most 2400 CSS px tall (one image pixel each), a desktop page 1600. */
const PHONE_SHOT = { maxHeight: 2400 };
const DESKTOP_SHOT = { maxHeight: 1600 };

let s: DemoServer;
let origin: string;
let browser: Browser;
/** Every URL the browser requested, across all contexts. */
const requested: string[] = [];
/** Console pages that passed axe, by name → the address checked. */
const axed = new Map<string, string>();
type Role = 'coop' | 'staff' | 'admin';
const contexts: Record<Role, { phone?: BrowserContext; desktop?: BrowserContext }> = { coop: {}, staff: {}, admin: {} };

// What step 1 leaves for step 2.
let batchUrl = '';
let runUrl = '';
let stampUrl = '';
let recallViewUrl = '';

async function newContext(kind: 'phone' | 'desktop'): Promise<BrowserContext> {
  const ctx = await browser.newContext(kind === 'phone' ? PHONE : DESKTOP);
  ctx.on('request', (r) => requested.push(r.url()));
  return ctx;
}

/** A role's phone or desktop browser; the second one takes the session cookie of the first. */
async function ctxOf(role: Role, kind: 'phone' | 'desktop'): Promise<BrowserContext> {
  const mine = contexts[role];
  if (!mine[kind]) {
    mine[kind] = await newContext(kind);
    const other = mine[kind === 'phone' ? 'desktop' : 'phone'];
    if (other) await mine[kind]!.addCookies(await other.cookies());
  }
  return mine[kind]!;
}

async function go(page: Page, path: string): Promise<PwResponse> {
  const res = await page.goto(path.startsWith('http') ? path : origin + path, { waitUntil: 'load' });
  expect(res, path).not.toBeNull();
  expect(res!.status(), `${path}: ${(await res!.text()).slice(0, 300)}`).toBe(200);
  return res!;
}

/** axe-core finds nothing serious on the page (and, on a phone, nothing wider than 360 px). */
async function check(page: Page, name: string) {
  expect(await page.locator('html').getAttribute('lang'), name).toBe(/[?&]lang=en\b/.test(page.url()) ? 'en' : 'vi');
  expect(await axeProblems(page), `${name} (${page.url()})`).toEqual([]);
  if (page.viewportSize()?.width === PHONE.viewport.width) {
    await noHorizontalScroll(page);
    await noNarrowCells(page, name);
  }
  axed.set(name, page.url());
}

/** No table cell on the page narrower than 48 px (the phone's tables are stacked cards), none off-screen. */
async function noNarrowCells(page: Page, name: string) {
  const cells = await page.evaluate(() =>
    [...document.querySelectorAll('main td, main th')]
      .filter((c) => c.checkVisibility())
      .map((c) => {
        const r = c.getBoundingClientRect();
        return { text: (c.textContent ?? '').trim().slice(0, 40), width: r.width, right: r.right };
      }),
  );
  const narrow = cells.filter((c) => c.width < 48);
  expect(narrow, `${name}: table cells narrower than 48 px`).toEqual([]);
  const off = cells.filter((c) => c.right > PHONE.viewport.width + 1);
  expect(off, `${name}: table cells off-screen`).toEqual([]);
  cellsChecked += cells.length;
}
let cellsChecked = 0;

/** The page's visible text, spaces collapsed. */
async function text(page: Page, selector = 'main'): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, ' ');
}

/** The value of the option of a <select> whose label contains `label`. */
async function optionValue(page: Page, select: string, label: string): Promise<string> {
  const option = page.locator(`${select} option`, { hasText: label });
  expect(await option.count(), `${select} offers "${label}"`).toBe(1);
  return (await option.getAttribute('value'))!;
}

/** Signs in through the form: from a console address (redirected to sign-in and back). */
async function signIn(page: Page, username: string, path = '/console') {
  await page.goto(origin + path, { waitUntil: 'load' });
  expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  await page.fill('#f-username', username);
  await page.fill('#f-password', DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL(origin + path),
    page.getByRole('button', { name: 'Đăng nhập', exact: true }).click(),
  ]);
}

/** Clicks a button or link and waits for the page it leads to (URL matching `to`). */
async function clickTo(page: Page, target: ReturnType<Page['locator']>, to: RegExp) {
  await Promise.all([page.waitForURL(to), target.click()]);
  await page.waitForLoadState('load');
}

/** The verdict shown on a stamp page. */
const verdictOf = async (page: Page) =>
  (await page.locator('section.verdict').first().innerText()).replace(/\s+/g, ' ');

describe.skipIf(!HAVE_CHROMIUM)(
  'the console in Chromium: a cooperative and a staff officer at phone and desktop widths',
  () => {
    beforeAll(async () => {
      s = await startDemoServer({
        passwords: true,
        env: { PUBLIC_RATE_LIMIT: '100000', UNKNOWN_SERIAL_RATE_LIMIT: '100000' },
      });
      origin = s.origin;
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      for (const c of Object.values(contexts)) for (const ctx of Object.values(c)) await ctx?.close();
      await browser?.close();
      await stopDemoServer(s ?? {});
    }, 60_000);

    describe('step 1: the cooperative operator', () => {
      it('signs in on a phone and records a harvest on one of its areas', async () => {
        const phone = await (await ctxOf('coop', 'phone')).newPage();
        await phone.goto(`${origin}/console`, { waitUntil: 'load' });
        expect(phone.url()).toBe(`${origin}/console/sign-in?next=%2Fconsole`);
        expect(await phone.locator('h1').innerText()).toBe('Đăng nhập hệ thống quản lý');
        await check(phone, 'sign-in');
        await screenshot(phone, 'console-signin-phone.png', PHONE_SHOT);
        await signIn(phone, COOP_USER);

        expect(await phone.locator('h1').innerText()).toBe('Xin chào, Triệu Văn Phấn');
        const home = await text(phone);
        expect(home).toContain(COOP_NAME);
        expect(home).toContain('Sản phẩm OCOP của hợp tác xã');
        expect(home).toContain(PRODUCT);
        await check(phone, 'coop home');
        await screenshot(phone, 'console-coop-home-phone.png', PHONE_SHOT);

        await clickTo(
          phone,
          phone.locator('nav.cn').getByRole('link', { name: 'Thu hoạch', exact: true }),
          /\/console\/harvests$/,
        );
        await check(phone, 'harvests');
        await clickTo(phone, phone.getByRole('link', { name: 'Ghi một lô thu hoạch' }), /\/console\/harvests\/new$/);
        await check(phone, 'harvest new');
        expect(await phone.inputValue('#f-harvestedOn')).toBe('2026-11-28'); // today, in Vietnam
        await phone.selectOption('#f-areaId', await optionValue(phone, '#f-areaId', `(${AREA_CODE})`));
        await phone.fill('#f-quantity', '450');
        await phone.selectOption('#f-unit', 'kg');
        await phone.fill('#f-code', HARVEST_CODE);
        await phone.fill('#f-notes', 'Hái búp một tôm hai lá, đợt cuối năm');
        await screenshot(phone, 'console-harvest-new-phone.png', PHONE_SHOT);
        await clickTo(phone, phone.getByRole('button', { name: 'Lưu', exact: true }), /\/console\/harvests\?done=/);
        const list = await text(phone);
        expect(list).toContain(`Đã ghi lô thu hoạch ${HARVEST_CODE}.`);
        expect(await phone.locator('tr', { hasText: HARVEST_CODE }).innerText()).toMatch(/450 kg/);
        // the next step: a batch from this harvest lot
        expect(
          await phone.getByRole('link', { name: /Tạo lô sản xuất từ lô thu hoạch này/ }).getAttribute('href'),
        ).toMatch(new RegExp(`^/console/batches/new\\?harvestLotId=${UUID}$`));
        await check(phone, 'harvests (after recording)');
        await phone.close();
      }, 180_000);

      it('builds a batch on that harvest lot on a PC, reviews it and seals it: the signature is valid', async () => {
        const pc = await (await ctxOf('coop', 'desktop')).newPage();
        await go(pc, '/console');
        await clickTo(
          pc,
          pc.locator('nav.cn').getByRole('link', { name: 'Lô sản xuất', exact: true }),
          /\/console\/batches$/,
        );
        await check(pc, 'batches');
        await clickTo(pc, pc.getByRole('link', { name: 'Tạo lô sản xuất' }), /\/console\/batches\/new$/);
        // the product first (a GET step): the form then lists only its cooperative's harvest lots
        expect(await pc.locator('input[name^="use."]').count()).toBe(0);
        await pc.selectOption('#f-productId', await optionValue(pc, '#f-productId', PRODUCT));
        await clickTo(
          pc,
          pc.getByRole('button', { name: 'Tiếp tục', exact: true }),
          /\/console\/batches\/new\?productId=/,
        );
        await check(pc, 'batch new');
        expect(await text(pc)).toContain(PRODUCT);
        await pc.fill('#f-lotCode', LOT_CODE);
        expect(await pc.inputValue('#f-productionDate')).toBe('2026-11-28');
        await pc.fill('#f-packingDate', '2026-11-28');
        await pc.fill('#f-quantity', '100');
        expect(await pc.isChecked('input[name="carriesOcop"]')).toBe(true);
        // the harvest lot just recorded, offered with what remains of it
        const row = pc.locator('tr', { hasText: HARVEST_CODE });
        expect(await row.innerText()).toContain('450 kg');
        await row.locator('input[name^="use."]').fill('450');
        // the optional sections are folded away until opened
        await pc.locator('summary', { hasText: 'Kết quả kiểm nghiệm' }).click();
        await pc.locator('summary', { hasText: 'Quá trình sản xuất' }).click();
        await pc.fill('[name="testResults.0.name"]', 'Độ ẩm');
        await pc.fill('[name="testResults.0.value"]', '4,8');
        await pc.fill('[name="testResults.0.unit"]', '%');
        await pc.fill('[name="testResults.0.lab"]', 'Trung tâm Kiểm nghiệm tỉnh Sơn Lâm');
        await pc.fill('[name="testResults.0.date"]', '2026-11-28');
        await pc.selectOption('[name="events.0.type"]', 'processing');
        await pc.fill('[name="events.0.occurredAt"]', '2026-11-28T07:30');
        await pc.fill('[name="events.0.details"]', 'Diệt men, vò, sấy khô');
        await pc.selectOption('[name="events.1.type"]', 'packing');
        await pc.fill('[name="events.1.occurredAt"]', '2026-11-28T09:00');
        await pc.fill('[name="events.1.details"]', 'Đóng túi 100 g');
        await screenshot(pc, 'console-batch-new-desktop.png', DESKTOP_SHOT);
        await clickTo(
          pc,
          pc.getByRole('button', { name: 'Lưu bản nháp' }).last(),
          new RegExp(`/console/batches/${UUID}\\?done=created$`),
        );
        batchUrl = pc.url().split('?')[0]!;

        // the review page: the draft as saved
        expect(await pc.locator('h1').innerText()).toBe(`${PRODUCT} · Lô ${LOT_CODE}`);
        const review = await text(pc);
        expect(review).toContain('Bản nháp');
        expect(review).toContain(HARVEST_CODE);
        expect(review).toContain('Độ ẩm');
        expect(review).toContain('Diệt men, vò, sấy khô');
        await check(pc, 'batch review');

        // sealing asks first: what cannot be undone, a Hủy, then the red button
        await clickTo(
          pc,
          pc.getByRole('button', { name: 'Niêm phong và ký số', exact: true }),
          new RegExp(`/console/batches/${UUID}/seal\\??$`),
        );
        expect(await text(pc)).toContain('Không thể hoàn tác');
        expect(await pc.getByRole('link', { name: 'Hủy', exact: true }).getAttribute('href')).toBe(
          new URL(batchUrl).pathname,
        );
        await check(pc, 'batch seal confirm');
        await clickTo(pc, pc.getByRole('button', { name: 'Niêm phong và ký số ngay' }), /\?done=sealed$/);
        expect(await text(pc)).toContain('Đã niêm phong lô và ký số hồ sơ.');
        const sig = pc.locator('section.verdict');
        expect(await sig.innerText()).toContain('Hợp lệ: hồ sơ đã ký khớp với dữ liệu hiện tại');
        // the public page of the batch, one click away
        expect(await pc.getByRole('link', { name: /Mở trang công khai của lô/ }).getAttribute('href')).toMatch(
          new RegExp(`^/01/\\d{14}/10/${LOT_CODE}$`),
        );
        await check(pc, 'batch sealed');
        await screenshot(pc, 'console-batch-sealed-desktop.png', DESKTOP_SHOT);
        await pc.close();
      }, 180_000);

      it('orders 24 stamps on A4 3×8 on the phone, downloads the PDF, and a QR code from it says genuine once the run is activated', async () => {
        const phone = await (await ctxOf('coop', 'phone')).newPage();
        await go(phone, batchUrl);
        await clickTo(
          phone,
          phone.getByRole('link', { name: 'Đặt in tem cho lô này', exact: true }),
          /\/console\/print-runs\/new\?batchId=/,
        );
        const batch = phone.locator('#f-batchId option:checked');
        expect(await batch.innerText()).toContain(LOT_CODE);
        await phone.check('#tpl-a4-3x8');
        expect(await phone.locator('label[for="tpl-a4-3x8"]').innerText()).toContain('24 tem mỗi tờ');
        await phone.fill('#f-count', '24');
        await phone.fill('#f-note', 'Đợt in đầu tiên');
        await check(phone, 'print run new');
        await screenshot(phone, 'console-print-run-new-phone.png', PHONE_SHOT);
        await clickTo(
          phone,
          phone.getByRole('button', { name: 'Đặt in', exact: true }),
          new RegExp(`/console/print-runs/${UUID}\\?done=created$`),
        );
        runUrl = phone.url().split('?')[0]!;
        const run = await text(phone);
        expect(run).toContain('Đã tạo đợt in.');
        expect(run).toContain('Tem số 1–24');
        await check(phone, 'print run');

        // the PDF, as the browser downloads it
        const [download] = await Promise.all([
          phone.waitForEvent('download'),
          phone.getByRole('link', { name: 'Tải tệp PDF để in', exact: true }).click(),
        ]);
        const dir = mkdtempSync(join(tmpdir(), 'ocop-e2e-console-'));
        try {
          const pdf = join(dir, 'sheet.pdf');
          await download.saveAs(pdf);
          expect(download.suggestedFilename()).toMatch(/\.pdf$/);
          expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
          if (HAVE_QR_TOOLS) {
            // page 1 as printed, read the way a phone camera would: stamp URIs of this run on this server
            renderPdfPage(pdf, join(dir, 'page'));
            const uris = decodeQr(join(dir, 'page.png'));
            expect(uris.length, 'QR codes found on page 1').toBeGreaterThan(0);
            const pattern = new RegExp(
              `^${origin.replace(/[.]/g, '\\.')}/01/\\d{14}/10/${LOT_CODE}/21/[2-9A-HJKMNP-Z]{14}$`,
            );
            for (const u of uris) expect(u).toMatch(pattern);
            stampUrl = uris[0]!;
          } else {
            // without pdftoppm and zbarimg: the first serial listed, at the address its QR code carries
            const gtin = /GTIN (\d{14})/.exec(run)![1]!;
            stampUrl = `${origin}/01/${gtin}/10/${LOT_CODE}/21/${await phone.locator('main table code').first().innerText()}`;
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        // a serial of this run, listed on its page
        const serial = stampUrl.split('/').at(-1)!;
        expect(await phone.locator('code', { hasText: serial }).count()).toBe(1);

        // before activation: genuine but not activated
        const stamp = await (await ctxOf('coop', 'phone')).newPage();
        await go(stamp, stampUrl);
        expect(await verdictOf(stamp)).toContain(VERDICT.issued);

        // activate the whole run on the PC
        const pc = await (await ctxOf('coop', 'desktop')).newPage();
        await go(pc, runUrl);
        await clickTo(pc, pc.getByRole('button', { name: 'Kích hoạt tem', exact: true }), /\?done=activated&n=24$/);
        expect(await text(pc)).toContain('Đã kích hoạt 24 tem.');
        await check(pc, 'print run activated');

        await stamp.reload({ waitUntil: 'load' });
        expect(await verdictOf(stamp)).toContain(VERDICT.genuine);
        expect(await stamp.locator('main').innerText()).toContain(LOT_CODE);
        await Promise.all([stamp.close(), pc.close(), phone.close()]);
      }, 180_000);
    });

    describe('step 2: the staff officer', () => {
      let findingUrl = '';

      it('signs in, runs the checks, finds the planted AREA_NOT_LINKED finding with the filters and acknowledges it with a note', async () => {
        const pc = await (await ctxOf('staff', 'desktop')).newPage();
        await signIn(pc, 'canbo');
        expect(await pc.locator('h1').innerText()).toBe('Xin chào, Nguyễn Văn Thành');
        expect(await text(pc)).toContain('Bất thường cần xử lý');
        expect(await text(pc)).toContain('Kiểm tra liên kết chưa chạy lần nào');
        await check(pc, 'staff home');

        await clickTo(
          pc,
          pc.locator('nav.cn').getByRole('link', { name: 'Bất thường cần xử lý', exact: true }),
          /\/console\/findings$/,
        );
        // the run goes on in the background; its page reloads itself (meta refresh) until the result
        await clickTo(
          pc,
          pc.getByRole('button', { name: 'Chạy kiểm tra ngay' }),
          new RegExp(`/console/findings/runs/${UUID}$`),
        );
        await pc.getByRole('heading', { name: 'Kết quả kiểm tra liên kết' }).waitFor({ timeout: 60_000 });
        expect(await text(pc)).toMatch(/Đã chạy kiểm tra: \d+ bất thường/);
        await check(pc, 'link-check run result');
        await clickTo(
          pc,
          pc.getByRole('link', { name: 'Xem các bất thường cần xử lý', exact: true }),
          /\/console\/findings$/,
        );
        await check(pc, 'findings');
        await pc.selectOption('#f-rule', 'AREA_NOT_LINKED');
        await clickTo(
          pc,
          pc.getByRole('button', { name: 'Lọc', exact: true }),
          /\/console\/findings\?.*rule=AREA_NOT_LINKED/,
        );
        const list = await text(pc);
        expect(list).toContain('Hiển thị 1 bất thường.');
        expect(list).toContain('TGCL-261020');
        await check(pc, 'findings (filtered)');
        await screenshot(pc, 'console-findings-desktop.png', DESKTOP_SHOT);
        await clickTo(pc, pc.locator('ul.fl a').first(), new RegExp(`/console/findings/${UUID}$`));
        findingUrl = pc.url();
        expect(await text(pc)).toContain('TGCL-261020');
        await check(pc, 'finding');
        await pc.close();

        // on the phone, the officer acknowledges it with a note
        const phone = await (await ctxOf('staff', 'phone')).newPage();
        await go(phone, findingUrl);
        const finding = await text(phone);
        expect(finding).toContain('TGCL-261020');
        expect(finding).toContain('VNL-PL-02');
        await check(phone, 'finding (phone)');
        await phone.fill('#f-acknowledge-note', NOTE);
        await clickTo(phone, phone.getByRole('button', { name: 'Ghi nhận (đang xử lý)' }), /\?done=acknowledged$/);
        const after = await text(phone);
        expect(after).toContain('Đã ghi nhận bất thường.');
        expect(after).toContain(NOTE);
        expect(after).toContain('Nguyễn Văn Thành');
        expect(after).not.toContain('staff:canbo');
        expect(await phone.locator('.tag').first().innerText()).toBe('Đã ghi nhận');
        await check(phone, 'finding acknowledged');
        await screenshot(phone, 'console-finding-phone.png', PHONE_SHOT);
        await phone.close();
      }, 180_000);

      it("recalls the area of the operator's harvest after seeing the impact, and the stamp page shows the recall within 5 s", async () => {
        expect(stampUrl, 'step 1 left a stamp').not.toBe('');
        const pc = await (await ctxOf('staff', 'desktop')).newPage();
        await go(pc, '/console');
        await clickTo(
          pc,
          pc.locator('nav.cn').getByRole('link', { name: 'Thu hồi', exact: true }),
          /\/console\/recall$/,
        );
        await check(pc, 'recall');
        await pc.check('input[name="kind"][value="area"]');
        await pc.selectOption('#f-areaId', await optionValue(pc, '#f-areaId', `${AREA_CODE} —`));
        await pc.fill('#f-reason', RECALL.reason);
        await pc.fill('#f-authority', RECALL.authority);
        expect(await pc.inputValue('#f-recalledOn')).toBe('2026-11-28');
        await Promise.all([
          pc.waitForURL(/\/console\/recall\/preview$/),
          pc.getByRole('button', { name: 'Xem trước phạm vi thu hồi' }).click(),
        ]);
        expect(await pc.locator('h1').innerText()).toBe('Bước 2: Kiểm tra phạm vi trước khi xác nhận');

        // the impact, before anything is recalled
        const figures = (await pc.locator('ul.mfig li b').allInnerTexts()).map((x) => Number(x.replace(/\./g, '')));
        expect(figures).toHaveLength(6);
        const [batches, , printRuns, stamps, , buyers] = figures as [number, number, number, number, number, number];
        expect(batches).toBeGreaterThan(0);
        expect(printRuns).toBeGreaterThan(0);
        expect(stamps).toBeGreaterThanOrEqual(24);
        const preview = await text(pc);
        expect(preview).toContain(AREA_CODE);
        expect(preview).toContain(RECALL.reason);
        expect(await pc.locator('tr', { hasText: LOT_CODE }).innerText()).toContain('sẽ thu hồi');
        expect(preview).toContain('Không thể hoàn tác');
        // the buyers it would notify: as many rows as the figure says, or the words that there are none
        expect(preview).toContain('Doanh nghiệp mua sẽ nhận thông báo thu hồi');
        if (buyers)
          expect(await pc.locator('section', { hasText: 'Doanh nghiệp mua sẽ nhận' }).locator('tbody tr').count()).toBe(
            buyers,
          );
        else expect(preview).toContain('Chưa ghi nhận doanh nghiệp nào mua hàng của các lô này.');
        expect(await pc.getByRole('link', { name: 'Hủy, không thu hồi' }).getAttribute('href')).toBe('/console/recall');
        await check(pc, 'recall preview');
        await screenshot(pc, 'console-recall-preview-desktop.png', DESKTOP_SHOT);
        const stamp = await (await ctxOf('staff', 'phone')).newPage();
        await go(stamp, stampUrl);
        expect(await verdictOf(stamp), 'a preview recalls nothing').toContain(VERDICT.genuine);

        await clickTo(
          pc,
          pc.getByRole('button', { name: `Xác nhận thu hồi ${batches} lô sản xuất` }),
          /\/console\/recall\/view\?.*done=recalled/,
        );
        expect(await text(pc)).toContain(`Đã thu hồi ${batches} lô sản xuất`);
        await check(pc, 'recall view');
        recallViewUrl = pc.url();
        const confirmed = Date.now();

        for (;;) {
          await stamp.reload({ waitUntil: 'load' });
          if ((await verdictOf(stamp)).includes(VERDICT.recalled)) break;
          if (Date.now() - confirmed > 5000)
            throw new Error(`the stamp page did not show the recall within 5 s: ${await verdictOf(stamp)}`);
          await stamp.waitForTimeout(250);
        }
        expect(Date.now() - confirmed).toBeLessThanOrEqual(5000);
        expect(await stamp.locator('main').innerText()).toContain(RECALL.reason);
        await Promise.all([stamp.close(), pc.close()]);
      }, 180_000);

      it('traces the stamp back to the harvest lot and area, and the area forward', async () => {
        const pc = await (await ctxOf('staff', 'desktop')).newPage();
        await go(pc, '/console');
        await clickTo(
          pc,
          pc.locator('nav.cn').getByRole('link', { name: 'Truy xuất', exact: true }),
          /\/console\/trace$/,
        );
        await check(pc, 'trace search');
        await pc.fill('#f-q', stampUrl);
        await clickTo(
          pc,
          pc.locator('form', { has: pc.locator('#f-q') }).getByRole('button'),
          /\/console\/trace\/backward\?q=/,
        );
        const back = await text(pc);
        for (const s of [stampUrl.split('/').at(-1)!, LOT_CODE, HARVEST_CODE, AREA_CODE, COOP_NAME])
          expect(back).toContain(s);
        await check(pc, 'trace backward');
        await screenshot(pc, 'console-trace-desktop.png', DESKTOP_SHOT);

        await go(pc, '/console/trace');
        await pc.selectOption(
          'form[action="/console/trace/forward"] select[name="areaId"]',
          await optionValue(pc, 'form[action="/console/trace/forward"] select[name="areaId"]', AREA_CODE),
        );
        await clickTo(
          pc,
          pc.locator('form[action="/console/trace/forward"]').getByRole('button'),
          /\/console\/trace\/forward\?/,
        );
        expect(await text(pc)).toContain(LOT_CODE);
        await check(pc, 'trace forward');

        await clickTo(
          pc,
          pc.locator('nav.cn').getByRole('link', { name: 'Báo cáo', exact: true }),
          /\/console\/report$/,
        );
        await check(pc, 'report');
        await pc.close();
      }, 180_000);
    });

    describe('every console page', () => {
      /** Opens each page, checks it with axe (and its width on a phone). */
      async function sweep(page: Page, pages: [name: string, path: string][]) {
        for (const [name, path] of pages) {
          await go(page, path);
          await check(page, name);
        }
      }
      /** The console addresses of the links on the current page matching `pattern`. */
      async function links(page: Page, pattern: RegExp): Promise<string[]> {
        const hrefs = await page
          .locator('main a[href]')
          .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
        return [...new Set(hrefs.filter((h) => pattern.test(h)))];
      }

      it('passes axe on the cooperative pages not on the flows, at phone width', async () => {
        const phone = await (await ctxOf('coop', 'phone')).newPage();
        await go(phone, '/console/areas');
        await check(phone, 'areas');
        const [area] = await links(phone, new RegExp(`^/console/areas/${UUID}$`));
        const [contract] = await links(phone, new RegExp(`^/console/contracts/${UUID}$`));
        expect(area && contract).toBeTruthy();
        await go(phone, '/console/batches?status=draft');
        const [draft] = await links(phone, new RegExp(`^/console/batches/${UUID}$`));
        await go(phone, '/console/batches/new');
        const productId = await optionValue(phone, '#f-productId', PRODUCT);
        await go(phone, '/console/products');
        const [photos] = await links(phone, new RegExp(`^/console/products/${UUID}$`));
        expect(photos).toBeTruthy();
        await sweep(phone, [
          ['area new', '/console/areas/new'],
          ['area', area!],
          ['area edit', `${area}/edit`],
          ['contract new', '/console/contracts/new'],
          ['contract', contract!],
          ['harvests', '/console/harvests'],
          ['batches', '/console/batches'],
          ['batch new (phone)', '/console/batches/new'],
          ['batch new with a product (phone)', `/console/batches/new?productId=${productId}`],
          ['harvest new (phone)', '/console/harvests/new'],
          ['print runs', '/console/print-runs'],
          ['print run new (phone)', '/console/print-runs/new'],
          ['account', '/console/account/password'],
          ['product photos', '/console/products'],
          ['product photos of one product (phone)', photos!],
          ...(draft
            ? ([
                ['batch draft', draft],
                ['batch edit', `${draft}/edit`],
                ['batch seal confirm (phone)', `${draft}/seal`],
              ] as [string, string][])
            : []),
          ['batch sealed (phone)', batchUrl],
          ['print run (phone)', runUrl],
          [
            'void confirm (phone)',
            `${runUrl}/void?fromSerial=23&toSerial=24&reason=${encodeURIComponent('Tờ bị kẹt')}`,
          ],
          ['coop home (English)', '/console?lang=en'],
          ['coop home', '/console?lang=vi'],
        ]);
        await phone.close();
      }, 180_000);

      it('passes axe on the staff pages at phone width', async () => {
        const phone = await (await ctxOf('staff', 'phone')).newPage();
        await sweep(phone, [
          ['staff home (phone)', '/console'],
          ['contracts (phone)', '/console/contracts'],
          ['findings (phone)', '/console/findings?view=all'],
          ['trace search (phone)', '/console/trace'],
          ['recall (phone)', '/console/recall'],
          ['report (phone)', '/console/report'],
          ['account (staff)', '/console/account/password'],
          ['trace backward (phone)', `/console/trace/backward?q=${encodeURIComponent(stampUrl)}`],
          ['recall view (phone)', recallViewUrl],
        ]);
        // a link-check run's page while it runs (a row as a run in progress writes it: the demo's
        // own run is over in a blink), then the same run failed
        const [run] = await s.t.db.sql<{ id: string }[]>`
          insert into link_check_runs (scope, actor, rules_total, rules_done, current_rule, found, rules)
          values ('{"kind":"all"}', 'staff:canbo', 14, 2, 'CERTIFICATION_NOT_HELD', 3,
                  '[{"code":"AREA_NOT_LINKED","found":1,"ms":12},{"code":"CONTRACT_NOT_CONFIRMED","found":2,"ms":8}]')
          returning id`;
        // checked without its reload (which could cut axe short): the same HTML, meta refresh taken out
        const progress = await (await phone.request.get(`${s.origin}/console/findings/runs/${run!.id}`)).text();
        expect(progress).toContain('<meta http-equiv="refresh" content="2"/>');
        expect(progress).toContain('Đã xong 2/14 quy tắc');
        await phone.setContent(progress.replace(/<meta http-equiv="refresh"[^>]*>/, ''));
        expect(await axeProblems(phone), 'link-check run in progress (phone)').toEqual([]);
        await noHorizontalScroll(phone);
        await s.t.db.sql`
          update link_check_runs set status = 'failed', error = 'division by zero', finished_at = now()
           where id = ${run!.id}`;
        await sweep(phone, [['link-check run failed (phone)', `/console/findings/runs/${run!.id}`]]);
        // the report's figures are on screen, and red is explained in words
        await go(phone, '/console/report');
        const firstFigure = await phone.locator('main table tbody tr').first().boundingBox();
        expect(firstFigure!.x).toBeGreaterThanOrEqual(0);
        expect(firstFigure!.x + firstFigure!.width).toBeLessThanOrEqual(PHONE.viewport.width);
        expect(await text(phone)).toContain('Số màu đỏ, có dấu ✗: chưa đạt chỉ tiêu');
        // the trace forward page and the recall preview, reached through their forms
        await go(phone, '/console/trace');
        const areaSelect = 'form[action="/console/trace/forward"] select[name="areaId"]';
        await phone.selectOption(areaSelect, await optionValue(phone, areaSelect, AREA_CODE));
        await clickTo(
          phone,
          phone.locator('form[action="/console/trace/forward"]').getByRole('button'),
          /\/console\/trace\/forward\?/,
        );
        await check(phone, 'trace forward (phone)');
        await go(phone, '/console/recall');
        await phone.check('input[name="kind"][value="area"]');
        await phone.selectOption('#f-areaId', await optionValue(phone, '#f-areaId', `${AREA_CODE} —`));
        await phone.fill('#f-reason', RECALL.reason);
        await phone.fill('#f-authority', RECALL.authority);
        await Promise.all([
          phone.waitForURL(/\/console\/recall\/preview$/),
          phone.getByRole('button', { name: 'Xem trước phạm vi thu hồi' }).click(),
        ]);
        await check(phone, 'recall preview (phone)');
        await phone.close();
      }, 180_000);

      it('passes axe on the admin pages (users, organizations, keys)', async () => {
        const phone = await (await ctxOf('admin', 'phone')).newPage();
        await signIn(phone, 'admin');
        await check(phone, 'admin home');
        await go(phone, '/console/users');
        await check(phone, 'users');
        const [user] = await links(phone, new RegExp(`^/console/users/${UUID}$`));
        await go(phone, '/console/organizations');
        await check(phone, 'organizations');
        const [org] = await links(phone, new RegExp(`^/console/organizations/${UUID}$`));
        expect(user && org).toBeTruthy();
        await sweep(phone, [
          ['user', user!],
          ['user new', '/console/users/new'],
          ['organization', org!],
          ['organization new', '/console/organizations/new'],
          ['keys', '/console/keys'],
          ['key new', '/console/keys/new'],
        ]);
        await phone.close();
        const pc = await (await ctxOf('admin', 'desktop')).newPage();
        await sweep(pc, [
          ['keys (desktop)', '/console/keys'],
          ['users (desktop)', '/console/users'],
          ['organizations (desktop)', '/console/organizations'],
        ]);
        await pc.close();
      }, 180_000);

      it('has checked every page the issue names', () => {
        expect(REQUIRED_PAGES.filter((p) => !axed.has(p))).toEqual([]);
        expect(cellsChecked, 'table cells measured at phone width').toBeGreaterThan(100);
        console.log(
          `axe-core, no serious or critical violation on ${axed.size} console pages:\n  ${[...axed.keys()].join(', ')}`,
        );
      });
    });

    it('loads the main pages as one self-contained document on a Slow 4G connection, each at most 60 KB of HTML and CSS', async () => {
      // DevTools' "Slow 4G" preset (Chromium's network emulation): 562.5 ms latency,
      // 1.44 Mbps down = 180000 bytes/s, 675 kbps up = 84375 bytes/s.
      const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: 180_000, uploadThroughput: 84_375 };
      const pages: [Role, string, string][] = [
        ['coop', 'coop home', '/console'],
        ['coop', 'batch new', '/console/batches/new'],
        ['coop', 'print run new', '/console/print-runs/new'],
        ['coop', 'batch (sealed)', batchUrl],
        ['coop', 'print run', runUrl],
        ['staff', 'staff home', '/console'],
        ['staff', 'findings', '/console/findings'],
        ['staff', 'trace search', '/console/trace'],
        ['staff', 'trace backward', `/console/trace/backward?q=${encodeURIComponent(stampUrl)}`],
        ['staff', 'report', '/console/report'],
        ['admin', 'admin home', '/console'],
      ];
      const rows: { page: string; ms: number; wall: number; html: number; css: number }[] = [];
      for (const [role, name, path] of pages) {
        const page = await (await ctxOf(role, 'desktop')).newPage();
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
        const css: Promise<number>[] = [];
        page.on('response', (r) => {
          if (r.request().resourceType() === 'stylesheet') css.push(r.body().then((b) => b.length));
        });
        const start = Date.now();
        const res = await page.goto(path.startsWith('http') ? path : origin + path, { waitUntil: 'load' });
        const wall = Date.now() - start;
        expect(res!.status(), name).toBe(200);
        expect(new URL(page.url()).pathname, name).not.toBe('/console/sign-in');
        const html = (await res!.body()).length;
        const cssBytes = (await Promise.all(css)).reduce((a, b) => a + b, 0);
        const ms = await page.evaluate(
          () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
        );
        rows.push({ page: name, ms: Math.round(ms), wall, html, css: cssBytes });
        await cdp.detach();
        await page.close();
      }
      console.log(
        'Console pages on Slow 4G (562.5 ms, 1.44 Mbps down, 675 kbps up), navigation to load:\n' +
          rows
            .map(
              (r) =>
                `  ${r.page.padEnd(16)} ${String(r.ms).padStart(5)} ms (goto ${r.wall} ms)  ${(r.html / 1024).toFixed(1)} KB HTML${r.css ? ` + ${(r.css / 1024).toFixed(1)} KB CSS` : ' (CSS inline)'}`,
            )
            .join('\n'),
      );
      for (const r of rows) {
        // the emulation was on: no page can come faster than one round trip
        expect(r.ms, `${r.page} throttled`).toBeGreaterThanOrEqual(562);
        // The 1 s target is measured in bench/console-pages.ts (median of several loads): a timed
        // assertion here would fail on a loaded machine without telling anything about the pages.
        expect(r.html + r.css, `${r.page} bytes`).toBeLessThanOrEqual(MAX_BYTES);
      }
    }, 180_000);

    it('never requested anything from another host', () => {
      expect(requested.length).toBeGreaterThan(50);
      const foreign = requested.filter((u) => !u.startsWith(`${origin}/`));
      expect(foreign).toEqual([]);
    });
  },
);
