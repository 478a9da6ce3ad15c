// Recalls for association staff (/console/recall), with the impact shown before anyone confirms:
// step 1 names the origin (an area over harvest dates, a harvest lot, or one batch) with the
// reason, authority and date; step 2 previews what it would reach (POST /recalls/preview);
// confirming runs POST /recalls or POST /batches/{id}/recall and shows the counts on the
// origin's status page, where the recall can also be lifted with a reason.
import { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { HarvestLot } from '../../db/harvests-store';
import { vietnamToday } from '../../domain/calendar';
import { areaOps, batchOps, harvestOps, recallOps, traceOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { requireRole } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { field, fieldErrors, readForm, values, type FieldErrors } from '../form';
import { areaChoices } from '../lookups';
import { callOp, jsonAnswer, submitOp, type Submitted } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { RECALL_TEXTS } from '../texts/recall';
import { countParam, qs } from '../ui/links';
import {
  base,
  FORM_FIELDS,
  formErrors,
  isOrigin,
  kindOf,
  originLabel,
  originOf,
  previewBody,
  viewHref,
  viewOrigin,
  type Origin,
  type RecallPreview,
} from './origin';
import {
  BatchRecalls,
  OriginBatches,
  PreviewView,
  RecallStatusView,
  StepOneView,
  type LiftState,
  type StepOneChoices,
} from './views';

type StepOneState = { values?: Record<string, string>; errors?: FieldErrors; status?: number };

/** What step 1 offers for the values given: the lot's area when only a lot is named, and that area's lots. */
async function stepOneChoices(deps: AppDeps, c: ConsoleContext, v: Record<string, string>): Promise<StepOneChoices> {
  let lot: HarvestLot | null = null;
  if (v.harvestLotId) {
    lot = await callOp(deps, c, harvestOps.get, { params: { id: v.harvestLotId } });
    v.areaId ||= lot.areaId;
  }
  const [areas, lots, batch] = await Promise.all([
    areaChoices(deps, c),
    v.areaId
      ? callOp(deps, c, harvestOps.list, { query: { areaId: v.areaId, limit: '200' } }).then((p) => p.items)
      : ([] as HarvestLot[]),
    v.batchId
      ? callOp(deps, c, traceOps.backward, { query: { batchId: v.batchId, depth: '1' } }).then(
          (a) => jsonAnswer(a).batch,
        )
      : null,
  ]);
  if (v.areaId && !areas.items.some((a) => a.id === v.areaId)) {
    const a = await callOp(deps, c, areaOps.get, { params: { id: v.areaId } });
    areas.items.unshift({ id: a.id, code: a.code, name: a.name, province: a.province, commune: a.commune });
  }
  if (lot && !lots.some((l) => l.id === lot.id)) lots.unshift(lot);
  return { areas: areas.items, lots, batch };
}

async function stepOnePage(deps: AppDeps, c: ConsoleContext, s: StepOneState = {}) {
  const t = RECALL_TEXTS[c.get('lang')];
  const v: Record<string, string> = { recalledOn: vietnamToday(deps.clock()), ...s.values };
  const d = await stepOneChoices(deps, c, v);
  return page(c, {
    title: t.title,
    status: s.status,
    children: (
      <StepOneView t={t} lang={c.get('lang')} csrf={c.get('session')?.csrfToken} v={v} e={s.errors ?? {}} d={d} />
    ),
  });
}

async function previewPage(
  deps: AppDeps,
  c: ConsoleContext,
  o: Origin,
  v: Record<string, string>,
  p: RecallPreview,
  needsConfirm = false,
) {
  const t = RECALL_TEXTS[c.get('lang')];
  const named: Record<string, string> =
    o.kind === 'area'
      ? { areaId: o.id, from: o.from ?? '', to: o.to ?? '' }
      : o.kind === 'harvest_lot'
        ? { harvestLotId: o.id }
        : { batchId: o.id };
  const carried: Record<string, string> = {
    kind: o.kind,
    reason: v.reason ?? '',
    authority: v.authority ?? '',
    recalledOn: v.recalledOn ?? '',
    ...named,
  };
  const label = await originLabel(deps, c, o, p);
  return page(c, {
    title: t.previewTitle,
    status: needsConfirm ? 400 : undefined,
    children: (
      <PreviewView
        t={t}
        lang={c.get('lang')}
        csrf={c.get('session')?.csrfToken}
        label={label}
        v={v}
        carried={carried}
        p={p}
        needsConfirm={needsConfirm}
      />
    ),
  });
}

/** The notice after a recall or a lift redirected here with its counts. */
function statusNotice(c: ConsoleContext): Child | null {
  const t = RECALL_TEXTS[c.get('lang')];
  const q = (k: string) => countParam(c.req.query(k));
  const done = c.req.query('done');
  const counts = {
    batches: q('batches'),
    alreadyRecalled: q('alreadyRecalled'),
    printRuns: q('printRuns'),
    stamps: q('stamps'),
    stampsScanned: q('stampsScanned'),
  };
  if (done === 'recalled' && Object.values(counts).every((x) => x !== null)) {
    const buyers = q('buyersNotified');
    return (
      <>
        {t.recalledDone(counts as Record<keyof typeof counts, number>)}
        {buyers ? (
          <>
            {' '}
            {t.buyersNotified(buyers)} <a href={`${CONSOLE_BASE}/recall-notices?all=yes`}>{t.noticesLink}</a>
          </>
        ) : null}
      </>
    );
  }
  return done === 'lifted' && q('lifted') !== null ? t.liftedDone(q('lifted')!) : null;
}

async function statusPage(deps: AppDeps, c: ConsoleContext, o: Origin, s: LiftState = {}) {
  const lang = c.get('lang');
  const t = RECALL_TEXTS[lang];
  const csrf = c.get('session')?.csrfToken;
  const label = await originLabel(deps, c, o);
  let body: Child;
  if (o.kind === 'batch') {
    const [batch, traced] = await Promise.all([
      callOp(deps, c, batchOps.get, { params: { id: o.id } }),
      callOp(deps, c, traceOps.backward, { query: { batchId: o.id, depth: '1' } }),
    ]);
    const gtin = jsonAnswer(traced).batch.product.gtin;
    body = <BatchRecalls t={t} lang={lang} csrf={csrf} batch={batch} gtin={gtin} s={s} />;
  } else {
    const query = o.kind === 'area' ? { areaId: o.id, from: o.from, to: o.to } : { harvestLotId: o.id };
    const fwd = jsonAnswer(await callOp(deps, c, traceOps.forward, { query }));
    const range = o.kind === 'area' ? { from: o.from ?? '', to: o.to ?? '' } : { from: '', to: '' };
    const lift = { kind: o.kind, id: o.id, ...range };
    const whole = `${CONSOLE_BASE}/trace/forward${qs(o.kind === 'area' ? { areaId: o.id, from: o.from, to: o.to } : { harvestLotId: o.id })}`;
    body = (
      <OriginBatches
        t={t}
        lang={lang}
        csrf={csrf}
        batches={fwd.batches}
        totals={fwd.totals}
        whole={whole}
        lift={lift}
        s={s}
      />
    );
  }
  return page(c, {
    title: t.viewTitle,
    status: s.status,
    children: (
      <RecallStatusView t={t} label={label} notice={statusNotice(c)} s={s}>
        {body}
      </RecallStatusView>
    ),
  });
}

async function preview(deps: AppDeps, c: ConsoleContext, needsConfirm = false, form?: FormData) {
  const v = values(form ?? (await readForm(c)), FORM_FIELDS);
  const origin = await originOf(deps, c, v);
  if (!isOrigin(origin)) return stepOnePage(deps, c, { values: v, errors: origin, status: 400 });
  const res = await submitOp(deps, c, recallOps.preview, { body: previewBody(origin, v) });
  if (!res.ok) {
    const errors = formErrors(res.error, c.get('lang'), origin.kind);
    return stepOnePage(deps, c, { values: v, errors, status: res.error.status });
  }
  return previewPage(deps, c, origin, v, res.body, needsConfirm);
}

async function confirm(deps: AppDeps, c: ConsoleContext) {
  const lang = c.get('lang');
  const form = await readForm(c);
  // A recall takes effect at once: only the preview's red button (confirm=yes) recalls; anything else previews.
  if (field(form, 'confirm') !== 'yes') return preview(deps, c, true, form);
  const v = values(form, FORM_FIELDS);
  const origin = await originOf(deps, c, v);
  if (!isOrigin(origin)) return stepOnePage(deps, c, { values: v, errors: origin, status: 400 });
  const refused = (kind: typeof origin.kind, res: { error: Parameters<typeof formErrors>[0] }) =>
    stepOnePage(deps, c, { values: v, errors: formErrors(res.error, lang, kind), status: res.error.status });
  const body = { reason: v.reason, authority: v.authority, recalledOn: v.recalledOn };
  let counts: Omit<RecallPreview, 'origin' | 'items' | 'buyers' | 'shipments'> & { buyersNotified: number };
  if (origin.kind === 'batch') {
    // One batch: its counts are what the preview says now, and the recall is the batch's own operation.
    const previewed = await submitOp(deps, c, recallOps.preview, { body: previewBody(origin, v) });
    if (!previewed.ok) return refused('batch', previewed);
    const res = await submitOp(deps, c, batchOps.recall, { params: { id: origin.id }, body });
    if (!res.ok) return refused('batch', res);
    // every buyer of the batch gets its notice, as the preview listed them
    counts = { ...previewed.body, buyersNotified: previewed.body.buyers.length };
  } else {
    const res = await submitOp(deps, c, recallOps.propagate, { body: { origin, ...body } });
    if (!res.ok) return refused(origin.kind, res);
    counts = res.body;
  }
  return c.redirect(
    viewHref(origin, {
      done: 'recalled',
      batches: String(counts.batches),
      alreadyRecalled: String(counts.alreadyRecalled),
      printRuns: String(counts.printRuns),
      stamps: String(counts.stamps),
      stampsScanned: String(counts.stampsScanned),
      buyersNotified: String(counts.buyersNotified),
    }),
    303,
  );
}

async function lift(deps: AppDeps, c: ConsoleContext) {
  const t = RECALL_TEXTS[c.get('lang')];
  const v = values(await readForm(c), ['kind', 'id', 'from', 'to', 'recallId', 'reason']);
  const kind = v.kind === 'batch' || v.kind === 'harvest_lot' ? v.kind : 'area';
  const o: Origin =
    kind === 'area'
      ? { kind, id: v.id, ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) }
      : { kind, id: v.id };
  let res: Submitted<{ lifted: number }>;
  if (o.kind === 'batch') {
    const params = { id: o.id, recallId: v.recallId };
    const one = await submitOp(deps, c, batchOps.liftRecall, { params, body: { reason: v.reason } });
    res = one.ok ? { ...one, body: { lifted: 1 } } : one;
  } else {
    res = await submitOp(deps, c, recallOps.lift, { body: { origin: o, reason: v.reason } });
  }
  if (res.ok) return c.redirect(viewHref(o, { done: 'lifted', lifted: String(res.body.lifted) }), 303);
  const errors = fieldErrors(res.error, c.get('lang'), (name) => (name === 'reason' ? t.reasonNeeded : undefined));
  return statusPage(deps, c, o, {
    liftError: errors.reason ?? errors._form,
    liftReason: v.reason,
    recallId: v.recallId || undefined,
    status: res.error.status,
  });
}

function recallRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.use('*', requireRole('staff', 'admin'));
  // Step 1, optionally naming the origin (links from the trace and findings pages).
  r.get('/', (c) => {
    const kind = kindOf(c.req.query('kind'));
    const id = c.req.query('id') ?? '';
    const v: Record<string, string> = {
      kind,
      from: c.req.query('from') ?? '',
      to: c.req.query('to') ?? '',
      areaId: c.req.query('areaId') ?? '',
    };
    if (id) v[kind === 'area' ? 'areaId' : kind === 'harvest_lot' ? 'harvestLotId' : 'batchId'] = id;
    return stepOnePage(deps, c, { values: v });
  });
  // "Change" on the preview: step 1 again with what was typed.
  r.post('/', async (c) => stepOnePage(deps, c, { values: values(await readForm(c), FORM_FIELDS) }));
  r.post('/preview', (c) => preview(deps, c));
  r.post('/confirm', (c) => confirm(deps, c));
  r.get('/view', async (c) => {
    const o = viewOrigin(c);
    if (!o) return c.redirect(base, 303);
    return statusPage(deps, c, o);
  });
  r.post('/lift', (c) => lift(deps, c));
  return r;
}

export const recallModule: ConsoleModule = {
  path: '/recall',
  routes: recallRoutes,
  nav: [{ href: '/recall', label: inLanguages(RECALL_TEXTS, (t) => t.navLabel), roles: ['staff', 'admin'] }],
};
