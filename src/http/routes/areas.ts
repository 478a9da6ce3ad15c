// /areas and /contracts: raw-material areas and the supply contracts linking them to
// cooperatives. A cooperative manages the areas it operates and the contracts it is party to; a
// contract counts once the area's side has confirmed it (src/domain/contracts.ts says who).
import { z } from 'zod';
import { AppError, failOnProblems, forbidden, notFound } from '../../errors';
import { vietnamToday } from '../../domain/calendar';
import { CONTRACT_STATUSES, actsForBuyer, confirmerOf, endingDay, vouchesFor } from '../../domain/contracts';
import { dayProblems } from '../../domain/date-windows';
import { locationProblems, type AreaLocation } from '../../domain/geo';
import {
  CERTIFICATION_SCHEMES,
  areaVisibleTo,
  closePendingContract,
  confirmContract,
  endContract,
  getArea,
  getContract,
  insertArea,
  insertContract,
  listAreas,
  listContracts,
  updateArea,
  updateContract,
  type Certification,
  type ContractActor,
  type SupplyContract,
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

const reason = text(2000, { multiline: true });
const reasonBody = z.strictObject({ reason });
const endBody = z.strictObject({ reason, lastDay: day('past').optional() });

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

/** The actor as a contract records who confirmed or closed it. */
const contractActor = (actor: Actor): ContractActor => ({
  keyId: actor.keyId,
  name: actor.name,
  role: actor.role,
  organizationId: actor.organizationId,
});

/** A cooperative sees the contracts it buys under and those on the areas it operates. */
function contractVisibleTo(actor: Actor, k: SupplyContract) {
  return actor.role !== 'cooperative' || [k.cooperativeId, k.operatorId].includes(actor.organizationId!);
}

/** Another organization's contract answers 404 to a read and 403 to a change, like every resource. */
async function loadContract(db: Db, actor: Actor, id: string, opts: { forUpdate?: boolean; write?: boolean } = {}) {
  const k = await getContract(db, id, opts);
  if (!k) throw notFound('Contract', id);
  if (!contractVisibleTo(actor, k)) {
    if (opts.write) throw forbidden('This key is party to neither side of the contract');
    throw notFound('Contract', id);
  }
  return k;
}

/** Only the area's side confirms, rejects (and, with the buyer, ends) a contract; say who it is. */
function mustVouch(actor: Actor, k: SupplyContract, what: string) {
  if (vouchesFor(actor, k)) return;
  throw forbidden(
    k.confirmer === 'association_staff'
      ? `Association staff or an administrator ${what} contracts for this area (its operator is a farmer professional group), not the buyer`
      : actor.role === 'staff'
        ? `The area’s operator ${what} contracts for this area, not association staff: it has an operating organization`
        : `The area’s operator ${what} this contract, not the buyer`,
  );
}

function mustBePending(k: SupplyContract, action: string) {
  if (k.status !== 'pending') {
    throw new AppError('CONFLICT', `This contract is ${k.status}; only a pending contract is ${action}`, {
      id: k.id,
      status: k.status,
    });
  }
}

const CONTRACT_STATES =
  'A contract is pending until the area’s side confirms it: the organization operating the area, association ' +
  'staff where that operator is a farmer professional group, or an administrator. Only confirmed contracts ' +
  'authorise harvests (on the days from startsOn to endsOn, or to endedOn once ended) and open the area to the buyer.';

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
    description: `${CONTRACT_STATES} A contract recorded by the buyer is pending; one recorded by the area’s side is confirmed at once.`,
    roles: ['admin', 'cooperative'],
    body: createContract,
    idempotent: true,
    async handler({ db, body, actor, audit, now }) {
      checkContractDays(body, now);
      const [area, coop] = await Promise.all([getArea(db, body.areaId), getOrganization(db, body.cooperativeId)]);
      const problems = [];
      if (!area) problems.push({ path: 'body.areaId', message: 'no area has this id' });
      if (!coop) problems.push({ path: 'body.cooperativeId', message: 'no organization has this id' });
      else if (coop.kind === 'association_unit')
        problems.push({ path: 'body.cooperativeId', message: 'must be a cooperative, group or enterprise' });
      if (actor.role === 'cooperative' && body.cooperativeId !== actor.organizationId && !area) {
        throw forbidden('A cooperative key may record contracts only as the buyer or as the area’s operator');
      }
      if (problems.length) throw new AppError('VALIDATION_FAILED', 'The contract is not valid', problems);
      const operator = (await getOrganization(db, area!.operatorId))!;
      const sides = {
        cooperativeId: body.cooperativeId,
        operatorId: area!.operatorId,
        confirmer: confirmerOf(operator.kind),
      };
      const vouching = vouchesFor(actor, sides);
      if (!vouching && !actsForBuyer(actor, sides)) {
        throw forbidden('A cooperative key may record contracts only as the buyer or as the area’s operator');
      }
      const contract = await insertContract(db, body, vouching ? { at: now, by: contractActor(actor) } : null);
      await audit({ action: 'create', entity: 'supply_contract', entityId: contract.id, after: contract });
      return contract;
    },
  }),
  listContracts: op({
    method: 'get',
    path: '/contracts',
    tag: 'Supply contracts',
    summary: 'List supply contracts',
    description:
      '`activeOn` keeps the confirmed contracts covering that day; `awaiting=me` the pending contracts the caller may ' +
      'confirm or reject (a cooperative: those on the areas it operates).',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      areaId: uuid.optional(),
      cooperativeId: uuid.optional(),
      activeOn: isoDate.optional(),
      status: z.enum(CONTRACT_STATUSES).optional(),
      awaiting: z.literal('me', { error: 'the only value is "me"' }).optional(),
      ...pageQuery,
    }),
    async handler({ db, query, actor }) {
      const rows = await listContracts(db, { ...pageFilter(query, actor), awaiting: query.awaiting ? actor : null });
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
      return loadContract(db, actor, params.id!);
    },
  }),
  updateContract: op({
    method: 'patch',
    path: '/contracts/:id',
    tag: 'Supply contracts',
    summary: 'Change a supply contract (number or dates)',
    description:
      'The buyer (or an administrator) changes a pending or confirmed contract. New terms of a confirmed contract ' +
      'send it back to pending, unless the one changing them may confirm it. Rejected, withdrawn and ended ' +
      'contracts answer 409.',
    roles: ['admin', 'cooperative'],
    body: patchContract,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await loadContract(db, actor, params.id!, { forUpdate: true, write: true });
      if (!actsForBuyer(actor, before)) throw forbidden('Only the buyer changes a contract; the area’s side ends it');
      if (before.status !== 'pending' && before.status !== 'confirmed') {
        throw new AppError('CONFLICT', `This contract is ${before.status}; record a new one instead`, {
          id: before.id,
          status: before.status,
        });
      }
      checkContractDays(body, now);
      const startsOn = body.startsOn ?? before.startsOn;
      const endsOn = body.endsOn ?? before.endsOn;
      if (endsOn < startsOn) {
        throw new AppError('VALIDATION_FAILED', 'The contract is not valid', [
          { path: 'body.endsOn', message: 'endsOn must not be before startsOn' },
        ]);
      }
      const changed = (['number', 'startsOn', 'endsOn'] as const).some(
        (f) => body[f] !== undefined && body[f] !== before[f],
      );
      // The area's side vouched for the old terms; new ones need its word again.
      const confirmation =
        before.status !== 'confirmed' || !changed
          ? 'keep'
          : vouchesFor(actor, before)
            ? { at: now, by: contractActor(actor) }
            : 'unconfirm';
      const after = await updateContract(db, before.id, body, now, confirmation);
      await audit({ action: 'update', entity: 'supply_contract', entityId: before.id, before, after });
      return after;
    },
  }),
  confirmContract: op({
    method: 'post',
    path: '/contracts/:id/confirm',
    tag: 'Supply contracts',
    summary: 'Confirm a pending supply contract, as the area’s side',
    description: CONTRACT_STATES,
    roles: ['admin', 'staff', 'cooperative'],
    status: 200,
    async handler({ db, params, actor, audit, now }) {
      const before = await loadContract(db, actor, params.id!, { forUpdate: true, write: true });
      mustVouch(actor, before, 'confirms');
      mustBePending(before, 'confirmed');
      const after = (await confirmContract(db, before.id, contractActor(actor), now))!;
      await audit({ action: 'confirm', entity: 'supply_contract', entityId: before.id, before, after });
      return after;
    },
  }),
  rejectContract: op({
    method: 'post',
    path: '/contracts/:id/reject',
    tag: 'Supply contracts',
    summary: 'Reject a pending supply contract, as the area’s side, saying why',
    roles: ['admin', 'staff', 'cooperative'],
    status: 200,
    body: reasonBody,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await loadContract(db, actor, params.id!, { forUpdate: true, write: true });
      mustVouch(actor, before, 'rejects');
      mustBePending(before, 'rejected');
      const after = await closePendingContract(db, before.id, 'rejected', contractActor(actor), body.reason, now);
      await audit({ action: 'reject', entity: 'supply_contract', entityId: before.id, before, after });
      return after!;
    },
  }),
  withdrawContract: op({
    method: 'post',
    path: '/contracts/:id/withdraw',
    tag: 'Supply contracts',
    summary: 'Withdraw a pending supply contract, as its buyer, saying why',
    roles: ['admin', 'cooperative'],
    status: 200,
    body: reasonBody,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await loadContract(db, actor, params.id!, { forUpdate: true, write: true });
      if (!actsForBuyer(actor, before))
        throw forbidden('Only the buyer withdraws its contract; the area’s side rejects it');
      mustBePending(before, 'withdrawn');
      const after = await closePendingContract(db, before.id, 'withdrawn', contractActor(actor), body.reason, now);
      await audit({ action: 'withdraw', entity: 'supply_contract', entityId: before.id, before, after });
      return after!;
    },
  }),
  endContract: op({
    method: 'post',
    path: '/contracts/:id/end',
    tag: 'Supply contracts',
    summary: 'End a confirmed supply contract, as either side, saying why',
    description:
      '`lastDay` is the last day it covers: today when left out, never a day to come, never after endsOn. Harvests ' +
      'up to that day stay covered; later ones are not.',
    roles: ['admin', 'staff', 'cooperative'],
    status: 200,
    body: endBody,
    async handler({ db, params, body, actor, audit, now }) {
      const before = await loadContract(db, actor, params.id!, { forUpdate: true, write: true });
      if (!actsForBuyer(actor, before)) mustVouch(actor, before, 'ends');
      if (before.status !== 'confirmed') {
        throw new AppError('CONFLICT', `This contract is ${before.status}; only a confirmed contract is ended`, {
          id: before.id,
          status: before.status,
        });
      }
      const ending = endingDay(before, body.lastDay, vietnamToday(now));
      failOnProblems('The ending is not valid', ending.problems);
      const after = await endContract(db, before.id, ending.lastDay, contractActor(actor), body.reason, now);
      await audit({ action: 'end', entity: 'supply_contract', entityId: before.id, before, after });
      return after!;
    },
  }),
};
