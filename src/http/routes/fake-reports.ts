// /fake-reports: what consumers reported from stamp pages, for association staff to follow up;
// and, per producer organization, the reports about its products and the scans of its stamps
// (a cooperative key sees only its own organization's: another answers 404).
import { z } from 'zod';
import { AppError, notFound } from '../../errors';
import { getOrganization } from '../../db/organizations-store';
import { listFakeReports, listScansOfCooperative, type NewestFirst } from '../../db/scans-store';
import type { Db } from '../../db/client';
import { op } from '../op';
import { isoInstant } from '../schemas';
import type { Actor } from '../../domain/roles';

// Newest first, paged by keyset on (time, id): `cursor` is the `nextCursor` of the page before.
// `before` (a time) is kept for older clients; rows sharing that instant can fall between its pages.
const newestFirst = {
  cursor: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z~[0-9a-f-]{1,36}$/, 'must be the nextCursor of a previous page')
    .optional(),
  before: isoInstant.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

const REPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SCAN_ID = /^[0-9]{1,18}$/;

function fromCursor(cursor: string | undefined, id: RegExp): NewestFirst | undefined {
  if (!cursor) return undefined;
  const [at, last] = cursor.split('~') as [string, string];
  const when = new Date(at);
  if (Number.isNaN(when.getTime()) || !id.test(last))
    throw new AppError('VALIDATION_FAILED', 'cursor must be the nextCursor of a previous page', { field: 'cursor' });
  return { at: when, id: last };
}

/** The page's items and where the next page starts (null on the last page). */
function newestFirstPage<T extends { id: string }>(items: T[], limit: number, at: (x: T) => Date) {
  const last = items.length === limit ? items[items.length - 1]! : null;
  return {
    items,
    nextCursor: last ? `${at(last).toISOString()}~${last.id}` : null,
    nextBefore: last ? at(last) : null,
  };
}

/** The organization, when this caller may read its reports and scans. */
async function visibleOrganization(db: Db, actor: Actor, id: string) {
  if (actor.role === 'cooperative' && actor.organizationId !== id) throw notFound('Organization', id);
  const org = await getOrganization(db, id);
  if (!org) throw notFound('Organization', id);
  return org;
}

export const fakeReportOps = {
  list: op({
    method: 'get',
    path: '/fake-reports',
    tag: 'Scans and reports',
    summary: 'Reports of suspected fakes sent from stamp pages, newest first',
    roles: ['admin', 'staff'],
    query: z.strictObject({
      status: z.enum(['new', 'acknowledged', 'resolved']).optional(),
      gtin: z
        .string()
        .regex(/^\d{14}$/, 'a GTIN-14')
        .optional(),
      ...newestFirst,
    }),
    async handler({ db, query }) {
      const items = await listFakeReports(db, {
        ...query,
        before: query.before ? new Date(query.before) : undefined,
        after: fromCursor(query.cursor, REPORT_ID),
      });
      return newestFirstPage(items, query.limit, (r) => r.createdAt);
    },
  }),
  ofOrganization: op({
    method: 'get',
    path: '/organizations/:id/fake-reports',
    tag: 'Scans and reports',
    summary: 'Reports of suspected fakes about the products of one organization, newest first',
    description:
      'A cooperative key reads its own organization only. Reports are matched by the GTIN of the organization’s products.',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({ status: z.enum(['new', 'acknowledged', 'resolved']).optional(), ...newestFirst }),
    async handler({ db, params, actor, query }) {
      const org = await visibleOrganization(db, actor, params.id!);
      const items = await listFakeReports(db, {
        ...query,
        productOwnerId: org.id,
        before: query.before ? new Date(query.before) : undefined,
        after: fromCursor(query.cursor, REPORT_ID),
      });
      return newestFirstPage(items, query.limit, (r) => r.createdAt);
    },
  }),
  scansOfOrganization: op({
    method: 'get',
    path: '/organizations/:id/scans',
    tag: 'Scans and reports',
    summary: 'The latest scans of the stamps printed for one organization, newest first (bots left out)',
    description:
      'A cooperative key reads its own organization only. Positions are coarse (two decimals) and only when the visitor shared one.',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject(newestFirst),
    async handler({ db, params, actor, query }) {
      const org = await visibleOrganization(db, actor, params.id!);
      const items = await listScansOfCooperative(db, {
        cooperativeId: org.id,
        limit: query.limit,
        before: query.before ? new Date(query.before) : undefined,
        after: fromCursor(query.cursor, SCAN_ID),
      });
      return newestFirstPage(items, query.limit, (r) => r.at);
    },
  }),
};
