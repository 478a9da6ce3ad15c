import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { productBody } from '../support/fixtures';
import { contains, decodeWebp, jpeg, jpegWithExif, PDF, png, pngBombHeader, SVG, webp } from './images';

let t: TestContext;
let coop: { org: { id: string }; key: string };
let other: { org: { id: string }; key: string };
const products: string[] = [];

beforeAll(async () => {
  t = await createTestContext();
  coop = await t.cooperative();
  other = await t.cooperative();
  for (const gtin of ['8930000000019', '8930000000026', '8930000000033', '8930000000040']) {
    const r = await t.call('POST', '/api/v1/products', { key: coop.key, body: productBody(coop.org.id, { gtin }) });
    products.push((await r.json()).id);
  }
});
afterAll(async () => {
  await t?.close();
});

function upload(
  productId: string,
  key: string,
  bytes: Uint8Array,
  opts: { type?: string; form?: boolean; name?: string; fields?: Record<string, string>; query?: string } = {},
) {
  const type = opts.type ?? 'image/jpeg';
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  let body: BodyInit;
  if (opts.form === false) {
    headers['content-type'] = type;
    body = bytes as Uint8Array<ArrayBuffer>;
  } else {
    const f = new FormData();
    f.set('photo', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), opts.name ?? 'photo.jpg');
    for (const [k, v] of Object.entries(opts.fields ?? {})) f.set(k, v);
    body = f;
  }
  return t.app.request(`/api/v1/products/${productId}/photos${opts.query ?? ''}`, { method: 'POST', headers, body });
}

const photoCount = async () => Number((await t.db.sql`select count(*)::int as n from product_photos`)[0]!.n);
const variantCount = async () => Number((await t.db.sql`select count(*)::int as n from product_photo_variants`)[0]!.n);

describe('uploading product photos', () => {
  it('turns a JPEG into WebP files 160, 320, 640 and 1024 pixels wide, which decode to those sizes', async () => {
    const r = await upload(products[0]!, coop.key, await jpeg(1600, 1200), { fields: { altVi: 'Gói chè 100 g' } });
    expect(r.status).toBe(201);
    const p = await r.json();
    expect(p).toMatchObject({
      isMain: true,
      width: 1600,
      height: 1200,
      sourceType: 'image/jpeg',
      altVi: 'Gói chè 100 g',
    });
    expect(p.variants.map((v: { width: number; height: number }) => [v.width, v.height])).toEqual([
      [160, 120],
      [320, 240],
      [640, 480],
      [1024, 768],
    ]);
    for (const v of p.variants) {
      expect(v.url).toMatch(/^https:\/\/trace\.example\.vn\/media\/photos\/[0-9a-f-]{36}\/[0-9a-f]{16}-\d+\.webp$/);
      const file = await t.app.request(new URL(v.url).pathname);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/webp');
      const px = await decodeWebp(new Uint8Array(await file.arrayBuffer()));
      expect([px.width, px.height]).toEqual([v.width, v.height]);
    }
  });

  it('takes a PNG as the raw body and a WebP, and never makes a picture wider than the original', async () => {
    const a = await upload(products[1]!, coop.key, png(500, 250), {
      form: false,
      type: 'image/png',
      query: '?altEn=Jar',
    });
    expect(a.status).toBe(201);
    const pa = await a.json();
    expect(pa).toMatchObject({ sourceType: 'image/png', altEn: 'Jar', isMain: true });
    expect(pa.variants.map((v: { width: number }) => v.width)).toEqual([160, 320, 500]);
    const b = await upload(products[1]!, coop.key, await webp(120, 90), { type: 'image/webp', name: 'x.webp' });
    expect(b.status).toBe(201);
    const pb = await b.json();
    expect(pb.isMain).toBe(false);
    expect(pb.variants.map((v: { width: number; height: number }) => [v.width, v.height])).toEqual([[120, 90]]);
    // the product's JSON lists them, the main photo first
    const product = await (await t.call('GET', `/api/v1/products/${products[1]}`, { key: coop.key })).json();
    expect(product.photos.map((x: { id: string }) => x.id)).toEqual([pa.id, pb.id]);
  });

  it('turns a phone photo upright by its EXIF orientation and keeps none of its metadata (no GPS, no serial)', async () => {
    const bytes = await jpegWithExif(400, 300);
    expect(contains(bytes, 'SERIAL-GPS-0001')).toBe(true);
    const r = await upload(products[2]!, coop.key, bytes);
    expect(r.status).toBe(201);
    const p = await r.json();
    // orientation 6: the picture is shown turned a quarter, so it is 300 wide and 400 high
    expect([p.width, p.height]).toEqual([300, 400]);
    for (const url of [...p.variants.map((v: { url: string }) => v.url), p.preview]) {
      const file = new Uint8Array(await (await t.app.request(new URL(url).pathname)).arrayBuffer());
      expect(contains(file, 'Exif')).toBe(false);
      expect(contains(file, 'SERIAL-GPS-0001')).toBe(false);
      expect(contains(file, 'XMP')).toBe(false);
    }
    // the dark corner was top-left before the turn: it is now top-right
    const big = await decodeWebp(
      new Uint8Array(await (await t.app.request(new URL(p.variants.at(-1).url).pathname)).arrayBuffer()),
    );
    const at = (x: number, y: number) => big.data[(y * big.width + x) * 4]!;
    expect(at(big.width - 5, 5)).toBeLessThan(60);
    expect(at(5, 5)).toBeGreaterThan(100);
  });

  it('refuses a file over 8 MB with 413, and stores nothing', async () => {
    const before = await photoCount();
    const big = new Uint8Array(8 * 1024 * 1024 + 10);
    big.set(await jpeg(16, 16));
    const r = await upload(products[3]!, coop.key, big);
    expect(r.status).toBe(413);
    expect((await r.json()).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/8 MB/) });
    expect(await photoCount()).toBe(before);
  });

  it('refuses a PDF or an SVG named .jpg as disguised (415), and a text file as not a picture', async () => {
    const before = await photoCount();
    const pdf = await upload(products[3]!, coop.key, PDF, { type: 'image/jpeg', name: 'anh.jpg' });
    expect(pdf.status).toBe(415);
    const e1 = (await pdf.json()).error;
    expect(e1).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', details: { disguised: true, found: 'PDF' } });
    expect(e1.message).toMatch(/says it is image\/jpeg but it is a PDF file/);
    const svg = await upload(products[3]!, coop.key, SVG, { type: 'image/jpeg', form: false });
    expect(svg.status).toBe(415);
    expect((await svg.json()).error.details).toMatchObject({ disguised: true, found: 'SVG' });
    const txt = await upload(products[3]!, coop.key, new TextEncoder().encode('hello'), { type: 'text/plain' });
    expect(txt.status).toBe(415);
    expect(await photoCount()).toBe(before);
  });

  it('refuses a damaged file and a picture of too many pixels (read from its header, never decoded) with 422', async () => {
    const before = await photoCount();
    const good = await jpeg(200, 200);
    const broken = good.slice(0, 400);
    const r1 = await upload(products[3]!, coop.key, broken);
    expect(r1.status).toBe(422);
    expect((await r1.json()).error.message).toMatch(/damaged/);
    const junk = new Uint8Array(2000).fill(7);
    junk.set([0xff, 0xd8, 0xff, 0xe0]);
    expect((await upload(products[3]!, coop.key, junk)).status).toBe(422);
    const bomb = await upload(products[3]!, coop.key, pngBombHeader(10_000, 10_000), { type: 'image/png' });
    expect(bomb.status).toBe(422);
    const e = (await bomb.json()).error;
    expect(e.message).toMatch(/too large: 10000 × 10000 pixels/);
    expect(e.details).toMatchObject({ width: 10000, height: 10000, maxPixels: 40_000_000 });
    expect(await photoCount()).toBe(before);
    expect(await variantCount()).toBeGreaterThan(0);
  });

  it('keeps another cooperative away: its upload, list and delete find no product (404), and nothing changes', async () => {
    const before = await photoCount();
    const up = await upload(products[0]!, other.key, await jpeg(64, 64));
    expect(up.status).toBe(404);
    const list = await t.call('GET', `/api/v1/products/${products[0]}/photos`, { key: other.key });
    expect(list.status).toBe(404);
    const mine = await (await t.call('GET', `/api/v1/products/${products[0]}/photos`, { key: coop.key })).json();
    const del = await t.call('DELETE', `/api/v1/products/${products[0]}/photos/${mine.items[0].id}`, {
      key: other.key,
    });
    expect(del.status).toBe(404);
    expect(await photoCount()).toBe(before);
    // staff may add a photo to any product
    expect((await upload(products[0]!, t.keys.staff, await jpeg(64, 48))).status).toBe(201);
  });

  it('refuses the same file twice, more than six photos, and deletes one (the next becomes main)', async () => {
    const id = products[3]!;
    const first = await (await upload(id, coop.key, await jpeg(40, 30))).json();
    expect((await upload(id, coop.key, await jpeg(40, 30))).status).toBe(409);
    for (let i = 1; i < 6; i++) expect((await upload(id, coop.key, await jpeg(40 + i, 30))).status).toBe(201);
    const seventh = await upload(id, coop.key, await jpeg(60, 30));
    expect(seventh.status).toBe(409);
    expect((await seventh.json()).error.message).toMatch(/at most 6 photos/);
    const del = await t.call('DELETE', `/api/v1/products/${id}/photos/${first.id}`, { key: coop.key });
    expect(del.status).toBe(200);
    const list = (await (await t.call('GET', `/api/v1/products/${id}/photos`, { key: coop.key })).json()).items;
    expect(list).toHaveLength(5);
    expect(list[0].isMain).toBe(true);
    expect((await t.app.request(new URL(first.variants[0].url).pathname)).status).toBe(404);
    const main = await t.call('POST', `/api/v1/products/${id}/photos/${list[2].id}/main`, { key: coop.key });
    expect(main.status).toBe(200);
    expect((await main.json()).isMain).toBe(true);
  });
});

describe('serving photos', () => {
  it('answers with a year-long immutable cache, an ETag, nosniff, and 304 for a known ETag', async () => {
    const p = (await (await t.call('GET', `/api/v1/products/${products[0]}/photos`, { key: coop.key })).json())
      .items[0];
    const path = new URL(p.variants[1].url).pathname;
    const r = await t.app.request(path);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-type')).toBe('image/webp');
    const etag = r.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{16}-320"$/);
    const again = await t.app.request(path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // a URL whose hash does not match the photo, or an unknown width, is not found
    expect((await t.app.request(path.replace(/\/[0-9a-f]{16}-/, '/0000000000000000-'))).status).toBe(404);
    expect((await t.app.request(path.replace('-320.webp', '-321.webp'))).status).toBe(404);
  });
});
