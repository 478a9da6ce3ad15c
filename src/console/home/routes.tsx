// GET /console: who is signed in, the panels modules contribute for this role, and what they
// may open; and the cooperative operator's panel, read through the API's operations.
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import { vietnamToday } from '../../domain/calendar';
import { batchOps, chartOps, fakeReportOps, printRunOps, productOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { ownOrg } from '../auth';
import type { ConsoleContext, ConsoleEnv, ConsoleModule } from '../env';
import { callOp, fetchAll } from '../ops';
import { page } from '../render';
import { CHART_TEXTS } from '../texts/charts';
import { HOME_TEXTS } from '../texts/home';
import { StaffChartsPanel } from './charts';
import { CoopPanel, HomeView } from './views';

export function homeRoutes(deps: AppDeps, modules: readonly ConsoleModule[]) {
  const r = new Hono<ConsoleEnv>();
  r.get('/', async (c) => {
    const t = HOME_TEXTS[c.get('lang')];
    const s = c.get('session')!;
    const panels: Child[] = [];
    for (const m of modules) {
      if (!m.home) continue;
      const panel = await m.home(c, deps);
      if (panel !== null && panel !== undefined) panels.push(panel);
    }
    if (s.role === 'staff' || s.role === 'admin') {
      const d = await callOp(deps, c, chartOps.staff, { query: {} });
      panels.push(<StaffChartsPanel t={CHART_TEXTS[c.get('lang')]} lang={c.get('lang')} d={d} />);
    }
    const nav = (c.get('nav') ?? []).filter((n) => n.roles.includes(s.role));
    return page(c, {
      title: t.home,
      children: <HomeView t={t} lang={c.get('lang')} session={s} panels={panels} nav={nav} />,
    });
  });
  return r;
}

/** The cooperative operator's section of the home page (nothing for other roles). */
export async function coopHomePanel(c: ConsoleContext, deps: AppDeps): Promise<Child | null> {
  if (c.get('actor')?.role !== 'cooperative') return null;
  const org = ownOrg(c);
  const [products, drafts, runs, scans, reports, charts] = await Promise.all([
    fetchAll(deps, c, productOps.list, {}, 200),
    callOp(deps, c, batchOps.list, { query: { status: 'draft', order: 'newest', limit: '10' } }),
    callOp(deps, c, printRunOps.list, { query: { order: 'newest', limit: '5' } }),
    callOp(deps, c, fakeReportOps.scansOfOrganization, { params: { id: org }, query: { limit: '10' } }),
    callOp(deps, c, fakeReportOps.ofOrganization, { params: { id: org }, query: { limit: '5' } }),
    callOp(deps, c, chartOps.organization, { params: { id: org }, query: {} }),
  ]);
  const data = {
    products,
    drafts: drafts.items,
    runs: runs.items,
    scans: scans.items,
    reports: reports.items,
    day: vietnamToday(deps.clock()),
    charts,
  };
  return <CoopPanel t={HOME_TEXTS[c.get('lang')]} lang={c.get('lang')} d={data} />;
}
