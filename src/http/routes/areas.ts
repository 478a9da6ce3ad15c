// /areas and /contracts: raw-material areas and the supply contracts linking them to
// cooperatives. A cooperative manages the areas it operates and the contracts it is party to.
import { z } from 'zod';
import { AppError, failOnProblems, forbidden, notFound } from '../../errors';
import { vietnamToday } from '../../domain/calendar';
import { dayProblems } from '../../domain/date-windows';
import { locationProblems, type AreaLocation } from '../../domain/geo';
import {
  CERTIFICATION_SCHEMES,
  areaVisibleTo,
  getArea,
  getContract,
  insertArea,
  insertContract,
  listAreas,
  listContracts,
  updateArea,
  updateContract,
  type Certification,
} from '../../db/areas-store';
import { getOrganization } from '../../db/organizations-store';
import type { Db } from '../../db/client';
import { op } from '../op';
import { code, day, filterText, isoDate, optionalText, pageQuery, text, pageFilter, toPage, uuid } from '../schemas';
import type { Actor } from '../../domain/roles';

const position = z
  .tuple([z.number(), z.number()])
  .rest(z.number())
  .refine((p) => p.length <= 3, 'a position has 2 or 3 numbers');
const location = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Point'), coordinates: position }),
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(z.array(position).max(5000)).min(1).max(50) }),
]);

const certification = z
  .strictObject({
    scheme: z.enum(CERTIFICATION_SCHEMES),
    number: text(100),
    issuer: text(300),
    validFrom: day('start'),
    validTo: day('end'),
  })
  .refine((c) => c.validTo >= c.validFrom, { message: 'validTo must not be before validFrom', path: ['validTo'] });

const areaFields = {
  code: code(/^[A-Za-z0-9._-]{1,40}$/, 'a code has 1–40 letters, digits, dots, dashes or underscores'),
  name: text(300),
  operatorId: uuid,
  province: text(100),
  commune: optionalText(100),
  location,
  areaHa: z.number().nonnegative().max(1e7),
  crops: z.array(text(100)).max(50).default([]),
  households: z.number().int().nonnegative().max(1e7).default(0),
  plantingAreaCode: optionalText(50),
  certifications: z.array(certification).max(50).default([]),
};
const createArea = z.strictObject(areaFields);
const patchArea = z
  .strictObject({
    ...areaFields,
    crops: areaFields.crops.removeDefault(),
    households: areaFields.households.removeDefault(),
    certifications: areaFields.certifications.removeDefault(),
  })
  .partial();

function checkLocation(loc: AreaLocation | undefined) {
  if (!loc) return;
  const problems = locationProblems(loc);
  if (problems.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The location is not a valid GeoJSON Point or Polygon',
      problems.map((p) => ({
        path: ['body', 'location', ...p.path].join('.'),
        message: p.message,
      })),
    );
  }
}

/** An operator must be an existing producer organization; a cooperative key may only name itself. */
async function checkOperator(db: Db, actor: Actor, operatorId: string) {
  if (actor.role === 'cooperative' && actor.organizationId !== operatorId) {
    throw forbidden('A cooperative key may register areas only for its own organization');
  }
  const org = await getOrganization(db, operatorId);
  if (!org)
    throw new AppError('VALIDATION_FAILED', 'The operator does not exist', [
      { path: 'body.operatorId', message: 'no organization has this id' },
    ]);
  if (org.kind === 'association_unit') {
    throw new AppError('VALIDATION_FAILED', 'An association unit cannot operate an area', [
      { path: 'body.operatorId', message: 'must be a cooperative, group or enterprise' },
    ]);
  }
}

const contractFields = {
  areaId: uuid,
  cooperativeId: uuid,
  number: text(100),
  startsOn: day('start'),
  endsOn: day('end'),
};
const createContract = z
  .strictObject(contractFields)
  .refine((c) => c.endsOn >= c.startsOn, { message: 'endsOn must not be before startsOn', path: ['endsOn'] });
const patchContract = z
  .strictObject({ number: contractFields.number, startsOn: contractFields.startsOn, endsOn: contractFields.endsOn })
  .partial();

/** Certificates valid from at most a year ahead, until at most 50 years ahead (src/domain/date-windows.ts). */
function checkCertificationDays(certs: readonly { validFrom: string; validTo: string }[] | undefined, now: Date) {
  const checks = (certs ?? []).flatMap((c, i) => [
    { path: `body.certifications.${i}.validFrom`, value: c.validFrom, kind: 'start' as const },
    { path: `body.certifications.${i}.validTo`, value: c.validTo, kind: 'end' as const },
  ]);
  failOnProblems('The area is not valid', dayProblems(checks, vietnamToday(now)));
}

function checkContractDays(c: { startsOn?: string | undefined; endsOn?: string | undefined }, now: Date) {
  failOnProblems(
    'The contract is not valid',
    dayProblems(
      [
        { path: 'body.startsOn', value: c.startsOn, kind: 'start' },
        { path: 'body.endsOn', value: c.endsOn, kind: 'end' },
      ],
      vietnamToday(now),
    ),
  );
}

async function contractVisibleTo(db: Db, actor: Actor, c: { cooperativeId: string; areaId: string }) {
  if (actor.role !== 'cooperative') return true;
  if (c.cooperativeId === actor.organizationId) return true;
  const area = await getArea(db, c.areaId);
  return area?.operatorId === actor.organizationId;
}

const orNull = <T>(v: T | null | undefined) => (v === undefined ? null : v);

export const areaOps = {
  create: op({
    method: 'post',
    path: '/areas',
    tag: 'Raw-material areas',
    summary: 'Register a raw-material area',
    roles: ['admin', 'cooperative'],
    body: createArea,
    idempotent: true,
    async handler({ db, body, actor, audit, now }) {
      checkLocation(body.location);
      checkCertificationDays(body.certifications, now);
      await checkOperator(db, actor, body.operatorId);
      const area = await insertArea(db, {
        ...body,
        commune: orNull(body.commune),
        plantingAreaCode: orNull(body.plantingAreaCode),
        certifications: body.certifications as Certification[],
      });
      await audit({ action: 'create', entity: 'area', entityId: area.id, after: area });
      return area;
    },
  }),
  list: op({
    method: 'get',
    path: '/areas',
    tag: 'Raw-material areas',
    summary: 'List raw-material areas',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      operatorId: uuid.optional(),
      province: filterText(100).optional(),
      crop: filterText(100).optional(),
      q: filterText(100).optional(),
      ...pageQuery,
    }),
    async handler({ db, query, actor }) {
      const rows = await listAreas(db, pageFilter(query, actor));
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/areas/:id',
    tag: 'Raw-material areas',
    summary: 'Get a raw-material area with its certifications',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      const area = await getArea(db, params.id!);
      if (!area || (actor.role === 'cooperative' && !(await areaVisibleTo(db, area.id, actor.organizationId!)))) {
        throw notFound('Area', params.id);
      }
      return area;
    },
  }),
  update: op({
    method: 'patch',
    path: '/areas/:id',
    tag: 'Raw-material areas',
    summary: 'Change a raw-material area',
    description: 'Sending certifications replaces the whole list.',
    roles: ['admin', 'cooperative'],
    body: patchArea,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await getArea(db, params.id!, { forUpdate: true });
      if (!before) throw notFound('Area', params.id);
      if (actor.role === 'cooperative' && before.operatorId !== actor.organizationId) throw forbidden();
      checkLocation(body.location);
      checkCertificationDays(body.certifications, now);
      if (body.operatorId && body.operatorId !== before.operatorId) await checkOperator(db, actor, body.operatorId);
      const after = await updateArea(db, before.id, body as never, now);
      await audit({ action: 'update', entity: 'area', entityId: before.id, before, after });
      return after;
    },
  }),
  createContract: op({
    method: 'post',
    path: '/contracts',
    tag: 'Supply contracts',
    summary: 'Record a supply contract between an area and a cooperative',
    roles: ['admin', 'cooperative'],
    body: createContract,
    idempotent: true,
    async handler({ db, body, actor, audit, now }) {
      checkContractDays(body, now);
      if (actor.role === 'cooperative' && body.cooperativeId !== actor.organizationId) {
        throw forbidden('A cooperative key may record contracts only for its own organization');
      }
      const [area, coop] = await Promise.all([getArea(db, body.areaId), getOrganization(db, body.cooperativeId)]);
      const problems = [];
      if (!area) problems.push({ path: 'body.areaId', message: 'no area has this id' });
      if (!coop) problems.push({ path: 'body.cooperativeId', message: 'no organization has this id' });
      else if (coop.kind === 'association_unit')
        problems.push({ path: 'body.cooperativeId', message: 'must be a cooperative, group or enterprise' });
      if (problems.length) throw new AppError('VALIDATION_FAILED', 'The contract is not valid', problems);
      const contract = await insertContract(db, body);
      await audit({ action: 'create', entity: 'supply_contract', entityId: contract.id, after: contract });
      return contract;
    },
  }),
  listContracts: op({
    method: 'get',
    path: '/contracts',
    tag: 'Supply contracts',
    summary: 'List supply contracts',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      areaId: uuid.optional(),
      cooperativeId: uuid.optional(),
      activeOn: isoDate.optional(),
      ...pageQuery,
    }),
    async handler({ db, query, actor }) {
      const rows = await listContracts(db, pageFilter(query, actor));
      return toPage(rows, query.limit);
    },
  }),
  getContract: op({
    method: 'get',
    path: '/contracts/:id',
    tag: 'Supply contracts',
    summary: 'Get a supply contract',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      const contract = await getContract(db, params.id!);
      if (!contract || !(await contractVisibleTo(db, actor, contract))) throw notFound('Contract', params.id);
      return contract;
    },
  }),
  updateContract: op({
    method: 'patch',
    path: '/contracts/:id',
    tag: 'Supply contracts',
    summary: 'Change a supply contract (number or dates)',
    roles: ['admin', 'cooperative'],
    body: patchContract,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await getContract(db, params.id!, { forUpdate: true });
      if (!before) throw notFound('Contract', params.id);
      if (actor.role === 'cooperative' && before.cooperativeId !== actor.organizationId) throw forbidden();
      checkContractDays(body, now);
      const startsOn = body.startsOn ?? before.startsOn;
      const endsOn = body.endsOn ?? before.endsOn;
      if (endsOn < startsOn) {
        throw new AppError('VALIDATION_FAILED', 'The contract is not valid', [
          { path: 'body.endsOn', message: 'endsOn must not be before startsOn' },
        ]);
      }
      const after = await updateContract(db, before.id, body, now);
      await audit({ action: 'update', entity: 'supply_contract', entityId: before.id, before, after });
      return after;
    },
  }),
};
