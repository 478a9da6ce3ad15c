// Tracing and recalls follow the goods past the cooperative: the forward trace and the recall
// preview list the buyers and what they shipped on; a recall leaves a notice per buyer and sends
// each a signed webhook after commit, retried with backoff, every attempt logged; a receiver that
// is down never holds the recall back.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueWebhooks } from '../../src/recalls/webhooks';
import { createLogger } from '../../src/log';
import { createTestContext, FROZEN_NOW, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { buyer, epcisDocument, lotUri, receiving, shipping } from './support';

let t: TestContext;
type World = Awaited<ReturnType<typeof build>>;
let w: World;

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A webhook receiver that answers the statuses given, in turn (the last one from then on). */
async function receiver(statuses: number[]) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/recall`;
  return { url, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** A port nothing listens on: a receiver that is down. */
async function downUrl() {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/down`;
}

async function build() {
  const c = await producerChain(t);
  const lotA = await c.harvest(100, '2025-05-20');
  const make = async (inputs: { harvestLotId: string; quantity: number }[]) => {
    const draft = await json(t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody(inputs) }), 201);
    return (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
  };
  const b1 = await make([{ harvestLotId: lotA.id, quantity: 30 }]);
  const b2 = await make([{ harvestLotId: lotA.id, quantity: 20 }]);
  const distributor = await buyer(t, 'Công ty Phân phối Nông sản Thử nghiệm');
  const supermarket = await buyer(t, 'Chuỗi Siêu thị Thử nghiệm');
  const bystander = await buyer(t, 'Cửa hàng Không liên quan');
  const up = await receiver([500, 200]);
  const down = await downUrl();
  const secret = (
    await json(t.call('PUT', '/api/v1/buyer/webhook', { key: distributor.key, body: { url: up.url } }), 200)
  ).secret as string;
  await json(t.call('PUT', '/api/v1/buyer/webhook', { key: supermarket.key, body: { url: down } }), 200);
  await json(
    t.call('POST', `/api/v1/batches/${b1.id}/shipments`, {
      key: c.coop.key,
      body: { buyerId: distributor.org.id, quantity: 10, unit: 'kg', despatchAdvice: 'PGH-1', shippedOn: '2025-06-10' },
    }),
    201,
  );
  const lot = lotUri(c.product.gtin, b1.lotCode);
  const cap = (key: string, events: Record<string, unknown>[]) =>
    t.call('POST', '/api/v1/epcis/capture', { key, body: epcisDocument(events) });
  expect(
    (await cap(distributor.key, [receiving(lot, 'PGH-1'), shipping(lot, 'NPP-1', supermarket.org.id)])).status,
  ).toBe(202);
  expect(
    (await cap(supermarket.key, [receiving(lot, 'NPP-1', { eventTime: '2025-06-14T09:00:00.000+07:00' })])).status,
  ).toBe(202);
  return { ...c, lotA, b1, b2, distributor, supermarket, bystander, up, secret };
}

beforeAll(async () => {
  t = await createTestContext({ WEBHOOK_ALLOW_LOOPBACK: 'true' });
  w = await build();
});
afterAll(async () => {
  await w?.up.close();
  await t.close();
});

const log = createLogger('silent');
const run = (now: Date) =>
  deliverDueWebhooks(t.db.sql, { now, baseUrl: 'https://trace.example.vn', log, allowLoopbackHttp: true });
const later = (ms: number) => new Date(FROZEN_NOW.getTime() + ms);

async function deliveries() {
  return t.db.sql<
    {
      buyer: string;
      attempt: number;
      status: string;
      statusCode: number | null;
      error: string | null;
      at: Date;
      nextAttemptAt: Date | null;
    }[]
  >`
    select o.name as buyer, d.attempt, d.status, d.status_code, d.error, d.at, d.next_attempt_at
    from webhook_deliveries d join recall_notices n on n.id = d.notice_id join organizations o on o.id = n.buyer_id
    order by o.name, d.attempt`;
}

/** The after-commit kick has run once neither first attempt is pending any more. */
async function firstAttemptsDone() {
  for (let i = 0; i < 500; i++) {
    const rows = await deliveries();
    if (rows.length && rows.every((d) => d.attempt > 1 || d.status !== 'pending')) return rows;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the first delivery attempts did not finish');
}

describe('tracing past the cooperative', () => {
  it('the forward trace from an area lists each batch’s buyers and what they shipped on, to whom', async () => {
    const tr = await json(t.call('GET', `/api/v1/trace/forward?areaId=${w.area.id}`, { key: t.keys.staff }), 200);
    const b1 = tr.batches.find((b: { id: string }) => b.id === w.b1.id);
    expect(
      b1.shipments.map((s: { hop: number; from: { name: string }; to: { name: string } }) => [
        s.hop,
        s.from.name,
        s.to.name,
      ]),
    ).toEqual([
      [1, w.coop.org.name, w.distributor.org.name],
      [2, w.distributor.org.name, w.supermarket.org.name],
    ]);
    expect(b1.shipments.every((s: { received: boolean }) => s.received)).toBe(true);
    expect(tr.totals).toMatchObject({ buyers: 2, shipments: 2 });
    const b2 = tr.batches.find((b: { id: string }) => b.id === w.b2.id);
    expect(b2.shipments).toEqual([]);
  });

  it('a cooperative’s own trace shows its sales, not its buyers’ business', async () => {
    const tr = await json(t.call('GET', `/api/v1/trace/forward?areaId=${w.area.id}`, { key: w.coop.key }), 200);
    const b1 = tr.batches.find((b: { id: string }) => b.id === w.b1.id);
    expect(b1.shipments.map((s: { hop: number }) => s.hop)).toEqual([1]);
    expect(tr.totals).toMatchObject({ buyers: 1, shipments: 1 });
  });

  it('the recall preview names the buyers it would reach and the way the goods went', async () => {
    const p = await json(
      t.call('POST', '/api/v1/recalls/preview', {
        key: t.keys.staff,
        body: { origin: { kind: 'area', id: w.area.id } },
      }),
      200,
    );
    expect(p.buyers.map((b: { name: string }) => b.name).sort()).toEqual(
      [w.distributor.org.name, w.supermarket.org.name].sort(),
    );
    expect(p.shipments).toHaveLength(2);
  });
});

describe('a recall reaches the buyers', () => {
  it('commits at once with a down receiver, then signs, retries with backoff and logs every delivery', async () => {
    const res = await json(
      t.call('POST', '/api/v1/recalls', {
        key: t.keys.staff,
        body: {
          origin: { kind: 'area', id: w.area.id },
          reason: 'Dư lượng thuốc bảo vệ thực vật vượt ngưỡng',
          authority: 'Chi cục Quản lý chất lượng NLS&TS',
          recalledOn: '2025-06-15',
        },
      }),
      201,
    );
    expect(res).toMatchObject({ batches: 2, buyersNotified: 2 });
    // the recall is committed, whatever the receivers do
    const [open] = await t.db
      .sql`select count(*)::int as n from batch_recalls where lifted_at is null and batch_id = ${w.b1.id}`;
    expect(open!.n).toBe(1);

    // right after commit: one attempt each; the distributor answered 500, the supermarket is down
    const first = await firstAttemptsDone();
    const dist = first.filter((d) => d.buyer === w.distributor.org.name);
    const sup = first.filter((d) => d.buyer === w.supermarket.org.name);
    expect(dist[0]).toMatchObject({ attempt: 1, status: 'failed', statusCode: 500, nextAttemptAt: later(60_000) });
    expect(dist[1]).toMatchObject({ attempt: 2, status: 'pending', at: later(60_000) });
    expect(sup[0]).toMatchObject({ attempt: 1, status: 'failed', statusCode: null, nextAttemptAt: later(60_000) });
    expect(sup[0]!.error).toBeTruthy();

    // nothing is due before the first backoff has passed
    expect(await run(later(59_000))).toMatchObject({ attempted: 0 });
    // a minute on: the distributor takes it; the supermarket is still down and waits 5 minutes more
    expect(await run(later(60_000))).toMatchObject({ attempted: 2, delivered: 1, failed: 1 });
    const second = await deliveries();
    expect(
      second.filter((d) => d.buyer === w.distributor.org.name).map((d) => [d.attempt, d.status, d.statusCode]),
    ).toEqual([
      [1, 'failed', 500],
      [2, 'delivered', 200],
    ]);
    expect(second.filter((d) => d.buyer === w.supermarket.org.name).at(-1)).toMatchObject({
      attempt: 3,
      status: 'pending',
      at: later(60_000 + 300_000),
    });

    // the signature: Standard Webhooks, checked here with node:crypto alone
    expect(w.up.received).toHaveLength(2);
    const [a, b] = w.up.received;
    expect(a!.headers['webhook-id']).toBe(b!.headers['webhook-id']);
    for (const r of w.up.received) {
      const id = r.headers['webhook-id'] as string;
      const ts = r.headers['webhook-timestamp'] as string;
      const key = Buffer.from(w.secret.slice('whsec_'.length), 'base64');
      const expected = createHmac('sha256', key).update(`${id}.${ts}.${r.body}`).digest('base64');
      expect(r.headers['webhook-signature']).toBe(`v1,${expected}`);
    }
    const payload = JSON.parse(b!.body);
    expect(payload).toMatchObject({ type: 'recall.notice', data: { buyer: { id: w.distributor.org.id } } });
    expect(payload.data.batches.map((x: { id: string }) => x.id)).toEqual([w.b1.id]);
  });

  it('gives up after the last retry (~15 hours), the notice still open', async () => {
    let at = later(60_000 + 300_000);
    for (const wait of [0, 1_800_000, 7_200_000, 43_200_000]) {
      at = new Date(at.getTime() + wait);
      await run(at);
    }
    const sup = (await deliveries()).filter((d) => d.buyer === w.supermarket.org.name);
    expect(sup.map((d) => d.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed', 'gave_up']);
    expect(sup.at(-1)!.nextAttemptAt).toBeNull();
    expect(await run(new Date(at.getTime() + 86_400_000))).toMatchObject({ attempted: 0 });
  });

  it('buyers acknowledge their own notices; staff see who has not within 24 hours', async () => {
    const mine = await json(t.call('GET', '/api/v1/recall-notices', { key: w.distributor.key }), 200);
    expect(mine.items).toHaveLength(1);
    const id = mine.items[0].id;
    expect(mine.items[0].lastDelivery).toMatchObject({ status: 'delivered', statusCode: 200 });
    await json(t.call('POST', `/api/v1/recall-notices/${id}/ack`, { key: w.supermarket.key }), 404);
    await json(t.call('POST', `/api/v1/recall-notices/${id}/ack`, { key: w.bystander.key }), 404);
    expect((await json(t.call('GET', '/api/v1/recall-notices', { key: w.bystander.key }), 200)).items).toEqual([]);
    const acked = await json(t.call('POST', `/api/v1/recall-notices/${id}/ack`, { key: w.distributor.key }), 200);
    expect(acked.acknowledgedAt).toBe(FROZEN_NOW.toISOString());

    // within 24 hours nothing is overdue; after them, the supermarket is
    expect(
      (await json(t.call('GET', '/api/v1/recall-notices?overdue=true', { key: t.keys.staff }), 200)).items,
    ).toEqual([]);
    t.clock.now = later(25 * 3_600_000);
    try {
      const overdue = await json(t.call('GET', '/api/v1/recall-notices?overdue=true', { key: t.keys.staff }), 200);
      expect(overdue.items.map((n: { buyerName: string }) => n.buyerName)).toEqual([w.supermarket.org.name]);
      expect(overdue.items[0].lastDelivery).toMatchObject({ status: 'gave_up' });
      await json(t.call('GET', '/api/v1/recall-notices?overdue=true', { key: w.coop.key }), 403);
    } finally {
      t.clock.now = FROZEN_NOW;
    }
  });
});
