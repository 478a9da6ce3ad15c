// Forward-only migration runner: numbered SQL files, one transaction per file, recorded in
// schema_migrations. A transaction-scoped advisory lock serialises concurrent starters so that
// each file is applied exactly once however many instances boot together. The file list is
// passed in (read from disk on Node, bundled on Workers), so this module stays runtime-neutral.
import type { Sql } from './client';

export interface Migration {
  name: string;
  sql: string;
}

/** Arbitrary constant shared by every instance of this service: "ocop" in ASCII. */
const MIGRATION_LOCK = 0x6f636f70;

const NAME = /^\d{5}_[a-z0-9_]+\.sql$/;

/** One migration file handled: applied now, or found applied already. */
export interface MigrationStep {
  done: number;
  total: number;
  name: string;
  applied: boolean;
}

export async function applyMigrations(
  sql: Sql,
  migrations: Migration[],
  onProgress?: (step: MigrationStep) => void,
): Promise<string[]> {
  const sorted = [...migrations].sort((a, b) => a.name.localeCompare(b.name));
  for (const m of sorted) {
    if (!NAME.test(m.name)) throw new TypeError(`migration file name ${m.name} is not NNNNN_name.sql`);
  }
  await sql.begin(async (tx) => {
    // Under the lock too: two instances racing on the very first CREATE TABLE would
    // otherwise collide in the catalog.
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
    await tx`
      create table if not exists schema_migrations (
        name text primary key,
        applied_at timestamptz not null default now()
      )`;
  });
  const applied: string[] = [];
  for (const m of sorted) {
    const didApply = await sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK})`;
      const [done] = await tx`select 1 from schema_migrations where name = ${m.name}`;
      if (done) return false;
      // unsafe: the text is one of our own migration files, never user input.
      await tx.unsafe(m.sql);
      await tx`insert into schema_migrations (name) values (${m.name})`;
      return true;
    });
    if (didApply) applied.push(m.name);
    onProgress?.({ done: sorted.indexOf(m) + 1, total: sorted.length, name: m.name, applied: didApply });
  }
  return applied;
}

export async function pendingMigrations(sql: Sql, names: string[]): Promise<string[]> {
  if (!(await tableExists(sql))) return [...names];
  const rows = await sql<{ name: string }[]>`select name from schema_migrations`;
  const done = new Set(rows.map((r) => r.name));
  return names.filter((n) => !done.has(n));
}

async function tableExists(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ t: string | null }[]>`select to_regclass('public.schema_migrations')::text as t`;
  return row?.t != null;
}
