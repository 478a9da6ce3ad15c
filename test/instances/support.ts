// Two instances of the service on one database, as behind a load balancer: each its own app, its
// own public state (caches, limits' memory) and its own postgres.js pool on the test database.
// Their caches run on a clock the test moves, so that "within 5 s" is checked without waiting.
import { createApp } from '../../src/app';
import { createSql, type Sql } from '../../src/db/client';
import { createKeyring } from '../../src/db/keyring';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { createPublicState } from '../../src/http/public/state';
import { createLogger } from '../../src/log';
import { createTestContext, type TestContext } from '../support/app';

export interface Instance {
  name: string;
  app: ReturnType<typeof createApp>;
  sql: Sql;
  /** The instance's cache clock, in ms; the test moves it. */
  cacheClock: { now: number };
}

export interface TwoInstances {
  /** The test context: its own app and pool set up fixtures through the API. */
  t: TestContext;
  a: Instance;
  b: Instance;
  /** A trivial round-robin balancer over a and b: each request goes to the next instance. */
  balancer: { request(input: string, init?: RequestInit): Promise<Response> };
  close(): Promise<void>;
}

export async function twoInstances(env: Record<string, string> = {}): Promise<TwoInstances> {
  const t = await createTestContext(env);
  const instance = (name: string): Instance => {
    const sql = createSql(t.db.url, { max: 4 });
    const cacheClock = { now: 1_000_000 };
    const app = createApp({
      sql,
      config: t.config,
      clock: () => t.clock.now,
      log: createLogger('silent'),
      keyring: createKeyring(sql, t.config),
      labels: loadLabelCatalog(),
      passwords: t.passwords,
      publicState: createPublicState(t.config, sql, { now: () => cacheClock.now }),
    });
    return { name, app, sql, cacheClock };
  };
  const a = instance('a');
  const b = instance('b');
  let turn = 0;
  const balancer = {
    request: async (input: string, init?: RequestInit) => {
      const to = turn++ % 2 === 0 ? a : b;
      return to.app.request(input, init);
    },
  };
  return {
    t,
    a,
    b,
    balancer,
    async close() {
      await Promise.all([a.sql.end({ timeout: 5 }), b.sql.end({ timeout: 5 })]);
      await t.close();
    },
  };
}

/** A request to one instance, with headers. */
export async function get(i: Instance, path: string, headers: Record<string, string>): Promise<Response> {
  return i.app.request(path, { headers });
}
