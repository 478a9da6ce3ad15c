// The Node entry as a target: the app built as src/entry/node.ts builds it, served over HTTP by
// @hono/node-server on an ephemeral port, on the test database (PGlite or TEST_DATABASE_URL).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from '../../src/app';
import { parseConfig } from '../../src/config';
import { createKeyring } from '../../src/db/keyring';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { scryptPasswordHasher } from '../../src/entry/passwords-node';
import { nodePhotoCodecs } from '../../src/entry/photos-node';
import { createLogger } from '../../src/log';
import { demoDatabase, freePort, settings, type Target } from './target';

export async function startNodeTarget(): Promise<Target> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { db, adminKey } = await demoDatabase(base);
  const config = parseConfig(settings(base));
  const labels = loadLabelCatalog();
  const app = createApp({
    sql: db.sql,
    config,
    clock: () => new Date(),
    log: createLogger(config.LOG_LEVEL),
    keyring: createKeyring(db.sql, config),
    labels,
    passwords: scryptPasswordHasher(),
    photos: nodePhotoCodecs(),
    peerAddress: (c) => getConnInfo(c).remote.address,
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s));
  });
  if ((server.address() as AddressInfo).port !== port) throw new Error('served on another port');
  return {
    runtime: 'node',
    base,
    sql: db.sql,
    adminKey,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      (server as unknown as { closeAllConnections(): void }).closeAllConnections();
      await closed;
      await db.close();
    },
  };
}
