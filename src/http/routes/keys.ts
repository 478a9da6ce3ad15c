// /keys: API keys (admin only) and /audit: the audit log (admin and staff).
import { z } from 'zod';
import { AppError, notFound } from '../../errors';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from '../../db/api-keys-store';
import { listAudit } from '../../db/audit-store';
import { getOrganization } from '../../db/organizations-store';
import { op } from '../op';
import { filterText, pageQuery, text, toPage, uuid } from '../schemas';
import { boundToOrganization, organizationRoleProblem, ROLES } from '../../domain/roles';

const createKey = z
  .strictObject({ name: text(200), role: z.enum(ROLES), organizationId: uuid.nullish() })
  .refine((k) => boundToOrganization(k.role) === !!k.organizationId, {
    message: 'a cooperative or buyer key names its organization; admin and staff keys do not',
    path: ['organizationId'],
  });

export const keyOps = {
  create: op({
    method: 'post',
    path: '/keys',
    tag: 'API keys',
    summary: 'Create an API key (the key is shown once, in this answer)',
    roles: ['admin'],
    body: createKey,
    async handler({ db, body, actor, audit }) {
      if (body.organizationId) {
        const org = await getOrganization(db, body.organizationId);
        const problem = org ? organizationRoleProblem(body.role, org.kind) : 'no organization has this id';
        if (problem) {
          throw new AppError('VALIDATION_FAILED', 'The key is not valid', [
            { path: 'body.organizationId', message: problem },
          ]);
        }
      }
      // api_keys.created_by references api_keys: a console user (whose keyId is a user id) is
      // named by the audit entry instead.
      const byKey = await getApiKey(db, actor.keyId);
      const { key, row } = await createApiKey(db, {
        name: body.name,
        role: body.role,
        organizationId: body.organizationId ?? null,
        createdBy: byKey ? actor.keyId : null,
      });
      await audit({ action: 'create', entity: 'api_key', entityId: row.id, after: row });
      return { ...row, key };
    },
  }),
  list: op({
    method: 'get',
    path: '/keys',
    tag: 'API keys',
    summary: 'List API keys (never their secrets), a page at a time',
    description: '`order=newest` lists the latest keys first (the cursor then pages further back).',
    roles: ['admin'],
    query: z.strictObject({ order: z.enum(['oldest', 'newest']).optional(), ...pageQuery }),
    async handler({ db, query }) {
      const rows = await listApiKeys(db, {
        after: query.cursor ? Number(query.cursor) : 0,
        limit: query.limit,
        newestFirst: query.order === 'newest',
      });
      return toPage(rows, query.limit);
    },
  }),
  revoke: op({
    method: 'post',
    path: '/keys/:id/revoke',
    tag: 'API keys',
    summary: 'Revoke an API key',
    roles: ['admin'],
    status: 200,
    async handler({ db, params, audit, now }) {
      const before = await getApiKey(db, params.id!);
      if (!before) throw notFound('API key', params.id);
      const after = await revokeApiKey(db, before.id, now);
      await audit({ action: 'revoke', entity: 'api_key', entityId: before.id, before, after });
      return after;
    },
  }),
  auditLog: op({
    method: 'get',
    path: '/audit',
    tag: 'Audit log',
    summary: 'Read the audit log, oldest first',
    roles: ['admin', 'staff'],
    query: z.strictObject({
      entity: filterText(50).optional(),
      entityId: filterText(100).optional(),
      after: z.coerce.number().int().min(0).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    async handler({ db, query }) {
      const items = await listAudit(db, query);
      return { items, nextAfter: items.length === query.limit ? items[items.length - 1]!.id : null };
    },
  }),
};
