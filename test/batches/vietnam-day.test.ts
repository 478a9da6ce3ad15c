// "Today" is the day in Vietnam: a cooperative working just after midnight records what it did
// that day, and a rating lapses at midnight in Vietnam, not at 07:00 when the UTC date turns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, FROZEN_NOW, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

describe('the day in Vietnam', () => {
  it('accepts a harvest and a batch recorded at 00:30 in Vietnam for that day, and still refuses tomorrow', async () => {
    const chain = await producerChain(t);
    t.clock.now = new Date('2025-06-14T17:30:00Z'); // 00:30 on 15 June in Vietnam
    try {
      const lot = await chain.harvest(50, '2025-06-15');
      const batch = await json(
        t.call('POST', '/api/v1/batches', {
          key: chain.coop.key,
          body: chain.batchBody([{ harvestLotId: lot.id, quantity: 10 }], { productionDate: '2025-06-15' }),
        }),
        201,
      );
      expect(batch.productionDate).toBe('2025-06-15');
      const tomorrow = await json(
        t.call('POST', '/api/v1/harvest-lots', {
          key: chain.coop.key,
          body: { areaId: chain.area.id, harvestedOn: '2025-06-16', quantity: 5, unit: 'kg' },
        }),
        400,
      );
      expect(tomorrow.error.details[0]).toMatchObject({
        path: 'body.harvestedOn',
        message: expect.stringContaining('today is 2025-06-15'),
      });
    } finally {
      t.clock.now = FROZEN_NOW;
    }
  });

  it('lets an OCOP rating lapse at midnight in Vietnam', async () => {
    const { product } = await producerChain(t, { rated: false });
    // decided 15 June 2022: valid for 36 months, its last day is 14 June 2025
    await json(
      t.call('POST', `/api/v1/products/${product.id}/ratings`, {
        key: t.keys.admin,
        body: { stars: 3, decisionNumber: '77/QĐ-UBND', issuingLevel: 'province', decisionDate: '2022-06-15' },
      }),
      201,
    );
    const seen = async (at: string) => {
      t.clock.now = new Date(at);
      const api = await json(t.call('GET', `/api/v1/products/${product.id}`, { key: t.keys.staff }), 200);
      const page = await (await t.call('GET', `/01/${api.gtin}`, { headers: { accept: 'text/html' } })).text();
      return { rating: api.currentRating?.stars ?? null, expiredOnPage: page.includes('Xếp hạng đã hết hiệu lực') };
    };
    try {
      expect(await seen('2025-06-14T16:30:00Z')).toEqual({ rating: 3, expiredOnPage: false }); // 23:30 on 14 June
      expect(await seen('2025-06-14T17:30:00Z')).toEqual({ rating: null, expiredOnPage: true }); // 00:30 on 15 June
    } finally {
      t.clock.now = FROZEN_NOW;
    }
  });
});
