// The printable programme report (GET /api/v1/report/programme?format=html): one table of the
// figures per year and for the period next to the target, then each figure's rule. No script, no
// external resource; every text is a JSX child, so hono/jsx escapes it. Print CSS: A4 landscape,
// no header links, the table kept whole.
import type { ProgrammeFigure, ProgrammeReport, ProgrammeTarget } from '../db/report-store';
import { vietnamYear } from '../domain/calendar';
import { BarChart, ChartStyle, type TargetLine } from './charts';
import { formatNumber, formatTime, type Lang } from './i18n';
import { Layout } from './layout';
import { ProgrammePipelineTable } from './report-pipeline';

const PRINT_CSS = `main{max-width:72rem}.rep th,.rep td{border:1px solid #bbb;text-align:right}.rep th:first-child,.rep td:first-child{text-align:left}
.rep thead th{background:#eef3ea}.met{color:#17652a;font-weight:600}.unmet{color:#a4221b;font-weight:600}.rules li{margin:.3rem 0}
@media print{@page{size:A4 landscape;margin:12mm}body{background:#fff;font-size:11pt}header,.skip,.noprint{display:none}
main,footer{max-width:none;padding:0}section,.card{border:0;padding:0}table{page-break-inside:avoid}.rep thead th{background:none}
a{color:inherit;text-decoration:none}}`;

const TXT = {
  vi: {
    title: (from: number, to: number) => `Báo cáo tiến độ Đề án ${from}–${to}`,
    intro:
      'Số liệu đo từ dữ liệu truy xuất nguồn gốc, theo từng năm và cả giai đoạn, so với chỉ tiêu của Đề án OCOP cấp tỉnh.',
    generated: 'Lập lúc',
    figure: 'Chỉ tiêu',
    period: 'Cả giai đoạn',
    target: 'Chỉ tiêu đặt ra',
    met: 'Kết quả',
    yes: 'Đạt',
    no: 'Chưa đạt',
    rules: 'Cách tính từng số liệu',
    tableTitle: 'Bảng số liệu',
    contract: (m: number) => `Vùng nguyên liệu ổn định: hợp đồng liên kết từ ${m} tháng trở lên.`,
    printHint: 'Dùng lệnh In của trình duyệt (Ctrl+P) để in hoặc lưu PDF.',
  },
  en: {
    title: (from: number, to: number) => `Programme progress report ${from}–${to}`,
    intro:
      'Figures measured from the traceability data, per year and for the whole period, against the provincial OCOP programme targets.',
    generated: 'Generated',
    figure: 'Figure',
    period: 'Period',
    target: 'Target',
    met: 'Result',
    yes: 'Met',
    no: 'Not met',
    rules: 'How each figure is counted',
    tableTitle: 'The figures',
    contract: (m: number) => `Stable raw-material area: a supply contract of ${m} months or more.`,
    printHint: 'Use the browser’s Print command (Ctrl+P) to print or save as PDF.',
  },
} as const;

/** "≥ 10 / year", "10–20 / period", … */
export function targetText(t: ProgrammeTarget, lang: Lang): string {
  const per = t.per === 'year' ? (lang === 'vi' ? '/năm' : '/year') : lang === 'vi' ? '/giai đoạn' : '/period';
  const main =
    t.value !== undefined ? `≥ ${t.value}` : t.max !== undefined ? `${t.min ?? 0}–${t.max}` : `≥ ${t.min ?? 0}`;
  const extra = t.perYearValue !== undefined ? ` (≥ ${t.perYearValue}${lang === 'vi' ? '/năm' : '/year'})` : '';
  return `${main}${t.unit === 'percent' ? '%' : ''} ${per}${extra}`;
}

/** The figures, year by year and for the period, beside their targets; the report page and the console show it. */
export function ProgrammeFigureTable(props: {
  lang: Lang;
  report: ProgrammeReport;
  resultHeader: string;
  yes: string;
  no: string;
}) {
  const { lang, report } = props;
  const t = TXT[lang];
  const years = Array.from({ length: report.to - report.from + 1 }, (_, i) => String(report.from + i));
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(lang, v, 0));
  return (
    <table class="rep">
      <thead>
        <tr>
          <th scope="col">{t.figure}</th>
          {years.map((y) => (
            <th scope="col">{y}</th>
          ))}
          <th scope="col">{t.period}</th>
          <th scope="col">{t.target}</th>
          <th scope="col">{props.resultHeader}</th>
        </tr>
      </thead>
      <tbody>
        {report.figures.map((f, i) => (
          <tr>
            <th scope="row">
              {i + 1}. {f.label[lang]}
            </th>
            {years.map((y) => {
              const ok = f.metPerYear?.[y];
              return <td class={ok === undefined ? undefined : ok ? 'met' : 'unmet'}>{n(f.perYear[y])}</td>;
            })}
            <td>
              <b>{n(f.period)}</b>
            </td>
            <td>{targetText(f.target, lang)}</td>
            <td class={f.met ? 'met' : 'unmet'}>{f.met ? props.yes : props.no}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ProgrammeReportPage(props: { lang: Lang; switchHref: string; report: ProgrammeReport }) {
  const { lang, report } = props;
  const t = TXT[lang];
  const title = t.title(report.from, report.to);
  return (
    <Layout lang={lang} title={title} switchHref={props.switchHref}>
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <h1>{title}</h1>
      <p>{t.intro}</p>
      <p class="muted">
        {t.generated}: {formatTime(lang, report.generatedAt)} · {t.contract(report.settings.stableContractMonths)}
      </p>
      <p class="muted noprint">{t.printHint}</p>
      <ProgrammeSummary lang={lang} report={report} />
      <ProgrammeCharts lang={lang} report={report} />
      <h2>{t.tableTitle}</h2>
      <ProgrammeFigureTable lang={lang} report={report} resultHeader={t.met} yes={t.yes} no={t.no} />
      {report.pipeline ? <ProgrammePipelineTable lang={lang} pipeline={report.pipeline} /> : null}
      <h2>{t.rules}</h2>
      <ol class="rules">
        {report.figures.map((f) => (
          <li>
            <b>{f.label[lang]}</b>: {f.rule[lang]}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

// ---- the report as pictures: a traffic-light summary and one chart per target ----

/** Where a figure stands for the period: met; not yet met but on course; behind. */
export type Standing = 'met' | 'on_track' | 'behind';

/**
 * A figure's standing in `currentYear`. Met when the report says so. Once the period is over,
 * anything not met is behind. Before that, a yearly target is on track while every finished year
 * met it; a period target while the figure has reached its share of the target for the years
 * begun so far (a 4-year target of 20 expects 10 in the second year).
 */
export function standingOf(f: ProgrammeFigure, from: number, to: number, currentYear: number): Standing {
  if (f.met) return 'met';
  if (currentYear > to) return 'behind';
  const yearsOk = Object.entries(f.metPerYear ?? {}).every(([y, ok]) => ok || Number(y) >= currentYear);
  if (!yearsOk) return 'behind';
  if (f.target.per === 'year') return 'on_track';
  const goal = f.target.value ?? f.target.min ?? 0;
  const begun = Math.min(Math.max(currentYear - from + 1, 0), to - from + 1);
  return f.period >= (goal * begun) / (to - from + 1) ? 'on_track' : 'behind';
}

const STANDING = {
  vi: { met: 'Đạt', on_track: 'Đúng tiến độ', behind: 'Chậm tiến độ' },
  en: { met: 'Met', on_track: 'On track', behind: 'Behind' },
} as const;
const STANDING_MARK = { met: '✓', on_track: '◐', behind: '✗' } as const;

const CTXT = {
  vi: {
    summary: 'Tóm tắt giai đoạn',
    charts: 'Biểu đồ từng chỉ tiêu',
    year: 'Năm',
    period: 'Cả GĐ',
    value: 'Kết quả',
    perYear: '/năm',
    ofPeriod: '(GĐ)',
    desc: (f: ProgrammeFigure, years: string, target: string) =>
      `${f.label.vi}: ${years}; cả giai đoạn ${f.period}. Chỉ tiêu ${target}.`,
    undated: 'không tách theo năm',
  },
  en: {
    summary: 'The period at a glance',
    charts: 'Each target as a chart',
    year: 'Year',
    period: 'Period',
    value: 'Result',
    perYear: '/yr',
    ofPeriod: '(period)',
    desc: (f: ProgrammeFigure, years: string, target: string) =>
      `${f.label.en}: ${years}; whole period ${f.period}. Target ${target}.`,
    undated: 'no per-year figure',
  },
} as const;

/** The lines a figure's chart draws: its target, or its minimum and maximum. */
export function targetLines(t: ProgrammeTarget, lang: Lang): TargetLine[] {
  const c = CTXT[lang];
  const per = t.per === 'year' ? c.perYear : ` ${c.ofPeriod}`;
  const lines: TargetLine[] = [];
  if (t.value !== undefined)
    lines.push({ value: t.value, label: `≥ ${t.value}${t.unit === 'percent' ? '%' : ''}${per}` });
  else {
    if (t.min !== undefined) lines.push({ value: t.min, label: `≥ ${t.min}${per}` });
    if (t.max !== undefined) lines.push({ value: t.max, label: `≤ ${t.max}${per}` });
  }
  if (t.perYearValue !== undefined) lines.push({ value: t.perYearValue, label: `≥ ${t.perYearValue}${c.perYear}` });
  return lines;
}

/** Each figure's standing in words, with a mark and a colour that only repeat the words. */
export function ProgrammeSummary(props: { lang: Lang; report: ProgrammeReport }) {
  const { lang, report } = props;
  const now = vietnamYear(new Date(report.generatedAt));
  return (
    <section class="standing">
      <h2>{CTXT[lang].summary}</h2>
      <ul>
        {report.figures.map((f) => {
          const s = standingOf(f, report.from, report.to, now);
          return (
            <li>
              <span class={`sl sl-${s}`}>
                <span aria-hidden="true">{STANDING_MARK[s]}</span> {STANDING[lang][s]}
              </span>{' '}
              {f.label[lang]}: <b>{formatNumber(lang, f.period, 0)}</b> ({targetText(f.target, lang)})
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export const standingText = (lang: Lang, s: Standing) => STANDING[lang][s];

/** One bar chart per figure: its years and the whole period, against its target lines. */
export function ProgrammeCharts(props: { lang: Lang; report: ProgrammeReport }) {
  const { lang, report } = props;
  const c = CTXT[lang];
  const years = Array.from({ length: report.to - report.from + 1 }, (_, i) => String(report.from + i));
  return (
    <section class="charts">
      <ChartStyle />
      <style dangerouslySetInnerHTML={{ __html: STANDING_CSS }} />
      <h2>{c.charts}</h2>
      <div class="chart-grid">
        {report.figures.map((f, i) => {
          const values = [...years.map((y) => f.perYear[y] ?? null), f.period];
          const yearsText = years.map((y) => `${y}: ${f.perYear[y] ?? c.undated}`).join(', ');
          return (
            <BarChart
              id={`chart-${f.key.replace(/_/g, '-')}`}
              lang={lang}
              title={`${i + 1}. ${f.label[lang]}`}
              desc={c.desc(f, yearsText, targetText(f.target, lang))}
              categories={[...years, c.period]}
              categoryHeader={c.year}
              series={[{ name: c.value, values }]}
              targets={targetLines(f.target, lang)}
              splitLast
            />
          );
        })}
      </div>
    </section>
  );
}

const STANDING_CSS =
  '.standing ul{list-style:none;padding:0}.standing li{margin:.35rem 0}' +
  '.sl{display:inline-block;min-width:8.5rem;padding:0 .4rem;border-radius:3px;font-weight:600;border:1px solid}' +
  '.sl-met{color:#17652a;background:#e6f2e6}.sl-on_track{color:#7a4b00;background:#fff4d6}' +
  '.sl-behind{color:#a4221b;background:#fbe7e5}' +
  '.chart-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(22rem,100%),1fr));gap:0 1.5rem}' +
  '.chart figcaption{font-weight:600}@media print{.chart-grid{grid-template-columns:1fr 1fr}}';
