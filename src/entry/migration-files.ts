// Node-only: reads migrations/*.sql from disk and checks them against the build's expectations.
import { readdirSync, readFileSync } from 'node:fs';
import type { Migration } from '../db/migrations';
import { MIGRATION_NAMES } from '../db/schema-version';
import { MIGRATIONS_DIR } from './paths';

export { MIGRATIONS_DIR };

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const expected = [...MIGRATION_NAMES];
  if (names.join() !== expected.join()) {
    throw new TypeError(
      `migrations/ holds [${names.join(', ')}] but src/db/schema-version.ts expects [${expected.join(', ')}]`,
    );
  }
  return names.map((name) => ({ name, sql: readFileSync(dir + name, 'utf8') }));
}
