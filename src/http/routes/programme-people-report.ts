// Targets (1) and (2) of the provincial scheme in the programme report: their figures (shares in
// percent, per year and for the period) and their drill-downs, GET
// /report/programme/records/association_activity and …/trained_people (?year=YYYY; without a
// year, the whole period). Staff bound to a unit see the records of their own area only.
import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import {
  activityShares,
  trainedShares,
  unitsWithoutActivity,
  untrainedPeople,
  type ShareCounts,
} from '../../db/programme-people-store';
import type { ProgrammeFigure } from '../../db/report-store';
import { percentOf } from '../../domain/programme-people';
import { op } from '../op';
import { scopeOf } from '../programme-scope';

export interface PeopleCounts {
  activity: ShareCounts;
  trained: ShareCounts;
}

export async function peopleCounts(db: Db, opts: { from: number; to: number }): Promise<PeopleCounts> {
  const [activity, trained] = await Promise.all([activityShares(db, opts), trainedShares(db, opts)]);
  return { activity, trained };
}

/** The drill-down's address for the report's years (the figure's own period). */
export const recordsPath = (key: 'association_activity' | 'trained_people', from: number, to: number) =>
  `/api/v1/report/programme/records/${key}?from=${from}&to=${to}`;

function shareFigure(
  counts: ShareCounts,
  from: number,
  to: number,
  target: number,
): Pick<ProgrammeFigure, 'perYear' | 'period' | 'metPerYear' | 'met' | 'basis' | 'target'> {
  const perYear: Record<string, number | null> = {};
  const metPerYear: Record<string, boolean> = {};
  const basis: NonNullable<ProgrammeFigure['basis']> = { perYear: {}, period: counts.period };
  for (let y = from; y <= to; y++) {
    const c = counts.perYear[y] ?? { count: 0, of: 0 };
    const share = percentOf(c.count, c.of);
    perYear[String(y)] = share;
    metPerYear[String(y)] = share !== null && share >= target;
    basis.perYear[String(y)] = c;
  }
  const period = percentOf(counts.period.count, counts.period.of) ?? 0;
  return {
    target: { value: target, per: 'year', unit: 'percent' },
    perYear,
    period,
    metPerYear,
    met: Object.values(metPerYear).every(Boolean),
    basis,
  };
}

export function peopleFigures(counts: PeopleCounts, config: Config, from: number, to: number): ProgrammeFigure[] {
  return [
    {
      key: 'association_activity',
      label: {
        vi: 'Cơ sở Hội tổ chức tuyên truyền, tư vấn, hỗ trợ hội viên',
        en: 'Association units running communication, advice and support',
      },
      rule: {
        vi: 'Tỷ lệ phần trăm (làm tròn xuống) số đơn vị Hội Nông dân ở mọi cấp (tỉnh, huyện, xã) có ít nhất một hoạt động tuyên truyền, tư vấn hoặc hỗ trợ hội viên được ghi nhận trong năm, trên tổng số đơn vị Hội. Cả giai đoạn: đơn vị có hoạt động trong mọi năm của giai đoạn. Đạt khi mọi năm đạt chỉ tiêu. Danh sách kèm theo: các đơn vị chưa có hoạt động trong năm.',
        en: 'The share in percent (rounded down) of association units at every level (province, district, commune) with at least one communication, advice or support activity recorded in the year, of all association units. For the period: units with an activity in every year of it. Met when every year reaches the target. Records: the units with no activity that year.',
      },
      ...shareFigure(counts.activity, from, to, config.TARGET_ACTIVE_UNITS_PERCENT),
      records: recordsPath('association_activity', from, to),
    },
    {
      key: 'trained_people',
      label: {
        vi: 'Cán bộ Hội, giám đốc HTX, tổ hợp tác, tổ hội nghề nghiệp tham gia OCOP được tập huấn',
        en: 'Association officers and directors of OCOP cooperatives and groups trained',
      },
      rule: {
        vi: 'Tỷ lệ phần trăm (làm tròn xuống) số người đã dự ít nhất một lớp tập huấn kết thúc trước hết năm, trên số người cần tập huấn trong năm: cán bộ Hội mọi cấp đương nhiệm trong năm, và giám đốc, tổ trưởng đương nhiệm trong năm của hợp tác xã, tổ hợp tác, chi, tổ hội nghề nghiệp đã tham gia OCOP (có sản phẩm được xếp hạng OCOP với quyết định ban hành trước hết năm). Cả giai đoạn: người đương nhiệm vào bất kỳ lúc nào trong giai đoạn, đã được tập huấn trước hết giai đoạn. Đạt khi mọi năm đạt chỉ tiêu. Danh sách kèm theo: những người chưa được tập huấn.',
        en: 'The share in percent (rounded down) of the people to be trained in the year who finished at least one training course by the end of the year. To be trained: association officers at every level in office during the year, and the directors and group leaders in office during the year of cooperatives, cooperative groups and farmer professional groups in OCOP (owning a product with an OCOP rating decided by the end of the year). For the period: in office at any time in it, trained by its end. Met when every year reaches the target. Records: the people not yet trained.',
      },
      ...shareFigure(counts.trained, from, to, config.TARGET_TRAINED_PEOPLE_PERCENT),
      records: recordsPath('trained_people', from, to),
    },
  ];
}

const yearParam = z
  .string()
  .regex(/^\d{4}$/, 'a year is written with four digits, e.g. 2024')
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2100, 'a year between 2000 and 2100')
  .optional();

// One year, or a period (from/to, the programme period by default), as the other figures' records.
const recordsQuery = z
  .strictObject({ year: yearParam, from: yearParam, to: yearParam })
  .refine((q) => q.year === undefined || (q.from === undefined && q.to === undefined), {
    message: 'give either year or from/to, not both',
    path: ['year'],
  })
  .refine((q) => (q.from ?? 0) <= (q.to ?? 9999), { message: 'from is after to', path: ['from'] });

function yearsOf(query: { year?: number; from?: number; to?: number }, config: Config) {
  return {
    from: query.year ?? query.from ?? config.PROGRAMME_FROM_YEAR,
    to: query.year ?? query.to ?? config.PROGRAMME_TO_YEAR,
  };
}

export const programmePeopleRecordOps = {
  unitsWithoutActivity: op({
    method: 'get',
    path: '/report/programme/records/association_activity',
    tag: 'Reports',
    summary: 'Drill-down of target (1): the association units with no activity',
    description:
      'With year: the units with no communication, advice or support activity recorded that year. Without: the units ' +
      'that missed at least one year of the period from/to, the programme period by default (yearsWithout lists ' +
      'them). Staff bound to a unit see their own area only.',
    roles: ['admin', 'staff'],
    query: recordsQuery,
    async handler({ db, query, actor, deps }) {
      const { from, to } = yearsOf(query, deps.config);
      const items = await unitsWithoutActivity(db, { from, to, scope: await scopeOf(db, actor) });
      return { key: 'association_activity', year: query.year ?? null, from, to, count: items.length, items };
    },
  }),
  untrainedPeople: op({
    method: 'get',
    path: '/report/programme/records/trained_people',
    tag: 'Reports',
    summary: 'Drill-down of target (2): the people not yet trained',
    description:
      "With year: the people to be trained that year (see the figure's rule) who had not finished a course by its end. " +
      'Without: the same over the period from/to, the programme period by default. Staff bound to a unit see their ' +
      'own area only.',
    roles: ['admin', 'staff'],
    query: recordsQuery,
    async handler({ db, query, actor, deps }) {
      const { from, to } = yearsOf(query, deps.config);
      const items = await untrainedPeople(db, { from, to, scope: await scopeOf(db, actor) });
      return { key: 'trained_people', year: query.year ?? null, from, to, count: items.length, items };
    },
  }),
};
