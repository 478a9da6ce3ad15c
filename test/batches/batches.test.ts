import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { insertModel } from '../../src/db/models-store';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

describe('batches and mass balance', () => {
  it('builds a draft from harvest lots with events carrying tracing codes', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100);
    const batch = await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 60 }]),
      }),
      201,
    );
    expect(batch).toMatchObject({
      status: 'draft',
      cooperativeId: c.coop.org.id,
      inputs: [{ harvestLotId: lot.id, quantity: 60 }],
    });
    // expiry defaults from the product's shelf life (540 days)
    expect(batch.expiryDate).toBe('2026-11-23');
    expect(batch.events).toHaveLength(2);
    expect(batch.events[0]).toMatchObject({
      type: 'harvesting',
      productCode: `(01)${c.product.gtin}(10)${batch.lotCode}`,
      locationCode: `area:${c.area.code}`,
    });
    expect(batch.events[1].locationCode).toMatch(/^org:/);
    expect((await json(t.call('GET', `/api/v1/harvest-lots/${lot.id}`, { key: c.coop.key }), 200)).remaining).toBe(40);
  });

  it('answers 409 HARVEST_OVERDRAWN with what remains, and changes nothing', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100);
    await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 70 }]),
      }),
      201,
    );
    const over = await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 31 }]),
      }),
      409,
    );
    expect(over.error).toMatchObject({
      code: 'HARVEST_OVERDRAWN',
      details: { harvestLotId: lot.id, requested: 31, remaining: 30 },
    });
    const batches = await json(t.call('GET', `/api/v1/batches?harvestLotId=${lot.id}`, { key: c.coop.key }), 200);
    expect(batches.items).toHaveLength(1);
  });

  it('never overdraws a harvest lot when many batches draw on it at the same moment', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100);
    const attempts = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.call('POST', '/api/v1/batches', {
          key: c.coop.key,
          body: c.batchBody([{ harvestLotId: lot.id, quantity: 30 }]),
        }),
      ),
    );
    const statuses = attempts.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const [row] = await t.db
      .sql`select drawn::float8 as drawn, (select sum(quantity)::float8 from batch_inputs where harvest_lot_id = ${lot.id}) as inputs from harvest_lots where id = ${lot.id}`;
    expect(row).toEqual({ drawn: 90, inputs: 90 });
  });

  it('refuses an overdraw in the database itself, whatever the caller', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(10);
    const b = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([]) }), 201);
    await expect(
      t.db.sql`insert into batch_inputs (batch_id, harvest_lot_id, quantity) values (${b.id}, ${lot.id}, 11)`,
    ).rejects.toThrow(/holds only/);
    await expect(t.db.sql`update harvest_lots set drawn = 11 where id = ${lot.id}`).rejects.toThrow(
      /harvest_lot_not_overdrawn/,
    );
  });

  it('gives back draws when a draft changes its inputs', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100);
    const b = await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 90 }]),
      }),
      201,
    );
    await json(
      t.call('PATCH', `/api/v1/batches/${b.id}`, {
        key: c.coop.key,
        body: { inputs: [{ harvestLotId: lot.id, quantity: 40 }], quantity: 15 },
      }),
      200,
    );
    expect((await json(t.call('GET', `/api/v1/harvest-lots/${lot.id}`, { key: c.coop.key }), 200)).remaining).toBe(60);
  });

  it('refuses inputs from another cooperative (as if unknown), harvested after production, or listed twice', async () => {
    const a = await producerChain(t);
    const b = await producerChain(t);
    const lotB = await b.harvest(10);
    const foreign = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: lotB.id, quantity: 1 }]),
      }),
      400,
    );
    // another cooperative's lot is answered exactly like a lot that does not exist
    const unknown = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: '00000000-0000-4000-8000-000000000000', quantity: 1 }]),
      }),
      400,
    );
    expect(foreign.error.details).toEqual(unknown.error.details);
    expect(foreign.error.details[0]).toEqual({
      path: 'body.inputs.0.harvestLotId',
      message: 'no harvest lot has this id',
    });
    const late = await a.harvest(10, '2025-06-10');
    const after = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([{ harvestLotId: late.id, quantity: 1 }]),
      }),
      400,
    );
    expect(after.error.details[0].message).toMatch(/after the production date/);
    const lot = await a.harvest(10);
    const twice = await json(
      t.call('POST', '/api/v1/batches', {
        key: a.coop.key,
        body: a.batchBody([
          { harvestLotId: lot.id, quantity: 1 },
          { harvestLotId: lot.id, quantity: 2 },
        ]),
      }),
      400,
    );
    expect(twice.error.details[0].path).toBe('body.inputs');
  });

  it("refuses a bad lot code, a duplicate lot code for the product and someone else's product", async () => {
    const a = await producerChain(t);
    const b = await producerChain(t);
    const bad = await json(
      t.call('POST', '/api/v1/batches', { key: a.coop.key, body: a.batchBody([], { lotCode: 'LÔ 1' }) }),
      400,
    );
    expect(bad.error.details[0].path).toBe('body.lotCode');
    const long = await json(
      t.call('POST', '/api/v1/batches', { key: a.coop.key, body: a.batchBody([], { lotCode: 'A'.repeat(21) }) }),
      400,
    );
    expect(long.error.details[0].path).toBe('body.lotCode');
    await json(
      t.call('POST', '/api/v1/batches', { key: a.coop.key, body: a.batchBody([], { lotCode: 'DUP-1' }) }),
      201,
    );
    const dup = await json(
      t.call('POST', '/api/v1/batches', { key: a.coop.key, body: a.batchBody([], { lotCode: 'DUP-1' }) }),
      409,
    );
    expect(dup.error.code).toBe('DUPLICATE');
    expect((await t.call('POST', '/api/v1/batches', { key: a.coop.key, body: b.batchBody([]) })).status).toBe(403);
  });

  it('keeps batches to their cooperative: 404 to read, 403 to change', async () => {
    const a = await producerChain(t);
    const b = await producerChain(t);
    const batch = await json(t.call('POST', '/api/v1/batches', { key: a.coop.key, body: a.batchBody([]) }), 201);
    expect((await t.call('GET', `/api/v1/batches/${batch.id}`, { key: b.coop.key })).status).toBe(404);
    expect(
      (await t.call('PATCH', `/api/v1/batches/${batch.id}`, { key: b.coop.key, body: { quantity: 1 } })).status,
    ).toBe(403);
    expect((await t.call('POST', `/api/v1/batches/${batch.id}/seal`, { key: b.coop.key })).status).toBe(403);
    expect(
      (
        await t.call('POST', `/api/v1/batches/${batch.id}/events`, {
          key: b.coop.key,
          body: { type: 'other', occurredAt: '2025-06-01T00:00:00Z', placeAreaId: a.area.id },
        })
      ).status,
    ).toBe(403);
    const list = await json(t.call('GET', '/api/v1/batches', { key: b.coop.key }), 200);
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(batch.id);
    expect((await t.call('GET', `/api/v1/batches/${batch.id}`, { key: t.keys.staff })).status).toBe(200);
  });

  it("answers a draft's edit drawing on another cooperative's lot as it answers an unknown lot", async () => {
    const a = await producerChain(t);
    const b = await producerChain(t);
    const lotB = await b.harvest(10);
    const draft = await json(t.call('POST', '/api/v1/batches', { key: a.coop.key, body: a.batchBody([]) }), 201);
    const patch = (harvestLotId: string) =>
      json(
        t.call('PATCH', `/api/v1/batches/${draft.id}`, {
          key: a.coop.key,
          body: { inputs: [{ harvestLotId, quantity: 1 }] },
        }),
        400,
      );
    const foreign = await patch(lotB.id);
    const unknown = await patch('00000000-0000-4000-8000-000000000000');
    expect(foreign.error).toMatchObject({ code: unknown.error.code, message: unknown.error.message });
    expect(foreign.error.details).toEqual(unknown.error.details);
  });
});

describe('value-chain models', () => {
  async function modelLedBy(leadId: string, members: { organizationId: string; role: 'producer' | 'processor' }[]) {
    return insertModel(t.db.sql, {
      slug: `mo-hinh-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`,
      name: 'Mô hình liên kết chè Suối Giàng',
      yearFounded: 2024,
      description: null,
      leadCooperativeId: leadId,
      status: 'active',
      members,
      areaIds: [],
      productIds: [],
    });
  }

  it('takes batches only from its members; others get 403 with the reason, and nothing is written', async () => {
    const lead = await producerChain(t);
    const member = await producerChain(t);
    const outsider = await producerChain(t);
    const model = await modelLedBy(lead.coop.org.id, [{ organizationId: member.coop.org.id, role: 'processor' }]);
    const before = await t.db
      .sql`select count(*)::int as n from batches where cooperative_id = ${outsider.coop.org.id}`;

    const refused = await json(
      t.call('POST', '/api/v1/batches', {
        key: outsider.coop.key,
        body: outsider.batchBody([], { modelId: model.id }),
      }),
      403,
    );
    expect(refused.error.code).toBe('FORBIDDEN');
    expect(refused.error.message).toMatch(/not a member of the value-chain model/);
    expect(refused.error.details).toEqual({ modelId: model.id, cooperativeId: outsider.coop.org.id });
    // an administrator cannot put the outsider's batch in it either: the rule is the cooperative's, not the key's
    expect(
      (
        await t.call('POST', '/api/v1/batches', {
          key: t.keys.admin,
          body: outsider.batchBody([], { modelId: model.id }),
        })
      ).status,
    ).toBe(403);
    const after = await t.db.sql`select count(*)::int as n from batches where cooperative_id = ${outsider.coop.org.id}`;
    expect(after[0]!.n).toBe(before[0]!.n);

    // nor by changing a draft
    const draft = await json(
      t.call('POST', '/api/v1/batches', { key: outsider.coop.key, body: outsider.batchBody([]) }),
      201,
    );
    expect(
      (
        await t.call('PATCH', `/api/v1/batches/${draft.id}`, {
          key: outsider.coop.key,
          body: { modelId: model.id },
        })
      ).status,
    ).toBe(403);
    expect(
      (await json(t.call('GET', `/api/v1/batches/${draft.id}`, { key: outsider.coop.key }), 200)).modelId,
    ).toBeNull();

    // the lead and a member may
    for (const c of [lead, member]) {
      const ok = await json(
        t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([], { modelId: model.id }) }),
        201,
      );
      expect(ok.modelId).toBe(model.id);
    }
    // an unknown model is still bad input
    const unknown = await json(
      t.call('POST', '/api/v1/batches', {
        key: member.coop.key,
        body: member.batchBody([], { modelId: '00000000-0000-4000-8000-000000000000' }),
      }),
      400,
    );
    expect(unknown.error.details[0].path).toBe('body.modelId');
  });

  it('refuses a non-member’s batch in the model in the database itself', async () => {
    const lead = await producerChain(t);
    const outsider = await producerChain(t);
    const model = await modelLedBy(lead.coop.org.id, []);
    const draft = await json(
      t.call('POST', '/api/v1/batches', { key: outsider.coop.key, body: outsider.batchBody([]) }),
      201,
    );
    await expect(t.db.sql`update batches set model_id = ${model.id} where id = ${draft.id}`).rejects.toThrow(
      /not a member/,
    );
  });
});
