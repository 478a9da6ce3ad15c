// The real Node server (src/entry/node.ts under tsx) as a child process, and the database it uses
// opened from the test between its runs: PostgreSQL at TEST_DATABASE_URL when set, else an
// embedded DATA_DIR in a temporary folder. The demo is loaded once with npm run seed:demo's CLI.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSql, type Sql } from '../../src/db/client';
import { startEmbedded } from '../../src/entry/embedded-database';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { type RunningServer, runEntry, startServer as startEntryServer } from '../cli/support';

/** A production start refuses a plain-text signing key; the tests give it a secret either way. */
const SECRET = 'ops-test-key-encryption-secret-0123456789';

export interface ServerDatabase {
  /** DATABASE_URL or DATA_DIR, for the server's environment. */
  env: Record<string, string>;
  /** Runs `work` on the database while no server has it open. */
  read<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  remove(): Promise<void>;
}

/** A fresh database with the demo loaded by `npm run seed:demo` (src/entry/cli/seed-demo.ts). */
export async function demoDatabase(): Promise<ServerDatabase> {
  let db: ServerDatabase;
  if (process.env.TEST_DATABASE_URL) {
    const pg: TestDatabase = await createTestDatabase();
    db = {
      env: { DATABASE_URL: pg.url },
      read: (work) => work(pg.sql),
      remove: () => pg.close(),
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-ops-'));
    const dataDir = join(dir, 'data');
    db = {
      env: { DATA_DIR: dataDir },
      async read(work) {
        const embedded = await startEmbedded(dataDir);
        const sql = createSql(embedded.url, { max: 1 });
        try {
          return await work(sql);
        } finally {
          await sql.end({ timeout: 5 });
          await embedded.stop();
        }
      },
      remove: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const seeded = await runEntry('cli/seed-demo.ts', [], { KEY_ENCRYPTION_SECRET: SECRET, ...db.env }, 120_000);
  if (seeded.code !== 0) throw new Error(`seed:demo failed (${seeded.code})\n${seeded.stdout}${seeded.stderr}`);
  return db;
}

export type ServerProcess = RunningServer;

/** Starts npm start's server on a free port, with the secret a production start needs; resolves once it listens. */
export function startServer(extra: Record<string, string>, timeoutMs = 120_000): Promise<ServerProcess> {
  return startEntryServer({ KEY_ENCRYPTION_SECRET: SECRET, ...extra }, timeoutMs);
}

/** The JSON log lines of a server's output with this msg. */
export function logLines(output: string, msg: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((l) => l.startsWith('{') && l.includes(`"msg":${JSON.stringify(msg)}`))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Stops a server left running by a failed test. */
export async function kill(server: ServerProcess | undefined) {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
}
