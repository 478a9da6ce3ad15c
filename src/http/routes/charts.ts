// /charts: the counts behind the console homes' charts, for whoever may read them. A
// cooperative's scans per week per product over the last 26 weeks and the share of its stamps
// activated and scanned (a cooperative key reads its own organization only: another answers 404);
// for staff, link-check findings opened and resolved per week and recalls and fake reports per
// month. Weeks run Monday to Sunday and months are calendar months, both in Vietnam time.
import { z } from 'zod';
import { notFound } from '../../errors';
import { cooperativeCharts, monthsUpTo, staffCharts, weeksUpTo } from '../../db/chart-figures-store';
import { getOrganization } from '../../db/organizations-store';
import { op } from '../op';

export const COOP_CHART_WEEKS = 26;
export const STAFF_CHART_WEEKS = 12;
export const STAFF_CHART_MONTHS = 12;

export const chartOps = {
  organization: op({
    method: 'get',
    path: '/organizations/:id/charts',
    tag: 'Scans and reports',
    summary: "A cooperative's scans per week for each product, and its stamps printed, activated and scanned",
    description:
      `weeks holds the Monday of each of the last ${COOP_CHART_WEEKS} weeks (Vietnam time, the current week last); each ` +
      'product carries its known, non-bot scans per week in the same order. stamps counts every stamp of the ' +
      "organization's print runs, those active now, and those scanned at least once. A cooperative key reads its own " +
      'organization only.',
    roles: ['admin', 'staff', 'cooperative'],
    query: z.strictObject({}),
    async handler({ db, params, actor, now }) {
      const id = params.id!;
      if (actor.role === 'cooperative' && actor.organizationId !== id) throw notFound('Organization', id);
      const org = await getOrganization(db, id);
      if (!org) throw notFound('Organization', id);
      return cooperativeCharts(db, org.id, weeksUpTo(now, COOP_CHART_WEEKS));
    },
  }),
  staff: op({
    method: 'get',
    path: '/charts/staff',
    tag: 'Scans and reports',
    summary: 'Findings opened and resolved per week; recalls and fake reports per month',
    description:
      `weeks: the Monday of each of the last ${STAFF_CHART_WEEKS} weeks; months: the first day of each of the last ` +
      `${STAFF_CHART_MONTHS} months (Vietnam time, the current one last). A finding counts as opened in the week it was ` +
      'first found, and as resolved in the week staff marked it resolved or a run no longer found it, whichever came ' +
      'first. Recalls count by the day of the recall decision.',
    roles: ['admin', 'staff'],
    query: z.strictObject({}),
    async handler({ db, now }) {
      return staffCharts(db, weeksUpTo(now, STAFF_CHART_WEEKS), monthsUpTo(now, STAFF_CHART_MONTHS));
    },
  }),
};
