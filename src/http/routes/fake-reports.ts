// /fake-reports: what consumers reported from stamp pages, for association staff to follow up;
// and, per producer organization, the reports about its products and the scans of its stamps
// (a cooperative key sees only its own organization's: another answers 404).
import { z } from 'zod';
import { notFound } from '../../errors';
import { getOrganization } from '../../db/organizations-store';
import { listFakeReports, listScansOfCooperative } from '../../db/scans-store';
import type { Db } from '../../db/client';
import { op } from '../op';
import { isoInstant } from '../schemas';
import type { Actor } from '../../domain/roles';

const newestFirst = {
  before: isoInstant.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
};

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
      const items = await listFakeReports(db, { ...query, before: query.before ? new Date(query.before) : undefined });
      return { items, nextBefore: items.length === query.limit ? items[items.length - 1]!.createdAt : null };
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
      });
      return { items, nextBefore: items.length === query.limit ? items[items.length - 1]!.createdAt : null };
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
      });
      return { items, nextBefore: items.length === query.limit ? items[items.length - 1]!.at : null };
    },
  }),
};
