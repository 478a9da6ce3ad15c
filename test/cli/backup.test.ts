// npm run backup and npm run restore: the demo data backed up (from PostgreSQL or the embedded
// database, the latter while the server runs), restored into a fresh database with every table's
// rows identical and every signed batch record still verifying; a non-empty target, a cut-off or
// altered file and a backup from a newer schema are refused in one line, leaving the target as it was.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { createSql } from '../../src/db/client';
import { createKeyring } from '../../src/db/keyring';
import { MIGRATION_NAMES } from '../../src/db/schema-version';
import { seedDemo } from '../../src/demo/seed';
import { startEmbedded } from '../../src/entry/embedded-database';
import { verifyBatchRecord } from '../../src/sealing/verify';
import { SEALED_KEY_PREFIX } from '../../src/signing';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { type Finished, runEntry, startServer } from './support';

const SECRET = 'tG1x9Jc0n7QeZ1b4Vv8yM2sK5pR3wL6uA0dF9hE2iOc=';

const dir = mkdtempSync(join(tmpdir(), 'ocop-backup-'));
const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const db of dbs) await db.close();
  rmSync(dir, { recursive: true, force: true });
});
async function fresh(migrate = false) {
  const db = await createTestDatabase({ migrate });
  dbs.push(db);
  return db;
}

/**
 * Every table of the public schema: its row count and a digest of its rows in a fixed order. A
 * partitioned table (the scan log) is one table, read through its parent: which month partitions
 * exist depends on when the upkeep last ran, not on the data.
 */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await db<{ name: string }[]>`
    select relname as name from pg_class
     where relnamespace = 'public'::regnamespace and relkind in ('r', 'p') and not relispartition order by 1`;
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db<{ n: number; digest: string }[]>`
      select count(*)::int as n,
             md5(coalesce(string_agg(to_jsonb(t)::text, ',' order by to_jsonb(t)::text), '')) as digest
      from ${db(name)} t`;
    out[name] = `${row!.n} ${row!.digest}`;
  }
  return out;
}

async function expectEveryRecordVerifies(db: Db, config: { KEY_ENCRYPTION_SECRET?: string }) {
  const keyring = createKeyring(db as never, config);
  const sealed = await db<{ id: string }[]>`select id from batches where record_jws is not null`;
  expect(sealed.length).toBeGreaterThan(20);
  for (const { id } of sealed) expect((await verifyBatchRecord(db, keyring, id))?.status, id).toBe('valid');
  // The restored key still opens with the secret: the restored database can sign.
  await keyring.current();
}

const publicTables = async (db: Db) =>
  (await db<{ n: number }[]>`select count(*)::int as n from pg_class where relnamespace = 'public'::regnamespace`)[0]!
    .n;

/** The one line a refused restore printed. */
function refusal(run: Finished): string {
  expect(run.code, run.stdout + run.stderr).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return lines[0]!;
}

describe('a backup of the demo data', { timeout: 180_000 }, () => {
  let source: TestDatabase;
  let before: Record<string, string>;
  const file = join(dir, 'demo.backup.gz');

  beforeAll(async () => {
    source = await fresh(true);
    const keyring = createKeyring(source.sql, { KEY_ENCRYPTION_SECRET: SECRET }, { requireSealedKeys: true });
    await keyring.ensure();
    await seedDemo(source.sql, {
      clock: () => new Date('2026-11-28T03:00:00Z'),
      keyring,
      baseUrl: 'https://trace.example.vn',
    });
    before = await fingerprint(source.sql);
    const run = await runEntry('cli/backup.ts', [file], { DATABASE_URL: source.url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      new RegExp(
        `^wrote .*demo\\.backup\\.gz: \\d+ rows of \\d+ tables, schema at ${MIGRATION_NAMES.length} migrations`,
      ),
    );
  });

  it('is a compressed, versioned file naming its schema level, holding the keys sealed and never the secret', () => {
    const text = gunzipSync(readFileSync(file)).toString('utf8');
    const lines = text.trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    expect(header).toMatchObject({ format: 'ocop-trace-backup', version: 1, migrations: [...MIGRATION_NAMES] });
    expect(JSON.parse(lines.at(-1)!)[0]).toBe('end');
    expect(text).not.toContain(SECRET);
    const key = lines[lines.indexOf(lines.find((l) => l.startsWith('["table","signing_keys"'))!) + 1]!;
    expect(JSON.parse(key).private_jwk_sealed.startsWith(SEALED_KEY_PREFIX)).toBe(true);
    expect(readFileSync(file).length).toBeLessThan(text.length / 3);
  });

  it('restores into a fresh database: every table holds the same rows and every signed record verifies', async () => {
    const target = await fresh();
    const run = await runEntry('cli/restore.ts', [file], { DATABASE_URL: target.url });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^restored .*: \d+ rows of \d+ tables/);
    expect(await fingerprint(target.sql)).toEqual(before);
    await expectEveryRecordVerifies(target.sql, { KEY_ENCRYPTION_SECRET: SECRET });
    // Identity sequences go on after the restored rows.
    const [next] = await target.sql<{ n: number }[]>`select nextval('audit_log_id_seq')::int as n`;
    const [max] = await target.sql<{ n: number }[]>`select max(id)::int as n from audit_log`;
    expect(next!.n).toBe(max!.n + 1);
  });

  it('refuses a database that is not empty unless told --replace', async () => {
    const run = await runEntry('cli/restore.ts', [file], { DATABASE_URL: source.url });
    expect(refusal(run)).toMatch(
      /^npm run restore: the target database is not empty \(\d+ tables\): restore into a new, empty database, or pass --replace to drop everything in it first$/,
    );
    await source.sql`delete from scans where id in (select id from scans order by id limit 5)`;
    const replaced = await runEntry('cli/restore.ts', [file, '--replace'], { DATABASE_URL: source.url });
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(await fingerprint(source.sql)).toEqual(before);
  });

  it('refuses a cut-off file, an altered one and one from a newer schema, leaving the target empty', async () => {
    const bytes = readFileSync(file);
    const text = gunzipSync(bytes).toString('utf8');
    const lines = text.trimEnd().split('\n');
    const stamp = lines.findIndex((l) => l.startsWith('["table","stamps"')) + 1;
    const header = JSON.parse(lines[0]!);
    const cases: [string, Buffer, RegExp][] = [
      ['cut-off', bytes.subarray(0, Math.floor(bytes.length * 0.6)), /damaged or incomplete: it is cut off$/],
      [
        'bytes altered',
        Buffer.concat([bytes.subarray(0, 2000), Buffer.from('garbage'), bytes.subarray(2007)]),
        /damaged or incomplete: /,
      ],
      [
        'a row altered',
        gzipSync(
          lines
            .map((l, i) => (i === stamp ? l.replace(/"print_run_id": "[^"]+"/, '"print_run_id": "x"') : l))
            .join('\n'),
        ),
        /damaged or incomplete: table stamps: invalid input syntax for type uuid/,
      ],
      [
        'rows missing',
        gzipSync(lines.filter((_, i) => i !== stamp).join('\n')),
        /damaged or incomplete: table stamps should hold \d+ rows, the file has \d+$/,
      ],
      [
        'a newer schema',
        gzipSync(
          [
            JSON.stringify({ ...header, migrations: [...header.migrations, '00099_future.sql'] }),
            ...lines.slice(1),
          ].join('\n'),
        ),
        /the backup comes from a newer schema \(migration 00099_future\.sql, which this ocop-trace does not have\)/,
      ],
      ['not a backup', gzipSync('hello\n'), /this is not an ocop-trace backup/],
    ];
    const target = await fresh();
    for (const [what, content, message] of cases) {
      const bad = join(dir, `${what.replace(/\W+/g, '-')}.backup.gz`);
      writeFileSync(bad, content);
      const run = await runEntry('cli/restore.ts', [bad], { DATABASE_URL: target.url });
      expect(refusal(run), what).toMatch(message);
      expect(refusal(run), what).toMatch(/^npm run restore: /);
      expect(await publicTables(target.sql), what).toBe(0);
    }
  });
});

// The embedded pass only: the PostgreSQL pass would repeat it word for word.
describe.skipIf(!!process.env.TEST_DATABASE_URL)('a backup of the embedded database while the server runs', () => {
  it('reads through the running server, and restores into a new DATA_DIR with the same rows', async () => {
    const dataDir = join(dir, 'data');
    const server = await startServer({ DATA_DIR: dataDir, CHECKS_SCHEDULE: 'off' });
    const file = join(dir, 'embedded.backup.gz');
    try {
      const run = await runEntry('cli/backup.ts', [file], { DATA_DIR: dataDir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`(through the running npm start, pid ${server.pid})`);
    } finally {
      await server.stop();
    }
    const restoredDir = join(dir, 'restored');
    const run = await runEntry('cli/restore.ts', [file], { DATA_DIR: restoredDir });
    expect(run.code, run.stderr).toBe(0);
    const prints: Record<string, string>[] = [];
    for (const d of [dataDir, restoredDir]) {
      const db = await startEmbedded(d);
      const sql = createSql(db.url, { max: 2 });
      try {
        prints.push(await fingerprint(sql));
        if (d === restoredDir) await expectEveryRecordVerifies(sql, {});
      } finally {
        await sql.end();
        await db.stop();
      }
    }
    expect(prints[1]).toEqual(prints[0]);
  }, 300_000);
});
