// The provincial programme report in the console (/console/report): the figures of
// GET /report/programme for a year range, and the printable page and CSV of the same operation
// (format=html, format=csv) and its PDF (format=pdf) served under /console for signed-in staff.
import { Hono } from 'hono';
import { reportOps, reportRecordOps } from '../../http/routes';
import { RECORD_SOURCES } from '../../http/routes/report-records';
import type { AppDeps } from '../../http/types';
import { requireRole } from '../auth';
import type { ConsoleContext, ConsoleEnv, ConsoleModule } from '../env';
import { fieldErrors } from '../form';
import { callOp, downloadOp, jsonAnswer, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { REPORT_TEXTS } from '../texts/report';
import { RecordsView } from './records-view';
import { ReportView } from './views';

async function reportPage(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const t = REPORT_TEXTS[lang];
  const v = { from: c.req.query('from') ?? '', to: c.req.query('to') ?? '' };
  const res = await submitOp(deps, c, reportOps.programme, { query: { from: v.from, to: v.to } });
  // The API's own message says why a range is refused (to before from, too long); any other problem is a bad year.
  const errors = res.ok
    ? {}
    : fieldErrors(res.error, lang, (name, code) => (name === 'to' && code === 'custom' ? undefined : t.yearBad));
  return page(c, {
    title: t.title,
    status: res.ok ? 200 : res.error.status,
    children: <ReportView t={t} lang={lang} values={v} errors={errors} report={res.ok ? jsonAnswer(res.body) : null} />,
  });
}

/** The operation's own printable page or CSV (a Response), passed through. */
function passThrough(deps: AppDeps, c: ConsoleContext, format: 'html' | 'csv' | 'pdf') {
  return downloadOp(deps, c, reportOps.programme, {
    query: {
      from: c.req.query('from'),
      to: c.req.query('to'),
      format,
      lang: format === 'csv' ? undefined : c.get('lang'),
    },
  });
}

/** One figure's records (its drill-down) for the period or a year; the same as CSV. */
async function recordsPage(deps: AppDeps, c: ConsoleContext, key: string, format: 'json' | 'csv') {
  const lang = c.get('lang');
  // Only the figures' own keys reach the operation; anything else is its 404.
  const name = /^[a-z0-9_]{1,60}$/.test(key) ? key : 'unknown';
  const year = c.req.query('year');
  const query = year ? { year, format } : { from: c.req.query('from'), to: c.req.query('to'), format };
  if (format === 'csv') return downloadOp(deps, c, reportRecordOps.records, { params: { key: name }, query });
  const answer = jsonAnswer(await callOp(deps, c, reportRecordOps.records, { params: { key: name }, query }));
  const from = Number(c.req.query('from')) || deps.config.PROGRAMME_FROM_YEAR;
  const to = Number(c.req.query('to')) || deps.config.PROGRAMME_TO_YEAR;
  const source = RECORD_SOURCES[name]!;
  return page(c, {
    title: source.what[lang],
    children: (
      <RecordsView
        lang={lang}
        label={source.what[lang]}
        keyName={name}
        columns={source.columns}
        answer={answer}
        period={{ from: Math.min(from, to), to: Math.max(from, to) }}
      />
    ),
  });
}

const PEOPLE_DRILL_DOWNS: Record<string, string> = {
  association_activity: '/console/activities/without',
  trained_people: '/console/training/untrained',
};

function reportRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));
  r.get('/', (c) => reportPage(deps, c));
  r.get('/print', (c) => passThrough(deps, c, 'html'));
  r.get('/programme.csv', (c) => passThrough(deps, c, 'csv'));
  r.get('/report.pdf', (c) => passThrough(deps, c, 'pdf'));
  r.get('/records/:file{[a-z0-9_]+\\.csv}', (c) => recordsPage(deps, c, c.req.param('file').slice(0, -4), 'csv'));
  r.get('/records/:key', async (c) => {
    // Targets (1) and (2) list their records on the activities' and training's own pages.
    const key = c.req.param('key');
    const own = Object.hasOwn(PEOPLE_DRILL_DOWNS, key) ? PEOPLE_DRILL_DOWNS[key] : undefined;
    if (own) {
      const year = /^\d{4}$/.test(c.req.query('year') ?? '') ? `?year=${c.req.query('year')}` : '';
      return c.redirect(`${own}${year}`, 303);
    }
    return recordsPage(deps, c, key, 'json');
  });
  return r;
}

export const reportModule: ConsoleModule = {
  path: '/report',
  routes: reportRoutes,
  nav: [{ href: '/report', label: inLanguages(REPORT_TEXTS, (t) => t.navLabel), roles: ['staff', 'admin'] }],
};
