// Node-only: opens the configured database (PostgreSQL at DATABASE_URL, or embedded PGlite under
// DATA_DIR when it is unset) and brings its schema up to date. Shared by the server and the CLIs.
import type { Config } from '../config';
import { createSql, type ClientOptions, type Sql } from '../db/client';
import { startEmbedded, type EmbeddedDatabase } from './embedded-database';
import { loadMigrations } from './migration-files';
import { applyMigrations } from '../db/migrations';

export interface OpenDatabase {
  sql: Sql;
  embedded: EmbeddedDatabase | null;
  /** Migrations applied by this start. */
  applied: string[];
  close(): Promise<void>;
}

export async function openDatabase(
  config: Config,
  opts: { migrate?: boolean; onAvailability?: ClientOptions['onAvailability'] } = {},
): Promise<OpenDatabase> {
  const embedded = config.DATABASE_URL ? null : await startEmbedded(config.DATA_DIR);
  const sql = createSql(config.DATABASE_URL ?? embedded!.url, {
    max: config.DB_POOL_MAX,
    connectTimeout: config.DB_CONNECT_TIMEOUT,
    onAvailability: opts.onAvailability,
  });
  const applied = opts.migrate === false ? [] : await applyMigrations(sql, loadMigrations());
  return {
    sql,
    embedded,
    applied,
    async close() {
      await sql.end({ timeout: 5 });
      await embedded?.stop();
    },
  };
}
