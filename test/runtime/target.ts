// What the behaviour suite runs against: a served app at a base URL over real HTTP, on a real test
// database seeded with the demo province. Both entries (Node, Worker on workerd) are built from
// the same settings, so one suite describes both.
import { createApiKey } from '../../src/db/api-keys-store';
import type { Sql } from '../../src/db/client';
import { createKeyring } from '../../src/db/keyring';
import { parseConfig } from '../../src/config';
import { seedDemo } from '../../src/demo/seed';
import { scryptPasswordHasher } from '../../src/entry/passwords-node';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { freePort } from '../support/pg-cluster';

export { freePort };

export interface Target {
  /** 'node' or 'workerd' */
  runtime: string;
  /** http://127.0.0.1:<port>, also the app's PUBLIC_BASE_URL */
  base: string;
  /** The test database, for checking what the app wrote. */
  sql: Sql;
  /** The first admin API key. */
  adminKey: string;
  close(): Promise<void>;
}

/** Small limits, so that the suite sees them trigger; each test uses its own client networks. */
export const LIMITS = { flood: 20, unknownSerials: 3, reports: 1 };

/** The settings both entries run with (the Worker gets them as --var). */
export function settings(base: string): Record<string, string> {
  return {
    PUBLIC_BASE_URL: base,
    LOG_LEVEL: 'error',
    // Each test speaks for its own client networks through X-Forwarded-For (see suite.ts).
    TRUST_PROXY: 'true',
    PUBLIC_RATE_LIMIT: String(LIMITS.flood),
    UNKNOWN_SERIAL_RATE_LIMIT: String(LIMITS.unknownSerials),
    REPORT_RATE_LIMIT: String(LIMITS.reports),
    // Production starts and every Worker refuse a signing key kept in plain text.
    KEY_ENCRYPTION_SECRET: 'behaviour-suite-secret-0123456789abcdef',
    // The link checks after a seal run in the background on both; the suite runs them itself.
    CHECKS_AFTER_SEAL: 'false',
  };
}

/** A fresh database with the demo province, its records signed with a key stored encrypted. */
export async function demoDatabase(base: string): Promise<{ db: TestDatabase; adminKey: string }> {
  const db = await createTestDatabase();
  try {
    const config = parseConfig(settings(base));
    const keyring = createKeyring(db.sql, config);
    await keyring.ensure();
    await seedDemo(db.sql, { clock: () => new Date(), keyring, baseUrl: base, passwords: scryptPasswordHasher() });
    const admin = await createApiKey(db.sql, {
      name: 'behaviour suite',
      role: 'admin',
      organizationId: null,
      createdBy: null,
    });
    return { db, adminKey: admin.key };
  } catch (e) {
    await db.close();
    throw e;
  }
}
