// The public value-chain model pages on the seeded demo province: /models and /models/{slug} in
// Vietnamese and English, the SVG diagram, live figures checked against SQL and by hand, the
// page weight budget, no third-party resources, and escaping of every database text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStampScans } from '../../src/db/scans-store';
import { DEMO_AREAS, DEMO_MODELS, DEMO_PRODUCTS, seedDemo } from '../../src/demo/seed';
import { getModelDetail, getModelFigures } from '../../src/db/model-figures-store';
import { insertOrganization } from '../../src/db/organizations-store';
import { insertArea } from '../../src/db/areas-store';
import { insertProduct } from '../../src/db/products-store';
import { insertModel } from '../../src/db/models-store';
import { chainDiagramData, wrapText } from '../../src/pages/model-diagram';
import { vietnamCalendar } from '../../src/domain/calendar';
import { formatNumber, type Lang } from '../../src/pages/i18n';
import { createTestContext, type TestContext } from '../support/app';
import { organizationRow } from '../support/fixtures';

const NOW = new Date('2026-11-28T03:00:00Z');
const BASE = 'https://trace.example.vn';
let t: TestContext;

/** Worked out by hand from the demo tables (areas, DEMO_SUPPLY runs, DEMO_RUNS print runs, the one recall). */
const HAND: Record<
  string,
  { households: number; hectares: number; sealed: number; printed: number; scanned: number; recalls: number }
> = {
  // CB-01..04: 46+31+22+19 households, 38.6+24.2+17.5+12.8 ha; CST, HTS, BTS × 2 runs sealed (CST-261120 is a draft);
  // runs CST-260410 48 + CST-260918 24 + HTS-260918 65 stamps. Scanned: the demo scans stage scans
  // every active stamp at a position ≡ 1 (mod 4) — CST-260410 1,5…45 (12), HTS-260918 1,5,9,13,29…65
  // (14; 17–25 are void) — and the first three un-activated CST-260918 stamps (3); plus CST-260410
  // position 2 inserted below: 30
  'che-shan-tuyet-cao-bo': { households: 118, hectares: 93.1, sealed: 6, printed: 137, scanned: 30, recalls: 0 },
  // NS-01, NS-02: 38+25, 21.7+14.9; MDNS, TBDR × 2; MDNS-260410 65 + MDNS-260918 24; MDNS-260918 recalled
  // scanned: MDNS-260410 positions 1,5…65 (17) + MDNS-260918 1,5…21 (6)
  'mien-dong-na-son': { households: 63, hectares: 36.6, sealed: 4, printed: 89, scanned: 23, recalls: 1 },
  // LM-01, LM-02: 24+18, 120+95; MOBH (v1 superseded, v2 sealed) + MOBH-260918, PHBH × 2; MOBH-260410 30
  // scanned: MOBH-260410 positions 1,5…29 (8; position 1 also inserted below)
  'mat-ong-bac-ha-lung-may': { households: 42, hectares: 215, sealed: 4, printed: 30, scanned: 8, recalls: 0 },
  // TS-03, TS-04: 35+27, 32.4+26.1; CS, NCC × 2 and the planted CS-261025; CS-260918 20 and the
  // planted run of CS-260410 with the lapsed stars 20
  // scanned: CS-260918 positions 1,5,9,13,17 (5)
  'cam-sanh-thuong-son': { households: 62, hectares: 58.5, sealed: 5, printed: 40, scanned: 5, recalls: 0 },
};

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await t.app.request(path, { headers });
  return { res, html: await res.text() };
}

/** Strict XML well-formedness of a fragment: balanced, matching tags, quoted unique attributes, valid entities. */
function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z][\w:-]*)((?:\s+[^\s=/>]+="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
  for (let m = token.exec(xml); m; m = token.exec(xml)) {
    if (m[0] === '<') {
      problems.push(`stray < at ${m.index}: ${xml.slice(m.index, m.index + 40)}`);
      continue;
    }
    if (m[0] === '&') {
      problems.push(`bare & at ${m.index}`);
      continue;
    }
    const [, closing, name, attrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
      continue;
    }
    const names = [...(attrs ?? '').matchAll(/\s+([^\s=]+)=/g)].map((a) => a[1]);
    if (new Set(names).size !== names.length) problems.push(`duplicate attribute on <${name}>`);
    if (!selfClosing) stack.push(name!);
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(' ')}`);
  return problems;
}

const svgOf = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/)?.[0] ?? '';
const figuresOf = (html: string) =>
  [
    ...(html.match(/<ul class="mfig">([\s\S]*?)<\/ul>/)?.[1] ?? '').matchAll(/<li[^>]*><b>([^<]*)<\/b>([^<]*)<\/li>/g),
  ].map((x) => [x[1], x[2]]);
const decode = (s: string) =>
  s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

async function sqlCounts(slug: string) {
  const [row] = await t.db.sql<
    { households: number; hectares: number; sealed: number; printed: number; scanned: number; recalls: number }[]
  >`
    select
      (select coalesce(sum(a.households), 0)::int from raw_material_areas a
         join model_areas ma on ma.area_id = a.id join value_chain_models m on m.id = ma.model_id where m.slug = ${slug}) as households,
      (select coalesce(sum(a.area_ha), 0)::float8 from raw_material_areas a
         join model_areas ma on ma.area_id = a.id join value_chain_models m on m.id = ma.model_id where m.slug = ${slug}) as hectares,
      (select count(*)::int from batches b join model_products mp on mp.product_id = b.product_id
         join value_chain_models m on m.id = mp.model_id
         where m.slug = ${slug} and b.status = 'sealed'
           and b.sealed_at >= '2026-01-01T00:00:00+07:00' and b.sealed_at < '2027-01-01T00:00:00+07:00') as sealed,
      (select count(*)::int from stamps s join print_runs r on r.id = s.print_run_id join batches b on b.id = r.batch_id
         join model_products mp on mp.product_id = b.product_id join value_chain_models m on m.id = mp.model_id
         where m.slug = ${slug}) as printed,
      (select count(distinct sc.serial)::int from scans sc join stamps s on s.serial = sc.serial
         join print_runs r on r.id = s.print_run_id join batches b on b.id = r.batch_id
         join model_products mp on mp.product_id = b.product_id join value_chain_models m on m.id = mp.model_id
         where m.slug = ${slug} and not sc.is_bot and sc.known) as scanned,
      (select count(*)::int from batch_recalls x join batches b on b.id = x.batch_id
         join model_products mp on mp.product_id = b.product_id join value_chain_models m on m.id = mp.model_id
         where m.slug = ${slug} and x.lifted_at is null) as recalls`;
  return row!;
}

// through the statement the stamp page uses, which logs the scan and counts it on its stamp
async function scan(serial: string, gtin: string, opts: { bot?: boolean } = {}) {
  await recordStampScans(t.db.sql, [
    {
      serial,
      gtin,
      lot: null,
      clientHash: 'h',
      userAgentFamily: 'Chrome Mobile',
      language: 'vi',
      isBot: opts.bot ?? false,
      at: NOW,
    },
  ]);
}

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_BASE_URL: BASE });
  t.clock.now = NOW;
  await seedDemo(t.db.sql, { clock: () => NOW, keyring: t.keyring, baseUrl: BASE });
  // scans: two stamps of the tea run counted (one of them twice), a bot-only one and an unknown serial not counted;
  // one honey stamp counted
  const stampsOf = (lot: string) => t.db.sql<{ serial: string; gtin: string }[]>`
    select s.serial, r.gtin from stamps s join print_runs r on r.id = s.print_run_id where r.lot_code = ${lot} order by s.position limit 3`;
  const [a, b, c] = await stampsOf('CST-260410');
  await scan(a!.serial, a!.gtin);
  await scan(a!.serial, a!.gtin);
  await scan(b!.serial, b!.gtin);
  await scan(c!.serial, c!.gtin, { bot: true });
  await scan('2345678ABCDEFG', a!.gtin); // not on record: logged as unknown
  const [h] = await stampsOf('MOBH-260410');
  await scan(h!.serial, h!.gtin);
});
afterAll(async () => {
  await t?.close();
});

describe('/models', () => {
  it('lists the four demo models with year, lead cooperative, counts and links', async () => {
    const { res, html } = await get('/models');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="vi">');
    expect(html.match(/<li class="card">/g)).toHaveLength(4);
    for (const m of DEMO_MODELS) {
      expect(html).toContain(`href="/models/${m.slug}"`);
      expect(html).toContain(m.name);
      expect(html).toContain(`Thành lập ${m.yearFounded}`);
    }
    expect(html).toContain('HTX Chè Shan tuyết Cao Bồ');
    expect(html).toContain('<b>4</b> Vùng nguyên liệu');
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(30 * 1024);
  });

  it('answers in English on ?lang=en or an English browser, with a switch back', async () => {
    const { html } = await get('/models?lang=en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('OCOP value-chain models');
    expect(html).toContain('href="/models/che-shan-tuyet-cao-bo?lang=en"');
    expect(html).toContain('href="/models?lang=vi"');
    const browser = await get('/models', { 'accept-language': 'en-US,en;q=0.9' });
    expect(browser.html).toContain('<html lang="en">');
    expect(browser.res.headers.get('vary')).toMatch(/accept-language/i);
  });
});

describe('/models/{slug}', () => {
  for (const m of DEMO_MODELS) {
    for (const lang of ['vi', 'en'] as Lang[]) {
      it(`renders ${m.slug} in ${lang}: areas, products, diagram, figures`, async () => {
        const { res, html } = await get(`/models/${m.slug}?lang=${lang}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('public, max-age=60');
        expect(res.headers.get('content-language')).toBe(lang);
        expect(html).toContain(`<html lang="${lang}">`);
        expect(html).toContain(`href="/models/${m.slug}?lang=${lang === 'vi' ? 'en' : 'vi'}"`);
        expect(html).toContain(m.name);

        // areas: name, commune, hectares, crops, certifications, coordinates with an OSM link
        for (const code of m.areas) {
          const a = DEMO_AREAS.find((x) => x.code === code)!;
          expect(html).toContain(`<h3>${lang === 'en' ? '<span lang="vi">' : ''}${a.name}`);
          expect(html).toContain(a.commune);
          expect(html).toContain(`${formatNumber(lang, a.areaHa)} ha`);
          for (const crop of a.crops) expect(html).toContain(crop);
          for (const c of a.certifications) expect(html).toContain(c.number);
        }
        // coordinates in the page's number format, with hemispheres: never "22.5, 105.1" on a Vietnamese page
        expect(html).toMatch(
          lang === 'vi' ? /\d{2},\d{1,4}° B, \d{3},\d{1,4}° Đ/ : /\d{2}\.\d{1,4}° N, \d{3}\.\d{1,4}° E/,
        );
        if (lang === 'vi') expect(html).not.toMatch(/<dd>\d{2}\.\d+, \d{3}\.\d+ ·/);
        const osm = [...html.matchAll(/href="(https:\/\/www\.openstreetmap\.org\/[^"]+)"/g)].map((x) => decode(x[1]!));
        expect(osm).toHaveLength(m.areas.length);
        for (const u of osm)
          expect(u).toMatch(
            /^https:\/\/www\.openstreetmap\.org\/\?mlat=2\d\.\d+&mlon=10\d\.\d+#map=14\/2\d\.\d+\/10\d\.\d+$/,
          );

        // products: name in the page language, link to the Digital Link page, stars or "no valid rating"
        for (const key of m.products) {
          const p = DEMO_PRODUCTS.find((x) => x.key === key)!;
          expect(html).toContain(`href="/01/0${p.gtin13}?lang=${lang}"`);
          expect(html).toContain(lang === 'en' ? p.nameEn : p.nameVi);
        }

        // the diagram: well-formed, labelled, one box per linked party, every area and product in it
        const svg = svgOf(html);
        expect(xmlProblems(svg)).toEqual([]);
        expect(svg).toMatch(/^<svg class="mdg" viewBox="0 0 320 \d+"/);
        expect(svg).toContain('role="img"');
        expect(svg).toMatch(/aria-label="[^"]{40,}"/);
        expect(svg).toMatch(/^<svg[^>]*><title>[^<]{40,}<\/title>/);
        expect(svg).not.toContain('xmlns');
        const detail = (await getModelDetail(t.db.sql, m.slug, '2026-11-28'))!;
        const data = chainDiagramData(detail, lang);
        const boxes = data.columns.reduce((n, c) => n + c.length, 0);
        expect(svg.match(/<rect /g)).toHaveLength(boxes);
        expect(svg.match(/<path d="M[\d.]+ [\d.]+C/g)).toHaveLength(data.edges.length);
        for (const code of m.areas) expect(svg).toContain(`<title>${DEMO_AREAS.find((x) => x.code === code)!.name} — `);

        // figures: the page, the store, independent SQL and the hand count agree
        const hand = HAND[m.slug]!;
        const sql = await sqlCounts(m.slug);
        expect(sql).toEqual(hand);
        const figures = await getModelFigures(t.db.sql, detail.id, vietnamCalendar(NOW));
        expect(figures).toEqual({
          households: hand.households,
          hectares: hand.hectares,
          batchesSealed: hand.sealed,
          stampsPrinted: hand.printed,
          stampsScanned: hand.scanned,
          openRecalls: hand.recalls,
        });
        const n = (x: number, d = 0) => formatNumber(lang, x, d);
        expect(figuresOf(html).map((f) => f[0])).toEqual([
          n(hand.households),
          `${n(hand.hectares, 1)} ha`,
          n(hand.sealed),
          n(hand.printed),
          n(hand.scanned),
          n(hand.recalls),
        ]);
        expect(html).toContain(lang === 'vi' ? 'niêm phong năm 2026' : 'sealed in 2026');

        // budget and hygiene
        expect(Buffer.byteLength(html)).toBeLessThanOrEqual(30 * 1024);
        expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|@font-face/i);
        const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((x) => x[0]);
        for (const u of urls)
          expect(u.startsWith('https://www.openstreetmap.org/') || u.startsWith(`${BASE}/`), u).toBe(true);
      });
    }
  }

  it('links every box of the demo diagrams to the chain', async () => {
    for (const m of DEMO_MODELS) {
      const data = chainDiagramData((await getModelDetail(t.db.sql, m.slug, '2026-11-28'))!, 'vi');
      const linked = new Set(data.edges.flat());
      for (const col of data.columns)
        for (const node of col) expect(linked.has(node.key), `${m.slug} ${node.label}`).toBe(true);
      expect(data.columns.every((c) => c.length > 0)).toBe(true);
    }
  });

  it('shows stars of the rating in force, "no valid rating" otherwise, and marks expired certifications', async () => {
    const tea = (await get('/models/che-shan-tuyet-cao-bo')).html;
    expect(tea).toContain('★★★★★</span> 5 sao OCOP'); // Hồng trà: central 5★ of 2024-12-20
    expect(tea).toContain('★★★★</span> 4 sao OCOP'); // Chè cổ thụ: provincial 4★ of 2024-10-18
    expect(tea).toContain('QCT-ORG-21-0417, hiệu lực đến 31/08/2024 <strong>(đã hết hạn)</strong>');
    expect(tea).not.toContain('QCT-ORG-24-0952, hiệu lực đến 31/08/2027 <strong>');
    const orange = (await get('/models/cam-sanh-thuong-son?lang=en')).html;
    expect(orange.match(/No valid OCOP rating/g)).toHaveLength(2); // orange rating expired, juice never rated
    expect(orange).toContain('(expired)');
    const noodles = (await get('/models/mien-dong-na-son')).html;
    expect(noodles).toContain('<li class="bad"><b>1</b>Lệnh thu hồi còn hiệu lực</li>');
  });

  it('counts only the batches sealed in the current year of the injected clock', async () => {
    t.clock.now = new Date('2027-03-01T03:00:00Z');
    try {
      const { html } = await get('/models/che-shan-tuyet-cao-bo?lang=en');
      expect(html).toContain('<b>0</b>Batches sealed in 2027');
      expect(html).toContain('<b>137</b>Trace stamps printed');
    } finally {
      t.clock.now = NOW;
    }
  });

  it('answers 404 in the same layout for an unknown or malformed slug', async () => {
    // the demo's cinnamon model is still being planned: not public yet
    for (const path of [
      '/models/khong-co-mo-hinh-nay',
      '/models/Bad_Slug',
      `/models/${'a'.repeat(90)}`,
      '/models/que-hoi-phuc-lam',
    ]) {
      const { res, html } = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).toContain('<html lang="vi">');
      expect(html).toContain('Không tìm thấy');
      expect(html).toContain('href="/models"');
    }
    const en = await get('/models/nope', { 'accept-language': 'en' });
    expect(en.res.status).toBe(404);
    expect(en.html).toContain('There is no value-chain model at this address.');
    const slash = await t.app.request('/models/?lang=en');
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/models?lang=en');
  });
});

describe('wrapping', () => {
  it('wraps long names onto at most four lines and cuts the rest with an ellipsis', () => {
    expect(wrapText('Cam sành')).toEqual(['Cam sành']);
    expect(wrapText('Vùng chè Shan tuyết cổ thụ thôn Lùng Tao').join(' ')).toBe(
      'Vùng chè Shan tuyết cổ thụ thôn Lùng Tao',
    );
    const long = wrapText('Chi hội nông dân nghề nghiệp chè Shan tuyết Cao Bồ và các vùng phụ cận của huyện Vân Sơn');
    expect(long).toHaveLength(4);
    expect(long[3]!.endsWith('…')).toBe(true);
    expect(wrapText('Supercalifragilisticexpialidocious').length).toBeGreaterThan(1);
  });
});

describe('escaping', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const ATTR = '"><img src=x onerror=alert(1)>';
  const EVIL = `${SCRIPT} ${ATTR}`;

  it('escapes model, organization, area and product texts everywhere', async () => {
    const org = await insertOrganization(
      t.db.sql,
      organizationRow({
        kind: 'cooperative',
        name: `HTX ${EVIL}`,
        registrationCode: 'XSS-1',
        province: `Tỉnh ${EVIL}`,
      }),
    );
    const area = await insertArea(t.db.sql, {
      code: 'XSS-01',
      name: `Vùng ${EVIL}`,
      operatorId: org.id,
      province: `Tỉnh ${EVIL}`,
      commune: `Xã ${EVIL}`,
      location: { type: 'Point', coordinates: [105.1, 22.5] },
      areaHa: 1.5,
      crops: [EVIL],
      households: 3,
      plantingAreaCode: SCRIPT,
      certifications: [{ scheme: 'other', number: EVIL, issuer: EVIL, validFrom: '2025-01-01', validTo: '2027-01-01' }],
    });
    const product = await insertProduct(t.db.sql, {
      gtin: '08930000000019',
      nameVi: `Sản phẩm ${EVIL}`,
      nameEn: `Product ${EVIL}`,
      ocopGroup: 1,
      ocopSubgroup: null,
      ownerId: org.id,
      shelfLifeDays: null,
      standards: [],
      imageUrl: 'https://evil.example/x.png',
      listings: [{ channel: EVIL, url: 'https://evil.example/shop' }],
    });
    const own = await insertProduct(t.db.sql, {
      gtin: '08930000000026',
      nameVi: 'Sản phẩm có ảnh',
      nameEn: null,
      ocopGroup: 1,
      ocopSubgroup: null,
      ownerId: org.id,
      shelfLifeDays: null,
      standards: [],
      imageUrl: `${BASE}/images/anh.jpg`,
      listings: [],
    });
    await t.db.sql`insert into ocop_ratings (product_id, stars, decision_number, issuing_level, decision_date)
                   values (${product.id}, 3, ${EVIL}, 'province', '2025-01-01')`;
    await insertModel(t.db.sql, {
      slug: 'xss-test',
      name: `Mô hình ${EVIL}`,
      yearFounded: 2025,
      description: EVIL,
      leadCooperativeId: org.id,
      status: 'suspended',
      members: [
        { organizationId: org.id, role: 'producer' },
        { organizationId: org.id, role: 'buyer' },
      ],
      areaIds: [area.id],
      productIds: [product.id, own.id],
    });

    for (const path of ['/models/xss-test', '/models/xss-test?lang=en', '/models']) {
      const { res, html } = await get(path);
      expect(res.status).toBe(200);
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<img[^>]*src=x/i);
      expect(html).not.toContain('"><img src=x');
      // no event-handler attribute on any element (escaped text inside a quoted value is inert)
      const attrs = [...html.matchAll(/<[a-z][\w-]*((?:\s+[^\s=>/]+(?:=(?:"[^"]*"|[^\s">]*))?)*)\s*\/?>/gi)].flatMap(
        (tag) =>
          tag[1]!
            .replace(/=(?:"[^"]*"|[^\s">]*)/g, '')
            .trim()
            .split(/\s+/)
            .filter(Boolean)
            .map((a) => a.toLowerCase()),
      );
      expect(attrs.length).toBeGreaterThan(20);
      expect(attrs.filter((a) => a.startsWith('on'))).toEqual([]);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      expect(html).not.toContain('evil.example');
      if (path !== '/models') expect(xmlProblems(svgOf(html))).toEqual([]);
    }
    const { html } = await get('/models/xss-test');
    // only the site's own image is shown, lazily and with its size
    expect(html).toMatch(/<img class="mimg" src="\/images\/anh\.jpg" alt="" width="72" height="72" loading="lazy"/);
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).toContain('Tạm dừng');
  });
});
