// GS1 Digital Link resolver details (ISO/IEC 18975, the GS1-Conformant resolver standard): the
// linkset's one default link, ?linkType=all, and compressed Digital Link URIs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { PHONE, stampedBatch, type Stamped } from '../support/stamps';
import { compressedStampLink } from '../support/digital-link';

let t: TestContext;
let s: Stamped;
const BASE = 'https://trace.example.vn';
const GS1 = 'https://gs1.org/voc/';
const get = (path: string, headers: Record<string, string> = PHONE) => t.call('GET', path, { headers });
const stampPath = () => `/01/${s.gtin}/10/${s.lot}/21/${s.serials[0]}`;

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000', UNKNOWN_SERIAL_RATE_LIMIT: '1000' });
  s = await stampedBatch(t, { activate: true });
});
afterAll(async () => {
  await t?.close();
});

describe('the linkset', () => {
  it('has exactly one default link, the product information page, for a product, a lot and a stamp', async () => {
    for (const path of [`/01/${s.gtin}`, `/01/${s.gtin}/10/${s.lot}`, stampPath()]) {
      const set = (await json(get(`${path}?linkType=linkset`), 200)).linkset[0];
      expect(set[`${GS1}defaultLink`], path).toEqual([
        { href: `${BASE}${path}`, title: 'Thông tin sản phẩm / Product information', type: 'text/html' },
      ]);
      expect(set[`${GS1}pip`].map((l: { href: string }) => l.href)).toContain(`${BASE}${path}`);
    }
    const r = await get(`${stampPath()}?linkType=gs1:defaultLink`);
    expect(r.status).toBe(307);
    expect(r.headers.get('location')).toBe(`${BASE}${stampPath()}`);
  });

  it('is what ?linkType=all answers, whatever the browser accepts, and no scan is recorded', async () => {
    const linkset = await get(`${stampPath()}?linkType=linkset`);
    const all = await get(`${stampPath()}?linkType=all`);
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toBe('application/linkset+json');
    expect(await all.json()).toEqual(await linkset.json());
    const [row] = await t.db.sql`select count(*)::int as n from scans where serial = ${s.serials[0]!}`;
    expect(row!.n).toBe(0);
  });
});

describe('compressed Digital Link URIs', () => {
  it('resolve like the uncompressed URI: the stamp page, its scan, its links', async () => {
    const c = await stampedBatch(t, { activate: true });
    const uncompressed = `${BASE}/01/${c.gtin}/10/${c.lot}/21/${c.serials[0]}`;
    const path = `/${compressedStampLink(c.gtin, c.lot, c.serials[0]!)}`;
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(await r.text()).toContain('Tem chính hãng, đang lưu hành');
    expect(r.headers.get('link')).toContain(`<${uncompressed}>; rel="canonical"`);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    const [row] = await t.db.sql`select scan_count from stamps where serial = ${c.serials[0]!}`;
    expect(row!.scanCount).toBe(1);
    const set = (await json(get(`${path}?linkType=linkset`), 200)).linkset[0];
    expect(set.anchor).toBe(uncompressed);
    const verify = await get(`${path}?linkType=gs1:verificationService`);
    expect(verify.status).toBe(307);
    expect(verify.headers.get('location')).toBe(`${BASE}/verify/${c.gtin}/${c.lot}/${c.serials[0]}`);
    const options = await t.call('OPTIONS', path, {
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET' },
    });
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(options.headers.get('access-control-allow-methods')).toContain('HEAD');
  });

  it('resolve GS1’s published example to this resolver’s answer for a GTIN not on record, not to “No route”', async () => {
    const r = await get('/AQnO2IRCICDKWcnpqQtCQiJABemo');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const set = await get('/ARHKVAdpQg', { accept: 'application/linkset+json' });
    expect(set.status).toBe(404);
    expect((await set.json()).error.message).toBe('No product has this GTIN');
  });

  it('answer 400 for a compressed GTIN with a wrong check digit', async () => {
    const bits = `00000001${(9780345418914).toString(2).padStart(47, '0')}`.padEnd(60, '0');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const path = `/${bits
      .match(/.{6}/g)!
      .map((b) => alphabet[Number.parseInt(b, 2)])
      .join('')}`;
    const r = await get(path, { accept: 'application/json' });
    expect(r.status).toBe(400);
    expect((await r.json()).error.message).toMatch(/check digit/);
  });

  it('leave the other routes alone', async () => {
    expect((await get('/models')).status).toBe(200);
    expect((await get('/openapi.json', { accept: 'application/json' })).status).toBe(200);
    const none = await get('/organizations', { accept: 'application/json' });
    expect(none.status).toBe(404);
    expect((await none.json()).error.message).toMatch(/No route/);
  });
});
