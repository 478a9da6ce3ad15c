// What the stamp, batch and product pages offer beside each verdict, over plain HTTP on the demo
// province: shop links and the green signature mark only for a stamp the page vouches for, the
// scan warning inside the verdict, the first screen's order (verdict, product, producer, dates, the
// jump to the report form), technical details only in one closed section, and Vietnamese numbers,
// dates, units and words. The same rules are checked in Chromium at 360×740 in test/e2e/public.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { demoStampUrls } from '../../src/demo/stamps';
import { vouchesFor } from '../../src/domain/stamp-verdict';
import { createTestContext, type TestContext } from '../support/app';

const BASE = 'https://trace.example.vn';
const PHONE = {
  accept: 'text/html',
  'user-agent': 'Mozilla/5.0 (Linux; Android 13) Chrome/124.0 Mobile Safari/537.36',
};

const PHOTO = 'https://shop.example.vn/anh/che-shan.jpg';
let t: TestContext;
let pages: Record<string, string>;

const get = async (url: string, headers: Record<string, string> = PHONE) => {
  const r = await t.call('GET', url.replace(BASE, ''), { headers });
  return r.text();
};

/** The HTML before the technical section: what shows while it is closed. */
const beforeTechnical = (html: string) => html.slice(0, html.indexOf('<details class="tech"'));
/** Visible text, roughly: tags, hidden inputs and URLs in attributes dropped. */
const text = (html: string) =>
  html
    .replace(/<style[\s\S]*?<\/style>|<script[\s\S]*?<\/script>|<head>[\s\S]*?<\/head>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000', UNKNOWN_SERIAL_RATE_LIMIT: '100000' });
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  await seedDemo(t.db.sql, { clock: () => t.clock.now, keyring: t.keyring, baseUrl: BASE });
  const urls = await demoStampUrls(t.db.sql);
  // the genuine stamp's product gets a photo (the demo's have none), before any page is cached
  const gtin = /\/01\/(\d{14})\//.exec(urls.find((u) => u.label === 'genuine, active')!.url)![1]!;
  await t.db.sql`update products set image_url = ${PHOTO} where gtin = ${gtin}`;
  pages = {};
  for (const u of urls) pages[u.label] = await get(u.url);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const NOT_VOUCHED = [
  'scanned too often',
  'not yet activated',
  'void (cancelled)',
  'recalled batch',
  'unknown serial',
  'mistyped serial',
  'on another product',
];

describe('what a stamp page offers beside its verdict', () => {
  it('vouches only for a genuine stamp that is not scanned too often', () => {
    expect(vouchesFor('genuine', false)).toBe(true);
    expect(vouchesFor('genuine', true)).toBe(false);
    for (const v of ['not_activated', 'void', 'recalled', 'unknown', 'mistyped', 'other_product'] as const) {
      expect(vouchesFor(v, false), v).toBe(false);
      expect(vouchesFor(v, true), v).toBe(false);
    }
  });

  it('offers the shops and a green "✔ Hợp lệ" beside the signature of a genuine stamp', () => {
    const html = pages['genuine, active']!;
    expect(html).toContain('<h2 id="h-shops">Mua trực tuyến</h2>');
    expect(html).toMatch(/<a href="https:\/\/[^"]+" rel="noopener nofollow">/);
    expect(html).toContain('<b class="badge ok">✔ Hợp lệ</b>');
  });

  it('offers no shop link and no green mark for recalled, void, unknown, not activated, copied or warned stamps', () => {
    for (const label of NOT_VOUCHED) {
      const html = pages[label]!;
      expect(html, label).not.toContain('Mua trực tuyến');
      expect(html, label).not.toContain('rel="noopener nofollow"');
      expect(html, label).not.toContain('badge ok');
      expect(text(html), label).not.toContain('✔');
    }
  });

  it('says what the signature proves, apart from whether the stamp can be trusted', () => {
    for (const label of ['genuine, active', 'recalled batch', 'void (cancelled)']) {
      const sig = pages[label]!.slice(pages[label]!.indexOf('id="signature"'));
      expect(sig, label).toContain('chưa bị sửa đổi kể từ đó');
      expect(sig, label).toContain('không cho biết con tem bạn đang cầm có đáng tin hay không');
    }
  });

  it('makes the scan warning the verdict: amber, in words, before the product, and not the green box', () => {
    const html = pages['scanned too often']!;
    const verdict = /<section class="verdict (\w+)"[^>]*>([\s\S]*?)<\/section>/.exec(html)!;
    expect(verdict[1]).toBe('warn');
    expect(verdict[2]).toContain('Cảnh báo: tem này đã được quét nhiều lần');
    expect(verdict[2]).not.toContain('Tem chính hãng');
    expect(html.indexOf('Cảnh báo')).toBeLessThan(html.indexOf('<h1'));
    expect(html).not.toContain('class="verdict ok"');
  });
});

describe('the first screen of a stamp page', () => {
  it('comes in order: verdict, product name, stars, producer, dates, the jump to the report form; then the rest', () => {
    for (const [label, html] of Object.entries(pages)) {
      const at = (s: string) => html.indexOf(s);
      const verdict = at('class="verdict');
      const h1 = at('<h1');
      const producer = at('<dt>Nhà sản xuất</dt>');
      const jump = at('href="#report"');
      const firstSection = html.indexOf('<h2', h1);
      expect(verdict, label).toBeGreaterThan(0);
      expect(h1, label).toBeGreaterThan(verdict);
      expect(producer, label).toBeGreaterThan(h1);
      expect(jump, label).toBeGreaterThan(producer);
      expect(firstSection, label).toBeGreaterThan(jump);
      expect(html, label).toContain('id="report"');
      expect(html, label).not.toContain('id="h-product"'); // no "Sản phẩm" card repeating the heading
      if (!['unknown serial', 'mistyped serial', 'on another product'].includes(label)) {
        expect(at('<dt>Ngày sản xuất</dt>'), label).toBeGreaterThan(h1);
        expect(at('<dt>Hạn sử dụng</dt>'), label).toBeLessThan(jump);
        expect(html.slice(producer, jump), label).toMatch(/<dd>\d{2}\/\d{2}\/\d{4}<\/dd>/);
      }
      if (label === 'genuine, active') expect(html.slice(h1, jump)).toMatch(/class="stars"[\s\S]*OCOP \d sao/);
      if (label === 'genuine, active') {
        const photo = at(`<img class="thumb" src="${PHOTO}"`);
        expect(photo).toBeGreaterThan(verdict);
        expect(photo).toBeLessThan(jump);
      }
    }
  });

  it('keeps the technical details in one closed "Thông tin kỹ thuật" section, each labelled', () => {
    for (const [label, html] of Object.entries(pages)) {
      expect(html.match(/<details class="tech"/g)?.length, label).toBe(1);
      expect(html, label).toMatch(/<details class="tech" id="technical"><summary>Thông tin kỹ thuật<\/summary>/);
      const shown = text(beforeTechnical(html));
      for (const s of ['seed:demo', 'KC_', '(01)', '(414)', 'Mã khóa'])
        expect(shown, `${label}: ${s}`).not.toContain(s);
      // As words: a random serial on the page may hold the letters (e.g. SS8W4HGAQJWSNG).
      for (const word of [/\bJWS\b/, /\bJWKS\b/]) expect(shown, `${label}: ${word}`).not.toMatch(word);
    }
    const tech = pages['genuine, active']!.slice(pages['genuine, active']!.indexOf('<details class="tech"'));
    expect(tech).toContain('Mã khóa ký (định danh khóa công khai dùng để ký hồ sơ)');
    expect(tech).toContain('Danh sách khóa công khai để kiểm tra chữ ký (JWKS)');
    expect(tech).toContain('Hồ sơ đã ký, dạng máy đọc (JWS)');
    expect(tech).toContain('Mã GS1 của các bước sản xuất (mã sản phẩm · mã địa điểm)');
    expect(tech).toMatch(/<code>\(01\)\d{14}/);
    expect(tech).toContain('<dt>Tài khoản đã ký hồ sơ (trong hệ thống)</dt>');
  });

  it('says why sharing a position helps, behind a secondary button, hidden without the script', () => {
    const html = pages['genuine, active']!;
    expect(html).toMatch(
      /<div class="share" hidden><p id="share-why">[^<]*phát hiện hàng giả[^<]*<\/p><button type="button" class="secondary" id="share-pos"/,
    );
    expect(html).toContain('>Chia sẻ vị trí gần đúng</button>');
  });
});

describe('Vietnamese on the public pages', () => {
  const BANNED = ['lô hàng', 'lô sản phẩm', 'Mã lô', 'sê-ri', 'Organic', 'hạn dùng', 'nghi hàng giả', 'litre', 'piece'];

  it('writes dates dd/mm/yyyy, coordinates with comma decimals and hemispheres, and the glossary words', async () => {
    const batches = await t.db.sql<{ gtin: string; lot: string }[]>`
      select distinct p.gtin, b.lot_code as lot from batches b join products p on p.id = b.product_id
      where b.status <> 'draft'`;
    expect(batches.length).toBeGreaterThan(3);
    const all = [
      ...Object.entries(pages),
      ...(await Promise.all(
        batches.map(async (b) => [`batch ${b.lot}`, await get(`/01/${b.gtin}/10/${b.lot}`)] as const),
      )),
      ...(await Promise.all(batches.map(async (b) => [`product ${b.gtin}`, await get(`/01/${b.gtin}`)] as const))),
    ];
    for (const [label, html] of all) {
      const shown = text(beforeTechnical(html));
      expect(shown, label).not.toMatch(/\b\d{4}-\d{2}-\d{2}\b/);
      for (const w of BANNED) expect(shown.toLowerCase(), `${label}: ${w}`).not.toContain(w.toLowerCase());
      if (html.includes('id="h-areas"'))
        expect(shown, label).toMatch(/Tọa độ: \d{1,2},\d{1,4}° [BN], \d{1,3},\d{1,4}° [ĐT]/);
    }
  });

  it('names units in Vietnamese', async () => {
    const [litre] = await t.db.sql<{ gtin: string; lot: string }[]>`
      select p.gtin, b.lot_code as lot from batches b join products p on p.id = b.product_id
      where b.status <> 'draft' and b.unit = 'litre' limit 1`;
    expect(litre).toBeDefined();
    const html = await get(`/01/${litre!.gtin}/10/${litre!.lot}`);
    expect(html).toMatch(/<dd>[\d.,]+ lít<\/dd>/);
  });
});

describe('the batch page', () => {
  it('offers no shop link for a recalled lot, and the shops for one that is not', async () => {
    const [recalled] = await t.db.sql<{ gtin: string; lot: string }[]>`
      select p.gtin, b.lot_code as lot from batch_recalls x join batches b on b.id = x.batch_id
        join products p on p.id = b.product_id
      where x.lifted_at is null limit 1`;
    expect(recalled).toBeDefined();
    const html = await get(`/01/${recalled!.gtin}/10/${recalled!.lot}`);
    expect(html).toContain('Sản phẩm đang bị thu hồi');
    expect(html).not.toContain('Mua trực tuyến');
    expect(html).not.toContain('badge ok');

    const genuine = /\/01\/\d{14}\/10\/[^/]+/.exec(
      (await demoStampUrls(t.db.sql)).find((u) => u.label === 'genuine, active')!.url,
    )![0];
    const ok = await get(genuine);
    expect(ok).toContain('Mua trực tuyến');
    expect(ok).toContain('<details class="tech" id="technical">');
  });
});
