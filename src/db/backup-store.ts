// Backups of the whole database as text, the same for the embedded database and PostgreSQL: a
// snapshot read in one REPEATABLE READ READ ONLY transaction, and a restore that loads it into an
// empty database in one transaction (all or nothing). The file around it (gzip, temp file and
// rename) is the Node entry's (src/entry/backup-file.ts); the format is described in the README.
//
// Format, version 1: JSON lines.
//   1st line  {"format":"ocop-trace-backup","version":1,"createdAt":…,"migrations":[…],
//              "tables":{"<table>":<rows>,…},"sequences":{"<sequence>":<last value or null>,…}}
//   per table ["table","<table>",<rows>] then one line per row: to_jsonb(row) exactly as the
//              database wrote it (never parsed here, so numbers and times keep their precision)
//   last line ["end",{"tables":<n>,"rows":<n>}]
// Rows are objects and markers arrays, so a line's first character says which it is.
import type { Migration } from './migrations';
import type { Db, Sql, Tx } from './client';

export const BACKUP_FORMAT = 'ocop-trace-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The migrations applied to the database backed up: its schema level. */
  migrations: string[];
  tables: Record<string, number>;
  sequences: Record<string, number | null>;
}

export interface BackupSummary {
  migrations: number;
  tables: number;
  rows: number;
}

/** A backup that cannot be restored here, or a target that may not be restored into: the message says why. */
export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefusedError';
  }
}

/** Rows per INSERT while restoring (and at most this many bytes of JSON). */
const BATCH_ROWS = 500;
const BATCH_BYTES = 1 << 20;

async function tableNames(db: Db): Promise<string[]> {
  const rows = await db<{ name: string }[]>`
    select c.relname as name from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`;
  return rows.map((r) => r.name);
}

/** Columns a restore writes: not generated ones (a STORED generated column is recomputed). */
async function writableColumns(db: Db, table: string): Promise<string[]> {
  const rows = await db<{ name: string }[]>`
    select a.attname as name from pg_attribute a
    where a.attrelid = format('public.%I', ${table}::text)::regclass
      and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by a.attnum`;
  return rows.map((r) => r.name);
}

/**
 * Writes a consistent snapshot of every table in the public schema, line by line (each line
 * without its newline). The transaction is READ ONLY: a backup never changes the database.
 */
export async function writeSnapshot(
  sql: Sql,
  write: (line: string) => void | Promise<void>,
  now: Date,
): Promise<BackupSummary> {
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const tables = await tableNames(tx);
    if (!tables.includes('schema_migrations')) {
      throw new BackupRefusedError('the database has no schema yet (no schema_migrations table): nothing to back up');
    }
    const migrations = (await tx<{ name: string }[]>`select name from schema_migrations order by name`).map(
      (r) => r.name,
    );
    const counts: Record<string, number> = {};
    for (const t of tables) {
      const [row] = await tx<{ n: number }[]>`select count(*)::bigint as n from ${tx(t)}`;
      counts[t] = row!.n;
    }
    const sequences: Record<string, number | null> = {};
    for (const s of await tx<{ name: string; lastValue: number | null }[]>`
      select sequencename as name, last_value from pg_sequences where schemaname = 'public' order by sequencename`) {
      sequences[s.name] = s.lastValue;
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: now.toISOString(),
      migrations,
      tables: counts,
      sequences,
    };
    await write(JSON.stringify(header));
    let rows = 0;
    for (const t of tables) {
      await write(JSON.stringify(['table', t, counts[t]]));
      // postgres.js awaits the callback for every batch but the last, so the writes are chained
      // here and awaited after the query: rows never interleave with the next table's.
      let written = Promise.resolve();
      await tx<{ r: string }[]>`select to_jsonb(t)::text as r from ${tx(t)} t`.cursor(BATCH_ROWS, (batch) => {
        const lines = batch.map((b) => b.r);
        rows += lines.length;
        written = written.then(async () => {
          for (const line of lines) await write(line);
        });
        return written;
      });
      await written;
    }
    await write(JSON.stringify(['end', { tables: tables.length, rows }]));
    return { migrations: migrations.length, tables: tables.length, rows };
  });
}

/** Whether the database holds any table in the public schema (a restore wants none). */
export async function publicTableCount(db: Db): Promise<number> {
  return (await tableNames(db)).length;
}

function damaged(why: string): BackupRefusedError {
  return new BackupRefusedError(`the backup file is damaged or incomplete: ${why}`);
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: Partial<BackupHeader>;
  try {
    header = JSON.parse(line ?? '') as Partial<BackupHeader>;
  } catch {
    throw new BackupRefusedError('this is not an ocop-trace backup (its first line is not the backup header)');
  }
  if (header?.format !== BACKUP_FORMAT) {
    throw new BackupRefusedError('this is not an ocop-trace backup (its first line is not the backup header)');
  }
  if (typeof header.version !== 'number' || header.version > BACKUP_VERSION) {
    throw new BackupRefusedError(
      `the backup is in format version ${header.version}, newer than this ocop-trace reads (${BACKUP_VERSION}): restore it with the version that made it`,
    );
  }
  if (
    !Array.isArray(header.migrations) ||
    typeof header.tables !== 'object' ||
    header.tables === null ||
    typeof header.sequences !== 'object' ||
    header.sequences === null
  ) {
    throw damaged('its header lacks the migrations, tables or sequences');
  }
  return header as BackupHeader;
}

/**
 * Loads a backup into a database with no tables (or, with `replace`, after dropping everything in
 * its public schema), in one transaction: on any error nothing is left behind. The schema is made
 * by this build's migrations up to the backup's level; later migrations are the caller's to apply
 * afterwards, as any start does. A backup from a newer schema is refused.
 */
export async function restoreSnapshot(
  sql: Sql,
  lines: AsyncIterable<string>,
  migrations: readonly Migration[],
  opts: { replace?: boolean } = {},
): Promise<BackupSummary & { createdAt: string; pending: number }> {
  const it = lines[Symbol.asyncIterator]();
  const next = async () => {
    const r = await it.next();
    return r.done ? undefined : r.value;
  };
  const existing = await publicTableCount(sql);
  const header = parseHeader(await next());
  const known = migrations.map((m) => m.name);
  const newer = header.migrations.find((name) => !known.includes(name));
  if (newer) {
    throw new BackupRefusedError(
      `the backup comes from a newer schema (migration ${newer}, which this ocop-trace does not have): restore it with that version of ocop-trace or a later one`,
    );
  }
  const level = new Set(header.migrations);
  const toApply = migrations.filter((m) => level.has(m.name));
  if (
    toApply.length !== header.migrations.length ||
    known.slice(0, toApply.length).some((n, i) => n !== toApply[i]!.name)
  ) {
    throw new BackupRefusedError('the backup lists migrations out of order or twice: its header is damaged');
  }
  if (existing > 0 && !opts.replace) {
    throw new BackupRefusedError(
      `the target database is not empty (${existing} tables): restore into a new, empty database, or pass --replace to drop everything in it first`,
    );
  }
  return sql.begin(async (tx) => {
    if (existing > 0) {
      await tx`drop schema public cascade`;
      await tx`create schema public`;
    }
    // The schema at the backup's level, with the same statement the migration runner starts with.
    await tx`
      create table if not exists schema_migrations (
        name text primary key,
        applied_at timestamptz not null default now()
      )`;
    // unsafe: the text is one of our own migration files, never user input.
    for (const m of toApply) await tx.unsafe(m.sql);
    await replicaMode(tx);
    let rows = 0;
    const tables = new Set(await tableNames(tx));
    const seen = new Set<string>();
    let line = await next();
    for (;;) {
      if (line === undefined) throw damaged('it ends before its last line');
      const marker = parseMarker(line);
      if (marker[0] === 'end') break;
      const [, table, expected] = marker;
      if (!tables.has(table) || seen.has(table)) throw damaged(`it holds rows of an unknown table ${table}`);
      seen.add(table);
      const columns = await writableColumns(tx, table);
      let loaded = 0;
      let batch: string[] = [];
      let bytes = 0;
      const flush = async () => {
        if (!batch.length) return;
        try {
          await tx`
            insert into ${tx(table)} (${tx(columns)}) overriding system value
            select ${tx(columns)} from jsonb_populate_recordset(null::${tx(table)}, ${`[${batch.join(',')}]`}::text::jsonb)`;
        } catch (e) {
          // A row the database will not take back (altered text, a cut-off line): the file, not the target.
          const code = (e as { code?: string }).code ?? '';
          if (code.startsWith('22') || code.startsWith('23')) throw damaged(`table ${table}: ${(e as Error).message}`);
          throw e;
        }
        loaded += batch.length;
        batch = [];
        bytes = 0;
      };
      for (;;) {
        line = await next();
        if (line === undefined || !line.startsWith('{')) break;
        batch.push(line);
        bytes += line.length;
        if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
      }
      await flush();
      if (loaded !== expected) throw damaged(`table ${table} should hold ${expected} rows, the file has ${loaded}`);
      if (header.tables[table] !== expected) throw damaged(`table ${table}'s row count disagrees with the header`);
      rows += loaded;
    }
    const missing = Object.keys(header.tables).filter((t) => !seen.has(t));
    if (missing.length) throw damaged(`it lacks the rows of ${missing.join(', ')}`);
    if ((await next()) !== undefined) throw damaged('it goes on after its last line');
    for (const [name, value] of Object.entries(header.sequences)) {
      if (value === null) continue;
      await tx`select setval(format('public.%I', ${name}::text)::regclass, ${value})`;
    }
    return {
      createdAt: header.createdAt,
      migrations: toApply.length,
      tables: seen.size,
      rows,
      pending: migrations.length - toApply.length,
    };
  });
}

function parseMarker(line: string): ['table', string, number] | ['end', unknown] {
  let marker: unknown;
  try {
    marker = JSON.parse(line);
  } catch {
    throw damaged('a line is not JSON');
  }
  if (Array.isArray(marker) && marker[0] === 'end') return ['end', marker[1]];
  if (Array.isArray(marker) && marker[0] === 'table' && typeof marker[1] === 'string' && Number.isInteger(marker[2])) {
    return ['table', marker[1], marker[2] as number];
  }
  throw damaged('a line is neither a row nor a table marker');
}

/**
 * Triggers (and the foreign keys, which are triggers) off for this transaction: rows go in as they
 * were, in any order, without the guards that refuse edits of sealed batches or re-count draws.
 */
async function replicaMode(tx: Tx) {
  try {
    await tx`set local session_replication_role = replica`;
  } catch (e) {
    if ((e as { code?: string }).code === '42501') {
      throw new BackupRefusedError(
        'restoring needs a PostgreSQL superuser in DATABASE_URL (it loads rows with triggers off); or restore a pg_dump with pg_restore as the README says',
      );
    }
    throw e;
  }
}
