// Each link-check rule on its own: the situation it must report, and close cases where it must
// stay silent. Every test builds its own cooperative and runs the one rule scoped to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { checkSettings, findProblems } from '../../src/checks/run';
import type { CheckRule } from '../../src/checks/rule';
import { areaNotLinked } from '../../src/checks/rules/area-not-linked';
import { contractNotConfirmed } from '../../src/checks/rules/contract-not-confirmed';
import { certificationNotHeld } from '../../src/checks/rules/certification-not-held';
import { yieldRatio } from '../../src/checks/rules/yield-ratio';
import { areaYieldCeiling } from '../../src/checks/rules/area-yield-ceiling';
import { ocopStarsLapsed } from '../../src/checks/rules/ocop-stars-lapsed';
import { modelAreaNotIncluded } from '../../src/checks/rules/model-area-not-included';
import { modelWithoutArea } from '../../src/checks/rules/model-without-area';
import { scanOutlier } from '../../src/checks/rules/scan-outlier';
import { unknownSerialRun } from '../../src/checks/rules/unknown-serial-run';
import { stampOnOtherProduct } from '../../src/checks/rules/stamp-on-other-product';
import { fakeReported } from '../../src/checks/rules/fake-reported';
import { harvestLotUnused } from '../../src/checks/rules/harvest-lot-unused';
import { stampCountMismatch } from '../../src/checks/rules/stamp-count-mismatch';
import { RULES } from '../../src/checks/rules';
import { insertModel } from '../../src/db/models-store';
import { putCropCeiling, putYieldRange } from '../../src/db/findings-store';
import { insertFakeReport } from '../../src/db/scans-store';
import { claimedSchemes } from '../../src/domain/certification-claims';
import { areaBody } from '../support/fixtures';

let t: TestContext;
const TODAY = '2025-06-15';

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

type Chain = Awaited<ReturnType<typeof producerChain>>;

/** Runs one rule over one cooperative's data. */
async function run(rule: CheckRule, cooperativeId: string, settings = {}) {
  const { problems } = await t.db.sql.begin((tx) =>
    findProblems(tx, { kind: 'cooperative', id: cooperativeId }, { ...checkSettings(t.config), ...settings }, TODAY, [
      rule,
    ]),
  );
  return problems;
}

async function sealed(
  c: Chain,
  inputs: { harvestLotId: string; quantity: number }[],
  over: Record<string, unknown> = {},
) {
  const draft = await json(
    t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody(inputs, over) }),
    201,
  );
  return (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
}

async function printRun(c: Chain, batchId: string, count: number) {
  return json(
    t.call('POST', '/api/v1/print-runs', { key: c.coop.key, body: { batchId, count, templateId: 'a4-3x8' } }),
    201,
  );
}

it('lists every rule once, with both languages', () => {
  expect(new Set(RULES.map((r) => r.code)).size).toBe(RULES.length);
  for (const r of RULES) expect(r.title.vi && r.title.en).toBeTruthy();
});

describe('AREA_NOT_LINKED', () => {
  it('reports a batch drawing on an area the cooperative no longer operates, and not once a contract covers the harvest day', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100, '2025-05-20');
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }]);
    expect(await run(areaNotLinked, c.coop.org.id)).toEqual([]);

    const other = await t.cooperative('Tổ hợp tác chè Tham Vè');
    await t.db.sql`update raw_material_areas set operator_id = ${other.org.id} where id = ${c.area.id}`;
    const [f, ...rest] = await run(areaNotLinked, c.coop.org.id);
    expect(rest).toEqual([]);
    expect(f!.subjectKey).toBe(`batch:${b.id}/lot:${lot.id}`);
    expect(f!.objects.map((o) => o.kind)).toEqual(['batch', 'harvest_lot', 'area', 'cooperative', 'product']);
    expect(f!.message.vi).toContain('không có hợp đồng liên kết');
    expect(f!.message.en).toContain(other.org.name);

    // a contract that ended the day before the harvest does not cover it…
    await t.db.sql`insert into supply_contracts (area_id, cooperative_id, number, starts_on, ends_on)
                   values (${c.area.id}, ${c.coop.org.id}, 'HD-OLD', '2024-01-01', '2025-05-19')`;
    expect(await run(areaNotLinked, c.coop.org.id)).toHaveLength(1);
    // …one running over the harvest day does, once the area's side has confirmed it
    await t.db.sql`insert into supply_contracts (area_id, cooperative_id, number, starts_on, ends_on,
                                                 status, confirmed_at, confirmed_by)
                   values (${c.area.id}, ${c.coop.org.id}, 'HD-NEW', '2025-05-20', '2027-12-31',
                           'confirmed', now(), ${t.db.sql.json({ name: 'test', role: 'admin' })})`;
    expect(await run(areaNotLinked, c.coop.org.id)).toEqual([]);
  });
});

describe('CONTRACT_NOT_CONFIRMED', () => {
  it('reports a harvest lot drawn under a contract the area’s side has not confirmed, once, and not once one is', async () => {
    const c = await producerChain(t);
    const operator = await t.cooperative('HTX Quế Khe Cam');
    const area = await json(
      t.call('POST', '/api/v1/areas', { key: operator.key, body: areaBody(operator.org.id) }),
      201,
    );
    const contract = (key: string, number: string, startsOn: string) =>
      json(
        t.call('POST', '/api/v1/contracts', {
          key,
          body: { areaId: area.id, cooperativeId: c.coop.org.id, number, startsOn, endsOn: '2025-12-31' },
        }),
        201,
      );
    const asked = await contract(c.coop.key, 'HĐ-HỎI', '2025-05-15');
    expect(asked.status).toBe('pending');
    // the API refuses this harvest; a lot recorded before contracts needed confirming looks like this
    const [lot] = await t.db.sql<{ id: string; code: string }[]>`
      insert into harvest_lots (code, area_id, cooperative_id, harvested_on, quantity, unit)
      values ('TH-KC-0520', ${area.id}, ${c.coop.org.id}, '2025-05-20', 80, 'kg') returning id, code`;
    const [unused] = await run(contractNotConfirmed, c.coop.org.id);
    expect(unused!.facts).toMatchObject({ sealedBatches: [], contracts: [{ number: 'HĐ-HỎI', status: 'pending' }] });

    const b = await sealed(c, [{ harvestLotId: lot!.id, quantity: 50 }]);
    const [f, ...rest] = await run(contractNotConfirmed, c.coop.org.id);
    expect(rest).toEqual([]);
    expect(f!.subjectKey).toBe(`harvest_lot:${lot!.id}`);
    expect(f!.objects.map((o) => `${o.kind} ${o.label}`)).toEqual([
      'harvest_lot TH-KC-0520',
      `area ${area.code}`,
      'contract HĐ-HỎI',
      `batch ${b.lotCode}`,
      `cooperative ${c.coop.org.name}`,
    ]);
    expect(f!.message.vi).toContain('chưa được bên vùng nguyên liệu xác nhận');
    expect(f!.message.en).toContain(`Used in batch ${b.lotCode}`);
    // reported once: AREA_NOT_LINKED leaves a lot with an unconfirmed contract to this rule
    expect(await run(areaNotLinked, c.coop.org.id)).toEqual([]);

    // rejected is not confirmed either
    await json(
      t.call('POST', `/api/v1/contracts/${asked.id}/reject`, { key: operator.key, body: { reason: 'Không ký' } }),
      200,
    );
    const [r] = await run(contractNotConfirmed, c.coop.org.id);
    expect(r!.facts).toMatchObject({ contracts: [{ number: 'HĐ-HỎI', status: 'rejected' }] });

    // a confirmed contract over the harvest day settles it
    const signed = await contract(operator.key, 'HĐ-KÝ', '2025-05-01');
    expect(signed.status).toBe('confirmed');
    const early = await json(
      t.call('POST', '/api/v1/harvest-lots', {
        key: c.coop.key,
        body: { areaId: area.id, harvestedOn: '2025-05-10', quantity: 40, unit: 'kg' },
      }),
      201,
    );
    const b2 = await sealed(c, [{ harvestLotId: early.id, quantity: 40 }]);
    expect(await run(contractNotConfirmed, c.coop.org.id)).toEqual([]);
    expect(await run(areaNotLinked, c.coop.org.id)).toEqual([]);

    // ended before either harvest: the lot the rejected contract claims is this rule's, the other AREA_NOT_LINKED's
    await json(
      t.call('POST', `/api/v1/contracts/${signed.id}/end`, {
        key: c.coop.key,
        body: { reason: 'Thanh lý', lastDay: '2025-05-09' },
      }),
      200,
    );
    expect((await run(contractNotConfirmed, c.coop.org.id)).map((x) => x.subjectKey)).toEqual([
      `harvest_lot:${lot!.id}`,
    ]);
    expect((await run(areaNotLinked, c.coop.org.id)).map((x) => x.subjectKey)).toEqual([
      `batch:${b2.id}/lot:${early.id}`,
    ]);
  });
});

describe('CERTIFICATION_NOT_HELD', () => {
  it('reads the claimed schemes from standards', () => {
    expect(claimedSchemes(['TCVN 11892-1:2017', 'TCCS 01:2023/HTXCB'])).toEqual(['vietgap']);
    expect(claimedSchemes(['Sản xuất theo tiêu chuẩn hữu cơ', 'GlobalG.A.P.'])).toEqual(['globalgap', 'organic']);
    expect(claimedSchemes(['TCVN 5267-1:2008', 'QCVN 8-2:2011/BYT'])).toEqual([]);
  });

  it('reports a claimed scheme the area did not hold on the harvest day and stays silent when it did', async () => {
    const c = await producerChain(t);
    await t.db.sql`update products set standards = '{"TCVN 11892-1:2017","Hữu cơ"}' where id = ${c.product.id}`;
    const lot = await c.harvest(100, '2025-05-20');
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }]);
    // the fixture area holds VietGAP for 2024–2026 but no organic certificate
    const [f, ...rest] = await run(certificationNotHeld, c.coop.org.id);
    expect(rest).toEqual([]);
    expect(f!.subjectKey).toBe(`batch:${b.id}/lot:${lot.id}`);
    expect(f!.facts).toMatchObject({ claimed: ['organic'], heldThatDay: ['vietgap'] });
    expect(f!.message.vi).toContain('hữu cơ');

    // an organic certificate that starts after the harvest does not help
    await t.db.sql`insert into area_certifications (area_id, scheme, number, issuer, valid_from, valid_to)
                   values (${c.area.id}, 'organic', 'ORG-LATE', 'QUACERT', '2025-05-21', '2028-05-20')`;
    expect(await run(certificationNotHeld, c.coop.org.id)).toHaveLength(1);
    await t.db.sql`insert into area_certifications (area_id, scheme, number, issuer, valid_from, valid_to)
                   values (${c.area.id}, 'organic', 'ORG-1', 'QUACERT', '2025-01-01', '2025-05-20')`;
    expect(await run(certificationNotHeld, c.coop.org.id)).toEqual([]);
  });

  it('stays silent for a product that claims no certification', async () => {
    const c = await producerChain(t);
    await t.db.sql`delete from area_certifications where area_id = ${c.area.id}`;
    const lot = await c.harvest(100, '2025-05-20');
    await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }]);
    expect(await run(certificationNotHeld, c.coop.org.id)).toEqual([]);
  });
});

describe('YIELD_RATIO_IMPLAUSIBLE', () => {
  it('judges raw material per unit of product against the product’s range, in base units', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100, '2025-05-20');
    // 30 kg of leaves for 20 kg of tea: 1.5 kg a kilogram
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }]);
    expect(await run(yieldRatio, c.coop.org.id)).toEqual([]); // no range: not judged

    await putYieldRange(t.db.sql, c.product.id, 1.2, 2, new Date());
    expect(await run(yieldRatio, c.coop.org.id)).toEqual([]);

    await putYieldRange(t.db.sql, c.product.id, 4, 6, new Date());
    const [low] = await run(yieldRatio, c.coop.org.id);
    expect(low!.subjectKey).toBe(`batch:${b.id}`);
    expect(low!.facts).toMatchObject({ input: 30, output: 20, ratio: 1.5, range: [4, 6] });
    expect(low!.message.en).toContain('below the plausible 4–6');

    await putYieldRange(t.db.sql, c.product.id, 0.5, 1, new Date());
    const [high] = await run(yieldRatio, c.coop.org.id);
    expect(high!.message.en).toContain('above');
  });

  it('converts tonnes and grams before comparing', async () => {
    const c = await producerChain(t);
    const lot = await json(
      t.call('POST', '/api/v1/harvest-lots', {
        key: c.coop.key,
        body: { areaId: c.area.id, harvestedOn: '2025-05-20', quantity: 0.1, unit: 'tonne' },
      }),
      201,
    );
    await sealed(c, [{ harvestLotId: lot.id, quantity: 0.09 }]); // 90 kg for 20 kg: 4.5
    await putYieldRange(t.db.sql, c.product.id, 4, 5, new Date());
    expect(await run(yieldRatio, c.coop.org.id)).toEqual([]);
  });
});

describe('AREA_YIELD_CEILING', () => {
  it('adds up an area’s harvests per season against its crop’s ceiling per hectare', async () => {
    const c = await producerChain(t);
    const small = await json(
      t.call('POST', '/api/v1/areas', {
        key: c.coop.key,
        body: areaBody(c.coop.org.id, { areaHa: 2, crops: ['chè xanh thử nghiệm'] }),
      }),
      201,
    );
    const harvest = (day: string, kg: number) =>
      json(
        t.call('POST', '/api/v1/harvest-lots', {
          key: c.coop.key,
          body: { areaId: small.id, harvestedOn: day, quantity: kg, unit: 'kg' },
        }),
        201,
      );
    await putCropCeiling(t.db.sql, 'chè xanh thử nghiệm', 5, new Date()); // 10 t for 2 ha
    await harvest('2025-03-10', 6000); // Đông Xuân 2025
    await harvest('2025-05-10', 6000); // Hè Thu 2025
    expect(await run(areaYieldCeiling, c.coop.org.id)).toEqual([]);

    await harvest('2025-06-01', 4500); // Hè Thu now 10.5 t
    const [f, ...rest] = await run(areaYieldCeiling, c.coop.org.id);
    expect(rest).toEqual([]);
    expect(f!.subjectKey).toBe(`area:${small.id}/season:HT-2025`);
    expect(f!.facts).toMatchObject({ tonnes: 10.5, ceilingTonnes: 10, lots: 2 });
    expect(f!.message.vi).toContain('vụ Hè Thu 2025');
  });

  it('counts November and December in the next year’s winter–spring season', async () => {
    const c = await producerChain(t);
    const small = await json(
      t.call('POST', '/api/v1/areas', {
        key: c.coop.key,
        body: areaBody(c.coop.org.id, { areaHa: 1, crops: ['cải thử nghiệm'] }),
      }),
      201,
    );
    await putCropCeiling(t.db.sql, 'cải thử nghiệm', 3, new Date());
    for (const day of ['2024-11-20', '2025-02-10']) {
      await json(
        t.call('POST', '/api/v1/harvest-lots', {
          key: c.coop.key,
          body: { areaId: small.id, harvestedOn: day, quantity: 2, unit: 'tonne' },
        }),
        201,
      );
    }
    const [f] = await run(areaYieldCeiling, c.coop.org.id);
    expect(f!.facts).toMatchObject({ season: 'DX-2025', tonnes: 4 });
  });

  it('stays silent for crops without a ceiling', async () => {
    const c = await producerChain(t);
    const bare = await json(
      t.call('POST', '/api/v1/areas', {
        key: c.coop.key,
        body: areaBody(c.coop.org.id, { areaHa: 0.1, crops: ['không có mức'] }),
      }),
      201,
    );
    await json(
      t.call('POST', '/api/v1/harvest-lots', {
        key: c.coop.key,
        body: { areaId: bare.id, harvestedOn: '2025-05-10', quantity: 50, unit: 'tonne' },
      }),
      201,
    );
    expect(await run(areaYieldCeiling, c.coop.org.id)).toEqual([]);
  });
});

describe('OCOP_STARS_LAPSED', () => {
  it('stays silent for stars the product held, and reports stars it did not hold on the production day', async () => {
    const c = await producerChain(t); // rated 4 stars on 2024-03-01
    const lot = await c.harvest(100, '2025-05-20');
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }]);
    const r = await printRun(c, b.id, 3);
    expect(r.ocopStars).toBe(4);
    expect(await run(ocopStarsLapsed, c.coop.org.id)).toEqual([]);

    await t.db.sql`update print_runs set ocop_stars = 5 where id = ${r.id}`;
    const [more] = await run(ocopStarsLapsed, c.coop.org.id);
    expect(more!.facts).toMatchObject({ printedStars: 5, ratedStars: 4, stamps: 3 });
  });

  it('reports stars printed for a batch produced after the rating lapsed', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100, '2025-05-20');
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }], { productionDate: '2025-06-01' });
    const r = await printRun(c, b.id, 2);
    // the rating on record is corrected: it was decided in 2021 and lapsed in 2024
    await t.db.sql`update ocop_ratings set decision_date = '2021-05-01' where product_id = ${c.product.id}`;
    const [f] = await run(ocopStarsLapsed, c.coop.org.id);
    expect(f!.subjectKey).toBe(`print_run:${r.id}`);
    expect(f!.facts).toMatchObject({ printedStars: 4, ratedStars: null, lastValidUntil: '2024-04-30' });
    expect(f!.message.en).toContain('lapsed after 2024-04-30');
  });

  it('stays silent for runs printed without stars', async () => {
    const c = await producerChain(t, { rated: false });
    const lot = await c.harvest(100, '2025-05-20');
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }], { carriesOcop: false });
    const r = await printRun(c, b.id, 2);
    expect(r.ocopStars).toBeNull();
    expect(await run(ocopStarsLapsed, c.coop.org.id)).toEqual([]);
  });
});

describe('MODEL_AREA_NOT_INCLUDED and MODEL_WITHOUT_AREA', () => {
  it('reports a batch in a model drawing on an area outside it, and only that area', async () => {
    const c = await producerChain(t);
    const outside = await json(
      t.call('POST', '/api/v1/areas', { key: c.coop.key, body: areaBody(c.coop.org.id) }),
      201,
    );
    const model = await insertModel(t.db.sql, {
      slug: `mo-hinh-${Date.now()}`,
      name: 'Mô hình thử nghiệm',
      yearFounded: 2024,
      description: null,
      leadCooperativeId: c.coop.org.id,
      status: 'active',
      members: [{ organizationId: c.coop.org.id, role: 'producer' }],
      areaIds: [c.area.id],
      productIds: [c.product.id],
    });
    const inside = await c.harvest(100, '2025-05-20');
    await sealed(c, [{ harvestLotId: inside.id, quantity: 30 }], { modelId: model.id });
    expect(await run(modelAreaNotIncluded, c.coop.org.id)).toEqual([]);
    expect(await run(modelWithoutArea, c.coop.org.id)).toEqual([]);

    const out = await json(
      t.call('POST', '/api/v1/harvest-lots', {
        key: c.coop.key,
        body: { areaId: outside.id, harvestedOn: '2025-05-20', quantity: 50, unit: 'kg' },
      }),
      201,
    );
    const b = await sealed(
      c,
      [
        { harvestLotId: inside.id, quantity: 10 },
        { harvestLotId: out.id, quantity: 20 },
      ],
      { modelId: model.id },
    );
    const [f, ...rest] = await run(modelAreaNotIncluded, c.coop.org.id);
    expect(rest).toEqual([]);
    expect(f!.subjectKey).toBe(`batch:${b.id}/area:${outside.id}`);
    expect(f!.facts).toMatchObject({ quantity: 20, unit: 'kg' });

    // the same draws with no model: nothing to say
    await sealed(c, [{ harvestLotId: out.id, quantity: 5 }]);
    expect(await run(modelAreaNotIncluded, c.coop.org.id)).toHaveLength(1);
  });

  it('reports a product under a model with no area, unless the model is closed', async () => {
    const c = await producerChain(t);
    const model = await insertModel(t.db.sql, {
      slug: `khong-vung-${Date.now()}`,
      name: 'Mô hình chưa có vùng',
      yearFounded: 2025,
      description: null,
      leadCooperativeId: c.coop.org.id,
      status: 'planning',
      members: [],
      areaIds: [],
      productIds: [c.product.id],
    });
    const [f] = await run(modelWithoutArea, c.coop.org.id);
    expect(f!.subjectKey).toBe(`model:${model.id}/product:${c.product.id}`);
    await t.db.sql`update value_chain_models set status = 'closed' where id = ${model.id}`;
    expect(await run(modelWithoutArea, c.coop.org.id)).toEqual([]);
  });
});

describe('SCAN_OUTLIER', () => {
  async function stampsWithCounts(counts: number[]) {
    const c = await producerChain(t);
    const lot = await c.harvest(100, '2025-05-20');
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }]);
    const r = await printRun(c, b.id, counts.length);
    for (const [i, n] of counts.entries()) {
      await t.db
        .sql`update stamps set scan_count = ${n}, first_scanned_at = ${n ? new Date('2025-06-10T00:00:00Z') : null}
                     where print_run_id = ${r.id} and position = ${i + 1}`;
    }
    return c;
  }

  it('reports a stamp scanned far more than the other stamps of its product', async () => {
    const c = await stampsWithCounts([1, 2, 1, 1, 2, 1, 1, 1, 2, 1, 14, 0]);
    const [f, ...rest] = await run(scanOutlier, c.coop.org.id);
    expect(rest).toEqual([]);
    expect(f!.facts).toMatchObject({ scans: 14, peers: 11 });
    expect(f!.message.vi).toContain('quét 14 lần');
  });

  it('stays silent below the minimum, and when every stamp is scanned a lot', async () => {
    const few = await stampsWithCounts([1, 1, 1, 1, 1, 1, 1, 1, 1, 9]);
    expect(await run(scanOutlier, few.coop.org.id)).toEqual([]);
    const busy = await stampsWithCounts([12, 15, 11, 13, 14, 12, 16, 11, 12, 40]);
    expect(await run(scanOutlier, busy.coop.org.id)).toEqual([]);
  });
});

describe('UNKNOWN_SERIAL_RUN and FAKE_REPORTED', () => {
  async function unknownScans(gtin: string, serials: string[], opts: { bot?: boolean; at?: string } = {}) {
    for (const s of serials) {
      await t.db.sql`insert into scans (serial, gtin, known, at, client_hash, user_agent_family, language, is_bot)
                     values (${s}, ${gtin}, false, ${opts.at ?? '2025-06-10T03:00:00Z'}, 'net-1', 'chrome', 'vi', ${!!opts.bot})`;
    }
  }
  const serials = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(12, '2')}`.slice(0, 14));

  it('reports a run of unknown serials against one product on one day', async () => {
    const c = await producerChain(t);
    await unknownScans(c.product.gtin, serials('AA', 5));
    const [f] = await run(unknownSerialRun, c.coop.org.id);
    expect(f!.subjectKey).toBe(`gtin:${c.product.gtin}/day:2025-06-10`);
    expect(f!.facts).toMatchObject({ serials: 5, scans: 5, networks: 1 });
  });

  it('stays silent for a few unknown serials, for bots, and for runs spread over days', async () => {
    const c = await producerChain(t);
    await unknownScans(c.product.gtin, serials('BB', 4));
    await unknownScans(c.product.gtin, serials('CC', 6), { bot: true });
    await unknownScans(c.product.gtin, serials('DD', 3), { at: '2025-06-12T03:00:00Z' });
    expect(await run(unknownSerialRun, c.coop.org.id)).toEqual([]);
  });

  it('reports open fake reports and drops them once resolved', async () => {
    const c = await producerChain(t);
    const id = await insertFakeReport(t.db.sql, {
      serial: 'ZZZZZZZZZZZZZZ',
      gtin: c.product.gtin,
      lot: null,
      verdict: 'unknown',
      message: 'Tem lạ bán ở chợ huyện',
      contact: null,
      clientHash: 'x',
      at: new Date('2025-06-11T00:00:00Z'),
    });
    const [f] = await run(fakeReported, c.coop.org.id);
    expect(f!.subjectKey).toBe(`fake_report:${id}`);
    expect(f!.message.vi).toContain('Tem lạ bán ở chợ huyện');
    await t.db.sql`update fake_reports set status = 'resolved' where id = ${id}`;
    expect(await run(fakeReported, c.coop.org.id)).toEqual([]);
  });
});

describe('STAMP_ON_OTHER_PRODUCT', () => {
  /** Scans of `serial` at another address, as the stamp page logs them (not known). */
  async function foreignScans(
    serial: string,
    gtin: string,
    lot: string | null,
    n: number,
    opts: { bot?: boolean } = {},
  ) {
    for (let i = 0; i < n; i++) {
      await t.db
        .sql`insert into scans (serial, gtin, lot_code, known, at, client_hash, user_agent_family, language, is_bot)
                     values (${serial}, ${gtin}, ${lot}, false, ${`2025-06-1${i % 3}T03:00:00Z`}, ${`net-${i % 2}`},
                             'chrome', 'vi', ${!!opts.bot})`;
    }
  }
  async function stampOf(c: Chain) {
    const lot = await c.harvest(100, '2025-05-20');
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }]);
    const r = await printRun(c, b.id, 2);
    const [row] = await t.db.sql<
      { serial: string }[]
    >`select serial from stamps where print_run_id = ${r.id} and position = 1`;
    return { serial: row!.serial, lot: b.lotCode as string, runSeq: r.seq as number };
  }

  it('reports a real serial scanned under another product’s address, once per stamp and product', async () => {
    const a = await producerChain(t);
    const b = await producerChain(t);
    const stamp = await stampOf(a);
    await foreignScans(stamp.serial, b.product.gtin, 'FAKE-1', 3);
    await foreignScans(stamp.serial, b.product.gtin, 'FAKE-2', 1);
    const [f, ...rest] = await run(stampOnOtherProduct, a.coop.org.id);
    expect(rest).toEqual([]);
    expect(f!.subjectKey).toBe(`stamp:${stamp.serial}/gtin:${b.product.gtin}`);
    expect(f!.cooperativeId).toBe(a.coop.org.id);
    expect(f!.objects.map((o) => o.kind)).toEqual(['stamp', 'print_run', 'batch', 'product', 'product']);
    expect(f!.facts).toMatchObject({
      serial: stamp.serial,
      lot: stamp.lot,
      askedGtin: b.product.gtin,
      askedLots: ['FAKE-1', 'FAKE-2'],
      scans: 4,
      networks: 2,
    });
    expect(f!.message.vi).toContain('sao chép');
    // the finding is the copied stamp's cooperative's; the other product is named in it
    expect(f!.objects.at(-1)).toEqual({ kind: 'product', id: b.product.id, label: b.product.nameVi });
    expect(await run(stampOnOtherProduct, b.coop.org.id)).toEqual([]);
  });

  it('reports another lot of the same product, and stays silent for the lot in another case, for bots and for unknown serials', async () => {
    const c = await producerChain(t);
    const stamp = await stampOf(c);
    await foreignScans(stamp.serial, c.product.gtin, stamp.lot.toLowerCase(), 2);
    await foreignScans(stamp.serial, c.product.gtin, null, 1);
    const other = await stampOf(c);
    await foreignScans(other.serial, '08930000000019', 'X', 3, { bot: true });
    await foreignScans('ZZZZZZZZZZZZZ2', c.product.gtin, stamp.lot, 3);
    expect(await run(stampOnOtherProduct, c.coop.org.id)).toEqual([]);
    await foreignScans(stamp.serial, c.product.gtin, 'OTHER-LOT', 1);
    const [f] = await run(stampOnOtherProduct, c.coop.org.id);
    expect(f!.facts).toMatchObject({ askedGtin: c.product.gtin, askedLots: ['OTHER-LOT'], scans: 1 });
  });

  it('leaves real serials out of UNKNOWN_SERIAL_RUN, which counts serials never issued', async () => {
    const a = await producerChain(t);
    const b = await producerChain(t);
    for (let i = 0; i < 5; i++) {
      const stamp = await stampOf(a);
      await foreignScans(stamp.serial, b.product.gtin, 'FAKE-1', 1);
    }
    expect(await run(unknownSerialRun, b.coop.org.id)).toEqual([]);
    expect(await run(stampOnOtherProduct, a.coop.org.id)).toHaveLength(5);
  });
});

describe('HARVEST_LOT_UNUSED', () => {
  it('reports a lot no batch drew on after the configured days, and not a recent or a used one', async () => {
    const c = await producerChain(t);
    const old = await c.harvest(100, '2025-04-01'); // 75 days before today
    const recent = await c.harvest(100, '2025-06-01');
    const used = await c.harvest(100, '2025-04-01');
    await sealed(c, [{ harvestLotId: used.id, quantity: 1 }]);
    const found = await run(harvestLotUnused, c.coop.org.id);
    expect(found.map((f) => f.subjectKey)).toEqual([`harvest_lot:${old.id}`]);
    expect(found[0]!.message.en).toContain('after 75 days');
    expect(recent.id).not.toBe(old.id);
    expect(await run(harvestLotUnused, c.coop.org.id, { unusedLotDays: 80 })).toEqual([]);
  });
});

describe('STAMP_COUNT_MISMATCH', () => {
  it('compares stamps not void with a counted batch, both ways, by the configured factor', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100, '2025-05-20');
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }], { quantity: 20, unit: 'piece' });
    expect(await run(stampCountMismatch, c.coop.org.id)).toEqual([]); // nothing printed yet
    await printRun(c, b.id, 6);
    const [few] = await run(stampCountMismatch, c.coop.org.id);
    expect(few!.facts).toMatchObject({ quantity: 20, stamps: 6, printRuns: 1 });
    expect(few!.message.en).toContain('only 6 stamps');

    await printRun(c, b.id, 6); // 12: within a factor of 2
    expect(await run(stampCountMismatch, c.coop.org.id)).toEqual([]);
    await printRun(c, b.id, 30); // 42 > 40
    const [many] = await run(stampCountMismatch, c.coop.org.id);
    expect(many!.message.en).toContain('42 stamps');
    await t.db
      .sql`update stamps set state = 'void' where print_run_id in (select id from print_runs where batch_id = ${b.id}) and position > 20`;
    expect(await run(stampCountMismatch, c.coop.org.id)).toEqual([]);
  });

  it('does not judge batches weighed in kilograms', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100, '2025-05-20');
    const b = await sealed(c, [{ harvestLotId: lot.id, quantity: 30 }]);
    await printRun(c, b.id, 200);
    expect(await run(stampCountMismatch, c.coop.org.id)).toEqual([]);
  });
});
