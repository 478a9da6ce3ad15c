// POST /api/v1/recalls/preview: what a recall would reach, read only, with exactly the counts
// the recall then reports (the same candidate query as propagateRecall).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

let t: TestContext;
const body = {
  reason: 'Dư lượng thuốc bảo vệ thực vật vượt ngưỡng',
  authority: 'Chi cục Quản lý chất lượng NLS&TS',
  recalledOn: '2025-06-15',
};
type World = Awaited<ReturnType<typeof build>>;
let w: World;

/** One area, lots A (20 May) and B (28 May); b1, b2 draw on A, b3 on B, d (a draft) on B; b1 has 3 stamps, 1 scanned. */
async function build() {
  const c = await producerChain(t);
  const lotA = await c.harvest(100, '2025-05-20');
  const lotB = await c.harvest(100, '2025-05-28');
  const make = async (inputs: { harvestLotId: string; quantity: number }[], seal = true) => {
    const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody(inputs) }), 201);
    return seal
      ? (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch
      : draft;
  };
  const b1 = await make([{ harvestLotId: lotA.id, quantity: 30 }]);
  const b2 = await make([{ harvestLotId: lotA.id, quantity: 25 }]);
  const b3 = await make([{ harvestLotId: lotB.id, quantity: 20 }]);
  const draft = await make([{ harvestLotId: lotB.id, quantity: 5 }], false);
  const run = await json(
    t.call('POST', '/api/v1/print-runs', { key: c.coop.key, body: { batchId: b1.id, count: 3, templateId: 'a4-3x8' } }),
    201,
  );
  await t.db.sql`update stamps set scan_count = 2 where print_run_id = ${run.id} and position = 1`;
  return { ...c, lotA, lotB, b1, b2, b3, draft };
}

const preview = (b: unknown, key = t.keys.staff) => t.call('POST', '/api/v1/recalls/preview', { key, body: b });
const counts = (r: {
  batches: number;
  alreadyRecalled: number;
  printRuns: number;
  stamps: number;
  stampsScanned: number;
  batchIds: string[];
}) => ({
  batches: r.batches,
  alreadyRecalled: r.alreadyRecalled,
  printRuns: r.printRuns,
  stamps: r.stamps,
  stampsScanned: r.stampsScanned,
  batchIds: [...r.batchIds].sort(),
});
const recallRows = async () => (await t.db.sql<{ n: number }[]>`select count(*)::int as n from batch_recalls`)[0]!.n;

beforeAll(async () => {
  t = await createTestContext();
  w = await build();
});
afterAll(async () => {
  await t?.close();
});

describe('recall preview', () => {
  it('reports what a harvest-lot recall would reach, writes nothing, and matches the recall that follows', async () => {
    const before = await recallRows();
    const p = await json(preview({ origin: { kind: 'harvest_lot', id: w.lotA.id }, ...body }), 200);
    expect(counts(p)).toEqual({
      batches: 2,
      alreadyRecalled: 0,
      printRuns: 1,
      stamps: 3,
      stampsScanned: 1,
      batchIds: [w.b1.id, w.b2.id].sort(),
    });
    expect(p.items.map((i: { id: string }) => i.id).sort()).toEqual([w.b1.id, w.b2.id].sort());
    expect(p.items[0]).toMatchObject({ gtin: w.product.gtin, productName: w.product.nameVi, recalled: false });
    expect(await recallRows()).toBe(before);
    const r = await json(
      t.call('POST', '/api/v1/recalls', {
        key: t.keys.staff,
        body: { origin: { kind: 'harvest_lot', id: w.lotA.id }, ...body },
      }),
      201,
    );
    expect(counts(r)).toEqual(counts(p));
    // now the same origin previews as already recalled, as a second recall would report
    const again = await json(preview({ origin: { kind: 'harvest_lot', id: w.lotA.id } }), 200);
    expect(counts(again)).toEqual({
      batches: 0,
      alreadyRecalled: 2,
      printRuns: 0,
      stamps: 0,
      stampsScanned: 0,
      batchIds: [],
    });
    expect(again.items.every((i: { recalled: boolean }) => i.recalled)).toBe(true);
    const second = await json(
      t.call('POST', '/api/v1/recalls', {
        key: t.keys.staff,
        body: { origin: { kind: 'harvest_lot', id: w.lotA.id }, ...body },
      }),
      201,
    );
    expect(counts(second)).toEqual(counts(again));
  });

  it('matches an area recall over a date range, leaving drafts and already recalled batches out', async () => {
    const origin = { kind: 'area', id: w.area.id, from: '2025-05-01', to: '2025-05-31' };
    const p = await json(preview({ origin }), 200);
    expect(counts(p)).toEqual({
      batches: 1,
      alreadyRecalled: 2,
      printRuns: 0,
      stamps: 0,
      stampsScanned: 0,
      batchIds: [w.b3.id],
    });
    expect(p.items.map((i: { id: string }) => i.id)).not.toContain(w.draft.id);
    const r = await json(t.call('POST', '/api/v1/recalls', { key: t.keys.staff, body: { origin, ...body } }), 201);
    expect(counts(r)).toEqual(counts(p));
  });

  it("previews one batch with recallBatch's own refusals", async () => {
    await json(
      t.call('POST', '/api/v1/recalls/lift', {
        key: t.keys.staff,
        body: { origin: { kind: 'harvest_lot', id: w.lotA.id }, reason: 'Kiểm nghiệm lại đạt' },
      }),
      200,
    );
    const p = await json(preview({ origin: { kind: 'batch', id: w.b1.id } }), 200);
    expect(counts(p)).toEqual({
      batches: 1,
      alreadyRecalled: 0,
      printRuns: 1,
      stamps: 3,
      stampsScanned: 1,
      batchIds: [w.b1.id],
    });
    expect((await json(preview({ origin: { kind: 'batch', id: w.draft.id } }), 409)).error.code).toBe(
      'BATCH_NOT_SEALED',
    );
    expect((await json(preview({ origin: { kind: 'batch', id: w.b3.id } }), 409)).error.code).toBe('BATCH_RECALLED');
  });

  it('checks the body like the recall does, and is for staff and admins only', async () => {
    const bad = await json(
      preview({
        origin: { kind: 'area', id: w.area.id, from: '2025-06-01', to: '2025-05-01' },
        reason: ' ',
        recalledOn: '15/06/2025',
      }),
      400,
    );
    expect(bad.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.origin.to',
      'body.reason',
      'body.recalledOn',
    ]);
    await json(preview({ origin: { kind: 'harvest_lot', id: '00000000-0000-4000-8000-000000000000' } }), 404);
    expect((await preview({ origin: { kind: 'harvest_lot', id: w.lotA.id } }, w.coop.key)).status).toBe(403);
    expect((await preview({ origin: { kind: 'harvest_lot', id: w.lotA.id } }, t.keys.admin)).status).toBe(200);
  });
});
