// /fake-reports: what consumers reported from stamp pages, for association staff to follow up.
import { z } from 'zod';
import { listFakeReports } from '../../db/scans-store';
import { op } from '../op';

export const fakeReportOps = [
  op({
    method: 'get',
    path: '/fake-reports',
    tag: 'Scans and reports',
    summary: 'Reports of suspected fakes sent from stamp pages, newest first',
    roles: ['admin', 'staff'],
    query: z.strictObject({
      status: z.enum(['new', 'acknowledged', 'resolved']).optional(),
      gtin: z.string().regex(/^\d{14}$/, 'a GTIN-14').optional(),
      before: z.iso.datetime({ offset: true }).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    async handler({ db, query }) {
      const items = await listFakeReports(db, { ...query, before: query.before ? new Date(query.before) : undefined });
      return { items, nextBefore: items.length === query.limit ? items[items.length - 1]!.createdAt : null };
    },
  }),
];
