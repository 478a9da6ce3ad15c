// The programme report page: the year-range form, the figures per year and for the period beside
// their targets (the public report's own table), and how each figure is counted.
import type { ProgrammeReport } from '../../db/report-store';
import { formatNumber, formatTime, type Lang } from '../../pages/i18n';
import { ProgrammeCharts, ProgrammeSummary, targetText } from '../../pages/report';
import { ConsolePipeline } from './records-view';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { ReportTexts } from '../texts/report';
import { Notice, Table } from '../ui/blocks';
import { Field } from '../ui/fields';
import { qs } from '../ui/links';
import { StaffStyle } from '../ui/styles';

const base = `${CONSOLE_BASE}/report`;
const REPORT_CSS =
  '@media (min-width:40.01rem){.rep td{text-align:right;white-space:nowrap}}' +
  '.met{color:#17652a;font-weight:600}.unmet{color:#a4221b;font-weight:600}' +
  '.legend{list-style:none;padding:0;font-size:.9rem}';

/** A figure against its target: coloured and marked ✓/✗ with words for screen readers (never colour alone). */
function Mark(props: { t: ReportTexts; ok: boolean | undefined; children: string }) {
  if (props.ok === undefined) return <>{props.children}</>;
  return (
    <span class={props.ok ? 'met' : 'unmet'}>
      {props.children} <span aria-hidden="true">{props.ok ? '✓' : '✗'}</span>
      <span class="sr">{` (${props.ok ? props.t.markMet : props.t.markUnmet})`}</span>
    </span>
  );
}

/** The figures per year and for the period beside their targets; on a phone each figure is a card. */
function FigureTable(props: { t: ReportTexts; lang: Lang; report: ProgrammeReport }) {
  const { t, lang, report } = props;
  const years = Array.from({ length: report.to - report.from + 1 }, (_, i) => String(report.from + i));
  const n = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatNumber(lang, v, 0));
  return (
    <Table class="rep" head={[t.figure, ...years.map((y) => t.year(y)), t.period, t.target, t.result]}>
      {report.figures.map((f, i) => (
        <tr>
          <th scope="row">
            {i + 1}.{' '}
            {f.records ? (
              <a href={`${base}/records/${f.key}${qs({ from: String(report.from), to: String(report.to) })}`}>
                {f.label[lang]}
              </a>
            ) : (
              f.label[lang]
            )}
          </th>
          {years.map((y) => (
            <td>
              <Mark t={t} ok={f.metPerYear?.[y]}>
                {n(f.perYear[y])}
              </Mark>
            </td>
          ))}
          <td>
            <b>{n(f.period)}</b>
          </td>
          <td>{targetText(f.target, lang)}</td>
          <td>
            <Mark t={t} ok={f.met}>
              {f.met ? t.met : t.unmet}
            </Mark>
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function ReportView(props: {
  t: ReportTexts;
  lang: Lang;
  values: { from: string; to: string };
  errors: FieldErrors;
  report: ProgrammeReport | null;
}) {
  const { t, lang, values: v, errors, report } = props;
  const range = report ? { from: String(report.from), to: String(report.to) } : v;
  return (
    <>
      <StaffStyle />
      <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
      <h1>
        {t.title}
        {report ? ` ${report.from}–${report.to}` : ''}
      </h1>
      <p>{t.intro}</p>
      <form method="get" action={base} class="actions">
        <div class="grid">
          <Field
            name="from"
            label={t.fromYear}
            value={v.from || range.from}
            error={errors.from}
            inputmode="numeric"
            maxlength={4}
          />
          <Field
            name="to"
            label={t.toYear}
            value={v.to || range.to}
            error={errors.to}
            inputmode="numeric"
            maxlength={4}
          />
        </div>
        <button type="submit">{t.show}</button>
      </form>
      {errors._form ? (
        <Notice kind="error">
          <p>{errors._form}</p>
        </Notice>
      ) : null}
      {report ? (
        <>
          <p class="actions">
            <a href={`${base}/print${qs({ ...range, lang })}`}>{t.print}</a>
            <a href={`${base}/programme.csv${qs(range)}`}>{t.csv}</a>
            <a href={`${base}/report.pdf${qs({ ...range, lang })}`}>{t.pdf}</a>
          </p>
          <ProgrammeSummary lang={lang} report={report} />
          <ul class="legend" aria-label={t.legendTitle}>
            <li>
              <span class="unmet">✗</span> {t.legendUnmet}
            </li>
            <li>
              <span class="met">✓</span> {t.legendMet}
            </li>
            <li>{t.legendNone}</li>
          </ul>
          <FigureTable t={t} lang={lang} report={report} />
          {report.pipeline ? (
            <ConsolePipeline
              lang={lang}
              pipeline={report.pipeline}
              recordsHref={`${base}/records/ocop_candidates${qs(range)}`}
            />
          ) : null}
          <p class="muted">
            {t.generated}: {formatTime(lang, report.generatedAt)} · {t.contract(report.settings.stableContractMonths)}
          </p>
          <ProgrammeCharts lang={lang} report={report} />
          <section>
            <h2>{t.rules}</h2>
            <ol>
              {report.figures.map((f) => (
                <li>
                  <b>{f.label[lang]}</b>: {f.rule[lang]}
                </li>
              ))}
            </ol>
          </section>
        </>
      ) : null}
    </>
  );
}
