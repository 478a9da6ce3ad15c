// The OCOP product pipeline (/candidates, /pipeline): staff register candidates and record the
// stages they reach; stages only move forward with days that never go back; registration years
// lie inside the programme period; a rated candidate links to its own product's decision; a
// candidate without a new stage for PIPELINE_STALL_MONTHS months shows as stalled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOrganization } from '../../src/db/organizations-store';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { productBody } from '../support/fixtures';

let t: TestContext;
let unitId: string;
let coop: { org: { id: string }; key: string };

beforeAll(async () => {
  t = await createTestContext(); // today is 2025-06-15 in Vietnam
  const unit = await insertOrganization(t.db.sql, {
    kind: 'association_unit',
    associationLevel: 'commune',
    name: 'Hội Nông dân xã Cao Bồ',
    registrationCode: null,
    address: null,
    province: 'Tỉnh Thử nghiệm',
    commune: 'Cao Bồ',
    contactName: null,
    contactPhone: null,
    contactEmail: null,
    gln: null,
    parentId: null,
  });
  unitId = unit.id;
  coop = await t.cooperative('HTX Chè Cao Bồ');
}, 120_000);
afterAll(() => t?.close());

const counts = async () => {
  const [c] = await t.db.sql<{ c: number; s: number }[]>`
    select (select count(*) from ocop_candidates)::int as c, (select count(*) from ocop_candidate_stages)::int as s`;
  return c!;
};

const candidate = (over: Record<string, unknown> = {}) => ({
  organizationId: coop.org.id,
  productName: 'Chè vàng Cao Bồ',
  yearRegistered: 2024,
  supportingUnitId: unitId,
  commune: 'Cao Bồ',
  ...over,
});

const post = (path: string, body: unknown, key = t.keys.staff) => t.call('POST', path, { key, body });

describe('registering candidates and their stages', () => {
  it('registers a candidate with the stages already reached, all in one', async () => {
    const c = await json(
      post(
        '/api/v1/candidates',
        candidate({
          stages: [
            { stage: 'idea', reachedOn: '2024-02-01' },
            { stage: 'plan', reachedOn: '2024-04-10', note: 'Kế hoạch được Hội xã góp ý' },
          ],
        }),
      ),
      201,
    );
    expect(c.currentStage).toBe('plan');
    expect(c.stages).toEqual([
      { stage: 'idea', reachedOn: '2024-02-01', note: null },
      { stage: 'plan', reachedOn: '2024-04-10', note: 'Kế hoạch được Hội xã góp ý' },
    ]);
    expect(c.supportingUnitName).toBe('Hội Nông dân xã Cao Bồ');
    const next = await json(
      post(`/api/v1/candidates/${c.id}/stages`, { stage: 'dossier', reachedOn: '2024-10-01' }),
      201,
    );
    expect(next.currentStage).toBe('dossier'); // a stage may be skipped
  });

  it('registers a named household without an organization', async () => {
    const c = await json(
      post('/api/v1/candidates', candidate({ organizationId: undefined, householdName: 'Hộ bà Lò Thị Mai' })),
      201,
    );
    expect(c).toMatchObject({ organizationId: null, householdName: 'Hộ bà Lò Thị Mai', currentStage: null });
  });

  it('refuses cooperative keys: candidates are kept by association staff', async () => {
    expect((await post('/api/v1/candidates', candidate(), coop.key)).status).toBe(403);
    expect((await t.call('GET', '/api/v1/candidates', { key: coop.key })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/pipeline', { key: coop.key })).status).toBe(403);
  });
});

describe('stages only move forward, and their days never go back', () => {
  let id: string;
  beforeAll(async () => {
    const c = await json(
      post(
        '/api/v1/candidates',
        candidate({
          stages: [
            { stage: 'idea', reachedOn: '2024-03-01' },
            { stage: 'carrying_out', reachedOn: '2024-07-01' },
          ],
        }),
      ),
      201,
    );
    id = c.id;
  });

  it('refuses an earlier or the same stage (409) and writes nothing', async () => {
    const before = await counts();
    for (const stage of ['plan', 'carrying_out', 'idea']) {
      const res = await post(`/api/v1/candidates/${id}/stages`, { stage, reachedOn: '2025-01-01' });
      expect(res.status, stage).toBe(409);
      const err = (await res.json()).error;
      expect(err.code).toBe('CONFLICT');
      expect(err.details[0].path).toBe('body.stage');
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a later stage dated before the last one (409)', async () => {
    const res = await post(`/api/v1/candidates/${id}/stages`, { stage: 'dossier', reachedOn: '2024-06-30' });
    expect(res.status).toBe(409);
    expect((await res.json()).error.details[0]).toMatchObject({ path: 'body.reachedOn' });
  });

  it('refuses a day after today or before the year registered (400)', async () => {
    for (const reachedOn of ['2025-06-16', '2023-12-31']) {
      const res = await post(`/api/v1/candidates/${id}/stages`, { stage: 'dossier', reachedOn });
      expect(res.status, reachedOn).toBe(400);
      expect((await res.json()).error.code).toBe('VALIDATION_FAILED');
    }
    const res = await post(`/api/v1/candidates/${id}/stages`, { stage: 'shipping', reachedOn: '2025-01-01' });
    expect(res.status).toBe(400);
  });

  it('holds in the database too: a stage written behind the API cannot go back', async () => {
    await expect(
      t.db
        .sql`insert into ocop_candidate_stages (candidate_id, stage, reached_on) values (${id}, 'plan', '2025-01-01')`,
    ).rejects.toMatchObject({ hint: 'CONFLICT' });
    await expect(
      t.db.sql`update ocop_candidate_stages set reached_on = '2020-01-01' where candidate_id = ${id}`,
    ).rejects.toMatchObject({ hint: 'CONFLICT' });
  });

  it('writes nothing of a new candidate whose stages go back', async () => {
    const before = await counts();
    const res = await post(
      '/api/v1/candidates',
      candidate({
        stages: [
          { stage: 'plan', reachedOn: '2024-05-01' },
          { stage: 'idea', reachedOn: '2024-06-01' },
        ],
      }),
    );
    expect(res.status).toBe(409);
    expect((await res.json()).error.details[0].path).toBe('body.stages.1.stage');
    expect(await counts()).toEqual(before);
  });
});

describe('bad input: nothing is written', () => {
  it('refuses a registration year outside the programme period 2022–2025', async () => {
    const before = await counts();
    for (const yearRegistered of [2021, 2026]) {
      const res = await post('/api/v1/candidates', candidate({ yearRegistered }));
      expect(res.status, String(yearRegistered)).toBe(400);
      expect((await res.json()).error.details).toContainEqual(
        expect.objectContaining({
          path: 'body.yearRegistered',
          message: 'must be a year of the programme period, 2022–2025',
        }),
      );
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a supporting unit that is not an association unit, a holder that is one, and neither holder named', async () => {
    const before = await counts();
    for (const over of [
      { supportingUnitId: coop.org.id },
      { organizationId: unitId },
      { organizationId: undefined },
      { productName: '' },
      { extra: true },
    ]) {
      const res = await post('/api/v1/candidates', candidate(over));
      expect(res.status, JSON.stringify(over)).toBe(400);
    }
    expect(await counts()).toEqual(before);
  });
});

describe('a rated candidate links to its product and rating decision', () => {
  it('links the rating stage to the decision of its own product, and refuses another product’s decision', async () => {
    const product = await json(
      t.call('POST', '/api/v1/products', { key: coop.key, body: productBody(coop.org.id, { listings: [] }) }),
      201,
    );
    const other = await json(
      t.call('POST', '/api/v1/products', { key: coop.key, body: productBody(coop.org.id, { listings: [] }) }),
      201,
    );
    const rating = await json(
      t.call('POST', `/api/v1/products/${product.id}/ratings`, {
        key: t.keys.admin,
        body: { stars: 3, decisionNumber: '1422/QĐ-UBND', issuingLevel: 'province', decisionDate: '2025-03-14' },
      }),
      201,
    );
    const c = await json(
      post(
        '/api/v1/candidates',
        candidate({ yearRegistered: 2025, stages: [{ stage: 'dossier', reachedOn: '2025-01-20' }] }),
      ),
      201,
    );
    const wrong = await post(`/api/v1/candidates/${c.id}/stages`, {
      stage: 'rating',
      reachedOn: '2025-03-14',
      productId: other.id,
      ratingId: rating.id,
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error.details[0].path).toBe('body.ratingId');
    expect((await json(t.call('GET', `/api/v1/candidates/${c.id}`, { key: t.keys.staff }), 200)).currentStage).toBe(
      'dossier',
    );
    const rated = await json(
      post(`/api/v1/candidates/${c.id}/stages`, {
        stage: 'rating',
        reachedOn: '2025-03-14',
        productId: product.id,
        ratingId: rating.id,
      }),
      201,
    );
    expect(rated).toMatchObject({ currentStage: 'rating', productId: product.id, ratingId: rating.id });
  });
});

describe('the pipeline of a year', () => {
  it('counts candidates at each stage against 10 new products a year and lists the stalled ones', async () => {
    const fresh = await createTestContext({ PIPELINE_STALL_MONTHS: '3' });
    try {
      const unit = await insertOrganization(fresh.db.sql, {
        kind: 'association_unit',
        associationLevel: 'commune',
        name: 'Hội Nông dân xã Nà Sơn',
        registrationCode: null,
        address: null,
        province: 'Tỉnh Thử nghiệm',
        commune: 'Nà Sơn',
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        gln: null,
        parentId: null,
      });
      const add = (productName: string, stages: { stage: string; reachedOn: string }[]) =>
        json(
          fresh.call('POST', '/api/v1/candidates', {
            key: fresh.keys.staff,
            body: {
              householdName: 'Hộ ông Sầm Văn Tư',
              productName,
              yearRegistered: 2025,
              supportingUnitId: unit.id,
              commune: 'Nà Sơn',
              stages,
            },
          }),
          201,
        );
      await add('Miến dong nếp', [{ stage: 'idea', reachedOn: '2025-01-10' }]); // 3 months before 2025-06-15 is 2025-03-15: stalled
      await add('Gà đồi', [
        { stage: 'idea', reachedOn: '2025-02-01' },
        { stage: 'plan', reachedOn: '2025-04-01' },
      ]);
      await add('Măng khô', [
        { stage: 'idea', reachedOn: '2025-01-05' },
        { stage: 'plan', reachedOn: '2025-03-15' },
      ]);
      await add('Mật ong', []);
      const p = await json(fresh.call('GET', '/api/v1/pipeline?year=2025', { key: fresh.keys.staff }), 200);
      expect(p).toMatchObject({
        year: 2025,
        target: 10,
        stallMonths: 3,
        stalledBefore: '2025-03-15',
        registered: 4,
        rated: 0,
      });
      expect(p.atStage).toEqual({
        notStarted: 1,
        idea: 1,
        plan: 2,
        carrying_out: 0,
        dossier: 0,
        rating: 0,
        promotion: 0,
      });
      expect(p.stalled).toBe(1);
      expect(p.stalledCandidates.map((c: { productName: string }) => c.productName)).toEqual(['Miến dong nếp']);
      const listed = await json(fresh.call('GET', '/api/v1/candidates?stalled=true', { key: fresh.keys.staff }), 200);
      expect(listed.items.map((c: { productName: string }) => c.productName)).toEqual(['Miến dong nếp']);
      const atPlan = await json(
        fresh.call('GET', '/api/v1/candidates?year=2025&stage=plan', { key: fresh.keys.staff }),
        200,
      );
      expect(atPlan.items.map((c: { productName: string }) => c.productName)).toEqual(['Gà đồi', 'Măng khô']);
    } finally {
      await fresh.close();
    }
  });
});
