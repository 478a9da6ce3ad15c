// The forward trace pages its batches with keyset cursors: walking the pages gives every batch
// once, in production order, even when batches are added between pages; the totals cover the
// whole trace on every page; a cooperative key's pages hold only its own batches; the CSV export
// holds every batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardBatchesAll } from '../../src/db/trace-store';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain, runSerials } from '../support/chain';

let t: TestContext;
let w: Awaited<ReturnType<typeof buildArea>>;
beforeAll(async () => {
  t = await createTestContext();
  w = await buildArea();
});
afterAll(async () => {
  await t?.close();
});

type Chain = Awaited<ReturnType<typeof producerChain>>;

/** A draft batch of `c` drawing 1 kg from `lotId`, made on `day` (drafts draw on lots too). */
async function batchOf(c: Chain, lotId: string, day: string) {
  return json(
    t.call('POST', '/api/v1/batches', {
      key: c.coop.key,
      body: c.batchBody([{ harvestLotId: lotId, quantity: 1 }], { productionDate: day }),
    }),
    201,
  );
}

/**
 * Operator O's area feeds seven batches of O (two on the same day, to order by lot code then
 * seq) and, through a confirmed contract, five batches of cooperative A. One of O's is sealed
 * and has a print run of 8 stamps, 3 of them activated.
 */
async function buildArea() {
  const o = await producerChain(t);
  const a = await producerChain(t);
  const contract = await json(
    t.call('POST', '/api/v1/contracts', {
      key: a.coop.key,
      body: {
        areaId: o.area.id,
        cooperativeId: a.coop.org.id,
        number: 'HĐ-2025/09',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
      },
    }),
    201,
  );
  await json(t.call('POST', `/api/v1/contracts/${contract.id}/confirm`, { key: o.coop.key }), 200);
  const oLot = await o.harvest(500, '2025-05-02');
  const aLot = await json(
    t.call('POST', '/api/v1/harvest-lots', {
      key: a.coop.key,
      body: { areaId: o.area.id, harvestedOn: '2025-05-03', quantity: 300, unit: 'kg' },
    }),
    201,
  );
  const days = ['2025-06-03', '2025-06-01', '2025-06-05', '2025-06-01', '2025-06-02', '2025-06-07', '2025-06-04'];
  const oBatches = [];
  for (const d of days) oBatches.push(await batchOf(o, oLot.id, d));
  const aBatches = [];
  for (const d of ['2025-06-02', '2025-06-06', '2025-06-01', '2025-06-08', '2025-06-03'])
    aBatches.push(await batchOf(a, aLot.id, d));
  const sealed = (await json(t.call('POST', `/api/v1/batches/${oBatches[0].id}/seal`, { key: o.coop.key }), 200)).batch;
  const run = await json(
    t.call('POST', '/api/v1/print-runs', {
      key: o.coop.key,
      body: { batchId: sealed.id, count: 8, templateId: 'a4-3x8' },
    }),
    201,
  );
  const serials = await runSerials(t, run.id, o.coop.key);
  await json(
    t.call('POST', `/api/v1/print-runs/${run.id}/activate`, {
      key: o.coop.key,
      body: { fromSerial: serials[0], toSerial: serials[2] },
    }),
    200,
  );
  return { o, a, oLot, aLot, oBatches, aBatches };
}

interface PageOf {
  batches: { id: string; productionDate: string; lotCode: string; version: number }[];
  nextCursor: string | null;
  totals: Record<string, unknown>;
}

const forward = (q: string, key: string) => t.call('GET', `/api/v1/trace/forward?${q}`, { key });

/** Every page of a forward trace, following nextCursor; `between` runs after each page. */
async function walk(q: string, key: string, between?: (page: number) => Promise<void>) {
  const pages: PageOf[] = [];
  let cursor: string | null = null;
  do {
    const page: PageOf = await json(forward(`${q}${cursor ? `&cursor=${cursor}` : ''}`, key), 200);
    pages.push(page);
    cursor = page.nextCursor;
    await between?.(pages.length);
  } while (cursor && pages.length < 50);
  return pages;
}

const ids = (pages: PageOf[]) => pages.flatMap((p) => p.batches.map((b) => b.id));
const inProductionOrder = (bs: PageOf['batches']) =>
  [...bs].sort(
    (x, y) =>
      x.productionDate.localeCompare(y.productionDate) || (x.lotCode < y.lotCode ? -1 : x.lotCode > y.lotCode ? 1 : 0),
  );

describe('the forward trace, a page at a time', () => {
  it('walks every batch exactly once, in production order, with the totals of the whole trace on each page', async () => {
    const pages = await walk(`areaId=${w.o.area.id}&limit=3`, t.keys.staff);
    expect(pages.map((p) => p.batches.length)).toEqual([3, 3, 3, 3]);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    const all = pages.flatMap((p) => p.batches);
    expect(new Set(ids(pages)).size).toBe(12);
    expect(ids(pages).sort()).toEqual([...w.oBatches, ...w.aBatches].map((b) => b.id).sort());
    expect(all.map((b) => b.id)).toEqual(inProductionOrder(all).map((b) => b.id));
    // one page of everything lists the same batches in the same order
    const whole: PageOf = await json(forward(`areaId=${w.o.area.id}&limit=200`, t.keys.staff), 200);
    expect(whole.nextCursor).toBeNull();
    expect(whole.batches.map((b) => b.id)).toEqual(ids(pages));
    const totals = {
      harvestLots: 2,
      batches: 12,
      recalled: 0,
      printRuns: 1,
      stampsPrinted: 8,
      stamps: { issued: 5, active: 3, void: 0 },
      scans: 0,
      // no sales to buyers in this trace
      buyers: 0,
      shipments: 0,
    };
    for (const p of [...pages, whole]) expect(p.totals).toEqual(totals);
  });

  it('pages 50 batches by default', async () => {
    const page: PageOf = await json(forward(`harvestLotId=${w.oLot.id}`, t.keys.staff), 200);
    expect(page.batches).toHaveLength(7);
    expect(page.nextCursor).toBeNull();
    expect(page.totals).toMatchObject({ harvestLots: 1, batches: 7 });
  });

  it('gives batches added between pages once, without shifting the pages already read', async () => {
    const before = ids(await walk(`harvestLotId=${w.aLot.id}&limit=2`, t.keys.staff));
    const added: string[] = [];
    const pages = await walk(`harvestLotId=${w.aLot.id}&limit=2`, t.keys.staff, async (n) => {
      if (n !== 1) return;
      // one made before the first page's last batch (not in this walk), one after it
      added.push((await batchOf(w.a, w.aLot.id, '2025-05-20')).id);
      added.push((await batchOf(w.a, w.aLot.id, '2025-06-09')).id);
    });
    const walked = ids(pages);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual([...before, added[1]]);
    const again = ids(await walk(`harvestLotId=${w.aLot.id}&limit=2`, t.keys.staff));
    expect(again).toEqual([added[0], ...before, added[1]]);
  });

  it('shows a cooperative key only its own batches, on every page, with its own totals', async () => {
    const own = await walk(`areaId=${w.o.area.id}&limit=2`, w.o.coop.key);
    expect(ids(own).sort()).toEqual(w.oBatches.map((b) => b.id).sort());
    for (const p of own) expect(p.totals).toMatchObject({ harvestLots: 1, batches: 7, printRuns: 1 });
    const theirs = await walk(`areaId=${w.o.area.id}&limit=2`, w.a.coop.key);
    const aIds = ids(theirs);
    for (const id of w.aBatches.map((b) => b.id)) expect(aIds).toContain(id);
    for (const b of w.oBatches) expect(aIds).not.toContain(b.id);
    for (const p of theirs) expect(p.totals).toMatchObject({ harvestLots: 1, printRuns: 0, stampsPrinted: 0 });
  });

  it('refuses a cursor or a limit it did not give, in the JSON error shape', async () => {
    for (const q of ['cursor=abc', 'cursor=-1', 'cursor=1e5', 'limit=0', 'limit=201', 'limit=x']) {
      const body = await json(forward(`areaId=${w.o.area.id}&${q}`, t.keys.staff), 400);
      expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(body.error.requestId).toEqual(expect.any(String));
    }
  });

  it('exports every batch of the trace as CSV, however many pages they make', async () => {
    const res = await forward(`areaId=${w.o.area.id}&format=csv&limit=2`, t.keys.staff);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\r\n');
    const whole: PageOf = await json(forward(`areaId=${w.o.area.id}&limit=200`, t.keys.staff), 200);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(whole.batches.map((b) => b.id));
    // the export reads the batches a keyset page at a time
    const chunks: string[][] = [];
    for await (const page of forwardBatchesAll(
      t.db.sql,
      { kind: 'area', areaId: w.o.area.id, from: null, to: null },
      null,
      5,
    ))
      chunks.push(page.map((b) => b.id));
    expect(chunks.map((c) => c.length)).toEqual([5, 5, 4]);
    expect(chunks.flat()).toEqual(whole.batches.map((b) => b.id));
  });
});
