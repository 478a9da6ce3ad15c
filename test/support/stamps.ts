// A sealed batch with a print run of stamps, through the API: what public-page tests start from.
import type { TestContext } from './app';
import { json, producerChain } from './chain';

export interface Stamped {
  gtin: string;
  lot: string;
  serials: string[];
  batchId: string;
  coopKey: string;
  runId: string;
}

export async function stampedBatch(
  t: TestContext,
  opts: { count?: number; lotCode?: string; activate?: boolean } = {},
): Promise<Stamped> {
  const c = await producerChain(t);
  const lot = await c.harvest(100);
  const over = opts.lotCode ? { lotCode: opts.lotCode } : {};
  const draft = await json(
    t.call('POST', '/api/v1/batches', {
      key: c.coop.key,
      body: c.batchBody([{ harvestLotId: lot.id, quantity: 40 }], over),
    }),
    201,
  );
  const sealed = await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200);
  const run = await json(
    t.call('POST', '/api/v1/print-runs', {
      key: c.coop.key,
      body: { batchId: draft.id, count: opts.count ?? 5, templateId: 'a4-3x8' },
    }),
    201,
  );
  if (opts.activate)
    await json(t.call('POST', `/api/v1/print-runs/${run.id}/activate`, { key: c.coop.key, body: {} }), 200);
  const csv = await (await t.call('GET', `/api/v1/print-runs/${run.id}/serials.csv`, { key: c.coop.key })).text();
  const serials = csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((l) => l.split(',')[1]!);
  return {
    gtin: c.product.gtin,
    lot: sealed.batch.lotCode,
    serials,
    batchId: draft.id,
    coopKey: c.coop.key,
    runId: run.id,
  };
}

/** A phone's browser: counted as a person, asking for HTML. */
export const PHONE = {
  'user-agent': 'Mozilla/5.0 (Linux; Android 11; SM-A125F) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36',
  accept: 'text/html',
};
