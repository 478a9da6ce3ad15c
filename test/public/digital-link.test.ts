// GS1 Digital Link resolver details (ISO/IEC 18975, the GS1-Conformant resolver standard): the
// linkset's one default link, ?linkType=all, and compressed Digital Link URIs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { PHONE, stampedBatch, type Stamped } from '../support/stamps';

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
