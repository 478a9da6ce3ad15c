// Signing keys in production: a start against DATABASE_URL (or with NODE_ENV=production) without
// KEY_ENCRYPTION_SECRET or SIGNING_KEY_JWK refuses in one line and writes no key; with the secret
// the stored key is sealed; and npm run key:rotate seals the keys a demo kept in plain text (then
// rotates), after which every record still verifies and a production start is accepted. The
// embedded demo without any of this is started by test/cli/data-dir-lock.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../../src/db/keyring';
import { seedDemo } from '../../src/demo/seed';
import { verifyBatchRecord } from '../../src/sealing/verify';
import { PLAINTEXT_KEY_PREFIX, SEALED_KEY_PREFIX } from '../../src/signing';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { type Finished, runEntry, startServer } from './support';

const SECRET = 'tG1x9Jc0n7QeZ1b4Vv8yM2sK5pR3wL6uA0dF9hE2iOc=';

const dbs: TestDatabase[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const db of dbs) await db.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function freshDatabase() {
  const db = await createTestDatabase();
  dbs.push(db);
  return db;
}

const keys = (db: TestDatabase) =>
  db.sql<{ kid: string; status: string; sealed: string | null }[]>`
    select kid, status, private_jwk_sealed as sealed from signing_keys order by created_at, kid`;

/** The one line a refused run printed, without stack frames. */
function refusal(run: Finished): string {
  expect(run.code, run.stderr).toBe(1);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  return lines[0]!;
}

const NO_SECRET =
  'a signing key may not be kept in plain text here (%s): set KEY_ENCRYPTION_SECRET to 32 or more random characters (openssl rand -base64 32), or give the private key in SIGNING_KEY_JWK';

describe('a production start without KEY_ENCRYPTION_SECRET', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await freshDatabase();
  });

  it('npm start and npm run seed:demo against DATABASE_URL refuse in one line, exit 1, and write no key', async () => {
    const env = { DATABASE_URL: db.url, LOG_LEVEL: 'silent' };
    const [start, seed] = await Promise.all([runEntry('node.ts', [], env), runEntry('cli/seed-demo.ts', [], env)]);
    const expected = NO_SECRET.replace('%s', 'DATABASE_URL is set');
    expect(refusal(start)).toBe(`ocop-trace failed to start: ${expected}`);
    expect(refusal(seed)).toBe(`npm run seed:demo: ${expected}`);
    expect(await keys(db)).toEqual([]);
  });

  // Embedded whatever the pass: the PostgreSQL pass would repeat it word for word.
  it.skipIf(!!process.env.TEST_DATABASE_URL)('NODE_ENV=production refuses on the embedded database too', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocop-prod-'));
    dirs.push(dir);
    const run = await runEntry('node.ts', [], {
      DATA_DIR: join(dir, 'data'),
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
    });
    expect(refusal(run)).toBe(`ocop-trace failed to start: ${NO_SECRET.replace('%s', 'NODE_ENV=production')}`);
  });

  it('with KEY_ENCRYPTION_SECRET the server starts and keeps its key sealed, no readable JWK in the row; another secret is refused', async () => {
    const server = await startServer({ DATABASE_URL: db.url, KEY_ENCRYPTION_SECRET: SECRET });
    try {
      const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
      const rows = await keys(db);
      expect(rows).toHaveLength(1);
      expect(jwks.keys.map((k) => k.kid)).toEqual([rows[0]!.kid]);
      expect(rows[0]!.sealed!.startsWith(SEALED_KEY_PREFIX)).toBe(true);
      expect(rows[0]!.sealed).not.toContain('"d"');
    } finally {
      await server.stop();
    }
    // Started again with another secret (a restored backup, a mistyped secret): refused at start,
    // not at the first seal.
    const other = await runEntry('node.ts', [], {
      DATABASE_URL: db.url,
      KEY_ENCRYPTION_SECRET: 'Q9w8E7r6T5y4U3i2O1p0AaSsDdFfGgHhJjKkLlZzXx0=',
      LOG_LEVEL: 'silent',
    });
    expect(refusal(other)).toBe(
      'ocop-trace failed to start: the sealed private key does not open with the configured secret (wrong secret, or the stored value was altered)',
    );
  });
});

describe('npm run key:rotate when the secret is first set', { timeout: 180_000 }, () => {
  it('seals every plain-text key, rotates, keeps every record verifying, and then a production start is accepted', async () => {
    const db = await freshDatabase();
    // The demo as the embedded setup made it: a plain-text key, rotated once, signed batches.
    const demo = createKeyring(db.sql, {});
    await demo.ensure();
    await db.sql.begin((tx) => demo.rotate(tx, new Date()));
    await seedDemo(db.sql, {
      clock: () => new Date('2026-11-28T03:00:00Z'),
      keyring: demo,
      baseUrl: 'https://trace.example.vn',
    });
    const before = await keys(db);
    expect(before).toHaveLength(2);
    for (const row of before) expect(row.sealed!.startsWith(PLAINTEXT_KEY_PREFIX)).toBe(true);
    const oldCurrent = before.find((r) => r.status === 'current')!.kid;

    const refused = await runEntry('node.ts', [], {
      DATABASE_URL: db.url,
      KEY_ENCRYPTION_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    });
    expect(refusal(refused)).toMatch(
      /^ocop-trace failed to start: the database holds 2 signing keys in plain text, .* run npm run key:rotate/,
    );

    const run = await runEntry('cli/key-rotate.ts', [], { DATABASE_URL: db.url, KEY_ENCRYPTION_SECRET: SECRET });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`sealed with KEY_ENCRYPTION_SECRET (were in plain text): `);
    for (const row of before) expect(run.stdout).toContain(row.kid);
    const newKid = /new current signing key: (\S+) \(retired: (\S+)\)/.exec(run.stdout);
    expect(newKid?.[2]).toBe(oldCurrent);

    const after = await keys(db);
    expect(after).toHaveLength(3);
    for (const row of after) expect(row.sealed!.startsWith(SEALED_KEY_PREFIX), row.kid).toBe(true);
    expect(after.find((r) => r.status === 'current')!.kid).toBe(newKid![1]);
    const audit = await db.sql<{ action: string }[]>`
      select action from audit_log where entity = 'signing_key' order by id`;
    expect(audit.map((a) => a.action)).toEqual(['seal', 'seal', 'rotate']);

    const keyring = createKeyring(db.sql, { KEY_ENCRYPTION_SECRET: SECRET }, { requireSealedKeys: true });
    expect((await keyring.jwks()).keys.map((k) => k.kid).sort()).toEqual(after.map((r) => r.kid).sort());
    const sealed = await db.sql<{ id: string }[]>`select id from batches where record_jws is not null`;
    expect(sealed.length).toBeGreaterThan(20);
    for (const { id } of sealed) expect((await verifyBatchRecord(db.sql, keyring, id))?.status, id).toBe('valid');
    await keyring.ensure();
    expect((await keyring.current()).kid).toBe(newKid![1]);

    const again = await runEntry('cli/key-rotate.ts', ['--seal-only'], {
      DATABASE_URL: db.url,
      KEY_ENCRYPTION_SECRET: SECRET,
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('every stored signing key was already sealed with KEY_ENCRYPTION_SECRET');
  });

  it('without the secret against DATABASE_URL it refuses and changes nothing', async () => {
    const db = await freshDatabase();
    await createKeyring(db.sql, {}).ensure();
    const before = await keys(db);
    const run = await runEntry('cli/key-rotate.ts', [], { DATABASE_URL: db.url });
    expect(refusal(run)).toBe(`npm run key:rotate: ${NO_SECRET.replace('%s', 'DATABASE_URL is set')}`);
    expect(await keys(db)).toEqual(before);
  });
});
