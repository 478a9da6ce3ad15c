// The app as benchmarks drive it: the keyring ensured, createApp with the Node entry's deps (a
// fixed clock, silent logs, the bundled labels), an admin API key, and `call` for JSON operations.
import { createApp } from '../../src/app';
import type { Config } from '../../src/config';
import { createApiKey } from '../../src/db/api-keys-store';
import type { Sql } from '../../src/db/client';
import { createKeyring } from '../../src/db/keyring';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { createLogger } from '../../src/log';

export async function benchApp(sql: Sql, config: Config, now = new Date('2025-06-15T08:00:00Z')) {
  const keyring = createKeyring(sql, config);
  await keyring.ensure();
  const app = createApp({
    sql,
    config,
    clock: () => now,
    log: createLogger('silent'),
    keyring,
    labels: loadLabelCatalog(),
  });
  const admin = (await createApiKey(sql, { name: 'bench', role: 'admin', organizationId: null, createdBy: null })).key;
  // biome-ignore lint/suspicious/noExplicitAny: a benchmark reads the JSON answers it asked for
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const r = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const j = await r.json();
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(j)}`);
    return j;
  };
  return { app, keyring, admin, call };
}
