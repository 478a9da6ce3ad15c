// A recall webhook is never sent inside the server's own network, whatever address is stored: an
// address kept from before the rules (plain http to this machine) and a public name that DNS now
// sends to a private address are both refused at the attempt, logged as its error, and nothing
// reaches the receiver. The recall itself is not held back.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { deliverDueWebhooks } from '../../src/recalls/webhooks';
import { createTestContext, FROZEN_NOW, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { buyer } from './support';

let t: TestContext;
let server: Server;
let url: string;
const received: string[] = [];

beforeAll(async () => {
  // the default: WEBHOOK_ALLOW_LOOPBACK off
  t = await createTestContext();
  server = createServer((req, res) => {
    received.push(req.url ?? '');
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/reset`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await t?.close();
});

async function attempts() {
  return t.db.sql<{ attempt: number; status: string; error: string | null }[]>`
    select attempt, status, error from webhook_deliveries order by attempt`;
}

/** The attempts made so far (the next one waits as 'pending'). */
async function made() {
  return (await attempts()).filter((a) => a.status !== 'pending');
}

describe('webhooks to addresses inside the network', () => {
  it('refuses an address stored before the rules, and a name resolving into a private network', async () => {
    const c = await producerChain(t);
    const lot = await c.harvest(100);
    const body = c.batchBody([{ harvestLotId: lot.id, quantity: 30 }]);
    const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body }), 201);
    const batch = (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
    const b = await buyer(t);
    await json(
      t.call('POST', `/api/v1/batches/${batch.id}/shipments`, {
        key: c.coop.key,
        body: { buyerId: b.org.id, quantity: 10, unit: 'kg', despatchAdvice: 'PGH-1', shippedOn: '2025-06-10' },
      }),
      201,
    );
    // as a row written before the rules could hold it
    await t.db
      .sql`insert into buyer_webhooks (buyer_id, url, secret) values (${b.org.id}, ${url}, 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0')`;
    await json(
      t.call('POST', `/api/v1/batches/${batch.id}/recall`, {
        key: c.coop.key,
        body: { reason: 'Nhiễm nấm mốc', authority: 'HTX tự thu hồi', recalledOn: '2025-06-15' },
      }),
      201,
    );
    // the after-commit attempt
    for (let i = 0; i < 500 && (await attempts()).every((a) => a.status === 'pending'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await made()).toEqual([{ attempt: 1, status: 'failed', error: 'Refused: must be an https URL' }]);

    // a public https name that DNS now sends to a private address: not sent either
    await t.db
      .sql`update buyer_webhooks set url = 'https://hooks.sieuthi.example.vn/recall' where buyer_id = ${b.org.id}`;
    const asked: string[] = [];
    const sent: string[] = [];
    const r = await deliverDueWebhooks(t.db.sql, {
      now: new Date(FROZEN_NOW.getTime() + 2 * 60_000),
      baseUrl: 'https://trace.example.vn',
      log: createLogger('silent'),
      checkHost: async (host) => {
        asked.push(host);
        return 'its name resolves to 10.0.0.7, an address on a private or local network';
      },
      fetch: (async (u: string) => {
        sent.push(u);
        return new Response('ok');
      }) as typeof fetch,
    });
    expect(r).toEqual({ attempted: 1, delivered: 0, failed: 1 });
    expect(asked).toEqual(['hooks.sieuthi.example.vn']);
    expect(sent).toEqual([]);
    expect((await made()).at(-1)).toEqual({
      attempt: 2,
      status: 'failed',
      error: 'Refused: its name resolves to 10.0.0.7, an address on a private or local network',
    });
    expect(received).toEqual([]);
  });
});
