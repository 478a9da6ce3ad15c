import { readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createSql } from '../../src/db/client';
import { loadMigrations, MIGRATIONS_DIR } from '../../src/entry/migration-files';
import { applyMigrations, pendingMigrations } from '../../src/db/migrations';
import { MIGRATION_NAMES } from '../../src/db/schema-version';
import { createTestDatabase, type TestDatabase } from '../support/db';

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.close();
});

describe('migrations', () => {
  it('lists exactly the files in migrations/', () => {
    expect(
      readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql'))
        .sort(),
    ).toEqual([...MIGRATION_NAMES]);
  });

  it('applies each file exactly once when several instances start at the same moment', async () => {
    const db = await createTestDatabase({ migrate: false });
    dbs.push(db);
    // Five separate clients, as five instances booting together would have.
    const clients = Array.from({ length: 5 }, () => createSql(db.url, { max: 2 }));
    try {
      const results = await Promise.all(clients.map((c) => applyMigrations(c, loadMigrations())));
      const appliedEverywhere = results.flat();
      expect(appliedEverywhere.sort()).toEqual([...MIGRATION_NAMES].sort());
      const rows = await db.sql`select name from schema_migrations order by name`;
      expect(rows.map((r) => r.name)).toEqual([...MIGRATION_NAMES]);
      expect(await pendingMigrations(db.sql, [...MIGRATION_NAMES])).toEqual([]);
      // and a later start finds nothing to do
      expect(await applyMigrations(db.sql, loadMigrations())).toEqual([]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it('rolls a failing file back whole and records nothing', async () => {
    const db = await createTestDatabase({ migrate: false });
    dbs.push(db);
    const bad = [{ name: '00001_bad.sql', sql: 'create table half_done (id int); select 1/0;' }];
    await expect(applyMigrations(db.sql, bad)).rejects.toThrow();
    const [t] = await db.sql`select to_regclass('public.half_done')::text as t`;
    expect(t!.t).toBeNull();
    expect(await pendingMigrations(db.sql, ['00001_bad.sql'])).toEqual(['00001_bad.sql']);
  });

  it('reports not ready while migrations are pending', async () => {
    const db = await createTestDatabase({ migrate: false });
    dbs.push(db);
    const { createApp } = await import('../../src/app');
    const { parseConfig } = await import('../../src/config');
    const { createLogger } = await import('../../src/log');
    const { createKeyring } = await import('../../src/db/keyring');
    const app = createApp({
      sql: db.sql,
      config: parseConfig({}),
      clock: () => new Date(),
      log: createLogger('silent'),
      keyring: createKeyring(db.sql, {}),
      labels: { templates: new Map(), font: new Uint8Array() },
    });
    const r = await app.request('/readyz');
    expect(r.status).toBe(503);
    expect((await r.json()).pendingMigrations).toEqual([...MIGRATION_NAMES]);
  });
});
