// First start on an empty database: create one admin key so that someone can log in at all.
// Serialised by an advisory lock so that instances starting together create exactly one.
import type { Sql } from './client';
import { createApiKey } from './api-keys-store';
import { recordAudit } from './audit-store';

const BOOTSTRAP_LOCK = 0x6f636f71;

export async function ensureFirstAdminKey(sql: Sql): Promise<string | null> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
    const [any] = await tx`select 1 from api_keys limit 1`;
    if (any) return null;
    const { key, row } = await createApiKey(tx, {
      name: 'first admin',
      role: 'admin',
      organizationId: null,
      createdBy: null,
    });
    await recordAudit(tx, {
      actor: { keyId: null, name: 'bootstrap', role: 'system' },
      action: 'create',
      entity: 'api_key',
      entityId: row.id,
      after: row,
    });
    return key;
  });
}
