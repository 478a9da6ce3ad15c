// /people: the association officers and the directors and group leaders of cooperatives and groups,
// the population target (2) of the provincial scheme wants trained. A cooperative keeps its own
// directors; staff the people of their unit's area; province staff and admins everyone. Also
// where an admin binds a staff key or user to an association unit.
import { z } from 'zod';
import { forbidden, notFound } from '../../errors';
import type { Db } from '../../db/client';
import { getOrganization } from '../../db/organizations-store';
import {
  getPerson,
  insertPerson,
  listPeople,
  organizationInScope,
  setStaffUnit,
  updatePerson,
} from '../../db/programme-people-store';
import { PERSON_ROLES, roleFitsOrganization } from '../../domain/programme-people';
import type { Actor } from '../../domain/roles';
import { op } from '../op';
import { invalid, scopeOf } from '../programme-scope';
import { code, filterText, isoDate, pageQuery, text, toPage, uuid } from '../schemas';

const phone = code(/^\+?[0-9 .()-]{6,30}$/, 'must be a phone number');

const personFields = {
  fullName: text(200),
  role: z.enum(PERSON_ROLES, { error: `must be one of: ${PERSON_ROLES.join(', ')}` }),
  phone: phone.nullish(),
  activeFrom: isoDate,
  activeTo: isoDate.nullish(),
};

const createBody = z
  .strictObject({ organizationId: uuid.optional(), ...personFields })
  .refine((p) => !p.activeTo || p.activeTo >= p.activeFrom, {
    message: 'activeTo must not be before activeFrom',
    path: ['activeTo'],
  });
const patchBody = z.strictObject(personFields).partial();

/** A person the caller may see, else NOT_FOUND. */
async function visiblePerson(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean } = {}) {
  const p = await getPerson(db, id, opts);
  if (!p || !(await organizationInScope(db, p.organizationId, await scopeOf(db, actor)))) throw notFound('Person', id);
  return p;
}

export const personOps = {
  create: op({
    method: 'post',
    path: '/people',
    tag: 'Programme: training',
    summary: 'Record an association officer, a cooperative director or a group leader',
    description:
      "An association officer belongs to an association unit (the unit's level is the officer's); a director or group " +
      'leader to a cooperative, cooperative group or farmer professional group. A cooperative key records its own ' +
      "directors (organizationId may be left out); staff bound to a unit, people of their unit's area. activeFrom and " +
      'activeTo are the days the person took and left the post.',
    roles: ['admin', 'staff', 'cooperative'],
    body: createBody,
    idempotent: true,
    async handler({ db, body, actor, audit }) {
      const organizationId = body.organizationId ?? (actor.role === 'cooperative' ? actor.organizationId : null);
      if (!organizationId) throw invalid('person', [{ path: 'body.organizationId', message: 'is required' }]);
      if (!(await organizationInScope(db, organizationId, await scopeOf(db, actor)))) {
        throw forbidden('This key records people of its own organization or area only');
      }
      const org = await getOrganization(db, organizationId);
      if (!org) throw invalid('person', [{ path: 'body.organizationId', message: 'no organization has this id' }]);
      if (!roleFitsOrganization(body.role, org.kind)) {
        throw invalid('person', [
          {
            path: 'body.role',
            message:
              body.role === 'association_officer'
                ? 'an association officer belongs to an association unit'
                : 'a director or group leader belongs to a cooperative, cooperative group or farmer professional group',
          },
        ]);
      }
      const person = await insertPerson(db, {
        organizationId,
        fullName: body.fullName,
        role: body.role,
        phone: body.phone ?? null,
        activeFrom: body.activeFrom,
        activeTo: body.activeTo ?? null,
      });
      await audit({ action: 'create', entity: 'person', entityId: person.id, after: person });
      return person;
    },
  }),
  list: op({
    method: 'get',
    path: '/people',
    tag: 'Programme: training',
    summary: 'List officers and directors',
    description:
      "areaOf=<association unit id> keeps the people that unit reaches as a course organiser (its area; the province's unit reaches everyone).",
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      organizationId: uuid.optional(),
      role: z.enum(PERSON_ROLES).optional(),
      q: filterText(100).optional(),
      areaOf: uuid.optional(),
      ...pageQuery,
    }),
    async handler({ db, query, actor }) {
      const rows = await listPeople(db, {
        scope: await scopeOf(db, actor),
        organizationId: query.organizationId,
        role: query.role,
        q: query.q || undefined,
        areaOf: query.areaOf,
        after: query.cursor ? Number(query.cursor) : 0,
        limit: query.limit,
      });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/people/:id',
    tag: 'Programme: training',
    summary: 'Get an officer or director',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      return visiblePerson(db, actor, params.id);
    },
  }),
  update: op({
    method: 'patch',
    path: '/people/:id',
    tag: 'Programme: training',
    summary: 'Change an officer or director (e.g. the day they left the post)',
    roles: ['admin', 'staff', 'cooperative'],
    body: patchBody,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await visiblePerson(db, actor, params.id, { forUpdate: true });
      const merged = { ...before, ...body };
      const problems: { path: string; message: string }[] = [];
      if (merged.activeTo && merged.activeTo < merged.activeFrom)
        problems.push({ path: 'body.activeTo', message: 'activeTo must not be before activeFrom' });
      if (!roleFitsOrganization(merged.role, before.organizationKind))
        problems.push({ path: 'body.role', message: `does not fit a ${before.organizationKind}` });
      if (problems.length) throw invalid('person', problems);
      const after = await updatePerson(db, before.id, body, now);
      await audit({ action: 'update', entity: 'person', entityId: before.id, before, after });
      return after;
    },
  }),
};

const unitBody = z.strictObject({ associationUnitId: uuid.nullable() });

/** Binds a staff key or console user to an association unit (admin). */
function bindUnit(path: '/keys/:id/association-unit' | '/users/:id/association-unit', what: string) {
  return op({
    method: 'put',
    path,
    tag: what === 'key' ? 'API keys' : 'Users',
    summary: `Bind a staff ${what} to an association unit, or to none (province level)`,
    description:
      `A staff ${what} bound to a unit records and sees the activities, courses and people of that unit and of the ` +
      'organizations below it; null makes it province level again (it sees everything).',
    roles: ['admin'],
    body: unitBody,
    async handler({ db, params, body, audit }) {
      if (body.associationUnitId) {
        const unit = await getOrganization(db, body.associationUnitId);
        if (unit?.kind !== 'association_unit') {
          throw invalid(what, [
            {
              path: 'body.associationUnitId',
              message: unit ? 'must be an association unit' : 'no organization has this id',
            },
          ]);
        }
      }
      const row = await setStaffUnit(db, params.id, body.associationUnitId);
      if (!row || (what === 'key') !== (row.kind === 'key')) throw notFound(`Staff ${what}`, params.id);
      await audit({
        action: 'update',
        entity: what === 'key' ? 'api_key' : 'user',
        entityId: row.id,
        after: { associationUnitId: row.associationUnitId },
      });
      return row;
    },
  });
}

export const staffUnitOps = {
  key: bindUnit('/keys/:id/association-unit', 'key'),
  user: bindUnit('/users/:id/association-unit', 'user'),
};
