// GET /report/programme/records/{key}: the records behind one figure of the programme report
// (its drill-down), for one year (?year=) or the period (?from=&to=, default the programme's),
// as JSON or CSV. RECORD_SOURCES is a plain map from a figure's key to how its records are read:
// a new figure adds one entry.
import { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import {
  candidateRecords,
  listedProductRecords,
  ratedProductRecords,
  stableChainProductRecords,
  workingModelRecords,
  type RecordRange,
} from '../../db/report-records-store';
import { vietnamToday } from '../../domain/calendar';
import { stalledBefore } from '../../domain/pipeline';
import { AppError, notFound } from '../../errors';
import { csvResponse, type Cell } from '../csv';
import { op } from '../op';

export const RECORDS_PATH = '/api/v1/report/programme/records';

/** The drill-down address of a figure for a year range (what the report's `records` fields hold). */
export function recordsHref(key: string, from: number, to: number): string | undefined {
  return key in RECORD_SOURCES ? `${RECORDS_PATH}/${key}?from=${from}&to=${to}` : undefined;
}

export interface RecordContext {
  config: Config;
  now: Date;
}

export interface RecordSource {
  /** What one record is, in both languages (console headings). */
  what: { vi: string; en: string };
  /** The CSV columns, in order: fields of a record (arrays and objects are written as JSON). */
  columns: readonly string[];
  load(db: Db, range: RecordRange, ctx: RecordContext): Promise<readonly object[]>;
}

const productColumns = ['productId', 'gtin', 'nameVi', 'nameEn', 'ownerId', 'ownerName'] as const;
const ratedColumns = [...productColumns, 'stars', 'decisionNumber', 'decisionDate', 'previousStars'] as const;
const ratedProducts = { vi: 'Sản phẩm và quyết định xếp hạng', en: 'Products and their rating decisions' };

export const RECORD_SOURCES: Record<string, RecordSource> = {
  new_products: {
    what: ratedProducts,
    columns: ratedColumns,
    load: (db, r) => ratedProductRecords(db, r, 'new'),
  },
  rated_3star: {
    what: ratedProducts,
    columns: ratedColumns,
    load: (db, r) => ratedProductRecords(db, r, '3star'),
  },
  maintained_or_upgraded: {
    what: ratedProducts,
    columns: ratedColumns,
    load: (db, r) => ratedProductRecords(db, r, 'kept'),
  },
  ecommerce_products: {
    what: { vi: 'Sản phẩm và gian hàng trên sàn', en: 'Products and their listings' },
    columns: [...productColumns, 'firstListedOn', 'listings'],
    load: (db, r) => listedProductRecords(db, r),
  },
  stable_chain_products: {
    what: { vi: 'Sản phẩm gắn với vùng nguyên liệu ổn định', en: 'Products tied to a stable area' },
    columns: [...productColumns, 'firstProducedOn'],
    load: (db, r) => stableChainProductRecords(db, r),
  },
  working_models: {
    what: { vi: 'Mô hình chuỗi giá trị', en: 'Value-chain models' },
    columns: ['modelId', 'slug', 'name', 'sealedBatches'],
    load: (db, r) => workingModelRecords(db, r),
  },
  ocop_candidates: {
    what: { vi: 'Chủ thể đăng ký xây dựng sản phẩm OCOP', en: 'OCOP product candidates' },
    columns: [
      'candidateId',
      'productName',
      'holder',
      'yearRegistered',
      'commune',
      'supportingUnitName',
      'currentStage',
      'lastActivityOn',
      'stalled',
      'productId',
    ],
    load: (db, r, ctx) =>
      candidateRecords(db, {
        ...r,
        stalledBefore: stalledBefore(vietnamToday(ctx.now), ctx.config.PIPELINE_STALL_MONTHS),
      }),
  },
};

const yearText = z
  .string()
  .regex(/^\d{4}$/, 'a year is written with four digits, e.g. 2022')
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2100, 'a year between 2000 and 2100');

const MAX_YEARS = 30;

function cell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return v as Cell;
}

export const reportRecordOps = {
  records: op({
    method: 'get',
    path: '/report/programme/records/:key',
    tag: 'Reports',
    summary: 'The records behind one figure of the programme report (its drill-down)',
    description:
      'key is a figure key of GET /report/programme (new_products, rated_3star, maintained_or_upgraded, ' +
      'ecommerce_products, stable_chain_products, working_models, …) or ocop_candidates (the pipeline beside target 3). ' +
      'year=YYYY answers the records of that year; otherwise from/to (default the programme period) answer those of the ' +
      'period, counted by the period rule (each product once; e-commerce: products first listed in the period). The ' +
      'list is exactly what the figure counts: its length is the figure. format=csv answers one row per record.',
    roles: ['admin', 'staff'],
    query: z.strictObject({
      year: yearText.optional(),
      from: yearText.optional(),
      to: yearText.optional(),
      format: z.enum(['json', 'csv']).default('json'),
    }),
    async handler({ db, params, query: q, deps, now }) {
      const source = RECORD_SOURCES[params.key];
      if (!source || !Object.hasOwn(RECORD_SOURCES, params.key)) throw notFound('Report figure', params.key);
      const config = deps.config;
      if (q.year !== undefined && (q.from !== undefined || q.to !== undefined)) {
        throw new AppError('VALIDATION_FAILED', 'The query parameters are not valid', [
          { path: 'query.year', message: 'ask for one year or for a range (from, to), not both', code: 'custom' },
        ]);
      }
      const from = q.year ?? q.from ?? config.PROGRAMME_FROM_YEAR;
      const to = q.year ?? q.to ?? config.PROGRAMME_TO_YEAR;
      if (to < from || to - from + 1 > MAX_YEARS) {
        throw new AppError('VALIDATION_FAILED', 'The query parameters are not valid', [
          {
            path: 'query.to',
            message: to < from ? 'to must not be before from' : `a report covers at most ${MAX_YEARS} years`,
            code: 'custom',
          },
        ]);
      }
      const range: RecordRange = {
        from,
        to,
        oneYear: q.year !== undefined,
        stableContractMonths: config.STABLE_CONTRACT_MONTHS,
      };
      const items = await source.load(db, range, { config, now });
      if (q.format === 'csv') {
        const name = q.year !== undefined ? String(q.year) : `${from}-${to}`;
        return csvResponse(
          `bao-cao-de-an-ocop-${params.key}-${name}.csv`,
          [...source.columns],
          items.map((it) => source.columns.map((c) => cell((it as Record<string, unknown>)[c]))),
        );
      }
      return {
        key: params.key,
        what: source.what,
        from,
        to,
        year: q.year ?? null,
        count: items.length,
        items,
      };
    },
  }),
};
