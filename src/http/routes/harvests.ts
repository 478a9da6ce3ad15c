// /harvest-lots: what a cooperative harvested, from which area, on which day. The area must be
// one the cooperative operates or holds a confirmed supply contract for on that day.
import { z } from 'zod';
import { AppError, failOnProblems, forbidden, notFound } from '../../errors';
import { vietnamToday } from '../../domain/calendar';
import { harvestDateProblems } from '../../domain/harvest-rules';
import { getArea } from '../../db/areas-store';
import {
  UNITS,
  areaLinkedToCooperative,
  certificationsValidOn,
  getHarvestLot,
  insertHarvestLot,
  listHarvestLots,
} from '../../db/harvests-store';
import { getOrganization } from '../../db/organizations-store';
import { op } from '../op';
import { code, day, isoDate, optionalText, pageQuery, pageFilter, toPage, uuid } from '../schemas';

const createLot = z.strictObject({
  areaId: uuid,
  cooperativeId: uuid.optional(),
  code: code(
    /^[A-Za-z0-9._/-]{1,40}$/,
    'a code has 1–40 letters, digits, dots, dashes, slashes or underscores',
  ).optional(),
  harvestedOn: day('past'),
  quantity: z.number().positive('must be more than zero').max(1e9),
  unit: z.enum(UNITS, { error: `must be one of: ${UNITS.join(', ')}` }),
  notes: optionalText(2000, { multiline: true }),
});

export const harvestOps = {
  create: op({
    method: 'post',
    path: '/harvest-lots',
    tag: 'Harvest lots',
    summary: 'Record a harvest lot',
    description: 'The certifications of the area valid on the harvest date are copied in as a snapshot.',
    roles: ['admin', 'cooperative'],
    body: createLot,
    idempotent: true,
    async handler({ db, body, actor, audit, now }) {
      let cooperativeId = body.cooperativeId;
      if (actor.role === 'cooperative') {
        if (cooperativeId && cooperativeId !== actor.organizationId)
          throw forbidden('A cooperative key records harvests only for its own organization');
        cooperativeId = actor.organizationId!;
      }
      if (!cooperativeId) {
        throw new AppError('VALIDATION_FAILED', 'The harvest lot is not valid', [
          { path: 'body.cooperativeId', message: 'an admin key must say which cooperative harvested' },
        ]);
      }
      failOnProblems('The harvest lot is not valid', harvestDateProblems(body.harvestedOn, vietnamToday(now)));
      const [area, coop] = await Promise.all([getArea(db, body.areaId), getOrganization(db, cooperativeId)]);
      if (!coop)
        throw new AppError('VALIDATION_FAILED', 'The harvest lot is not valid', [
          { path: 'body.cooperativeId', message: 'no organization has this id' },
        ]);
      if (!area)
        throw new AppError('VALIDATION_FAILED', 'The harvest lot is not valid', [
          { path: 'body.areaId', message: 'no area has this id' },
        ]);
      if (!(await areaLinkedToCooperative(db, area.id, cooperativeId, body.harvestedOn))) {
        throw new AppError(
          'AREA_NOT_LINKED',
          'The cooperative neither operates this area nor holds a confirmed supply contract for it on the harvest date',
          {
            areaId: area.id,
            cooperativeId,
            harvestedOn: body.harvestedOn,
          },
        );
      }
      const lot = await insertHarvestLot(db, {
        code: body.code ?? null,
        areaId: area.id,
        cooperativeId,
        harvestedOn: body.harvestedOn,
        quantity: body.quantity,
        unit: body.unit,
        notes: body.notes ?? null,
        certifications: await certificationsValidOn(db, area.id, body.harvestedOn),
      });
      await audit({ action: 'create', entity: 'harvest_lot', entityId: lot.id, after: lot });
      return lot;
    },
  }),
  list: op({
    method: 'get',
    path: '/harvest-lots',
    tag: 'Harvest lots',
    summary: 'List harvest lots, with what remains of each',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({
      areaId: uuid.optional(),
      cooperativeId: uuid.optional(),
      from: isoDate.optional(),
      to: isoDate.optional(),
      withRemaining: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
      order: z.enum(['oldest', 'newest']).optional(),
      ...pageQuery,
    }),
    description: '`order=newest` lists the latest lots first (the cursor then pages further back).',
    async handler({ db, query, actor }) {
      const rows = await listHarvestLots(db, { ...pageFilter(query, actor), newestFirst: query.order === 'newest' });
      return toPage(rows, query.limit);
    },
  }),
  get: op({
    method: 'get',
    path: '/harvest-lots/:id',
    tag: 'Harvest lots',
    summary: 'Get a harvest lot',
    roles: ['admin', 'staff', 'cooperative'],
    async handler({ db, params, actor }) {
      const lot = await getHarvestLot(db, params.id!);
      if (!lot || (actor.role === 'cooperative' && lot.cooperativeId !== actor.organizationId))
        throw notFound('Harvest lot', params.id);
      return lot;
    },
  }),
};
