// Two instances on one database behind a round-robin balancer: the limits that must hold for the
// whole service hold across them (counted in PostgreSQL), and what one instance changes reaches
// the other's pages within the promised 5 seconds (each instance's caches run on a clock the test
// moves, so the promise is checked step by step without waiting for it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleBrowser } from '../support/app';
import { json, producerChain } from '../support/chain';
import { PHONE } from '../support/stamps';
import { get, type Instance, type TwoInstances, twoInstances } from './support';

const UNKNOWN_LIMIT = 4;
let x: TwoInstances;
let network = 0;
/** A fresh client network per test, so that budgets do not leak between tests. */
const fromNetwork = () => {
  network += 1;
  return { ...PHONE, 'x-forwarded-for': `203.0.${network}.9` };
};
const unknownSerial = (i: number) => `ZZZZZZZZZZZZ${String.fromCharCode(65 + (i % 8))}${(i % 7) + 2}`;

beforeAll(async () => {
  x = await twoInstances({
    UNKNOWN_SERIAL_RATE_LIMIT: String(UNKNOWN_LIMIT),
    REPORT_RATE_LIMIT: '2',
    PUBLIC_RATE_LIMIT: '100000',
  });
});
afterAll(async () => {
  await x?.close();
});

/** A sealed batch with an active print run, made through the API; the chain is kept for corrections. */
async function activeBatch() {
  const { t } = x;
  const c = await producerChain(t);
  const lot = await c.harvest(100);
  const body = c.batchBody([{ harvestLotId: lot.id, quantity: 40 }]);
  const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body }), 201);
  await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
  const run = await json(
    t.call('POST', '/api/v1/print-runs', {
      key: c.coop.key,
      body: { batchId: draft.id, count: 3, templateId: 'a4-3x8' },
    }),
    201,
  );
  await json(t.call('POST', `/api/v1/print-runs/${run.id}/activate`, { key: c.coop.key, body: {} }), 200);
  const csv = await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key })).text();
  const serials = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[1]!);
  return { c, lot, body, batchId: draft.id as string, gtin: c.product.gtin as string, lotCode: body.lotCode, serials };
}
type Active = Awaited<ReturnType<typeof activeBatch>>;

const stampPath = (s: Active, serial = s.serials[0]!) => `/01/${s.gtin}/10/${s.lotCode}/21/${serial}`;
const pageOn = async (i: Instance, path: string) => (await get(i, path, fromNetwork())).text();

/** Through an instance's API (not the fixture app): what an operator does on one instance. */
function apiOn(i: Instance, method: string, path: string, key: string, body: unknown) {
  return i.app.request(path, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('limits counted across instances', () => {
  let s: Active;
  beforeAll(async () => {
    s = await activeBatch();
  });

  it('refuses the guess after the budget on either instance, when the guesses were spread over both', async () => {
    const { a, b } = x;
    for (const [first, second] of [
      [a, b],
      [b, a],
    ] as const) {
      const h = fromNetwork();
      // N/2 guesses on each instance: all answered
      for (let i = 0; i < UNKNOWN_LIMIT; i++) {
        const on = i % 2 === 0 ? first : second;
        expect((await get(on, stampPath(s, unknownSerial(i)), h)).status).toBe(404);
      }
      // the (N+1)th is refused on either, the stamp page and /verify alike
      const next = await get(first, stampPath(s, unknownSerial(UNKNOWN_LIMIT)), h);
      expect(next.status).toBe(429);
      expect(Number(next.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await next.text()).toContain('Quá nhiều lượt kiểm tra'); // a browser gets a page
      const verify = await get(second, `/verify/${s.gtin}/${s.lotCode}/${unknownSerial(UNKNOWN_LIMIT + 1)}`, h);
      expect(verify.status).toBe(429);
      // and once each instance has heard, genuine serials are refused too: a 200 confirms no guess
      for (const on of [a, b]) expect((await get(on, stampPath(s), h)).status).toBe(429);
      // another network is not affected
      expect((await get(second, stampPath(s), fromNetwork())).status).toBe(200);
    }
  });

  it('counts exactly under concurrent guesses on both instances', async () => {
    const h = fromNetwork();
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        get(i % 2 === 0 ? x.a : x.b, stampPath(s, unknownSerial(i)), h).then((r) => r.status),
      ),
    );
    expect(answers.filter((st) => st === 404)).toHaveLength(UNKNOWN_LIMIT);
    expect(answers.filter((st) => st === 429)).toHaveLength(16 - UNKNOWN_LIMIT);
  });

  it('limits fake reports across instances', async () => {
    const h = { ...fromNetwork(), 'content-type': 'application/json' };
    const report = (on: Instance) =>
      on.app.request('/report', {
        method: 'POST',
        headers: h,
        body: JSON.stringify({
          gtin: s.gtin,
          lot: s.lotCode,
          serial: s.serials[1],
          verdict: 'unknown',
          message: 'Tem trông khác',
        }),
      });
    expect((await report(x.a)).status).toBe(201);
    expect((await report(x.b)).status).toBe(201);
    for (const on of [x.a, x.b]) {
      const refused = await report(on);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await refused.json()).error.code).toBe('RATE_LIMITED');
    }
  });

  it('locks a console username on the other instance after wrong passwords spread over both', async () => {
    const u = await x.t.user();
    const from = { headers: { 'x-forwarded-for': '198.51.77.7' } };
    // five wrong passwords from one network: three through a, two through b
    for (let i = 0; i < 5; i++) {
      const b = consoleBrowser(i % 2 === 0 ? x.a.app : x.b.app, x.t.config, from);
      await b.get('/console/sign-in');
      expect((await b.post('/console/sign-in', { username: u.username, password: `wrong ${i}` })).status).toBe(401);
    }
    for (const on of [x.a, x.b]) {
      const b = consoleBrowser(on.app, x.t.config, from);
      await b.get('/console/sign-in');
      const res = await b.post('/console/sign-in', { username: u.username, password: u.password });
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe(String(15 * 60));
      expect(b.cookies.has('ocop_session')).toBe(false);
    }
    // from another network, a browser behind the balancer signs in and keeps its session on both
    const other = consoleBrowser(x.balancer, x.t.config, { headers: { 'x-forwarded-for': '198.51.78.7' } });
    await other.signIn(u.username, u.password);
    for (let i = 0; i < 2; i++) expect((await other.get('/console')).status).toBe(200);
  });
});

describe('what one instance changes, the other shows within 5 seconds', () => {
  const RECALLED = 'Sản phẩm đang bị thu hồi';
  const CORRECTED = 'Hồ sơ lô sản xuất đã được đính chính';

  /**
   * After `change` is made through instance a, instance b's stamp page (already cached at time 0)
   * shows `marker` at every step from 5 s on: with visitors every half second (`visited`) and
   * with no visitor between 0 and 7 s (`quiet`).
   */
  async function promiseHolds(change: (visited: Active, quiet: Active) => Promise<void>, marker: string) {
    const { b } = x;
    const visited = await activeBatch();
    const quiet = await activeBatch();
    const start = b.cacheClock.now;
    for (const s of [visited, quiet]) expect(await pageOn(b, stampPath(s))).not.toContain(marker);
    await change(visited, quiet);
    for (let step = 1; step <= 14; step++) {
      b.cacheClock.now = start + step * 500;
      const shown = (await pageOn(b, stampPath(visited))).includes(marker);
      if (step * 500 >= 5000) expect(shown, `at ${step * 500} ms`).toBe(true);
    }
    // the quiet batch was last shown at 0: its next visitor, at 7 s, sees the change
    expect(b.cacheClock.now).toBe(start + 7000);
    expect(await pageOn(b, stampPath(quiet))).toContain(marker);
  }

  it('shows a recall recorded through the other instance', async () => {
    await promiseHolds(async (visited, quiet) => {
      for (const s of [visited, quiet])
        await json(
          apiOn(x.a, 'POST', `/api/v1/batches/${s.batchId}/recall`, x.t.keys.staff, {
            reason: 'Dư lượng vượt ngưỡng',
            authority: 'Chi cục QLCL',
            recalledOn: '2025-06-15',
          }),
          201,
        );
    }, RECALLED);
  });

  it('shows a batch correction made through the other instance (the cached batch view is replaced)', async () => {
    await promiseHolds(async (visited, quiet) => {
      for (const s of [visited, quiet])
        await json(
          apiOn(x.a, 'POST', `/api/v1/batches/${s.batchId}/supersede`, s.c.coop.key, {
            ...s.body,
            quantity: 21,
            reason: 'Sai khối lượng thành phẩm',
          }),
          201,
        );
    }, CORRECTED);
  });
});
