// The demo province with its drawn product pictures: the stamp, product and model pages show the
// main photo (srcset, width and height, lazy below the first screen) and carry link-preview tags;
// a stamp's preview never claims the stamp is genuine; link previewers are logged as bots and
// leave the stamp's scan count alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS, seedDemo } from '../../src/demo/seed';
import { demoStampUrls } from '../../src/demo/stamps';
import { nodePhotoCodecs } from '../../src/entry/photos-node';
import { createTestContext, type TestContext } from '../support/app';
import { decodeWebp } from './images';

const BASE = 'https://trace.example.vn';
const PHONE = {
  accept: 'text/html',
  'user-agent': 'Mozilla/5.0 (Linux; Android 13) Chrome/124.0 Mobile Safari/537.36',
};

let t: TestContext;
let genuine: string;
let seedMs: number;

const get = (path: string, headers: Record<string, string> = PHONE) =>
  t.call('GET', path.replace(BASE, ''), { headers });
const meta = (html: string, property: string) =>
  new RegExp(`<meta (?:property|name)="${property.replace(/[.:]/g, '\\$&')}" content="([^"]*)"`).exec(html)?.[1];
const imgs = (html: string) => [...html.matchAll(/<img [^>]*>/g)].map((m) => m[0]);

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000', UNKNOWN_SERIAL_RATE_LIMIT: '100000' });
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  const started = performance.now();
  const counts = await seedDemo(t.db.sql, {
    clock: () => t.clock.now,
    keyring: t.keyring,
    baseUrl: BASE,
    photos: nodePhotoCodecs(),
  });
  seedMs = performance.now() - started;
  expect(counts.photos).toBe(DEMO_PRODUCTS.length);
  genuine = (await demoStampUrls(t.db.sql)).find((u) => u.label === 'genuine, active')!.url;
}, 180_000);
afterAll(async () => {
  await t?.close();
});

describe('the demo pictures', () => {
  it('gives every demo product a main photo drawn for it, each product its own picture', async () => {
    const rows = await t.db.sql<{ hash: string; widths: number[]; preview: number[] }[]>`
      select ph.content_hash as hash, array_agg(v.width order by v.width) filter (where v.format = 'webp') as widths,
             array_agg(v.width) filter (where v.format = 'jpeg') as preview
      from product_photos ph join product_photo_variants v on v.photo_id = ph.id
      where ph.is_main group by ph.id`;
    expect(rows).toHaveLength(DEMO_PRODUCTS.length);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(DEMO_PRODUCTS.length);
    for (const r of rows) {
      expect(r.widths).toEqual([160, 320, 400]);
      expect(r.preview).toEqual([400]);
    }
    // seeding time is reported by the run (see the report), not asserted
    console.info(`demo seed with pictures: ${Math.round(seedMs)} ms`);
  });
});

describe('photos on the public pages', () => {
  it('shows the product photo at the top of a stamp page: srcset, width and height, fetched at once', async () => {
    const r = await get(genuine);
    expect(r.status).toBe(200);
    const html = await r.text();
    const img = imgs(html).find((i) => i.includes('/media/photos/'))!;
    expect(img).toMatch(/srcset="\/media\/photos\/[^"]+-160\.webp 160w, [^"]+-320\.webp 320w, [^"]+-400\.webp 400w"/);
    expect(img).toContain('sizes="112px"');
    expect(img).toContain('width="112"');
    expect(img).toContain('height="84"');
    expect(img).not.toContain('loading="lazy"');
    expect(img).toMatch(/alt="Hình minh hoạ: [^"]+"/);
    expect(html.length).toBeLessThanOrEqual(30 * 1024);
    // the picture the page names is served, and is what it says
    const src = /src="([^"]+)"/.exec(img)![1]!;
    const file = await t.app.request(src);
    expect(file.status).toBe(200);
    const px = await decodeWebp(new Uint8Array(await file.arrayBuffer()));
    expect([px.width, px.height]).toEqual([160, 120]);
  });

  it('shows it lazily on the product page and on the model page, with width and height', async () => {
    const gtin = /\/01\/(\d{14})\//.exec(genuine)![1]!;
    const product = await (await get(`/01/${gtin}`)).text();
    const img = imgs(product).find((i) => i.includes('/media/photos/'))!;
    expect(img).toContain('loading="lazy"');
    expect(img).toContain('width="320"');
    expect(img).toContain('height="240"');
    expect(img).toContain('srcset=');
    expect(product.length).toBeLessThanOrEqual(30 * 1024);
    const slug = (await t.db.sql`select slug from value_chain_models order by year_founded limit 1`)[0]!.slug;
    const model = await (await get(`/models/${slug}`)).text();
    const cards = imgs(model).filter((i) => i.includes('/media/photos/'));
    expect(cards.length).toBeGreaterThan(0);
    for (const i of cards) {
      expect(i).toContain('loading="lazy"');
      expect(i).toMatch(/width="72" height="54"/);
    }
    expect(model.length).toBeLessThanOrEqual(30 * 1024);
  });
});

describe('link previews', () => {
  it("a stamp's preview names the product, its cooperative and 'scan to check', and never says genuine", async () => {
    const html = await (await get(genuine, { 'user-agent': 'facebookexternalhit/1.1' })).text();
    const head = html.slice(0, html.indexOf('</head>'));
    const name = await t.db
      .sql`select p.name_vi from products p where p.gtin = ${/\/01\/(\d{14})\//.exec(genuine)![1]!}`;
    expect(meta(head, 'og:title')).toBe(name[0]!.nameVi);
    expect(meta(head, 'og:description')).toMatch(/Quét mã QR trên tem để kiểm tra\.$/);
    expect(meta(head, 'og:type')).toBe('product');
    expect(meta(head, 'og:locale')).toBe('vi_VN');
    expect(meta(head, 'og:url')).toBe(genuine);
    expect(meta(head, 'og:image')).toMatch(/^https:\/\/trace\.example\.vn\/media\/photos\/[^"]+-400\.jpg$/);
    expect(meta(head, 'og:image:type')).toBe('image/jpeg');
    const preview = await t.app.request(new URL(meta(head, 'og:image')!).pathname);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-type')).toBe('image/jpeg');
    const jpegBytes = new Uint8Array(await preview.arrayBuffer());
    expect([...jpegBytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(meta(head, 'og:image:width')).toBe('400');
    expect(meta(head, 'og:image:height')).toBe('300');
    expect(meta(head, 'twitter:card')).toBe('summary_large_image');
    const tags = [...head.matchAll(/<meta (?:property="og:|name="twitter:)[^>]*>/g)].join(' ');
    expect(tags).not.toMatch(/chính hãng|genuine|thật|xác thực/i);
    const en = await (await get(`${genuine}?lang=en`, { 'user-agent': 'Twitterbot/1.0' })).text();
    expect(meta(en, 'og:description')).toMatch(/Scan the QR code on the stamp to check it\.$/);
    expect(meta(en, 'og:locale')).toBe('en_US');
    expect([...en.matchAll(/<meta (?:property="og:|name="twitter:)[^>]*>/g)].join(' ')).not.toMatch(
      /genuine|authentic/i,
    );
  });

  it('product and model pages carry a preview with an absolute picture and its size', async () => {
    const gtin = /\/01\/(\d{14})\//.exec(genuine)![1]!;
    const product = await (await get(`/01/${gtin}`)).text();
    expect(meta(product, 'og:url')).toBe(`${BASE}/01/${gtin}`);
    expect(meta(product, 'og:image')).toMatch(/^https:\/\/trace\.example\.vn\/media\/photos\//);
    expect(meta(product, 'og:description')).toMatch(/^Sản phẩm của /);
    const slug = (await t.db.sql`select slug from value_chain_models order by year_founded limit 1`)[0]!.slug;
    const model = await (await get(`/models/${slug}`)).text();
    expect(meta(model, 'og:url')).toBe(`${BASE}/models/${slug}`);
    expect(meta(model, 'og:image')).toMatch(/^https:\/\/trace\.example\.vn\/media\/photos\//);
    expect(meta(model, 'og:image:width')).toBe('400');
  });

  it('escapes what a cooperative typed in the preview tags', async () => {
    const gtin = /\/01\/(\d{14})\//.exec(genuine)![1]!;
    await t.db.sql`update products set name_vi = ${'Chè "Shan" <b>tuyết</b> & co'} where gtin = ${gtin}`;
    const html = await (await get(`/01/${gtin}`)).text();
    expect(html).toContain(
      '<meta property="og:title" content="Chè &quot;Shan&quot; &lt;b&gt;tuyết&lt;/b&gt; &amp; co"',
    );
    expect(html).not.toContain('<b>tuyết</b>');
  });
});

describe('link previewers are bots', () => {
  const PREVIEWERS: Record<string, string> = {
    Zalo: 'Mozilla/5.0 (compatible; Zalo link preview; +https://zalo.me)',
    Zalobot: 'Mozilla/5.0 (compatible; ZaloBot/1.0)',
    Facebook: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    Facebot: 'Facebot',
    Messenger: 'facebookexternalhit/1.1;line/1.0',
    WhatsApp: 'WhatsApp/2.23.20.0 A',
    Telegram: 'TelegramBot (like TwitterBot)',
    Twitter: 'Twitterbot/1.0',
    Slack: 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    Discord: 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
    LinkedIn: 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
    Skype: 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
  };
  for (const [who, ua] of Object.entries(PREVIEWERS)) {
    it(`${who}'s previewer is logged as a bot and not counted on the stamp`, async () => {
      const serial = genuine.slice(-14);
      const [before] = await t.db.sql`select scan_count from stamps where serial = ${serial}`;
      const r = await get(genuine, { accept: 'text/html', 'user-agent': ua });
      expect(r.status).toBe(200);
      const [after] = await t.db.sql`select scan_count from stamps where serial = ${serial}`;
      expect(after!.scanCount).toBe(before!.scanCount);
      const [log] = await t.db.sql`
        select is_bot, user_agent_family from scans where serial = ${serial} order by id desc limit 1`;
      expect(log).toMatchObject({ isBot: true, userAgentFamily: 'bot' });
    });
  }

  it("Zalo's own in-app browser is a person: counted", async () => {
    const serial = genuine.slice(-14);
    const [before] = await t.db.sql`select scan_count from stamps where serial = ${serial}`;
    await get(genuine, {
      accept: 'text/html',
      'user-agent':
        'Mozilla/5.0 (Linux; Android 12; SM-A125F) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36 Zalo android/12100 ZaloTheme/light ZaloLanguage/vn',
    });
    const [after] = await t.db.sql`select scan_count from stamps where serial = ${serial}`;
    expect(after!.scanCount).toBe(before!.scanCount + 1);
  });
});
