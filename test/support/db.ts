// A real, fresh PostgreSQL database per test file: embedded PGlite by default, or a new
// database on the server at TEST_DATABASE_URL (CI runs the suite both ways).
import postgres from 'postgres';
import { createSql, type Sql } from '../../src/db/client';
import { startEmbedded } from '../../src/entry/embedded-database';
import { loadMigrations } from '../../src/entry/migration-files';
import { applyMigrations } from '../../src/db/migrations';

export interface TestDatabase {
  sql: Sql;
  url: string;
  /** 'embedded' or 'postgresql' */
  mode: 'embedded' | 'postgresql';
  close(): Promise<void>;
}

export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const server = process.env.TEST_DATABASE_URL;
  let url: string;
  let cleanup: () => Promise<void>;
  if (server) {
    const name = `test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`); // unsafe: the name is generated above from [a-z0-9_]
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    cleanup = async () => {
      const a = postgres(server, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    };
  } else {
    const embedded = await startEmbedded('memory://');
    url = embedded.url;
    cleanup = () => embedded.stop();
  }
  const sql = createSql(url, { max: 8 });
  if (opts.migrate !== false) await applyMigrations(sql, loadMigrations());
  return {
    sql,
    url,
    mode: server ? 'postgresql' : 'embedded',
    async close() {
      await sql.end({ timeout: 5 });
      await cleanup();
    },
  };
}
