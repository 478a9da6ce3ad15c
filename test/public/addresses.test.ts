// How the resolver reads the address of a stamp: lot codes with reserved characters, a lot typed
// in another case, and a real serial put under another product's address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { PHONE, stampedBatch } from '../support/stamps';

let t: TestContext;
const BASE = 'https://trace.example.vn';
const get = (path: string, headers: Record<string, string> = PHONE) => t.call('GET', path, { headers });
const local = (url: string) => url.replace(BASE, '');

beforeAll(async () => {
  t = await createTestContext({ PUBLIC_RATE_LIMIT: '100000', UNKNOWN_SERIAL_RATE_LIMIT: '1000' });
});
afterAll(async () => {
  await t?.close();
});

describe('a lot code with a slash', () => {
  it('is verified through the linkset’s verification link', async () => {
    const s = await stampedBatch(t, { lotCode: 'L/9UGB', activate: true });
    const stamp = `/01/${s.gtin}/10/L%2F9UGB/21/${s.serials[0]}`;
    expect((await get(stamp)).status).toBe(200);
    const linkset = await json(get(`${stamp}?linkType=linkset`), 200);
    const href: string = linkset.linkset[0]['https://gs1.org/voc/verificationService'][0].href;
    expect(href).toBe(`${BASE}/verify/${s.gtin}/L%2F9UGB/${s.serials[0]}`);
    const answer = await json(get(local(href), { accept: 'application/json' }), 200);
    expect(answer).toMatchObject({ lot: 'L/9UGB', serial: s.serials[0], verdict: 'genuine', genuine: true });
    expect(answer.page).toBe(`${BASE}${stamp}`);
  });
});

describe('a lot typed in another case', () => {
  it('answers with the stamp, counts the scan, and names the canonical URI in a Link header', async () => {
    const s = await stampedBatch(t, { activate: true });
    const canonical = `${BASE}/01/${s.gtin}/10/${s.lot}/21/${s.serials[0]}`;
    const r = await get(`/01/${s.gtin}/10/${s.lot.toLowerCase()}/21/${s.serials[0]}`);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('Tem chính hãng, đang lưu hành');
    expect(html).toContain('Tem này đã được quét 1 lần');
    // the page shows and reports the lot as printed
    expect(html).toContain(`name="lot" value="${s.lot}"`);
    expect(r.headers.get('link')).toContain(`<${canonical}>; rel="canonical"`);
    expect(r.headers.get('link')).toContain(`<${canonical}?linkType=linkset>; rel="linkset"`);
    const rows = await t.db.sql`select known from scans where serial = ${s.serials[0]!}`;
    expect(rows.map((x) => x.known)).toEqual([true]);
    // and so does the authenticity check
    const v = await json(get(`/verify/${s.gtin}/${s.lot.toLowerCase()}/${s.serials[0]}`), 200);
    expect(v).toMatchObject({ verdict: 'genuine', genuine: true, lot: s.lot, page: canonical });
  });
});

describe('a real serial under another product’s address', () => {
  it('is its own verdict, on the page and in /verify, and is not counted on the stamp', async () => {
    const a = await stampedBatch(t, { activate: true });
    const b = await stampedBatch(t, { activate: true });
    const path = `/01/${b.gtin}/10/${b.lot}/21/${a.serials[0]}`;
    const r = await get(path);
    expect(r.status).toBe(404);
    const html = await r.text();
    expect(html).toContain('Tem không thuộc về sản phẩm này');
    expect(html).toContain('rất có thể tem đã bị sao chép');
    expect(html).not.toContain('Không tìm thấy — có thể là hàng giả');
    // nothing of the stamp's own batch is shown
    expect(html).not.toContain(a.lot);
    expect(await (await get(`${path}?lang=en`)).text()).toContain('This stamp does not belong to this product');
    const [stamp] = await t.db.sql`select scan_count from stamps where serial = ${a.serials[0]!}`;
    expect(stamp!.scanCount).toBe(0);
    const [log] = await t.db.sql`select known, gtin, lot_code from scans where serial = ${a.serials[0]!}`;
    expect(log).toEqual({ known: false, gtin: b.gtin, lotCode: b.lot });

    const v = await get(`/verify/${b.gtin}/${b.lot}/${a.serials[0]}`, { accept: 'application/json' });
    expect(v.status).toBe(404);
    expect(await v.json()).toMatchObject({ verdict: 'other_product', genuine: false, scanCount: null });
  });

  it('covers another lot of the same product, short of a difference of case', async () => {
    const s = await stampedBatch(t, { activate: true });
    const r = await get(`/01/${s.gtin}/10/OTHER-LOT/21/${s.serials[0]}`);
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('Tem không thuộc về sản phẩm này');
  });

  it('is shown even when the address names a GTIN that is not on record', async () => {
    const s = await stampedBatch(t, { activate: true });
    const r = await get(`/01/08930000000019/10/X1/21/${s.serials[0]}`);
    expect(r.status).toBe(404);
    expect(await r.text()).toContain('Tem không thuộc về sản phẩm này');
  });
});
