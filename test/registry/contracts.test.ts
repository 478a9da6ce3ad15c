// Supply contracts cannot be self-asserted: a contract the buyer records waits for the area's
// side (its operator; association staff for a farmer professional group's area; an
// administrator), and until then it authorises no harvest and opens none of the area's data.
// Confirming, rejecting, withdrawing and ending are audited; the database guards the lifecycle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/db/api-keys-store';
import { areaLinkedToCooperative } from '../../src/db/harvests-store';
import { insertOrganization } from '../../src/db/organizations-store';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { areaBody, organizationRow } from '../support/fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

let seq = 0;
const terms = (over: Record<string, unknown> = {}) => ({
  number: `HĐLK-${++seq}/2025`,
  startsOn: '2025-01-01',
  endsOn: '2026-12-31',
  ...over,
});

/** An operator with an area, a buyer, and a third cooperative that is party to nothing. */
async function sides() {
  const operator = await t.cooperative('HTX Chè Suối Giàng');
  const buyer = await t.cooperative('HTX Chế biến chè Văn Chấn');
  const stranger = await t.cooperative('HTX Ngoài cuộc');
  const area = await json(t.call('POST', '/api/v1/areas', { key: operator.key, body: areaBody(operator.org.id) }), 201);
  return { operator, buyer, stranger, area };
}

/** A farmer professional group (no key of its own), its area, registered by an administrator. */
async function farmerGroupArea() {
  const group = await insertOrganization(
    t.db.sql,
    organizationRow({ kind: 'farmer_professional_group', name: `Chi hội nghề nghiệp chè ${++seq}` }),
  );
  return json(t.call('POST', '/api/v1/areas', { key: t.keys.admin, body: areaBody(group.id) }), 201);
}

const propose = (key: string, areaId: string, cooperativeId: string, over: Record<string, unknown> = {}) =>
  t.call('POST', '/api/v1/contracts', { key, body: { areaId, cooperativeId, ...terms(over) } });
const act = (key: string, id: string, action: string, body?: unknown) =>
  t.call('POST', `/api/v1/contracts/${id}/${action}`, { key, body });
const harvest = (key: string, areaId: string, harvestedOn = '2025-05-20') =>
  t.call('POST', '/api/v1/harvest-lots', { key, body: { areaId, harvestedOn, quantity: 10, unit: 'kg' } });
const auditOf = async (id: string) =>
  (await json(t.call('GET', `/api/v1/audit?entity=supply_contract&entityId=${id}`, { key: t.keys.admin }), 200))
    .items as { action: string; actor: string; before: Record<string, unknown>; after: Record<string, unknown> }[];

describe('a contract the buyer records', () => {
  it("is pending: it opens none of the area's data and authorises no harvest until the operator confirms it", async () => {
    const { operator, buyer, area } = await sides();
    const k = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    expect(k).toMatchObject({
      status: 'pending',
      operatorId: operator.org.id,
      confirmer: 'area_operator',
      confirmedAt: null,
      confirmedBy: null,
    });
    // the area stays as closed as before the contract
    expect((await t.call('GET', `/api/v1/areas/${area.id}`, { key: buyer.key })).status).toBe(404);
    const areas = await json(t.call('GET', '/api/v1/areas', { key: buyer.key }), 200);
    expect(areas.items.map((a: { id: string }) => a.id)).not.toContain(area.id);
    expect((await t.call('GET', `/api/v1/trace/forward?areaId=${area.id}`, { key: buyer.key })).status).toBe(404);
    const refused = await json(harvest(buyer.key, area.id), 422);
    expect(refused.error.code).toBe('AREA_NOT_LINKED');
    expect(refused.error.message).toMatch(/confirmed/);

    // both sides see it; the operator finds it among the contracts waiting for it
    expect((await json(t.call('GET', `/api/v1/contracts/${k.id}`, { key: buyer.key }), 200)).status).toBe('pending');
    const waiting = await json(t.call('GET', '/api/v1/contracts?awaiting=me', { key: operator.key }), 200);
    expect(waiting.items.map((x: { id: string }) => x.id)).toEqual([k.id]);
    expect((await json(t.call('GET', '/api/v1/contracts?awaiting=me', { key: buyer.key }), 200)).items).toEqual([]);

    const confirmed = await json(act(operator.key, k.id, 'confirm'), 200);
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      confirmedAt: t.clock.now.toISOString(),
      confirmedBy: { name: 'HTX Chè Suối Giàng', role: 'cooperative', organizationId: operator.org.id },
    });
    expect((await t.call('GET', `/api/v1/areas/${area.id}`, { key: buyer.key })).status).toBe(200);
    expect((await t.call('GET', `/api/v1/trace/forward?areaId=${area.id}`, { key: buyer.key })).status).toBe(200);
    const lot = await json(harvest(buyer.key, area.id), 201);
    expect(lot.certifications.map((c: { scheme: string }) => c.scheme)).toEqual(['vietgap']);
    expect((await json(t.call('GET', '/api/v1/contracts?awaiting=me', { key: operator.key }), 200)).items).toEqual([]);

    const log = await auditOf(k.id);
    expect(log.map((e) => e.action)).toEqual(['create', 'confirm']);
    expect(log[1]).toMatchObject({
      actor: 'cooperative:HTX Chè Suối Giàng',
      before: { status: 'pending' },
      after: { status: 'confirmed' },
    });
  });

  it('cannot be confirmed by the buyer itself, nor seen (404) or acted on (403) by a cooperative party to nothing', async () => {
    const { buyer, stranger, area } = await sides();
    const k = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    const self = await json(act(buyer.key, k.id, 'confirm'), 403);
    expect(self.error.message).toMatch(/operator/);
    expect((await act(buyer.key, k.id, 'reject', { reason: 'nhầm' })).status).toBe(403);
    for (const [action, body] of [
      ['confirm', undefined],
      ['reject', { reason: 'x' }],
      ['withdraw', { reason: 'x' }],
      ['end', { reason: 'x' }],
    ] as const) {
      expect((await act(stranger.key, k.id, action, body)).status, action).toBe(403);
    }
    expect((await t.call('GET', `/api/v1/contracts/${k.id}`, { key: stranger.key })).status).toBe(404);
    const list = await json(t.call('GET', '/api/v1/contracts', { key: stranger.key }), 200);
    expect(list.items).toEqual([]);
    expect((await json(t.call('GET', `/api/v1/contracts/${k.id}`, { key: t.keys.admin }), 200)).status).toBe('pending');
  });

  it('is rejected by the operator with a reason: still no harvest, no area, and it cannot be confirmed after', async () => {
    const { operator, buyer, area } = await sides();
    const k = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    const noReason = await json(act(operator.key, k.id, 'reject', {}), 400);
    expect(noReason.error.details[0].path).toBe('body.reason');
    const rejected = await json(act(operator.key, k.id, 'reject', { reason: 'Không ký hợp đồng này' }), 200);
    expect(rejected).toMatchObject({
      status: 'rejected',
      closeReason: 'Không ký hợp đồng này',
      closedBy: { organizationId: operator.org.id },
      confirmedAt: null,
    });
    expect((await harvest(buyer.key, area.id)).status).toBe(422);
    expect((await t.call('GET', `/api/v1/areas/${area.id}`, { key: buyer.key })).status).toBe(404);
    const again = await json(act(operator.key, k.id, 'confirm'), 409);
    expect(again.error.code).toBe('CONFLICT');
    expect(
      (await t.call('PATCH', `/api/v1/contracts/${k.id}`, { key: buyer.key, body: { number: 'HĐ-khác' } })).status,
    ).toBe(409);
    expect((await auditOf(k.id)).map((e) => e.action)).toEqual(['create', 'reject']);
  });

  it('can be withdrawn by the buyer while pending, and not by the operator', async () => {
    const { operator, buyer, area } = await sides();
    const k = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    expect((await act(operator.key, k.id, 'withdraw', { reason: 'x' })).status).toBe(403);
    const w = await json(act(buyer.key, k.id, 'withdraw', { reason: 'Nhập nhầm vùng' }), 200);
    expect(w).toMatchObject({ status: 'withdrawn', closeReason: 'Nhập nhầm vùng' });
    expect((await act(operator.key, k.id, 'confirm')).status).toBe(409);
    expect((await auditOf(k.id)).map((e) => e.action)).toEqual(['create', 'withdraw']);
  });

  it('goes back to pending when the buyer changes the terms of a confirmed contract', async () => {
    const { operator, buyer, area } = await sides();
    const k = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    await json(act(operator.key, k.id, 'confirm'), 200);
    // the number alone is a change of terms too; an unchanged edit is not
    const same = await json(
      t.call('PATCH', `/api/v1/contracts/${k.id}`, { key: buyer.key, body: { endsOn: k.endsOn } }),
      200,
    );
    expect(same.status).toBe('confirmed');
    const longer = await json(
      t.call('PATCH', `/api/v1/contracts/${k.id}`, { key: buyer.key, body: { endsOn: '2030-12-31' } }),
      200,
    );
    expect(longer).toMatchObject({ status: 'pending', endsOn: '2030-12-31', confirmedAt: null });
    expect((await harvest(buyer.key, area.id)).status).toBe(422);
    const log = await auditOf(k.id);
    expect(log.at(-1)).toMatchObject({
      action: 'update',
      before: { status: 'confirmed', endsOn: '2026-12-31' },
      after: { status: 'pending', endsOn: '2030-12-31' },
    });
    // the operator vouches for the new terms
    await json(act(operator.key, k.id, 'confirm'), 200);
    await json(harvest(buyer.key, area.id, '2025-05-21'), 201);
  });
});

describe('a contract the area’s side records', () => {
  it('is confirmed at once when the operator records it for a buyer, or an administrator does', async () => {
    const { operator, buyer, area } = await sides();
    const byOperator = await json(propose(operator.key, area.id, buyer.org.id), 201);
    expect(byOperator).toMatchObject({ status: 'confirmed', confirmedBy: { organizationId: operator.org.id } });
    expect((await t.call('GET', `/api/v1/areas/${area.id}`, { key: buyer.key })).status).toBe(200);
    const byAdmin = await json(propose(t.keys.admin, area.id, buyer.org.id), 201);
    expect(byAdmin).toMatchObject({ status: 'confirmed', confirmedBy: { role: 'admin' } });
    // and an administrator's change of terms keeps it confirmed, vouched for by the administrator
    const changed = await json(
      t.call('PATCH', `/api/v1/contracts/${byOperator.id}`, { key: t.keys.admin, body: { startsOn: '2025-02-01' } }),
      200,
    );
    expect(changed).toMatchObject({ status: 'confirmed', confirmedBy: { role: 'admin' } });
  });

  it('lets the one who vouched change the terms within the same clock tick, its new confirmation on record', async () => {
    // The test clock is frozen: the administrator records and amends the contract at one instant.
    const { buyer, area } = await sides();
    const k = await json(propose(t.keys.admin, area.id, buyer.org.id), 201);
    const changed = await json(
      t.call('PATCH', `/api/v1/contracts/${k.id}`, { key: t.keys.admin, body: { number: 'HĐ-sửa-ngay' } }),
      200,
    );
    expect(changed).toMatchObject({ status: 'confirmed', number: 'HĐ-sửa-ngay' });
    expect(new Date(changed.confirmedAt).getTime()).toBeGreaterThanOrEqual(new Date(k.confirmedAt).getTime());
  });

  it('refuses a cooperative key that is neither the buyer nor the operator', async () => {
    const { buyer, stranger, area } = await sides();
    const r = await json(propose(stranger.key, area.id, buyer.org.id), 403);
    expect(r.error.message).toMatch(/buyer or as the area’s operator/);
  });
});

describe('association staff', () => {
  it("confirm contracts for a farmer professional group's area, and only those", async () => {
    const { buyer, area: coopArea } = await sides();
    const groupArea = await farmerGroupArea();
    const forGroup = await json(propose(buyer.key, groupArea.id, buyer.org.id), 201);
    expect(forGroup.confirmer).toBe('association_staff');
    const forCoop = await json(propose(buyer.key, coopArea.id, buyer.org.id), 201);

    const waiting = await json(t.call('GET', '/api/v1/contracts?awaiting=me&limit=200', { key: t.keys.staff }), 200);
    const ids = waiting.items.map((x: { id: string }) => x.id);
    expect(ids).toContain(forGroup.id);
    expect(ids).not.toContain(forCoop.id);

    const refused = await json(act(t.keys.staff, forCoop.id, 'confirm'), 403);
    expect(refused.error.message).toMatch(/operator/);
    const ok = await json(act(t.keys.staff, forGroup.id, 'confirm'), 200);
    expect(ok.confirmedBy).toMatchObject({ role: 'staff', name: 'test staff' });
    await json(harvest(buyer.key, groupArea.id), 201);
    // an administrator may act for any area
    await json(act(t.keys.admin, forCoop.id, 'confirm'), 200);
  });
});

describe('ending a confirmed contract', () => {
  it('covers harvests up to its last day and none after; either side may end it, with a reason', async () => {
    const { operator, buyer, area } = await sides();
    const k = await json(propose(operator.key, area.id, buyer.org.id), 201);
    const future = await json(act(buyer.key, k.id, 'end', { reason: 'Thanh lý', lastDay: '2025-07-01' }), 400);
    expect(future.error.details[0].path).toBe('body.lastDay');
    const ended = await json(act(buyer.key, k.id, 'end', { reason: 'Thanh lý hợp đồng', lastDay: '2025-05-31' }), 200);
    expect(ended).toMatchObject({ status: 'ended', endedOn: '2025-05-31', closedBy: { organizationId: buyer.org.id } });
    await json(harvest(buyer.key, area.id, '2025-05-31'), 201);
    expect((await json(harvest(buyer.key, area.id, '2025-06-01'), 422)).error.code).toBe('AREA_NOT_LINKED');
    // the area it held a contract for stays readable; the contract cannot change any more
    expect((await t.call('GET', `/api/v1/areas/${area.id}`, { key: buyer.key })).status).toBe(200);
    expect((await act(operator.key, k.id, 'end', { reason: 'x' })).status).toBe(409);
    expect((await auditOf(k.id)).map((e) => e.action)).toEqual(['create', 'end']);

    // a pending contract is withdrawn or rejected, not ended
    const p = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    expect((await act(buyer.key, p.id, 'end', { reason: 'x' })).status).toBe(409);
  });

  it('ends today by default, and the operator may end it too', async () => {
    const { operator, buyer, area } = await sides();
    const k = await json(propose(operator.key, area.id, buyer.org.id), 201);
    const ended = await json(act(operator.key, k.id, 'end', { reason: 'Hộ dân không còn cung ứng' }), 200);
    expect(ended.endedOn).toBe('2025-06-15');
  });
});

describe('the database', () => {
  it('refuses to revive, re-party or delete a closed contract, and to change confirmed terms silently', async () => {
    const { operator, buyer, stranger, area } = await sides();
    const k = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    await json(act(operator.key, k.id, 'reject', { reason: 'Không' }), 200);
    await expect(
      t.db.sql`update supply_contracts set status = 'pending', closed_at = null, closed_by = null, close_reason = null
               where id = ${k.id}`,
    ).rejects.toThrow(/rejected/);
    await expect(t.db.sql`delete from supply_contracts where id = ${k.id}`).rejects.toThrow(/end it instead/);

    const c = await json(propose(operator.key, area.id, buyer.org.id), 201);
    await expect(t.db.sql`update supply_contracts set ends_on = '2031-01-01' where id = ${c.id}`).rejects.toThrow(
      /without a new confirmation/,
    );
    await expect(
      t.db.sql`update supply_contracts set cooperative_id = ${stranger.org.id} where id = ${c.id}`,
    ).rejects.toThrow(/parties/);
    // a pending contract cannot claim to be confirmed without saying who confirmed it
    const p = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    await expect(t.db.sql`update supply_contracts set status = 'confirmed' where id = ${p.id}`).rejects.toThrow(
      /supply_contract_confirmation/,
    );
  });

  it('lets one of two concurrent decisions win and answers the other 409', async () => {
    const { operator, buyer, area } = await sides();
    const k = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    const [a, b] = await Promise.all([
      act(operator.key, k.id, 'confirm'),
      act(operator.key, k.id, 'reject', { reason: 'Không' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });
});

// PGlite serves one connection at a time, so a transaction held open would block the other forever.
describe.skipIf(!process.env.TEST_DATABASE_URL)('a harvest being recorded', () => {
  it('holds the contract it relies on, so that ending it waits for the harvest', async () => {
    const { operator, buyer, area } = await sides();
    const k = await json(propose(operator.key, area.id, buyer.org.id), 201);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let linked!: () => void;
    const checked = new Promise<void>((r) => {
      linked = r;
    });
    const harvesting = t.db.sql.begin(async (tx) => {
      expect(await areaLinkedToCooperative(tx, area.id, buyer.org.id, '2025-05-20')).toBe(true);
      linked();
      await held;
    });
    await checked;
    const ending = t.db.sql.begin(async (tx) => {
      await tx`set local lock_timeout = '300ms'`;
      await tx`update supply_contracts set status = 'ended', ended_on = '2025-05-01', closed_at = now(),
                 closed_by = '{}', close_reason = 'x' where id = ${k.id}`;
    });
    await expect(ending).rejects.toThrow(/lock timeout/);
    release();
    await harvesting;
  });
});

describe('a farmer professional group with a key of its own', () => {
  it("confirms its own area's contracts as their operator", async () => {
    const area = await farmerGroupArea();
    const k = await createApiKey(t.db.sql, {
      name: 'chi hội',
      role: 'cooperative',
      organizationId: area.operatorId,
      createdBy: null,
    });
    const buyer = await t.cooperative();
    const p = await json(propose(buyer.key, area.id, buyer.org.id), 201);
    await json(act(k.key, p.id, 'confirm'), 200);
  });
});
