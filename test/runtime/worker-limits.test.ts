// The Worker's public state outlives the request, and its flood limit is the Rate Limiting
// binding when there is one: the Worker's fetch handler called in Node (as
// test/checks/worker-schedule.test.ts calls `scheduled`), on the test database. The binding here
// is a small counter with the binding's interface; under `wrangler dev` (workerd.test.ts)
// it is miniflare's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import worker from '../../src/entry/worker';
import { bindingLimit } from '../../src/entry/worker-rate-limit';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.close());

function binding(limit: number) {
  const counts = new Map<string, number>();
  return {
    keys: counts,
    async limit({ key }: { key: string }) {
      const n = (counts.get(key) ?? 0) + 1;
      counts.set(key, n);
      return { success: n <= limit };
    },
  };
}

const env = (extra: Record<string, unknown> = {}) => ({
  HYPERDRIVE: { connectionString: db.url },
  PUBLIC_BASE_URL: 'https://trace.example.vn',
  LOG_LEVEL: 'silent',
  KEY_ENCRYPTION_SECRET: 'worker-limits-test-secret-0123456789abcdef',
  UNKNOWN_SERIAL_RATE_LIMIT: '1000',
  ...extra,
});

/** One request through the Worker, as Cloudflare would send it; waits for its waitUntil work. */
async function request(e: ReturnType<typeof env>, path: string, ip = '203.0.113.5'): Promise<number> {
  const pending: Promise<unknown>[] = [];
  const res = await worker.fetch(
    new Request(`https://trace.example.vn${path}`, { headers: { 'cf-connecting-ip': ip, accept: 'application/json' } }),
    e as never,
    { waitUntil: (p) => pending.push(p), passThroughOnException: () => {}, props: {} },
  );
  await res.arrayBuffer();
  await Promise.all(pending);
  return res.status;
}

const PRODUCT = '/01/08930000000019'; // valid, not on record: 404, and counted by the flood limit

describe('the Worker’s flood limit', () => {
  it('is the PUBLIC_FLOOD binding when there is one, keyed by the client’s network', async () => {
    const flood = binding(3);
    const e = env({ PUBLIC_RATE_LIMIT: '100000', PUBLIC_FLOOD: flood });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await request(e, PRODUCT));
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    expect(flood.keys.size).toBe(1);
    // another network has its own count
    expect(await request(e, PRODUCT, '198.51.100.4')).toBe(404);
  });

  it('stays in the isolate’s memory without the binding, across requests', async () => {
    const e = env({ PUBLIC_RATE_LIMIT: '2' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await request(e, PRODUCT, '192.0.2.9'));
    expect(statuses).toEqual([404, 404, 429, 429]);
  });
});

describe('the binding as a RateLimit', () => {
  it('refuses for the binding’s period once the binding says no, and never refuses a peek', async () => {
    const limit = bindingLimit(binding(2), 60);
    expect(await limit.take('a')).toBeNull();
    expect(await limit.take('a')).toBeNull();
    expect(await limit.take('a')).toBe(60);
    expect(await limit.peek('a')).toBeNull();
    expect(await limit.take('b', 2)).toBeNull();
    expect(await limit.take('b')).toBe(60);
  });
});
