// Guessing serials: every route that tells a real serial from an unknown one draws on the one
// per-network budget of UNKNOWN_SERIAL_RATE_LIMIT, and once it is spent refuses real and unknown
// serials alike, so that a 200 never confirms a guess.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { PHONE, stampedBatch, type Stamped } from '../support/stamps';

let t: TestContext;
let s: Stamped;
let network = 0;
/** A fresh client network per test, so that budgets do not leak between tests. */
const fromNetwork = () => {
  network += 1;
  return { ...PHONE, 'x-forwarded-for': `203.0.${network}.7` };
};
const unknownSerial = (i: number) => `ZZZZZZZZZZZZZ${i + 2}`;

beforeAll(async () => {
  t = await createTestContext({ UNKNOWN_SERIAL_RATE_LIMIT: '3', PUBLIC_RATE_LIMIT: '100000' });
  s = await stampedBatch(t, { activate: true });
});
afterAll(async () => {
  await t?.close();
});

const verify = (serial: string, headers: Record<string, string>) =>
  t.call('GET', `/verify/${s.gtin}/${s.lot}/${serial}`, { headers });
const stampPage = (serial: string, headers: Record<string, string>) =>
  t.call('GET', `/01/${s.gtin}/10/${s.lot}/21/${serial}`, { headers });

describe('the unknown-serial budget', () => {
  it('refuses a real serial on /verify once the budget is spent, as the stamp page does', async () => {
    const h = fromNetwork();
    expect((await verify(s.serials[0]!, h)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await verify(unknownSerial(i), h)).status).toBe(404);
    const unknown = await verify(unknownSerial(3), h);
    const real = await verify(s.serials[0]!, h);
    expect(unknown.status).toBe(429);
    expect(real.status).toBe(429);
    // refused alike: nothing in the answer tells the real serial from the guess
    expect(real.headers.get('retry-after')).toBe(unknown.headers.get('retry-after'));
    expect((await real.json()).error.code).toBe('RATE_LIMITED');
    expect((await stampPage(s.serials[0]!, h)).status).toBe(429);
    // another network is not affected
    expect((await verify(s.serials[0]!, fromNetwork())).status).toBe(200);
  });

  it('tells a shopper on the stamp page, in a page and in their language, when to try again', async () => {
    const h = fromNetwork();
    for (let i = 0; i < 3; i++) expect((await stampPage(unknownSerial(i), h)).status).toBe(404);
    const vi = await stampPage(s.serials[0]!, h);
    expect(vi.status).toBe(429);
    expect(vi.headers.get('content-type')).toMatch(/^text\/html/);
    expect(vi.headers.get('cache-control')).toBe('no-store');
    const wait = Number(vi.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    const page = await vi.text();
    expect(page).toContain('<h1>Quá nhiều lượt kiểm tra</h1>');
    expect(page).toContain(wait < 60 ? `${wait} giây` : `khoảng ${Math.ceil(wait / 60)} phút`);
    expect(page).toContain('dữ liệu di động');
    const en = await stampPage(s.serials[0]!, { ...h, 'accept-language': 'en' });
    expect(en.status).toBe(429);
    expect(await en.text()).toContain('<h1>Too many checks</h1>');
    // /verify is an API: JSON whatever the caller accepts
    const api = await verify(s.serials[0]!, h);
    expect(api.status).toBe(429);
    expect((await api.json()).error.code).toBe('RATE_LIMITED');
  });

  it('is one budget: guesses on the stamp page close /verify, and guesses on /verify close the stamp page', async () => {
    const a = fromNetwork();
    for (let i = 0; i < 3; i++) expect((await stampPage(unknownSerial(i), a)).status).toBe(404);
    expect((await verify(s.serials[1]!, a)).status).toBe(429);

    const b = fromNetwork();
    for (let i = 0; i < 3; i++) expect((await verify(unknownSerial(i), b)).status).toBe(404);
    expect((await stampPage(s.serials[1]!, b)).status).toBe(429);
  });

  it('does not record a scan or spend the budget for a refused request', async () => {
    const h = fromNetwork();
    for (let i = 0; i < 4; i++) await verify(unknownSerial(i), h);
    const [before] = await t.db.sql`select count(*)::int as n from scans where serial = ${s.serials[2]!}`;
    expect((await stampPage(s.serials[2]!, h)).status).toBe(429);
    const [after] = await t.db.sql`select count(*)::int as n from scans where serial = ${s.serials[2]!}`;
    expect(after!.n).toBe(before!.n);
  });

  it('spends the budget on a real serial put under another product, not on a lot typed in another case', async () => {
    const other = await stampedBatch(t, { activate: true });
    const h = fromNetwork();
    for (let i = 0; i < 5; i++)
      expect(
        (await t.call('GET', `/01/${s.gtin}/10/${s.lot.toLowerCase()}/21/${s.serials[3]}`, { headers: h })).status,
      ).toBe(200);
    for (let i = 0; i < 3; i++)
      expect((await t.call('GET', `/01/${other.gtin}/10/${other.lot}/21/${s.serials[3]}`, { headers: h })).status).toBe(
        404,
      );
    expect((await verify(s.serials[3]!, h)).status).toBe(429);
  });
});
