// The findings workflow through the API: a run stores findings, staff acknowledge and resolve
// them, a resolved finding stays resolved until its data changes, fixed data clears it, scoped
// runs touch their scope only, cooperatives see their own findings, and everything is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { putYieldRange } from '../../src/db/findings-store';
import type { Finding } from '../../src/checks/run';

let t: TestContext;
type Chain = Awaited<ReturnType<typeof producerChain>>;
let a: Chain;
let b: Chain;
let batchA: { id: string };
let batchB: { id: string };

const runChecks = (body: unknown = {}, key = t.keys.staff) => t.call('POST', '/api/v1/checks/run', { key, body });
const findings = async (query = '', key = t.keys.staff) =>
  (await json(t.call('GET', `/api/v1/findings${query}`, { key }), 200)).items as Finding[];

async function sealed(c: Chain, quantity: number) {
  const lot = await c.harvest(100, '2025-05-20');
  const draft = await json(
    t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([{ harvestLotId: lot.id, quantity }]) }),
    201,
  );
  return (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
}

beforeAll(async () => {
  t = await createTestContext();
  a = await producerChain(t);
  b = await producerChain(t);
  // both batches make 20 kg from 30 kg; a range of 4–6 kg a kilogram makes both implausible
  batchA = await sealed(a, 30);
  batchB = await sealed(b, 30);
  await putYieldRange(t.db.sql, a.product.id, 4, 6, new Date());
  await putYieldRange(t.db.sql, b.product.id, 4, 6, new Date());
});
afterAll(() => t.close());

describe('running the checks', () => {
  it('is for staff and admins, and refuses unknown scopes and fields', async () => {
    expect((await runChecks({}, a.coop.key)).status).toBe(403);
    expect((await t.call('POST', '/api/v1/checks/run', { body: {} })).status).toBe(401);
    const missing = await json(
      runChecks({ scope: { kind: 'batch', id: '00000000-0000-4000-8000-000000000000' } }),
      404,
    );
    expect(missing.error.code).toBe('NOT_FOUND');
    const bad = await json(runChecks({ scope: { kind: 'lot', id: 'x' } }), 400);
    expect(bad.error.code).toBe('VALIDATION_FAILED');
    expect((await json(runChecks({ everything: true }), 400)).error.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a scope naming no area, no organization, or an association unit rather than a cooperative', async () => {
    const unit = await json(
      t.call('POST', '/api/v1/organizations', {
        key: t.keys.admin,
        body: {
          kind: 'association_unit',
          associationLevel: 'province',
          name: 'Hội Nông dân tỉnh',
          province: 'Sơn Lâm',
        },
      }),
      201,
    );
    const none = '00000000-0000-4000-8000-000000000000';
    const bad = [
      { kind: 'area', id: none },
      { kind: 'cooperative', id: none },
      { kind: 'cooperative', id: unit.id },
    ];
    for (const scope of bad) {
      expect((await json(runChecks({ scope }), 404)).error).toMatchObject({ code: 'NOT_FOUND', details: { scope } });
    }
  });

  it('stores new findings and answers with counts per rule', async () => {
    const summary = await json(runChecks(), 200);
    expect(summary).toMatchObject({
      scope: { kind: 'all' },
      found: 2,
      new: 2,
      reopened: 0,
      cleared: 0,
      needAttention: 2,
    });
    expect(summary.rules.find((r: { code: string }) => r.code === 'YIELD_RATIO_IMPLAUSIBLE')).toMatchObject({
      found: 2,
      severity: 'warning',
    });
    const list = await findings();
    expect(list.map((f) => f.objects[0]!.id).sort()).toEqual([batchA.id, batchB.id].sort());
    expect(list[0]).toMatchObject({
      rule: 'YIELD_RATIO_IMPLAUSIBLE',
      status: 'open',
      severity: 'warning',
      clearedAt: null,
    });
    expect(list[0]!.title.vi).toBeTruthy();
    expect(list[0]!.message.en).toContain('below the plausible');
    // a second run finds the same two again, adding nothing
    expect(await json(runChecks(), 200)).toMatchObject({ found: 2, new: 0, cleared: 0 });
    expect(await findings('?view=all')).toHaveLength(2);
  });

  it('shows a cooperative its own findings only', async () => {
    const own = await findings('', a.coop.key);
    expect(own.map((f) => f.objects[0]!.id)).toEqual([batchA.id]);
    const other = (await findings('', b.coop.key))[0]!;
    expect((await t.call('GET', `/api/v1/findings/${other.id}`, { key: a.coop.key })).status).toBe(404);
    expect(
      (await t.call('POST', `/api/v1/findings/${other.id}/acknowledge`, { key: b.coop.key, body: { note: 'x' } }))
        .status,
    ).toBe(403);
  });
});

describe('reviewing findings', () => {
  it('acknowledges with a note, and refuses an empty one', async () => {
    const f = (await findings(`?objectId=${batchA.id}`))[0]!;
    expect(
      (
        await json(
          t.call('POST', `/api/v1/findings/${f.id}/acknowledge`, { key: t.keys.staff, body: { note: '  ' } }),
          400,
        )
      ).error.code,
    ).toBe('VALIDATION_FAILED');
    const ack = await json(
      t.call('POST', `/api/v1/findings/${f.id}/acknowledge`, {
        key: t.keys.staff,
        body: { note: 'Đã gọi HTX, đang cân lại' },
      }),
      200,
    );
    expect(ack).toMatchObject({
      status: 'acknowledged',
      note: 'Đã gọi HTX, đang cân lại',
      reviewedBy: 'staff:test staff',
    });
    expect(await findings('?view=acknowledged')).toHaveLength(1);
    // acknowledged findings still need attention; a run leaves them acknowledged
    await json(runChecks(), 200);
    expect((await findings(`?objectId=${batchA.id}`))[0]!.status).toBe('acknowledged');
  });

  it('keeps a resolved finding resolved while its facts are unchanged, and opens it again when they change', async () => {
    const f = (await findings(`?objectId=${batchA.id}`))[0]!;
    await json(
      t.call('POST', `/api/v1/findings/${f.id}/resolve`, {
        key: t.keys.staff,
        body: { note: 'Phiếu cân gốc khớp: hao hụt do phơi' },
      }),
      200,
    );
    expect(await findings(`?objectId=${batchA.id}`)).toEqual([]);
    expect(await json(runChecks(), 200)).toMatchObject({ found: 2, reopened: 0, needAttention: 1 });
    expect((await findings('?view=resolved'))[0]!.id).toBe(f.id);

    // the range changes, so the facts the resolution rested on changed
    await putYieldRange(t.db.sql, a.product.id, 3, 5, new Date());
    expect(await json(runChecks(), 200)).toMatchObject({ reopened: 1, needAttention: 2 });
    const back = await json(t.call('GET', `/api/v1/findings/${f.id}`, { key: t.keys.staff }), 200);
    expect(back).toMatchObject({ status: 'open', reopenedCount: 1, note: 'Phiếu cân gốc khớp: hao hụt do phơi' });
  });

  it('clears a finding whose data was put right, within the run’s scope only', async () => {
    await putYieldRange(t.db.sql, a.product.id, 1, 2, new Date());
    await putYieldRange(t.db.sql, b.product.id, 1, 2, new Date());
    // a run scoped to batch A clears A's finding and leaves B's alone
    const scoped = await json(runChecks({ scope: { kind: 'batch', id: batchA.id } }), 200);
    expect(scoped).toMatchObject({ found: 0, cleared: 1 });
    expect((await findings()).map((f) => f.objects[0]!.id)).toEqual([batchB.id]);
    expect((await findings('?view=cleared'))[0]!.objects[0]!.id).toBe(batchA.id);
    const coop = await json(runChecks({ scope: { kind: 'cooperative', id: b.coop.org.id } }), 200);
    expect(coop).toMatchObject({ found: 0, cleared: 1 });
    expect(await findings()).toEqual([]);
  });

  it('brings a cleared finding back, open, when the problem returns', async () => {
    await putYieldRange(t.db.sql, b.product.id, 4, 6, new Date());
    expect(await json(runChecks(), 200)).toMatchObject({ found: 1, new: 0 });
    const f = (await findings())[0]!;
    expect(f).toMatchObject({ status: 'open', clearedAt: null });
  });

  it('writes runs and reviews to the audit log', async () => {
    const rows = await t.db.sql<{ action: string; actor: string }[]>`
      select action, actor from audit_log where entity in ('link_check', 'link_finding') order by id`;
    const actions = rows.map((r) => r.action);
    expect(actions.filter((x) => x === 'link_check_run').length).toBeGreaterThanOrEqual(7);
    expect(actions).toContain('finding_acknowledge');
    expect(actions).toContain('finding_resolve');
    expect(rows.every((r) => r.actor === 'staff:test staff')).toBe(true);
  });
});

describe('settings of the yield rules', () => {
  it('lists rules, thresholds, ranges and ceilings, and validates changes', async () => {
    const s = await json(t.call('GET', '/api/v1/checks/settings', { key: t.keys.staff }), 200);
    expect(s.rules).toHaveLength(14);
    expect(s.thresholds).toMatchObject({ unusedLotDays: 45, stampFactor: 2 });
    expect(s.yieldRanges).toHaveLength(2);
    const wrong = await json(
      t.call('PUT', `/api/v1/checks/yield-ranges/${a.product.id}`, {
        key: t.keys.staff,
        body: { minInputPerOutput: 5, maxInputPerOutput: 4 },
      }),
      400,
    );
    expect(wrong.error.details[0].path).toBe('body.maxInputPerOutput');
    expect(
      (
        await t.call('PUT', `/api/v1/checks/yield-ranges/${a.product.id}`, {
          key: a.coop.key,
          body: { minInputPerOutput: 1, maxInputPerOutput: 4 },
        })
      ).status,
    ).toBe(403);
    await json(
      t.call('PUT', '/api/v1/checks/crop-ceilings', {
        key: t.keys.admin,
        body: { crop: 'chè Shan tuyết', tonnesPerHa: 6 },
      }),
      200,
    );
    await json(
      t.call('DELETE', `/api/v1/checks/crop-ceilings?crop=${encodeURIComponent('chè Shan tuyết')}`, {
        key: t.keys.admin,
      }),
      200,
    );
    expect(
      (await json(t.call('DELETE', '/api/v1/checks/crop-ceilings?crop=none', { key: t.keys.admin }), 404)).error.code,
    ).toBe('NOT_FOUND');
  });
});

describe('counting findings', () => {
  const counts = async (key?: string) => json(t.call('GET', '/api/v1/findings/counts', { key }), 200);

  it('counts what is still found by rule, severity and status, and leaves cleared findings out', async () => {
    // A's finding was cleared above; B's came back open
    expect(await counts(t.keys.staff)).toEqual({
      needAttention: { critical: 0, warning: 1, notice: 0 },
      items: [{ rule: 'YIELD_RATIO_IMPLAUSIBLE', severity: 'warning', status: 'open', count: 1 }],
      // the last run over all data (the runs above were scoped or by the staff key)
      lastRun: expect.objectContaining({ by: 'staff:test staff', scheduled: false }),
    });
  });

  it('shows a cooperative the counts of its own findings only', async () => {
    expect((await counts(a.coop.key)).items).toEqual([]);
    expect((await counts(b.coop.key)).items).toEqual([
      { rule: 'YIELD_RATIO_IMPLAUSIBLE', severity: 'warning', status: 'open', count: 1 },
    ]);
    expect((await t.call('GET', '/api/v1/findings/counts')).status).toBe(401);
  });

  it('counts a resolved finding, but not as needing attention', async () => {
    const f = (await findings())[0]!;
    await json(
      t.call('POST', `/api/v1/findings/${f.id}/resolve`, { key: t.keys.staff, body: { note: 'Đã cân lại' } }),
      200,
    );
    expect(await counts(t.keys.admin)).toEqual({
      needAttention: { critical: 0, warning: 0, notice: 0 },
      items: [{ rule: 'YIELD_RATIO_IMPLAUSIBLE', severity: 'warning', status: 'resolved', count: 1 }],
      lastRun: expect.objectContaining({ by: 'staff:test staff', byName: null }),
    });
  });
});
