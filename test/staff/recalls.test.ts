import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactVerify, createLocalJWKSet } from 'jose';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

let t: TestContext;
const PHONE = { 'user-agent': 'Mozilla/5.0 Chrome/120', accept: 'text/html' };
const RECALLED = 'Sản phẩm đang bị thu hồi';
const body = {
  reason: 'Dư lượng thuốc bảo vệ thực vật vượt ngưỡng ở vùng nguyên liệu',
  authority: 'Chi cục Quản lý chất lượng NLS&TS',
  recalledOn: '2025-06-15',
};

type World = Awaited<ReturnType<typeof build>>;
let w: World;

/** One area, lot A (20 May) and lot B (28 May); b1 and b2 draw on A, b3 on B; b1 has a run of 3 stamps, 2 active, 1 scanned. */
async function build() {
  const c = await producerChain(t);
  const lotA = await c.harvest(100, '2025-05-20');
  const lotB = await c.harvest(100, '2025-05-28');
  const make = async (inputs: { harvestLotId: string; quantity: number }[]) => {
    const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody(inputs) }), 201);
    return (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
  };
  const b1 = await make([{ harvestLotId: lotA.id, quantity: 30 }]);
  const b2 = await make([{ harvestLotId: lotA.id, quantity: 25 }]);
  const b3 = await make([{ harvestLotId: lotB.id, quantity: 20 }]);
  const run = await json(
    t.call('POST', '/api/v1/print-runs', { key: c.coop.key, body: { batchId: b1.id, count: 3, templateId: 'a4-3x8' } }),
    201,
  );
  const csv = await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key })).text();
  const serials = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[1]!);
  await json(
    t.call('POST', `/api/v1/print-runs/${run.id}/activate`, {
      key: c.coop.key,
      body: { fromSerial: serials[0], toSerial: serials[1] },
    }),
    200,
  );
  const page = `/01/${c.product.gtin}/10/${b1.lotCode}/21/${serials[0]}`;
  const first = await t.call('GET', page, { headers: PHONE });
  expect(first.status).toBe(200);
  expect(await first.text()).not.toContain(RECALLED);
  return { ...c, lotA, lotB, b1, b2, b3, run, serials, page };
}

const recall = (b: unknown, key = t.keys.staff) => t.call('POST', '/api/v1/recalls', { key, body: b });
const lift = (b: unknown, key = t.keys.staff) => t.call('POST', '/api/v1/recalls/lift', { key, body: b });
const getBatch = (id: string) => json(t.call('GET', `/api/v1/batches/${id}`, { key: t.keys.staff }), 200);

/** Polls the stamp page until it does (or no longer does) show the recall, for at most 5 s. */
async function pageShowsRecall(want: boolean): Promise<number> {
  const start = Date.now();
  for (;;) {
    const html = await (await t.call('GET', w.page, { headers: PHONE })).text();
    if (html.includes(RECALLED) === want) return Date.now() - start;
    if (Date.now() - start > 5000)
      throw new Error(`the stamp page did not ${want ? 'show' : 'drop'} the recall within 5 s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function statementOf(jws: string) {
  const jwks = await json(t.call('GET', '/.well-known/jwks.json'), 200);
  const { payload } = await compactVerify(jws, createLocalJWKSet(jwks), { algorithms: ['EdDSA'] });
  return JSON.parse(new TextDecoder().decode(payload));
}

beforeAll(async () => {
  t = await createTestContext();
  w = await build();
});
afterAll(async () => {
  await t?.close();
});

describe('recalls from upstream', () => {
  it('refuses cooperatives, bad bodies and unknown origins', async () => {
    const coop = await t.cooperative();
    expect((await recall({ origin: { kind: 'harvest_lot', id: w.lotA.id }, ...body }, coop.key)).status).toBe(403);
    expect((await lift({ origin: { kind: 'harvest_lot', id: w.lotA.id }, reason: 'x' }, coop.key)).status).toBe(403);
    expect(
      (await json(recall({ origin: { kind: 'harvest_lot', id: w.lotA.id }, ...body, extra: 1 }), 400)).error.code,
    ).toBe('VALIDATION_FAILED');
    await json(recall({ origin: { kind: 'batch', id: w.b1.id }, ...body }), 400);
    await json(recall({ origin: { kind: 'harvest_lot', id: w.lotA.id, from: '2025-05-01' }, ...body }), 400);
    await json(recall({ origin: { kind: 'area', id: w.area.id, from: '2025-06-01', to: '2025-05-01' }, ...body }), 400);
    await json(
      recall({ origin: { kind: 'harvest_lot', id: w.lotA.id }, reason: '', authority: 'x', recalledOn: '2025-06-15' }),
      400,
    );
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await json(recall({ origin: { kind: 'harvest_lot', id: unknown }, ...body }), 404)).error.code).toBe(
      'NOT_FOUND',
    );
    await json(recall({ origin: { kind: 'area', id: unknown }, ...body }), 404);
    await json(lift({ origin: { kind: 'harvest_lot', id: unknown }, reason: 'x' }), 404);
    expect((await getBatch(w.b1.id)).recalled).toBe(false);
  });

  it('answers zeros for an origin with nothing downstream', async () => {
    const r = await json(
      recall({ origin: { kind: 'area', id: w.area.id, from: '2024-01-01', to: '2024-12-31' }, ...body }),
      201,
    );
    expect(r).toMatchObject({
      batches: 0,
      alreadyRecalled: 0,
      printRuns: 0,
      stamps: 0,
      stampsScanned: 0,
      batchIds: [],
    });
  });

  it('recalls every batch made from a harvest lot with a signed statement naming the origin', async () => {
    const r = await json(recall({ origin: { kind: 'harvest_lot', id: w.lotA.id }, ...body }), 201);
    expect(r).toMatchObject({
      origin: { kind: 'harvest_lot', id: w.lotA.id },
      batches: 2,
      alreadyRecalled: 0,
      printRuns: 1,
      stamps: 3,
      stampsScanned: 1,
    });
    expect([...r.batchIds].sort()).toEqual([w.b1.id, w.b2.id].sort());

    for (const id of [w.b1.id, w.b2.id]) {
      const b = await getBatch(id);
      expect(b.recalled).toBe(true);
      expect(b.recalls).toHaveLength(1);
      expect(b.recalls[0]).toMatchObject({
        origin: { kind: 'harvest_lot', id: w.lotA.id },
        reason: body.reason,
        authority: body.authority,
      });
      const statement = await statementOf(b.recalls[0].statementJws);
      expect(statement).toMatchObject({
        type: 'ocop-trace/recall',
        batch: { id },
        origin: { kind: 'harvest_lot', id: w.lotA.id },
        reason: body.reason,
        authority: body.authority,
        recalledOn: '2025-06-15',
      });
    }
    const b3 = await getBatch(w.b3.id);
    expect(b3.recalled).toBe(false);
    expect(b3.recalls).toEqual([]);

    const [audit] = await t.db
      .sql`select entity, entity_id::text, after from audit_log where action = 'recall_propagate' and entity_id = ${w.lotA.id}`;
    expect(audit).toMatchObject({ entity: 'harvest_lot', after: { batches: 2 } });

    expect(await pageShowsRecall(true)).toBeLessThanOrEqual(5000);
  });

  it('counts batches already under recall instead of recalling them twice', async () => {
    const r = await json(recall({ origin: { kind: 'harvest_lot', id: w.lotA.id }, ...body }), 201);
    expect(r).toMatchObject({
      batches: 0,
      alreadyRecalled: 2,
      printRuns: 0,
      stamps: 0,
      stampsScanned: 0,
      batchIds: [],
    });
    expect((await getBatch(w.b1.id)).recalls).toHaveLength(1);
  });

  it('lifts by origin: pages drop the recall, the history stays', async () => {
    const r = await json(
      lift({ origin: { kind: 'harvest_lot', id: w.lotA.id }, reason: 'Kiểm nghiệm lại đạt yêu cầu' }),
      200,
    );
    expect(r.lifted).toBe(2);
    for (const id of [w.b1.id, w.b2.id]) {
      const b = await getBatch(id);
      expect(b.recalled).toBe(false);
      expect(b.recalls).toHaveLength(1);
      expect(b.recalls[0].liftedAt).not.toBeNull();
      expect(b.recalls[0].liftReason).toBe('Kiểm nghiệm lại đạt yêu cầu');
    }
    expect((await json(lift({ origin: { kind: 'harvest_lot', id: w.lotA.id }, reason: 'again' }), 200)).lifted).toBe(0);
    expect(await pageShowsRecall(false)).toBeLessThanOrEqual(5000);
  });

  it('recalls an area over a date range: only the batches of lots harvested in it', async () => {
    const origin = { kind: 'area', id: w.area.id, from: '2025-05-15', to: '2025-05-25' };
    const r = await json(recall({ origin, ...body }), 201);
    expect(r).toMatchObject({ origin, batches: 2, alreadyRecalled: 0, printRuns: 1, stamps: 3, stampsScanned: 1 });
    expect([...r.batchIds].sort()).toEqual([w.b1.id, w.b2.id].sort());
    expect((await getBatch(w.b3.id)).recalled).toBe(false);
    const b1 = await getBatch(w.b1.id);
    const open = b1.recalls.find((x: { liftedAt: unknown }) => x.liftedAt === null);
    expect(open.origin).toEqual(origin);
    expect(await statementOf(open.statementJws)).toMatchObject({ origin });
    expect(await pageShowsRecall(true)).toBeLessThanOrEqual(5000);

    expect(await json(recall({ origin, ...body }), 201)).toMatchObject({ batches: 0, alreadyRecalled: 2 });
    // the whole area: lot B's batch is recalled now, lot A's are already
    expect(await json(recall({ origin: { kind: 'area', id: w.area.id }, ...body }), 201)).toMatchObject({
      batches: 1,
      alreadyRecalled: 2,
      batchIds: [w.b3.id],
      printRuns: 0,
      stamps: 0,
    });

    // a range narrows the lift to the recall issued with it
    expect((await json(lift({ origin, reason: 'Đã xác minh nguồn gốc' }), 200)).lifted).toBe(2);
    expect((await getBatch(w.b3.id)).recalled).toBe(true);
    expect(
      (await json(lift({ origin: { kind: 'area', id: w.area.id }, reason: 'Đã xác minh nguồn gốc' }), 200)).lifted,
    ).toBe(1);
    expect((await getBatch(w.b1.id)).recalls).toHaveLength(2);
    expect(await pageShowsRecall(false)).toBeLessThanOrEqual(5000);
  });
});
