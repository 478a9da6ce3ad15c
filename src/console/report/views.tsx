// The programme report page: the year-range form, the figures per year and for the period beside
// their targets (the public report's own table), and how each figure is counted.
import type { ProgrammeReport } from '../../db/report-store';
import { formatTime, type Lang } from '../../pages/i18n';
import { ProgrammeFigureTable } from '../../pages/report';
import { CONSOLE_BASE } from '../env';
import type { FieldErrors } from '../form';
import type { ReportTexts } from '../texts/report';
import { Notice } from '../ui/blocks';
import { Field } from '../ui/fields';
import { qs } from '../ui/links';
import { StaffStyle } from '../ui/styles';

const base = `${CONSOLE_BASE}/report`;
const REPORT_CSS =
  '.rep td,.rep th{text-align:right;white-space:nowrap}.rep th:first-child{text-align:left;white-space:normal}' +
  '.met{color:#17652a;font-weight:600}.unmet{color:#a4221b;font-weight:600}';

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
          </p>
          <div class="tbl" tabindex={0}>
            <ProgrammeFigureTable lang={lang} report={report} resultHeader={t.result} yes={t.met} no={t.unmet} />
          </div>
          <p class="muted">
            {t.generated}: {formatTime(lang, report.generatedAt)} · {t.contract(report.settings.stableContractMonths)}
          </p>
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
