// Embedded PostgreSQL for the default Node setup: PGlite persisted on disk, exposed on a
// loopback socket so postgres.js talks to it exactly as to a server (same SQL, same driver).
// Node-only: imported from src/entry/node.ts, the CLIs and tests, never from the app.
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync, existsSync, readdirSync } from 'node:fs';

export interface EmbeddedDatabase {
  url: string;
  /** True when the data directory held no database before this start. */
  created: boolean;
  stop(): Promise<void>;
}

/** dataDir: a folder path, or 'memory://' for a throwaway database (tests). */
export async function startEmbedded(dataDir: string, opts: { maxConnections?: number } = {}): Promise<EmbeddedDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  let created = true;
  if (!inMemory) {
    created = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
    mkdirSync(dataDir, { recursive: true });
  }
  const db = await PGlite.create(inMemory ? undefined : dataDir);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: opts.maxConnections ?? 64,
  });
  await server.start();
  const addr = server.getServerConn();
  return {
    url: `postgres://postgres:postgres@${addr}/postgres?sslmode=disable`,
    created,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
