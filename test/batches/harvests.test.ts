import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { areaBody } from '../support/fixtures';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

describe('harvest lots', () => {
  it('records a harvest with a snapshot of the certifications valid that day', async () => {
    const { coop, area } = await producerChain(t);
    const lot = await json(
      t.call('POST', '/api/v1/harvest-lots', {
        key: coop.key,
        body: { areaId: area.id, harvestedOn: '2025-05-20', quantity: 120.5, unit: 'kg', notes: 'Hái một tôm hai lá' },
      }),
      201,
    );
    expect(lot).toMatchObject({ quantity: 120.5, drawn: 0, remaining: 120.5, unit: 'kg', cooperativeId: coop.org.id });
    expect(lot.code).toMatch(/^TH-20250520-/);
    expect(lot.certifications).toEqual([expect.objectContaining({ scheme: 'vietgap', number: 'VG-2024-001' })]);
    // later certificate changes do not rewrite history
    await json(t.call('PATCH', `/api/v1/areas/${area.id}`, { key: coop.key, body: { certifications: [] } }), 200);
    expect(
      (await json(t.call('GET', `/api/v1/harvest-lots/${lot.id}`, { key: coop.key }), 200)).certifications,
    ).toHaveLength(1);
    // before the certificate was valid, nothing is copied
    const early = await json(
      t.call('POST', '/api/v1/harvest-lots', {
        key: coop.key,
        body: { areaId: area.id, harvestedOn: '2023-05-20', quantity: 10, unit: 'kg' },
      }),
      201,
    );
    expect(early.certifications).toEqual([]);
  });

  it('refuses a future date, a non-positive quantity and an unknown unit, naming the field', async () => {
    const { coop, area } = await producerChain(t);
    const base = { areaId: area.id, harvestedOn: '2025-05-20', quantity: 10, unit: 'kg' };
    const future = await json(
      t.call('POST', '/api/v1/harvest-lots', { key: coop.key, body: { ...base, harvestedOn: '2025-06-16' } }),
      400,
    );
    expect(future.error.details[0].path).toBe('body.harvestedOn');
    for (const quantity of [0, -5]) {
      const q = await json(t.call('POST', '/api/v1/harvest-lots', { key: coop.key, body: { ...base, quantity } }), 400);
      expect(q.error.details[0].path).toBe('body.quantity');
    }
    const unit = await json(
      t.call('POST', '/api/v1/harvest-lots', { key: coop.key, body: { ...base, unit: 'sack' } }),
      400,
    );
    expect(unit.error.details[0]).toMatchObject({ path: 'body.unit', message: expect.stringMatching(/kg, tonne/) });
  });

  it('refuses an area the cooperative neither operates nor holds a contract for on that date', async () => {
    const { coop } = await producerChain(t);
    const farmer = await t.cooperative('Tổ hợp tác chè Phìn Hồ');
    const area = await json(t.call('POST', '/api/v1/areas', { key: farmer.key, body: areaBody(farmer.org.id) }), 201);
    const body = { areaId: area.id, harvestedOn: '2025-05-20', quantity: 10, unit: 'kg' };
    const refused = await json(t.call('POST', '/api/v1/harvest-lots', { key: coop.key, body }), 422);
    expect(refused.error.code).toBe('AREA_NOT_LINKED');
    const contract = await json(
      t.call('POST', '/api/v1/contracts', {
        key: coop.key,
        body: {
          areaId: area.id,
          cooperativeId: coop.org.id,
          number: 'HĐ-PH-01',
          startsOn: '2025-01-01',
          endsOn: '2025-12-31',
        },
      }),
      201,
    );
    // the buyer's word alone: refused until the area's operator confirms it
    expect((await json(t.call('POST', '/api/v1/harvest-lots', { key: coop.key, body }), 422)).error.code).toBe(
      'AREA_NOT_LINKED',
    );
    await json(t.call('POST', `/api/v1/contracts/${contract.id}/confirm`, { key: farmer.key }), 200);
    await json(t.call('POST', '/api/v1/harvest-lots', { key: coop.key, body }), 201);
    const outside = await json(
      t.call('POST', '/api/v1/harvest-lots', { key: coop.key, body: { ...body, harvestedOn: '2024-12-31' } }),
      422,
    );
    expect(outside.error.code).toBe('AREA_NOT_LINKED');
  });

  it('keeps cooperatives to their own harvest lots', async () => {
    const a = await producerChain(t);
    const b = await producerChain(t);
    const lot = await a.harvest(50);
    expect((await t.call('GET', `/api/v1/harvest-lots/${lot.id}`, { key: b.coop.key })).status).toBe(404);
    const list = await json(t.call('GET', '/api/v1/harvest-lots', { key: b.coop.key }), 200);
    expect(list.items.map((x: { id: string }) => x.id)).not.toContain(lot.id);
    expect(
      (
        await t.call('POST', '/api/v1/harvest-lots', {
          key: b.coop.key,
          body: { areaId: a.area.id, harvestedOn: '2025-05-20', quantity: 1, unit: 'kg', cooperativeId: a.coop.org.id },
        })
      ).status,
    ).toBe(403);
  });
});
