// /organizations: association units, cooperatives and partners. Admins manage them; a
// cooperative key sees and edits (contact details of) its own organization only.
import { z } from 'zod';
import { AppError, forbidden, notFound } from '../../errors';
import {
  ASSOCIATION_LEVELS,
  ORGANIZATION_KINDS,
  getOrganization,
  insertOrganization,
  listOrganizations,
  updateOrganization,
  type Organization,
} from '../../db/organizations-store';
import type { Db } from '../../db/client';
import { op } from '../op';
import { code, email, filterText, gln, optionalText, pageQuery, text, toPage, uuid } from '../schemas';
import type { Actor } from '../../domain/roles';

const contactFields = {
  address: optionalText(500),
  commune: optionalText(100),
  contactName: optionalText(200),
  contactPhone: code(/^\+?[0-9 .()-]{6,30}$/, 'must be a phone number').nullish(),
  contactEmail: email.nullish(),
};

const organizationFields = {
  kind: z.enum(ORGANIZATION_KINDS),
  associationLevel: z.enum(ASSOCIATION_LEVELS).nullish(),
  name: text(300),
  registrationCode: optionalText(50),
  province: text(100),
  gln: gln.nullish(),
  parentId: uuid.nullish(),
  ...contactFields,
};

const createBody = z.strictObject(organizationFields);
const adminPatch = z.strictObject(organizationFields).partial();
const cooperativePatchKeys = Object.keys(contactFields);

function visibleTo(actor: Actor, org: Organization | null): org is Organization {
  if (!org) return false;
  return actor.role !== 'cooperative' || actor.organizationId === org.id;
}

/** Rules that span fields or rows: levels belong to association units, parents are association units. */
async function checkShape(db: Db, o: Pick<Organization, 'kind' | 'associationLevel' | 'parentId'> & { id?: string }) {
  const problems: { path: string; message: string }[] = [];
  if (o.kind === 'association_unit' && !o.associationLevel) {
    problems.push({
      path: 'body.associationLevel',
      message: 'an association unit needs a level: province, district or commune',
    });
  }
  if (o.kind !== 'association_unit' && o.associationLevel) {
    problems.push({ path: 'body.associationLevel', message: 'only association units have a level' });
  }
  if (o.parentId) {
    const parent = await getOrganization(db, o.parentId);
    if (!parent) problems.push({ path: 'body.parentId', message: 'no organization has this id' });
    else if (parent.kind !== 'association_unit') {
      problems.push({ path: 'body.parentId', message: 'the parent must be an association unit' });
    } else if (parent.id === o.id)
      problems.push({ path: 'body.parentId', message: 'an organization cannot be its own parent' });
  }
  if (problems.length) throw new AppError('VALIDATION_FAILED', 'The organization is not valid', problems);
}

const nullable = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v ?? null])) as { [K in keyof T]: Exclude<T[K], undefined> };

export const organizationOps = {
  create: op({
    method: 'post',
    path: '/organizations',
    tag: 'Organizations',
    summary: 'Register an organization',
    roles: ['admin'],
    body: createBody,
    idempotent: true,
    async handler({ db, body, audit }) {
      const input = nullable({
        associationLevel: null,
        registrationCode: null,
        gln: null,
        parentId: null,
        address: null,
        commune: null,
        contactName: null,
        contactPhone: null,
        contactEmail: null,
        ...body,
      });
      await checkShape(db, input);
      const org = await insertOrganization(db, input);
      await audit({ action: 'create', entity: 'organization', entityId: org.id, after: org });
      return org;
    },
  }),
  list: op({
    method: 'get',
    path: '/organizations',
    tag: 'Organizations',
    summary: 'List organizations',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      kind: z.enum(ORGANIZATION_KINDS).optional(),
      province: filterText(100).optional(),
      parentId: uuid.optional(),
      q: filterText(100).optional(),
      ...pageQuery,
    }),
    async handler({ db, query, actor }) {
      const rows = await listOrganizations(db, {
        ...query,
        after: query.cursor ? Number(query.cursor) : 0,
        onlyId: actor.role === 'cooperative' ? actor.organizationId : null,
      });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/organizations/:id',
    tag: 'Organizations',
    summary: 'Get an organization',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      const org = await getOrganization(db, params.id!);
      if (!visibleTo(actor, org)) throw notFound('Organization', params.id);
      return org;
    },
  }),
  update: op({
    method: 'patch',
    path: '/organizations/:id',
    tag: 'Organizations',
    summary: 'Change an organization',
    description:
      'Admins may change every field; a cooperative key may change the address and contact of its own organization.',
    roles: ['admin', 'cooperative'],
    body: adminPatch,
    async handler({ db, body, params, actor, audit, now }) {
      const before = await getOrganization(db, params.id!, { forUpdate: true });
      if (!before) throw notFound('Organization', params.id);
      if (actor.role === 'cooperative') {
        if (actor.organizationId !== before.id) throw forbidden();
        const extra = Object.keys(body).filter((k) => !cooperativePatchKeys.includes(k));
        if (extra.length) throw forbidden(`A cooperative key may change only: ${cooperativePatchKeys.join(', ')}`);
      }
      const merged = { ...before, ...body };
      await checkShape(db, {
        ...merged,
        id: before.id,
        associationLevel: merged.associationLevel ?? null,
        parentId: merged.parentId ?? null,
      });
      const after = await updateOrganization(db, before.id, body, now);
      await audit({ action: 'update', entity: 'organization', entityId: before.id, before, after });
      return after;
    },
  }),
};
