// Node-only: opens the configured database (PostgreSQL at DATABASE_URL, or embedded PGlite under
// DATA_DIR when it is unset) and brings its schema up to date. Shared by the server and the CLIs.
import type { Config } from '../config';
import { createSql, type ClientOptions, type Sql } from '../db/client';
import { DataDirLockedError, type LockHolder } from './data-dir-lock';
import { startEmbedded, type EmbeddedDatabase } from './embedded-database';
import { loadMigrations } from './migration-files';
import { applyMigrations, type MigrationStep } from '../db/migrations';

export interface OpenDatabase {
  sql: Sql;
  embedded: EmbeddedDatabase | null;
  /** Set when reading through another process's embedded database (see readThroughHolder). */
  via: LockHolder | null;
  /** Migrations applied by this start. */
  applied: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  migrate?: boolean;
  /** What this process is, as a person starts it ("npm start"): named to any other process that finds DATA_DIR taken. */
  command?: string;
  /**
   * For a process that only reads: when another running process holds DATA_DIR, read through that
   * process's embedded database (its loopback socket) instead of refusing. Nothing is migrated.
   */
  readThroughHolder?: boolean;
  /** Told when the database stops answering and when it answers again (for the logs). */
  onAvailability?: ClientOptions['onAvailability'];
  /** Told of each migration file as it is handled (npm run migrate's progress). */
  onMigration?: (step: MigrationStep) => void;
}

export async function openDatabase(config: Config, opts: OpenOptions = {}): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | null = null;
  let via: LockHolder | null = null;
  if (!config.DATABASE_URL) {
    try {
      embedded = await startEmbedded(config.DATA_DIR, { command: opts.command });
    } catch (e) {
      if (!(opts.readThroughHolder && e instanceof DataDirLockedError && e.holder.databaseUrl)) throw e;
      via = e.holder;
    }
  }
  const url = config.DATABASE_URL ?? embedded?.url ?? via!.databaseUrl!;
  // Through another process: a client or two, not a pool that competes with its own.
  const sql = createSql(url, {
    max: via ? 2 : config.DB_POOL_MAX,
    connectTimeout: config.DB_CONNECT_TIMEOUT,
    onAvailability: opts.onAvailability,
  });
  const close = async () => {
    await sql.end({ timeout: 5 });
    await embedded?.stop();
  };
  let applied: string[] = [];
  try {
    if (opts.migrate !== false && !via) applied = await applyMigrations(sql, loadMigrations(), opts.onMigration);
  } catch (e) {
    // Not left open behind an error: the embedded database's socket would keep the process alive.
    await close().catch(() => {});
    throw e;
  }
  return { sql, embedded, via, applied, close };
}
