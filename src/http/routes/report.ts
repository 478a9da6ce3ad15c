// /report/programme: progress against the provincial OCOP programme targets (domain.md,
// "Provincial programme targets"), measured from the data per year and for the whole period,
// next to the configured target and the rule each figure follows. JSON, CSV (one row per figure)
// or a printable HTML page. Targets are configuration (TARGET_* variables), not constants.
import { z } from 'zod';
import type { Config } from '../../config';
import { AppError } from '../../errors';
import {
  programmeCounts,
  type ProgrammeCounts,
  type ProgrammeFigure,
  type ProgrammeReport,
} from '../../db/report-store';
import { pickLang } from '../../pages/i18n';
import { switchLangHref } from '../../pages/layout';
import { ProgrammeReportPage, targetText } from '../../pages/report';
import { renderReportPdf } from '../../pages/report-pdf';
import { op } from '../op';
import type { Db } from '../../db/client';
import { pipelineCounts } from '../../db/candidates-store';
import { vietnamToday } from '../../domain/calendar';
import { stalledBefore } from '../../domain/pipeline';
import { RECORDS_PATH, recordsHref } from './report-records';
import { csvResponse } from '../csv';
import { peopleCounts, peopleFigures } from './programme-people-report';

const MAX_YEARS = 30;
const year = z
  .string()
  .regex(/^\d{4}$/, 'a year is written with four digits, e.g. 2022')
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2100, 'a year between 2000 and 2100');

const query = z.strictObject({
  from: year.optional(),
  to: year.optional(),
  format: z.enum(['json', 'csv', 'html', 'pdf']).default('json'),
  lang: z.enum(['vi', 'en']).optional(),
});

// ---- figures ----

const years = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function perYearOf(counts: { perYear: Record<number, number> }, from: number, to: number): Record<string, number> {
  return Object.fromEntries(years(from, to).map((y) => [String(y), counts.perYear[y] ?? 0]));
}

function yearly(perYear: Record<string, number>, ok: (v: number) => boolean): Record<string, boolean> {
  return Object.fromEntries(Object.entries(perYear).map(([y, v]) => [y, ok(v)]));
}

const all = (m: Record<string, boolean>) => Object.values(m).every(Boolean);

export function buildFigures(counts: ProgrammeCounts, config: Config, from: number, to: number): ProgrammeFigure[] {
  const months = config.STABLE_CONTRACT_MONTHS;

  const newPerYear = perYearOf(counts.newProducts, from, to);
  const newMet = yearly(newPerYear, (v) => v >= config.TARGET_NEW_PRODUCTS_PER_YEAR);

  const maintainedPerYear = perYearOf(counts.maintained, from, to);
  const maintainedMet = yearly(maintainedPerYear, (v) => v >= config.TARGET_MAINTAINED_PER_YEAR_MIN);

  const modelsPerYear = perYearOf(counts.workingModels, from, to);
  const modelsMet = yearly(modelsPerYear, (v) => v >= config.TARGET_WORKING_MODELS_PER_YEAR);

  return [
    {
      key: 'new_products',
      label: { vi: 'Sản phẩm OCOP mới', en: 'New OCOP products' },
      rule: {
        vi: 'Số sản phẩm có quyết định công nhận OCOP đầu tiên (lần xếp hạng sớm nhất của sản phẩm) ban hành trong năm; cả giai đoạn: đầu tiên trong giai đoạn. Đạt khi mọi năm đạt chỉ tiêu năm.',
        en: 'Products whose first-ever OCOP rating decision is dated in the year; for the period, in the period. Met when every year reaches the yearly target.',
      },
      target: { value: config.TARGET_NEW_PRODUCTS_PER_YEAR, per: 'year' },
      perYear: newPerYear,
      period: counts.newProducts.period,
      metPerYear: newMet,
      met: all(newMet),
    },
    {
      key: 'rated_3star',
      label: { vi: 'Sản phẩm đạt 3 sao trở lên', en: 'Products rated 3★ or more' },
      rule: {
        vi: 'Số sản phẩm khác nhau có ít nhất một quyết định xếp hạng từ 3 sao trở lên ban hành trong năm (cả giai đoạn: trong giai đoạn, mỗi sản phẩm tính một lần).',
        en: 'Distinct products with at least one rating decision of 3 stars or more dated in the year (for the period: in the period, each product counted once).',
      },
      target: { value: config.TARGET_RATED_3STAR_PERIOD, per: 'period' },
      perYear: perYearOf(counts.rated3Star, from, to),
      period: counts.rated3Star.period,
      met: counts.rated3Star.period >= config.TARGET_RATED_3STAR_PERIOD,
    },
    {
      key: 'maintained_or_upgraded',
      label: { vi: 'Sản phẩm duy trì, nâng hạng', en: 'Products maintained or upgraded' },
      rule: {
        vi: 'Số sản phẩm có quyết định xếp hạng trong năm nối tiếp một lần xếp hạng trước đó của chính sản phẩm, với số sao bằng hoặc cao hơn lần trước (đánh giá lại, duy trì hoặc nâng hạng). Đạt khi mọi năm đạt mức tối thiểu; vượt mức tối đa vẫn là đạt.',
        en: 'Products with a rating decision dated in the year that follows an earlier rating of the same product with the same or more stars (re-rated: maintained or upgraded). Met when every year reaches the minimum; exceeding the maximum still counts as met.',
      },
      target: { min: config.TARGET_MAINTAINED_PER_YEAR_MIN, max: config.TARGET_MAINTAINED_PER_YEAR_MAX, per: 'year' },
      perYear: maintainedPerYear,
      period: counts.maintained.period,
      metPerYear: maintainedMet,
      met: all(maintainedMet),
    },
    {
      key: 'ecommerce_products',
      label: {
        vi: 'Sản phẩm OCOP được đưa lên sàn thương mại điện tử',
        en: 'OCOP products put on e-commerce platforms',
      },
      rule: {
        vi: 'Mỗi năm: số sản phẩm khác nhau có ít nhất một gian hàng trên sàn thương mại điện tử (Postmart, Voso, Shopee, Tiki, Lazada, Sendo, trang web riêng…) đang bán vào một ngày nào đó trong năm (ngày lên sàn không sau 31/12 và chưa ngừng bán trước 01/01). Cả giai đoạn: số sản phẩm khác nhau lên sàn lần đầu tiên trong giai đoạn (gian hàng sớm nhất của sản phẩm có ngày lên sàn trong giai đoạn). Đạt khi cả giai đoạn đạt chỉ tiêu.',
        en: 'Per year: distinct products with at least one listing on an e-commerce platform (Postmart, Voso, Shopee, Tiki, Lazada, Sendo, own website…) live on some day of the year (went live on or before 31 December and not ended before 1 January). For the period: distinct products first put on a platform within the period (their earliest listing went live in the period). Met when the period reaches the target.',
      },
      target: { value: config.TARGET_ECOMMERCE_PRODUCTS, per: 'period' },
      perYear: perYearOf(counts.ecommerce, from, to),
      period: counts.ecommerce.period,
      met: counts.ecommerce.period >= config.TARGET_ECOMMERCE_PRODUCTS,
    },
    {
      key: 'stable_chain_products',
      label: {
        vi: 'Sản phẩm có chuỗi gắn với vùng nguyên liệu ổn định',
        en: 'Products with a chain tied to a stable raw-material area',
      },
      rule: {
        vi: `Số sản phẩm khác nhau có ít nhất một lô sản xuất đã niêm phong (kể cả phiên bản sau đó được đính chính), ngày sản xuất trong năm, sử dụng một lô thu hoạch từ vùng nguyên liệu do chính hợp tác xã của lô sản xuất quản lý, hoặc có hợp đồng liên kết cung ứng đã được bên vùng nguyên liệu xác nhận giữa vùng đó và hợp tác xã của lô sản xuất có thời hạn từ ${months} tháng trở lên (từ ngày bắt đầu đến ngày kết thúc, hoặc đến ngày chấm dứt) và còn hiệu lực vào ngày thu hoạch. Đạt khi cả giai đoạn đạt mức tối thiểu.`,
        en: `Distinct products with at least one sealed batch (including a version later superseded by a correction), produced in the year, that draws on a harvest lot from a raw-material area either operated by the batch's cooperative itself or covered on the harvest date by a confirmed supply contract between that area and the batch's cooperative lasting ${months} months or more (start date to end date, or to the day it was ended). Met when the period reaches the minimum.`,
      },
      target: { min: config.TARGET_STABLE_CHAIN_MIN, max: config.TARGET_STABLE_CHAIN_MAX, per: 'period' },
      perYear: perYearOf(counts.stableChain, from, to),
      period: counts.stableChain.period,
      met: counts.stableChain.period >= config.TARGET_STABLE_CHAIN_MIN,
    },
    {
      key: 'working_models',
      label: { vi: 'Mô hình chuỗi giá trị hoạt động hiệu quả', en: 'Working value-chain models' },
      rule: {
        vi: 'Số mô hình chuỗi giá trị đang hoạt động có ít nhất một lô sản xuất đã niêm phong thuộc mô hình, ngày sản xuất trong năm (cả giai đoạn: trong giai đoạn, mỗi mô hình tính một lần). Đạt khi cả giai đoạn đạt chỉ tiêu và mỗi năm đạt chỉ tiêu năm.',
        en: "Value-chain models whose status is 'active' with at least one sealed batch of the model produced in the year (for the period: in the period, each model counted once). Met when the period reaches the target and every year reaches the yearly target.",
      },
      target: {
        value: config.TARGET_WORKING_MODELS,
        per: 'period',
        perYearValue: config.TARGET_WORKING_MODELS_PER_YEAR,
      },
      perYear: modelsPerYear,
      period: counts.workingModels.period,
      metPerYear: modelsMet,
      met: counts.workingModels.period >= config.TARGET_WORKING_MODELS && all(modelsMet),
    },
  ];
}

/** The pipeline of OCOP candidates per registration year, beside target (3). */
async function programmePipeline(db: Db, config: Config, from: number, to: number, now: Date) {
  const before = stalledBefore(vietnamToday(now), config.PIPELINE_STALL_MONTHS);
  const counts = await pipelineCounts(db, { from, to, stalledBefore: before });
  return {
    beside: 'new_products' as const,
    targetPerYear: config.TARGET_NEW_PRODUCTS_PER_YEAR,
    stallMonths: config.PIPELINE_STALL_MONTHS,
    stalledBefore: before,
    perYear: Object.fromEntries(years(from, to).map((y) => [String(y), counts.perYear[y]!])),
    period: counts.period,
    records: `${RECORDS_PATH}/ocop_candidates?from=${from}&to=${to}`,
  };
}

// ---- CSV: see ../csv ----

export const reportOps = {
  programme: op({
    method: 'get',
    path: '/report/programme',
    tag: 'Reports',
    summary: 'Progress against the provincial OCOP programme targets, per year and for the period',
    description:
      'from and to are years (default PROGRAMME_FROM_YEAR–PROGRAMME_TO_YEAR, 2022–2025). Each figure carries its label, ' +
      'the rule it is counted by, the configured target (TARGET_* variables; STABLE_CONTRACT_MONTHS for the stable raw-material ' +
      'area rule), the value per year and for the period (distinct products or models, not the sum of the years) and whether ' +
      'the target is met. format=csv answers one row per figure; format=html a printable page with a summary of where ' +
      'each target stands (met, on track, behind) and one bar chart per target (lang=vi|en); format=pdf the same report ' +
      "as an A4 PDF, with the label sheets' font, to attach to an official letter (lang=vi|en).",
    roles: ['admin', 'staff'],
    query,
    async handler({ c, db, query: q, deps, now }) {
      const config = deps.config;
      const from = q.from ?? config.PROGRAMME_FROM_YEAR;
      const to = q.to ?? config.PROGRAMME_TO_YEAR;
      if (to < from || to - from + 1 > MAX_YEARS) {
        throw new AppError('VALIDATION_FAILED', 'The query parameters are not valid', [
          {
            path: 'query.to',
            message: to < from ? 'to must not be before from' : `a report covers at most ${MAX_YEARS} years`,
            code: 'custom',
          },
        ]);
      }
      const [counts, people] = await Promise.all([
        programmeCounts(db, { from, to, stableContractMonths: config.STABLE_CONTRACT_MONTHS }),
        peopleCounts(db, { from, to }),
      ]);
      const report: ProgrammeReport = {
        from,
        to,
        generatedAt: now.toISOString(),
        settings: { stableContractMonths: config.STABLE_CONTRACT_MONTHS },
        figures: [...buildFigures(counts, config, from, to), ...peopleFigures(people, config, from, to)].map((f) => ({
          ...f,
          records: f.records ?? recordsHref(f.key, from, to),
        })),
        pipeline: await programmePipeline(db, config, from, to, now),
      };
      if (q.format === 'csv') {
        const ys = years(from, to).map(String);
        return csvResponse(
          `bao-cao-de-an-ocop-${from}-${to}.csv`,
          [
            'key',
            'label_vi',
            'label_en',
            ...ys,
            'period',
            'target',
            'target_min',
            'target_max',
            'target_value',
            'target_per',
            'met',
            'rule_vi',
            'rule_en',
            'records',
          ],
          report.figures.map((f) => [
            f.key,
            f.label.vi,
            f.label.en,
            ...ys.map((y) => f.perYear[y]),
            f.period,
            targetText(f.target, 'en'),
            f.target.min,
            f.target.max,
            f.target.value,
            f.target.per,
            f.met,
            f.rule.vi,
            f.rule.en,
            f.records,
          ]),
        );
      }
      if (q.format === 'pdf') {
        const lang = q.lang ?? 'vi';
        const bytes = await renderReportPdf(report, lang, deps.labels.font);
        return new Response(bytes as Uint8Array<ArrayBuffer>, {
          headers: {
            'Content-Type': 'application/pdf',
            'Content-Disposition': `attachment; filename="bao-cao-de-an-ocop-${from}-${to}.pdf"`,
            'Cache-Control': 'private, no-store',
          },
        });
      }
      if (q.format === 'html') {
        const lang = pickLang(q.lang, c.req.header('accept-language'));
        const page = ProgrammeReportPage({ lang, switchHref: switchLangHref(new URL(c.req.url), lang), report });
        const body = String(await (page as unknown as Promise<string> | string));
        return c.html(`<!doctype html>${body}`, 200, {
          'Cache-Control': 'private, no-store',
          'Content-Language': lang,
          Vary: 'Accept-Language',
        });
      }
      return report;
    },
  }),
};
