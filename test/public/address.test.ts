// Issue #12: the stamp page said "Thôn Lùng Tao, xã Cao Bồ, huyện Vân Sơn, tỉnh Sơn Lâm, Xã Cao Bồ,
// Tỉnh Sơn Lâm": the address already names the commune and the province. Every public page shows
// each part of an address once (the rule is addressLine in src/domain/address.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';

let t: TestContext;
const PHONE = { 'user-agent': 'Mozilla/5.0 (Linux; Android 13) Chrome/120 Mobile', accept: 'text/html' };
const ADDRESS = 'Thôn Lùng Tao, xã Cao Bồ, huyện Vân Sơn, tỉnh Sơn Lâm';

beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => {
  await t?.close();
});

describe('addresses on public pages', () => {
  it('shows the producer’s address with its commune and province once, on the stamp and batch pages', async () => {
    const c = await producerChain(t);
    await json(
      t.call('PATCH', `/api/v1/organizations/${c.coop.org.id}`, {
        key: t.keys.admin,
        body: { address: ADDRESS, commune: 'Xã Cao Bồ', province: 'Tỉnh Sơn Lâm' },
      }),
      200,
    );
    const lot = await c.harvest(100);
    const draft = await json(
      t.call('POST', '/api/v1/batches', {
        key: c.coop.key,
        body: c.batchBody([{ harvestLotId: lot.id, quantity: 10 }]),
      }),
      201,
    );
    await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
    const run = await json(
      t.call('POST', '/api/v1/print-runs', {
        key: c.coop.key,
        body: { batchId: draft.id, count: 1, templateId: 'a4-3x8' },
      }),
      201,
    );
    const csv = await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key })).text();
    const serial = csv.trim().split('\r\n')[1]!.split(',')[1]!;
    const batch = `/01/${c.product.gtin}/10/${draft.lotCode}`;
    for (const path of [`${batch}/21/${serial}`, batch, `${batch}/21/${serial}?lang=en`]) {
      const html = await (await t.call('GET', path, { headers: PHONE })).text();
      expect(html, path).toContain(`<dd>${ADDRESS}</dd>`);
      expect(html, path).not.toMatch(/tỉnh Sơn Lâm, Xã Cao Bồ/i);
    }
  });
});
