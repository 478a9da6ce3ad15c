// The printable programme report (GET /api/v1/report/programme?format=html): one table of the
// figures per year and for the period next to the target, then each figure's rule. No script, no
// external resource; every text is a JSX child, so hono/jsx escapes it. Print CSS: A4 landscape,
// no header links, the table kept whole.
import type { ProgrammeReport, ProgrammeTarget } from '../db/report-store';
import { formatNumber, formatTime, type Lang } from './i18n';
import { Layout } from './layout';

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
  return `${main} ${per}${extra}`;
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
      <ProgrammeFigureTable lang={lang} report={report} resultHeader={t.met} yes={t.yes} no={t.no} />
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
