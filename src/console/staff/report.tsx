// The provincial programme report in the console: the figures of GET /report/programme per year
// and for the period beside their targets, a year-range form, and the printable page and CSV of
// the same operation (format=html, format=csv) served under /console for signed-in staff.
import { Hono } from 'hono';
import type { ProgrammeReport } from '../../db/report-store';
import { reportOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatTime, type Lang } from '../../pages/i18n';
import { ProgrammeFigureTable } from '../../pages/report';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { fieldErrors } from '../form';
import { downloadOp, jsonAnswer, submitOp } from '../ops';
import { page } from '../render';
import { Notice } from '../ui/blocks';
import { Field } from '../ui/fields';
import { qs } from '../ui/links';
import { StaffStyle } from '../ui/styles';

const TXT = {
  vi: {
    title: 'Báo cáo tiến độ Đề án OCOP',
    intro: 'Số liệu đo từ dữ liệu truy xuất, theo từng năm và cả giai đoạn, so với chỉ tiêu của tỉnh.',
    from: 'Từ năm',
    to: 'Đến năm',
    show: 'Xem báo cáo',
    result: 'Kết quả',
    met: 'Đạt',
    unmet: 'Chưa đạt',
    rules: 'Cách tính từng số liệu',
    generated: 'Lập lúc',
    print: 'Bản để in',
    csv: 'Tải bảng CSV',
    yearBad: 'Năm gồm 4 chữ số, từ 2000 đến 2100',
    contract: (m: number) => `Vùng nguyên liệu ổn định: hợp đồng liên kết từ ${m} tháng trở lên.`,
  },
  en: {
    title: 'OCOP programme progress report',
    intro: 'Figures measured from the traceability data, per year and for the whole period, against the provincial targets.',
    from: 'From year',
    to: 'To year',
    show: 'Show the report',
    result: 'Result',
    met: 'Met',
    unmet: 'Not met',
    rules: 'How each figure is counted',
    generated: 'Generated',
    print: 'Printable page',
    csv: 'Download CSV',
    yearBad: 'A year has 4 digits, from 2000 to 2100',
    contract: (m: number) => `Stable raw-material area: a supply contract of ${m} months or more.`,
  },
} as const;

const base = `${CONSOLE_BASE}/report`;
const REPORT_CSS = `.rep td,.rep th{text-align:right;white-space:nowrap}.rep th:first-child{text-align:left;white-space:normal}.met{color:#17652a;font-weight:600}.unmet{color:#a4221b;font-weight:600}`;

function ReportTable(props: { lang: Lang; report: ProgrammeReport }) {
  const t = TXT[props.lang];
  return (
    <div class="tbl" tabindex={0}>
      <ProgrammeFigureTable lang={props.lang} report={props.report} resultHeader={t.result} yes={t.met} no={t.unmet} />
    </div>
  );
}

async function reportPage(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const t = TXT[lang];
  const v = { from: c.req.query('from') ?? '', to: c.req.query('to') ?? '' };
  const res = await submitOp(deps, c, reportOps.programme, { query: { from: v.from, to: v.to } });
  const errors = res.ok ? {} : fieldErrors(res.error, lang, (name, code) => (name === 'to' && code === 'custom' ? undefined : t.yearBad));
  const report = res.ok ? jsonAnswer(res.body) : null;
  const range = report ? { from: String(report.from), to: String(report.to) } : v;
  return page(c, {
    title: t.title,
    status: res.ok ? 200 : res.error.status,
    children: (
      <>
        <StaffStyle />
        <style dangerouslySetInnerHTML={{ __html: REPORT_CSS }} />
        <h1>{t.title}{report ? ` ${report.from}–${report.to}` : ''}</h1>
        <p>{t.intro}</p>
        <form method="get" action={base} class="actions">
          <div class="grid">
            <Field name="from" label={t.from} value={v.from || range.from} error={errors.from} inputmode="numeric" maxlength={4} />
            <Field name="to" label={t.to} value={v.to || range.to} error={errors.to} inputmode="numeric" maxlength={4} />
          </div>
          <button type="submit">{t.show}</button>
        </form>
        {errors._form ? <Notice kind="error"><p>{errors._form}</p></Notice> : null}
        {report ? (
          <>
            <p class="actions">
              <a href={`${base}/print${qs({ ...range, lang })}`}>{t.print}</a>
              <a href={`${base}/programme.csv${qs(range)}`}>{t.csv}</a>
            </p>
            <ReportTable lang={lang} report={report} />
            <p class="muted">{t.generated}: {formatTime(lang, report.generatedAt)} · {t.contract(report.settings.stableContractMonths)}</p>
            <section>
              <h2>{t.rules}</h2>
              <ol>{report.figures.map((f) => <li><b>{f.label[lang]}</b>: {f.rule[lang]}</li>)}</ol>
            </section>
          </>
        ) : null}
      </>
    ),
  });
}

/** The operation's own printable page or CSV (a Response), passed through. */
function passThrough(deps: AppDeps, c: ConsoleContext, format: 'html' | 'csv') {
  return downloadOp(deps, c, reportOps.programme, {
    query: { from: c.req.query('from'), to: c.req.query('to'), format, lang: format === 'html' ? c.get('lang') : undefined },
  });
}

function reportRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));
  r.get('/', (c) => reportPage(deps, c));
  r.get('/print', (c) => passThrough(deps, c, 'html'));
  r.get('/programme.csv', (c) => passThrough(deps, c, 'csv'));
  return r;
}

export const reportModule: ConsoleModule = {
  path: '/report',
  routes: reportRoutes,
  nav: [{ href: '/report', label: { vi: 'Báo cáo', en: 'Report' }, roles: ['staff', 'admin'] }],
};
