// Builds the real app on a real test database, with a frozen clock and API keys for each role.
import { createApp } from '../../src/app';
import { parseConfig, type Config } from '../../src/config';
import { createApiKey } from '../../src/db/api-keys-store';
import { createKeyring, type Keyring } from '../../src/db/keyring';
import { insertOrganization, type Organization } from '../../src/db/organizations-store';
import { createLogger } from '../../src/log';
import { loadLabelCatalog } from '../../src/entry/labels-node';
import { createTestDatabase, type TestDatabase } from './db';

export const FROZEN_NOW = new Date('2025-06-15T08:00:00Z');

export interface TestContext {
  db: TestDatabase;
  app: ReturnType<typeof createApp>;
  config: Config;
  keyring: Keyring;
  clock: { now: Date };
  keys: { admin: string; staff: string };
  /** Creates a cooperative organization and a key bound to it. */
  cooperative(name?: string): Promise<{ org: Organization; key: string }>;
  /** app.request with JSON body and bearer key. */
  call(method: string, path: string, opts?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export async function createTestContext(env: Record<string, string> = {}): Promise<TestContext> {
  const db = await createTestDatabase();
  const config = parseConfig({ PUBLIC_BASE_URL: 'https://trace.example.vn', LOG_LEVEL: 'silent', ...env });
  const clock = { now: FROZEN_NOW };
  const keyring = createKeyring(db.sql, config);
  await keyring.ensure();
  const app = createApp({ sql: db.sql, config, clock: () => clock.now, log: createLogger('silent'), keyring, labels: loadLabelCatalog() });
  const admin = await createApiKey(db.sql, { name: 'test admin', role: 'admin', organizationId: null, createdBy: null });
  const staff = await createApiKey(db.sql, { name: 'test staff', role: 'staff', organizationId: null, createdBy: null });
  let n = 0;
  const ctx: TestContext = {
    db,
    app,
    config,
    keyring,
    clock,
    keys: { admin: admin.key, staff: staff.key },
    async cooperative(name) {
      n += 1;
      const org = await insertOrganization(db.sql, {
        kind: 'cooperative',
        associationLevel: null,
        name: name ?? `HTX Thử nghiệm ${n}`,
        registrationCode: `HTX-TEST-${n}-${Math.random().toString(36).slice(2, 8)}`,
        address: null,
        province: 'Tỉnh Thử nghiệm',
        commune: null,
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        gln: null,
        parentId: null,
      });
      const { key } = await createApiKey(db.sql, { name: org.name, role: 'cooperative', organizationId: org.id, createdBy: null });
      return { org, key };
    },
    call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.key) headers.authorization = `Bearer ${opts.key}`;
      let body: string | undefined;
      if (opts.body !== undefined) {
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      return Promise.resolve(app.request(path, { method, headers, body }));
    },
    close: () => db.close(),
  };
  return ctx;
}
