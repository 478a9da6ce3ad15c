// The OCOP product pipeline in the console (/console/pipeline), for association staff: the board
// of a registration year (GET /pipeline and the candidates of the year), the registration form
// (POST /candidates) and each candidate with the form for its next stage (POST /candidates/{id}/stages).
import { Hono } from 'hono';
import { vietnamToday } from '../../domain/calendar';
import { candidateOps, organizationOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { fieldErrors, num, opt, readForm, values, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { PIPELINE_TEXTS } from '../texts/pipeline';
import { CANDIDATE_FIELDS, CandidateForm, CandidatePage, PipelineBoard, STAGE_FIELDS } from './views';

const UUID = /^[0-9a-f-]{36}$/i;

function pipelineRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));

  r.get('/', async (c) => {
    const lang = c.get('lang');
    const t = PIPELINE_TEXTS[lang];
    const asked = /^\d{4}$/.exec(c.req.query('year') ?? '')?.[0];
    const year = asked ?? vietnamToday(deps.clock()).slice(0, 4);
    const [board, candidates] = await Promise.all([
      callOp(deps, c, candidateOps.pipeline, { query: { year } }),
      fetchAll(deps, c, candidateOps.list, { year }, 500),
    ]);
    const done = c.req.query('done') === 'created' ? t.created : undefined;
    return page(c, {
      title: t.title,
      children: <PipelineBoard t={t} lang={lang} year={board.year} board={board} candidates={candidates} done={done} />,
    });
  });

  const form = async (c: ConsoleContext, v: Record<string, string>, errors: FieldErrors = {}, status?: number) => {
    const t = PIPELINE_TEXTS[c.get('lang')];
    const orgs = await fetchAll(deps, c, organizationOps.list);
    const option = (o: { id: string; name: string }) => ({ value: o.id, label: o.name });
    return page(c, {
      title: t.newCandidate,
      status,
      children: (
        <CandidateForm
          t={t}
          csrf={c.get('session')?.csrfToken}
          organizations={orgs.filter((o) => o.kind !== 'association_unit').map(option)}
          units={orgs.filter((o) => o.kind === 'association_unit').map(option)}
          values={v}
          errors={errors}
        />
      ),
    });
  };

  r.get('/new', (c) => form(c, { yearRegistered: vietnamToday(deps.clock()).slice(0, 4) }));
  r.post('/new', async (c) => {
    const v = values(await readForm(c), CANDIDATE_FIELDS);
    const res = await submitOp(deps, c, candidateOps.create, {
      body: {
        productName: v.productName,
        organizationId: opt(v.organizationId) ?? null,
        householdName: opt(v.householdName) ?? null,
        yearRegistered: num(v.yearRegistered) as number,
        supportingUnitId: v.supportingUnitId,
        commune: v.commune,
        note: opt(v.note) ?? null,
      },
    });
    if (!res.ok) return form(c, v, fieldErrors(res.error, c.get('lang')), res.error.status);
    return c.redirect(`${CONSOLE_BASE}/pipeline/${res.body.id}?done=created`, 303);
  });

  const candidatePage = async (
    c: ConsoleContext,
    id: string,
    v: Record<string, string>,
    errors: FieldErrors = {},
    status?: number,
  ) => {
    const lang = c.get('lang');
    const t = PIPELINE_TEXTS[lang];
    const candidate = await callOp(deps, c, candidateOps.get, { params: { id } });
    const done = { created: t.created, stage: t.stageAdded }[c.req.query('done') ?? ''];
    return page(c, {
      title: candidate.productName,
      status,
      children: (
        <CandidatePage
          t={t}
          lang={lang}
          csrf={c.get('session')?.csrfToken}
          candidate={candidate}
          values={v}
          errors={errors}
          done={done}
        />
      ),
    });
  };

  r.get('/:id', (c) => candidatePage(c, c.req.param('id'), { reachedOn: vietnamToday(deps.clock()) }));
  r.post('/:id/stages', async (c) => {
    const id = c.req.param('id');
    const lang = c.get('lang');
    const v = values(await readForm(c), STAGE_FIELDS);
    const res = await submitOp(deps, c, candidateOps.addStage, {
      params: { id: UUID.test(id) ? id : '' },
      body: { stage: v.stage as never, reachedOn: v.reachedOn, note: opt(v.note) ?? null },
    });
    if (!res.ok) {
      const errors =
        res.error.code === 'CONFLICT' ? { _form: PIPELINE_TEXTS[lang].stageBack } : fieldErrors(res.error, lang);
      return candidatePage(c, id, v, errors, res.error.status);
    }
    return c.redirect(`${CONSOLE_BASE}/pipeline/${res.body.id}?done=stage`, 303);
  });
  return r;
}

export const pipelineModule: ConsoleModule = {
  path: '/pipeline',
  routes: pipelineRoutes,
  nav: [{ href: '/pipeline', label: inLanguages(PIPELINE_TEXTS, (t) => t.navLabel), roles: ['staff', 'admin'] }],
};
