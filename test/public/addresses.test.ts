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
