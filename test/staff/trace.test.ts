import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { areaBody } from '../support/fixtures';

let t: TestContext;
const PHONE = {
  'user-agent': 'Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36',
  accept: 'text/html',
};
const BOT = { 'user-agent': 'facebookexternalhit/1.1', accept: 'text/html' };

type Chain = Awaited<ReturnType<typeof buildChain>>;
let w: Chain;

/**
 * Cooperative A operates area 1 and holds two confirmed contracts for area 2 (operated by
 * cooperative O): one covering 2025, one for 2023 only; a third, pending, counts for nothing. Harvest lots: L1 (area 1, 10 May), L0 (area 1, 1 April),
 * L2 (area 2, 25 May). Batch 1 draws 30 from L1 and 10 from L2; batch 2 draws 25 from L1; batch 3
 * draws 20 from L0. Batch 1 has a run of 5 stamps: 3 active, 1 issued, 1 void, one stamp
 * scanned twice by a phone and once by a link previewer.
 */
async function buildChain() {
  const c = await producerChain(t);
  const operator = await t.cooperative('HTX Vùng chè Suối Giàng');
  const area2 = await json(
    t.call('POST', '/api/v1/areas', {
      key: operator.key,
      body: areaBody(operator.org.id, { name: 'Vùng chè Suối Giàng' }),
    }),
    201,
  );
  const covering = await json(
    t.call('POST', '/api/v1/contracts', {
      key: c.coop.key,
      body: {
        areaId: area2.id,
        cooperativeId: c.coop.org.id,
        number: 'HĐ-2025/01',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
      },
    }),
    201,
  );
  const old = await json(
    t.call('POST', '/api/v1/contracts', {
      key: c.coop.key,
      body: {
        areaId: area2.id,
        cooperativeId: c.coop.org.id,
        number: 'HĐ-2023/07',
        startsOn: '2023-01-01',
        endsOn: '2023-12-31',
      },
    }),
    201,
  );
  for (const k of [covering, old])
    await json(t.call('POST', `/api/v1/contracts/${k.id}/confirm`, { key: operator.key }), 200);
  // a third the operator never confirmed vouches for nothing and is not shown
  await json(
    t.call('POST', '/api/v1/contracts', {
      key: c.coop.key,
      body: {
        areaId: area2.id,
        cooperativeId: c.coop.org.id,
        number: 'HĐ-2025/09',
        startsOn: '2025-01-01',
        endsOn: '2027-12-31',
      },
    }),
    201,
  );
  const l1 = await c.harvest(100, '2025-05-10');
  const l0 = await c.harvest(50, '2025-04-01');
  const l2 = await json(
    t.call('POST', '/api/v1/harvest-lots', {
      key: c.coop.key,
      body: { areaId: area2.id, harvestedOn: '2025-05-25', quantity: 40, unit: 'kg' },
    }),
    201,
  );

  const make = async (inputs: { harvestLotId: string; quantity: number }[], seal = true) => {
    const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody(inputs) }), 201);
    if (!seal) return draft;
    return (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
  };
  const b1 = await make([
    { harvestLotId: l1.id, quantity: 30 },
    { harvestLotId: l2.id, quantity: 10 },
  ]);
  const b2 = await make([{ harvestLotId: l1.id, quantity: 25 }]);
  const b3 = await make([{ harvestLotId: l0.id, quantity: 20 }], false);

  const run = await json(
    t.call('POST', '/api/v1/print-runs', { key: c.coop.key, body: { batchId: b1.id, count: 5, templateId: 'a4-3x8' } }),
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
      body: { fromSerial: serials[0], toSerial: serials[2] },
    }),
    200,
  );
  await json(
    t.call('POST', `/api/v1/print-runs/${run.id}/void`, {
      key: c.coop.key,
      body: { fromSerial: serials[4], toSerial: serials[4], reason: 'Rách' },
    }),
    200,
  );
  const page = `/01/${c.product.gtin}/10/${b1.lotCode}/21/${serials[0]}`;
  expect((await t.call('GET', page, { headers: PHONE })).status).toBe(200);
  expect((await t.call('GET', page, { headers: PHONE })).status).toBe(200);
  await t.call('GET', page, { headers: BOT });

  const modelOfArea = await json(
    t.call('POST', '/api/v1/models', {
      key: t.keys.admin,
      body: {
        slug: `che-vung-${Date.now().toString(36)}`,
        name: 'Chuỗi chè vùng Cao Bồ',
        yearFounded: 2023,
        leadCooperativeId: c.coop.org.id,
        areaIds: [c.area.id],
      },
    }),
    201,
  );
  const modelOfProduct = await json(
    t.call('POST', '/api/v1/models', {
      key: t.keys.admin,
      body: {
        slug: `che-sp-${Date.now().toString(36)}`,
        name: 'Chuỗi chè Shan tuyết',
        yearFounded: 2024,
        leadCooperativeId: c.coop.org.id,
        productIds: [c.product.id],
      },
    }),
    201,
  );
  return { ...c, operator, area2, covering, old, l0, l1, l2, b1, b2, b3, run, serials, modelOfArea, modelOfProduct };
}

const backward = (q: string, key = t.keys.staff) => t.call('GET', `/api/v1/trace/backward?${q}`, { key });
const forward = (q: string, key = t.keys.staff) => t.call('GET', `/api/v1/trace/forward?${q}`, { key });

beforeAll(async () => {
  t = await createTestContext();
  w = await buildChain();
});
afterAll(async () => {
  await t?.close();
});

describe('tracing backward', () => {
  it('follows a batch to its harvest lots, areas, operators and contracts', async () => {
    const r = await json(backward(`batchId=${w.b1.id}`), 200);
    expect(r.origin).toEqual({ kind: 'batch', batchId: w.b1.id });
    expect(r.stamp).toBeUndefined();
    expect(r.batch).toMatchObject({
      id: w.b1.id,
      lotCode: w.b1.lotCode,
      version: 1,
      status: 'sealed',
      productionDate: '2025-06-01',
      quantity: 20,
      unit: 'kg',
      product: { id: w.product.id, gtin: w.product.gtin, nameVi: w.product.nameVi },
      cooperative: { id: w.coop.org.id, name: w.coop.org.name },
      recalled: false,
      versions: [{ id: w.b1.id, version: 1, status: 'sealed' }],
    });
    expect(r.inputs).toHaveLength(2);
    const [first, second] = r.inputs;
    // ordered by harvest date: L1 (10 May, area 1), then L2 (25 May, area 2)
    expect(first).toMatchObject({
      quantityUsed: 30,
      harvestLot: { id: w.l1.id, code: w.l1.code, harvestedOn: '2025-05-10', quantity: 100, unit: 'kg', drawn: 55 },
      area: { id: w.area.id, code: w.area.code, province: 'Tỉnh Sơn Lâm', commune: 'Xã Cao Bồ', areaHa: 42.5 },
      operator: { id: w.coop.org.id, name: w.coop.org.name, kind: 'cooperative' },
      contracts: [],
    });
    expect(second).toMatchObject({
      quantityUsed: 10,
      harvestLot: { id: w.l2.id, harvestedOn: '2025-05-25', quantity: 40, drawn: 10 },
      area: { id: w.area2.id, name: 'Vùng chè Suối Giàng' },
      operator: { id: w.operator.org.id, name: 'HTX Vùng chè Suối Giàng', kind: 'cooperative' },
    });
    expect(second.contracts).toEqual([
      { id: w.old.id, number: 'HĐ-2023/07', startsOn: '2023-01-01', endsOn: '2023-12-31', coversHarvestDate: false },
      {
        id: w.covering.id,
        number: 'HĐ-2025/01',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
        coversHarvestDate: true,
      },
    ]);
  });

  it('starts from a stamp serial and reports the stamp with its non-bot scans', async () => {
    const r = await json(backward(`serial=${w.serials[0]!.toLowerCase()}`), 200);
    expect(r.origin).toEqual({ kind: 'serial', serial: w.serials[0] });
    expect(r.stamp).toEqual({ serial: w.serials[0], state: 'active', printRunId: w.run.id, scanCount: 2 });
    expect(r.batch.id).toBe(w.b1.id);
    expect(r.inputs.map((i: { harvestLot: { id: string } }) => i.harvestLot.id)).toEqual([w.l1.id, w.l2.id]);
    expect((await json(backward('serial=ABCDEFGHJKMNP2'), 404)).error.code).toBe('NOT_FOUND');
  });

  it('starts from a GTIN and lot code, taking the newest version of a corrected lot', async () => {
    const byLot = await json(backward(`gtin=${w.product.gtin.slice(1)}&lot=${encodeURIComponent(w.b2.lotCode)}`), 200);
    expect(byLot.origin).toEqual({ kind: 'lot', gtin: w.product.gtin, lot: w.b2.lotCode });
    expect(byLot.batch.id).toBe(w.b2.id);
    expect(byLot.inputs).toHaveLength(1);

    const c = await producerChain(t);
    const lot = await c.harvest(100, '2025-05-01');
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 10 }]),
      }),
      201,
    );
    await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
    const fixed = await json(
      t.call('POST', `/api/v1/batches/${draft.id}/supersede`, {
        key: c.coop.key,
        body: {
          ...c.batchBody([{ harvestLotId: lot.id, quantity: 12 }], { lotCode: draft.lotCode }),
          reason: 'Sửa khối lượng',
        },
      }),
      201,
    );
    const r = await json(backward(`gtin=${c.product.gtin}&lot=${draft.lotCode}`), 200);
    expect(r.batch).toMatchObject({ id: fixed.batch.id, version: 2, status: 'sealed' });
    expect(r.batch.versions).toEqual([
      { id: draft.id, version: 1, status: 'superseded' },
      { id: fixed.batch.id, version: 2, status: 'sealed' },
    ]);
    expect(r.inputs[0].quantityUsed).toBe(12);
    const older = await json(backward(`batchId=${draft.id}`), 200);
    expect(older.batch.status).toBe('superseded');
    expect(older.inputs[0].quantityUsed).toBe(10);
    expect((await json(backward(`gtin=${c.product.gtin}&lot=NO-SUCH-LOT`), 404)).error.code).toBe('NOT_FOUND');
  });

  it('stops at the harvest lots with depth=1', async () => {
    const r = await json(backward(`batchId=${w.b1.id}&depth=1`), 200);
    expect(r.depth).toBe('1');
    expect(r.inputs).toHaveLength(2);
    for (const i of r.inputs) expect(Object.keys(i).sort()).toEqual(['harvestLot', 'quantityUsed']);
  });

  it('exports one CSV row per input', async () => {
    const res = await backward(`batchId=${w.b1.id}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="trace-backward-/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 3)).toEqual(['batch_id', 'gtin', 'product']);
    const col = (line: string, name: string) => line.split(',')[header.indexOf(name)];
    expect(col(lines[1]!, 'harvest_lot_code')).toBe(w.l1.code);
    expect(col(lines[1]!, 'quantity_used')).toBe('30');
    expect(col(lines[2]!, 'harvest_lot_code')).toBe(w.l2.code);
    expect(col(lines[2]!, 'contract_covers_harvest_date')).toBe('true');
    expect(lines[2]).toContain('HĐ-2025/01 (2025-01-01..2025-12-31)');
  });
});

describe('tracing forward', () => {
  it('follows an area to every batch drawn from it, with print runs, stamp states, scans and models', async () => {
    const r = await json(forward(`areaId=${w.area.id}`), 200);
    expect(r.origin).toMatchObject({
      kind: 'area',
      from: null,
      to: null,
      area: { id: w.area.id, code: w.area.code },
      operator: { id: w.coop.org.id },
    });
    expect(r.harvestLots.map((l: { id: string }) => l.id)).toEqual([w.l0.id, w.l1.id]);
    expect(r.harvestLots[1]).toMatchObject({
      code: w.l1.code,
      harvestedOn: '2025-05-10',
      quantity: 100,
      unit: 'kg',
      drawn: 55,
    });
    const byId = new Map(r.batches.map((b: { id: string }) => [b.id, b]));
    expect(byId.size).toBe(3);
    // batch 1 drew 10 more from area 2: only what came from this area counts
    expect(byId.get(w.b1.id)).toMatchObject({
      lotCode: w.b1.lotCode,
      version: 1,
      status: 'sealed',
      drawn: 30,
      recalled: false,
      scans: 2,
      product: { id: w.product.id, gtin: w.product.gtin },
      cooperative: { id: w.coop.org.id },
      printRuns: [
        { id: w.run.id, templateId: 'a4-3x8', count: 5, stamps: { issued: 1, active: 3, void: 1 }, scans: 2 },
      ],
    });
    expect(byId.get(w.b2.id)).toMatchObject({ drawn: 25, printRuns: [], scans: 0 });
    expect(byId.get(w.b3.id)).toMatchObject({ drawn: 20, status: 'draft' });
    expect(r.models.map((m: { id: string }) => m.id).sort()).toEqual([w.modelOfArea.id, w.modelOfProduct.id].sort());
    expect(r.models[0]).toEqual({ id: expect.any(String), slug: expect.any(String), name: expect.any(String) });
  });

  it('limits an area to harvests in a date range', async () => {
    const may = await json(forward(`areaId=${w.area.id}&from=2025-05-01&to=2025-05-31`), 200);
    expect(may.origin).toMatchObject({ from: '2025-05-01', to: '2025-05-31' });
    expect(may.harvestLots.map((l: { id: string }) => l.id)).toEqual([w.l1.id]);
    expect(may.batches.map((b: { id: string }) => b.id).sort()).toEqual([w.b1.id, w.b2.id].sort());
    const april = await json(forward(`areaId=${w.area.id}&to=2025-04-30`), 200);
    expect(april.batches.map((b: { id: string }) => b.id)).toEqual([w.b3.id]);
    const none = await json(forward(`areaId=${w.area.id}&from=2025-06-01`), 200);
    expect(none).toMatchObject({ harvestLots: [], batches: [] });
    expect(none.models.map((m: { id: string }) => m.id)).toEqual([w.modelOfArea.id]);
  });

  it('follows one harvest lot', async () => {
    const r = await json(forward(`harvestLotId=${w.l1.id}`), 200);
    expect(r.origin).toMatchObject({
      kind: 'harvest_lot',
      harvestLot: { id: w.l1.id, quantity: 100, drawn: 55 },
      area: { id: w.area.id },
    });
    expect(r.harvestLots.map((l: { id: string }) => l.id)).toEqual([w.l1.id]);
    expect(r.batches.map((b: { id: string; drawn: number }) => [b.id, b.drawn]).sort()).toEqual(
      [
        [w.b1.id, 30],
        [w.b2.id, 25],
      ].sort(),
    );
    const fromArea2 = await json(forward(`harvestLotId=${w.l2.id}`), 200);
    expect(fromArea2.batches).toHaveLength(1);
    expect(fromArea2.batches[0]).toMatchObject({ id: w.b1.id, drawn: 10, scans: 2 });
    // area 2 is in no model; the product is
    expect(fromArea2.models.map((m: { id: string }) => m.id)).toEqual([w.modelOfProduct.id]);
  });

  it('exports one CSV row per batch', async () => {
    const res = await forward(`harvestLotId=${w.l1.id}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="trace-forward-/);
    const lines = (await res.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'batch_id,gtin,product,lot_code,version,status,production_date,cooperative,drawn,recalled,print_runs,stamps_printed,stamps_issued,stamps_active,stamps_void,scans,buyers,shipments',
    );
    expect(lines).toHaveLength(3);
    const row = lines.find((l) => l.startsWith(w.b1.id))!.split(',');
    expect(row.slice(8)).toEqual(['30', 'false', '1', '5', '1', '3', '1', '2', '', '0']);
  });
});

describe('who may trace what', () => {
  it('lets a cooperative trace its own batches and areas only', async () => {
    const own = await json(backward(`batchId=${w.b1.id}`, w.coop.key), 200);
    expect(own.inputs).toHaveLength(2);
    const stranger = await t.cooperative();
    expect((await json(backward(`batchId=${w.b1.id}`, stranger.key), 404)).error.code).toBe('NOT_FOUND');
    await json(backward(`serial=${w.serials[0]}`, stranger.key), 404);
    await json(backward(`gtin=${w.product.gtin}&lot=${w.b1.lotCode}`, stranger.key), 404);
    await json(forward(`areaId=${w.area.id}`, stranger.key), 404);
    await json(forward(`harvestLotId=${w.l1.id}`, stranger.key), 404);
    // csv is refused alike
    expect((await backward(`batchId=${w.b1.id}&format=csv`, stranger.key)).status).toBe(404);
  });

  it('shows the operator of an area only its own lots and batches', async () => {
    // the operator of area 2 may start there, but the harvests and batches are cooperative A's
    const r = await json(forward(`areaId=${w.area2.id}`, w.operator.key), 200);
    expect(r).toMatchObject({ harvestLots: [], batches: [] });
    // cooperative A holds a contract for area 2 and sees its own
    const a = await json(forward(`areaId=${w.area2.id}`, w.coop.key), 200);
    expect(a.harvestLots.map((l: { id: string }) => l.id)).toEqual([w.l2.id]);
    expect(a.batches.map((b: { id: string }) => b.id)).toEqual([w.b1.id]);
    // staff and admin see everything
    for (const key of [t.keys.staff, t.keys.admin]) {
      const s = await json(forward(`areaId=${w.area2.id}`, key), 200);
      expect(s.batches.map((b: { id: string }) => b.id)).toEqual([w.b1.id]);
    }
  });

  it('refuses calls without a key', async () => {
    expect((await t.call('GET', `/api/v1/trace/backward?batchId=${w.b1.id}`)).status).toBe(401);
  });
});

describe('bad selectors', () => {
  const bad = async (res: Promise<Response>, path: string) => {
    const body = await json(res, 400);
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    expect(body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    return body;
  };

  it('answers 400 in the error shape', async () => {
    const none = await bad(backward(''), 'query');
    expect(none.error.details[0].message).toMatch(/exactly one/);
    await bad(backward(`batchId=${w.b1.id}&serial=${w.serials[0]}`), 'query');
    await bad(backward(`gtin=${w.product.gtin}`), 'query.lot');
    await bad(backward(`lot=${w.b1.lotCode}`), 'query.gtin');
    await bad(backward(`gtin=8930000000010&lot=X`), 'query.gtin');
    await bad(backward('serial=NOT-A-SERIAL'), 'query.serial');
    await bad(backward('batchId=42'), 'query.batchId');
    await bad(backward(`batchId=${w.b1.id}&depth=2`), 'query.depth');
    await bad(backward(`batchId=${w.b1.id}&format=xml`), 'query.format');
    await bad(backward(`batchId=${w.b1.id}&extra=1`), 'query');
    await bad(forward(''), 'query');
    await bad(forward(`areaId=${w.area.id}&harvestLotId=${w.l1.id}`), 'query');
    await bad(forward(`harvestLotId=${w.l1.id}&from=2025-01-01`), 'query.from');
    await bad(forward(`areaId=${w.area.id}&from=2025-06-01&to=2025-05-01`), 'query.to');
    await bad(forward(`areaId=${w.area.id}&from=1.5.2025`), 'query.from');
  });

  it('answers 404 for unknown starting points', async () => {
    await json(backward('batchId=00000000-0000-4000-8000-000000000000'), 404);
    await json(forward('areaId=00000000-0000-4000-8000-000000000000'), 404);
    await json(forward('harvestLotId=00000000-0000-4000-8000-000000000000'), 404);
  });
});
