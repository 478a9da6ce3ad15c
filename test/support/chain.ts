// Builds a cooperative with an area, a rated product and harvest lots through the API, the
// usual starting point of batch tests.
import { expect } from 'vitest';
import type { TestContext } from './app';
import { areaBody, productBody } from './fixtures';

let gtinSeq = 100;
function nextGtin13(): string {
  gtinSeq += 1;
  const body = `893100000${String(gtinSeq).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  return body + ((10 - (sum % 10)) % 10);
}

export async function json(r: Response | Promise<Response>, status?: number) {
  const res = await r;
  const body = await res.json();
  if (status !== undefined) expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

export async function producerChain(t: TestContext, opts: { rated?: boolean } = {}) {
  const coop = await t.cooperative();
  const area = await json(t.call('POST', '/api/v1/areas', { key: coop.key, body: areaBody(coop.org.id) }), 201);
  const product = await json(
    t.call('POST', '/api/v1/products', { key: coop.key, body: productBody(coop.org.id, { gtin: nextGtin13() }) }),
    201,
  );
  if (opts.rated !== false) {
    await json(
      t.call('POST', `/api/v1/products/${product.id}/ratings`, {
        key: t.keys.admin,
        body: { stars: 4, decisionNumber: `${gtinSeq}/QĐ-UBND`, issuingLevel: 'province', decisionDate: '2024-03-01' },
      }),
      201,
    );
  }
  const harvest = (quantity = 100, harvestedOn = '2025-05-20') =>
    json(
      t.call('POST', '/api/v1/harvest-lots', {
        key: coop.key,
        body: { areaId: area.id, harvestedOn, quantity, unit: 'kg' },
      }),
      201,
    );
  let lotSeq = 0;
  const batchBody = (inputs: { harvestLotId: string; quantity: number }[], over: Record<string, unknown> = {}) => ({
    productId: product.id,
    lotCode: `L${Date.now().toString(36).slice(-5)}${++lotSeq}`.toUpperCase(),
    productionDate: '2025-06-01',
    quantity: 20,
    unit: 'kg',
    testResults: [{ name: 'Độ ẩm', value: '4.8', unit: '%', lab: 'Trung tâm Kiểm nghiệm tỉnh', date: '2025-06-02' }],
    inputs,
    events: [
      { type: 'harvesting', occurredAt: '2025-05-20T06:00:00+07:00', placeAreaId: area.id },
      {
        type: 'processing',
        occurredAt: '2025-05-21T08:00:00+07:00',
        placeOrganizationId: coop.org.id,
        details: 'Sao chè bằng chảo gang',
      },
    ],
    ...over,
  });
  return { coop, area, product, harvest, batchBody };
}

/** The serials of a print run in printing order, from its serials CSV. */
export async function runSerials(t: TestContext, runId: string, key: string): Promise<string[]> {
  return (await (await t.call('GET', `/api/v1/print-runs/${runId}/serials.csv`, { key })).text())
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[1]!);
}

/** A new producer chain with one sealed batch of 50 kg and a print run of `count` stamps on A4 5×13. */
export async function sealedRun(t: TestContext, count: number) {
  const c = await producerChain(t);
  const lot = await c.harvest(100);
  const body = c.batchBody([{ harvestLotId: lot.id, quantity: 50 }]);
  const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body }), 201);
  const batch = (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
  const run = await json(
    t.call('POST', '/api/v1/print-runs', {
      key: c.coop.key,
      body: { batchId: batch.id, count, templateId: 'a4-5x13' },
    }),
    201,
  );
  return { c, batch, run, serials: await runSerials(t, run.id, c.coop.key) };
}
