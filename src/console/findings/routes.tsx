// Findings of the raw-material link checks for association staff (/console/findings): the list
// with its filters and counts, "run the checks now", one finding, and acknowledging or resolving
// it with a note; and the staff's home panel of what needs attention. Everything runs the /checks
// and /findings operations.
import { Hono } from 'hono';
import type { Organization } from '../../db/organizations-store';
import { checkOps, organizationOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { field, fieldErrors, readForm } from '../form';
import { callOp, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { FINDING_TEXTS } from '../texts/findings';
import { countParam, qs } from '../ui/links';
import { AttentionPanel, FILTERS, FindingsPage, FindingView, type ReviewState } from './views';
import { RULES } from '../../checks/rules';
import { CHECK_RUN_TEXTS } from '../texts/check-runs';
import { CheckRunPage, RUN_REFRESH_SECONDS } from './run-view';

const base = `${CONSOLE_BASE}/findings`;

/** Findings that need attention (still found, not resolved), by severity, and when the checks last ran. */
async function attention(deps: AppDeps, c: ConsoleContext) {
  const counts = await callOp(deps, c, checkOps.findingCounts);
  return { counts: counts.needAttention, lastRun: counts.lastRun };
}

/** Cooperatives and other producers (not association units), for the filter and for names. */
async function producers(deps: AppDeps, c: ConsoleContext): Promise<Organization[]> {
  const p = await callOp(deps, c, organizationOps.list, { query: { limit: '200' } });
  return p.items.filter((o) => o.kind !== 'association_unit').sort((a, b) => a.name.localeCompare(b.name, 'vi'));
}

/** The notice after "run the checks now" redirected here with the run's counts, or refused (a run in progress). */
function ranNotice(c: ConsoleContext): string | null {
  if (c.req.query('busy') === '1') return FINDING_TEXTS[c.get('lang')].busy;
  const ran = ['found', 'new', 'reopened', 'cleared', 'attention'].map((k) => countParam(c.req.query(k)));
  if (c.req.query('ran') !== '1' || !ran.every((n) => n !== null)) return null;
  const [found, added, reopened, cleared, attention] = ran;
  const counts = { found: found!, new: added!, reopened: reopened!, cleared: cleared!, attention: attention! };
  return FINDING_TEXTS[c.get('lang')].ran(counts);
}

async function listPage(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const t = FINDING_TEXTS[lang];
  const v: Record<string, string> = Object.fromEntries(FILTERS.map((k) => [k, c.req.query(k) ?? '']));
  const [list, counts, orgs, settings] = await Promise.all([
    submitOp(deps, c, checkOps.listFindings, { query: { ...v, cursor: c.req.query('cursor'), limit: '50' } }),
    attention(deps, c),
    producers(deps, c),
    callOp(deps, c, checkOps.settings),
  ]);
  const next = list.ok && list.body.nextCursor ? `${base}${qs({ ...v, cursor: list.body.nextCursor })}` : null;
  return page(c, {
    title: t.title,
    status: list.ok ? 200 : list.error.status,
    children: (
      <FindingsPage
        t={t}
        lang={lang}
        csrf={c.get('session')?.csrfToken}
        notice={ranNotice(c)}
        counts={counts.counts}
        lastRun={counts.lastRun}
        filters={v}
        errors={list.ok ? {} : fieldErrors(list.error, lang)}
        rules={settings.rules}
        orgs={orgs}
        list={list.ok ? { items: list.body.items, next } : null}
      />
    ),
  });
}

async function findingPage(deps: AppDeps, c: ConsoleContext, id: string, st: ReviewState = {}) {
  const t = FINDING_TEXTS[c.get('lang')];
  const f = await callOp(deps, c, checkOps.getFinding, { params: { id } });
  return page(c, {
    title: f.title[c.get('lang')],
    status: st.status,
    children: <FindingView t={t} lang={c.get('lang')} csrf={c.get('session')?.csrfToken} f={f} st={st} />,
  });
}

async function review(deps: AppDeps, c: ConsoleContext, id: string, action: 'acknowledge' | 'resolve') {
  const t = FINDING_TEXTS[c.get('lang')];
  const note = field(await readForm(c), 'note');
  const res = await submitOp(deps, c, checkOps[action], { params: { id }, body: { note } });
  if (res.ok) return c.redirect(`${base}/${id}?done=${action === 'acknowledge' ? 'acknowledged' : 'resolved'}`, 303);
  const errors = fieldErrors(res.error, c.get('lang'), (name, code) =>
    name === 'note' ? (code === 'too_big' ? t.noteTooLong : t.noteNeeded) : undefined,
  );
  return findingPage(deps, c, id, { action, note, error: errors.note ?? errors._form, status: res.error.status });
}

function findingsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));
  r.get('/', (c) => listPage(deps, c));
  // Starts the run in the background and shows its page, which reloads itself until the result.
  r.post('/run', async (c) => {
    const res = await submitOp(deps, c, checkOps.startRun, { body: {} });
    if (!res.ok) {
      if (res.error.code !== 'CHECK_RUN_IN_PROGRESS') throw res.error;
      // the run in progress, when it was started from here too; else the notice that one runs
      const running = (res.error.details as { runId?: string } | undefined)?.runId;
      return c.redirect(running ? `${base}/runs/${running}` : `${base}${qs({ busy: '1' })}`, 303);
    }
    return c.redirect(`${base}/runs/${res.body.id}`, 303);
  });
  r.get('/runs/:id', async (c) => {
    const lang = c.get('lang');
    const t = CHECK_RUN_TEXTS[lang];
    const run = await callOp(deps, c, checkOps.getRun, { params: { id: c.req.param('id') } });
    const titles = new Map(RULES.map((x) => [x.code, x.title[lang]]));
    const running = run.status === 'running';
    return page(c, {
      title: running ? t.runningTitle : run.status === 'done' ? t.doneTitle : t.failedTitle,
      refreshSeconds: running ? RUN_REFRESH_SECONDS : undefined,
      children: (
        <CheckRunPage
          t={t}
          ft={FINDING_TEXTS[lang]}
          lang={lang}
          csrf={c.get('session')?.csrfToken}
          run={run}
          titles={titles}
        />
      ),
    });
  });
  r.get('/:id', (c) => findingPage(deps, c, c.req.param('id'), { done: c.req.query('done') }));
  r.post('/:id/acknowledge', (c) => review(deps, c, c.req.param('id'), 'acknowledge'));
  r.post('/:id/resolve', (c) => review(deps, c, c.req.param('id'), 'resolve'));
  return r;
}

export const findingsModule: ConsoleModule = {
  path: '/findings',
  routes: findingsRoutes,
  nav: [{ href: '/findings', label: inLanguages(FINDING_TEXTS, (t) => t.navLabel), roles: ['staff', 'admin'] }],
  async home(c, deps) {
    const role = c.get('actor')?.role;
    if (role !== 'staff' && role !== 'admin') return null;
    const a = await attention(deps, c);
    return (
      <AttentionPanel
        t={FINDING_TEXTS[c.get('lang')]}
        lang={c.get('lang')}
        counts={a.counts}
        lastRun={a.lastRun}
        csrf={c.get('session')?.csrfToken}
      />
    );
  },
};
