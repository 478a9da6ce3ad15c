// The append-only audit log: every change is written here in the transaction that makes it.
import type { Db } from './client';
import type { Actor } from '../domain/roles';

export interface AuditEntry {
  actor: Pick<Actor, 'keyId' | 'name' | 'role'> | { keyId: null; name: string; role: 'system' };
  action: string;
  entity: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
  /** The app's clock; the database's now() when absent. */
  at?: Date;
}

export async function recordAudit(db: Db, e: AuditEntry): Promise<void> {
  await db`
    insert into audit_log (at, actor_key_id, actor, action, entity, entity_id, before, after, request_id)
    values (${e.at ?? db`now()`}, ${e.actor.keyId}, ${`${e.actor.role}:${e.actor.name}`}, ${e.action}, ${e.entity},
            ${e.entityId}, ${e.before === undefined ? null : db.json(e.before as never)},
            ${e.after === undefined ? null : db.json(e.after as never)}, ${e.requestId ?? null})`;
}

export interface AuditRow {
  id: number;
  at: Date;
  actorKeyId: string | null;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
}

export async function listAudit(
  db: Db,
  f: { entity?: string; entityId?: string; after?: number; limit: number },
): Promise<AuditRow[]> {
  return db<AuditRow[]>`
    select id, at, actor_key_id, actor, action, entity, entity_id,
           before, after, request_id
    from audit_log
    where (${f.entity ?? null}::text is null or entity = ${f.entity ?? null})
      and (${f.entityId ?? null}::text is null or entity_id = ${f.entityId ?? null})
      and id > ${f.after ?? 0}
    order by id
    limit ${f.limit}`;
}

/** Whether an audited update changed this record at or after `since` (verification: explained changes). */
export async function auditedUpdateSince(db: Db, entity: string, entityId: string, since: Date): Promise<boolean> {
  const [row] = await db`
    select 1 from audit_log
    where entity = ${entity} and entity_id = ${entityId} and action = 'update' and at >= ${since}
    limit 1`;
  return !!row;
}
