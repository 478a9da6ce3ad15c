// Print runs of the signed-in cooperative (/console/print-runs): order stamps for a sealed batch,
// download the PDF or the serials (streamed through the operations with the session's rights),
// page through the serials, and activate or void the run or a serial range.
import { Hono } from 'hono';
import { batchOps, printRunOps, productOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import type { Lang } from '../../pages/i18n';
import { coopOnly } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { errorText, field, num, operatorErrors, opt, readForm, values, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { PRINT_RUN_TEXTS } from '../texts/print-runs';
import type { PrintRun } from '../../db/print-runs-store';
import { batchPageHref } from '../ui/links';
import { NewRunForm, RUN_FIELDS, RunList, RunView, VoidConfirm, type RangeState, type VoidRange } from './views';

const SERIALS_PER_PAGE = 50;

/** A template's name in the page's language (its id when the catalogue no longer has it). */
const templateName = (deps: AppDeps, lang: Lang) => (id: string) => deps.labels.templates.get(id)?.name[lang] ?? id;

async function listPage(deps: AppDeps, c: ConsoleContext) {
  const t = PRINT_RUN_TEXTS[c.get('lang')];
  const [runs, products] = await Promise.all([
    callOp(deps, c, printRunOps.list, { query: { order: 'newest', limit: '50', cursor: c.req.query('cursor') } }),
    fetchAll(deps, c, productOps.list, {}, 200),
  ]);
  return page(c, {
    title: t.printRuns,
    children: (
      <RunList
        t={t}
        lang={c.get('lang')}
        runs={runs.items}
        products={products}
        templateName={templateName(deps, c.get('lang'))}
        next={runs.nextCursor}
      />
    ),
  });
}

async function newPage(
  deps: AppDeps,
  c: ConsoleContext,
  v: Record<string, string>,
  errors: FieldErrors = {},
  status?: number,
) {
  const t = PRINT_RUN_TEXTS[c.get('lang')];
  const [batches, products, templates] = await Promise.all([
    fetchAll(deps, c, batchOps.list, { status: 'sealed', order: 'newest' }, 200),
    fetchAll(deps, c, productOps.list, {}, 200),
    callOp(deps, c, printRunOps.templates),
  ]);
  const offers = templates.items.map((info) => ({ info, full: deps.labels.templates.get(info.id) }));
  return page(c, {
    title: t.newRun,
    status,
    children: (
      <NewRunForm
        t={t}
        lang={c.get('lang')}
        csrf={c.get('session')?.csrfToken}
        batches={batches.filter((b) => !b.recalled)}
        products={products}
        templates={offers}
        values={v}
        errors={errors}
      />
    ),
  });
}

async function orderRun(deps: AppDeps, c: ConsoleContext) {
  const v = values(await readForm(c), RUN_FIELDS);
  const res = await submitOp(deps, c, printRunOps.create, {
    // A missing or nonsense count (see num) is the API's schema to refuse, beside the field.
    body: { batchId: v.batchId, templateId: v.templateId, count: num(v.count) as number, note: opt(v.note) ?? null },
  });
  if (res.ok) return c.redirect(`${CONSOLE_BASE}/print-runs/${res.body.id}?done=created`, 303);
  const errors = operatorErrors(res.error, c.get('lang'));
  // Refusals of the batch or of the label template belong beside those fields.
  const beside = ['BATCH_NOT_SEALED', 'BATCH_SUPERSEDED', 'BATCH_RECALLED'].includes(res.error.code)
    ? 'batchId'
    : res.error.code.startsWith('LABEL_')
      ? 'templateId'
      : null;
  if (beside) {
    delete errors._form;
    errors[beside] = errorText(res.error, c.get('lang'));
  }
  if (errors.batchId && !v.batchId) errors.batchId = PRINT_RUN_TEXTS[c.get('lang')].required;
  return newPage(deps, c, v, errors, res.error.status);
}

type RunState = { range?: RangeState; status?: number; notice?: string | undefined; done?: string | undefined };

async function runPage(deps: AppDeps, c: ConsoleContext, id: string, s: RunState = {}) {
  const t = PRINT_RUN_TEXTS[c.get('lang')];
  const run = await callOp(deps, c, printRunOps.get, { params: { id } });
  const cursor = c.req.query('cursor');
  const [batch, stamps, products, pdf] = await Promise.all([
    callOp(deps, c, batchOps.get, { params: { id: run.batchId } }),
    callOp(deps, c, printRunOps.stamps, {
      params: { id },
      query: { limit: String(SERIALS_PER_PAGE), cursor: /^\d{1,9}$/.test(cursor ?? '') ? cursor : undefined },
    }),
    fetchAll(deps, c, productOps.list, {}, 200),
    callOp(deps, c, printRunOps.pdfEstimate, { params: { id } }),
  ]);
  return page(c, {
    title: t.runOf(run.lotCode),
    status: s.status,
    children: (
      <RunView
        t={t}
        lang={c.get('lang')}
        csrf={c.get('session')?.csrfToken}
        run={run}
        batch={batch}
        product={products.find((p) => p.id === batch.productId)}
        templateName={templateName(deps, c.get('lang'))(run.templateId)}
        stamps={stamps}
        paged={!!cursor}
        range={s.range}
        notice={s.notice}
        done={s.done}
        publicHref={batchPageHref(run.gtin, run.lotCode)}
        pdf={pdf}
      />
    ),
  });
}

const RANGE_FIELDS = ['fromSerial', 'toSerial', 'reason'] as const;
type RangeValues = Record<(typeof RANGE_FIELDS)[number], string>;

/**
 * The range typed in, as the operation's serials: each end empty (the run's first or last stamp),
 * a position as the stamp table numbers it (1 to the run's count: "1", "12") or a serial.
 */
async function readRange(deps: AppDeps, c: ConsoleContext, run: PrintRun, v: RangeValues) {
  const t = PRINT_RUN_TEXTS[c.get('lang')];
  const errors: FieldErrors = {};
  const end = async (name: 'fromSerial' | 'toSerial') => {
    const raw = v[name].trim();
    if (!raw) return { position: name === 'fromSerial' ? 1 : run.count, serial: undefined };
    // A position has at most 6 digits (a run has at most 100,000 stamps); a serial has 14 characters.
    if (!/^\d{1,6}$/.test(raw)) return { position: null, serial: raw.toUpperCase() };
    const n = Number(raw);
    if (n < 1 || n > run.count) {
      errors[name] = t.positionOut(run.count);
      return { position: null, serial: undefined };
    }
    const at = await callOp(deps, c, printRunOps.stamps, {
      params: { id: run.id },
      query: { cursor: String(n - 1), limit: '1' },
    });
    return { position: n, serial: at.items[0]?.serial };
  };
  const [from, to] = [await end('fromSerial'), await end('toSerial')];
  if (from.position !== null && to.position !== null && to.position < from.position && !errors.toSerial) {
    errors.toSerial = t.rangeBackwards;
  }
  return {
    body: { fromSerial: from.serial, toSerial: to.serial },
    from: from.position,
    to: to.position,
    errors,
  };
}

/** The run page again with the range form's refusal beside its fields. */
function rangeRefused(deps: AppDeps, c: ConsoleContext, id: string, range: RangeState, status = 400) {
  return runPage(deps, c, id, { range, status });
}

/** Activates the whole run, or the range typed in (positions or serials). */
async function activate(deps: AppDeps, c: ConsoleContext, id: string) {
  // Read first: another cooperative's run answers 404, and nothing is attempted.
  const run = await callOp(deps, c, printRunOps.get, { params: { id } });
  const v = values(await readForm(c), RANGE_FIELDS);
  const r = await readRange(deps, c, run, v);
  if (Object.keys(r.errors).length)
    return rangeRefused(deps, c, id, { action: 'activate', values: v, errors: r.errors });
  const res = await submitOp(deps, c, printRunOps.activate, { params: { id }, body: r.body });
  if (!res.ok) {
    const errors = operatorErrors(res.error, c.get('lang'));
    return rangeRefused(deps, c, id, { action: 'activate', values: v, errors }, res.error.status);
  }
  return c.redirect(`${CONSOLE_BASE}/print-runs/${id}?done=activated&n=${res.body.changed}`, 303);
}

/**
 * Voiding cannot be undone: the form asks (GET) for the confirmation step, which shows the range
 * and the reason with a red button posting confirm=yes. A POST without it voids nothing.
 */
async function voidStamps(deps: AppDeps, c: ConsoleContext, id: string, v: RangeValues, confirmed: boolean) {
  const lang = c.get('lang');
  const t = PRINT_RUN_TEXTS[lang];
  const run = await callOp(deps, c, printRunOps.get, { params: { id } });
  const r = await readRange(deps, c, run, v);
  if (!v.reason.trim()) r.errors.reason = t.reasonNeeded;
  if (Object.keys(r.errors).length) return rangeRefused(deps, c, id, { action: 'void', values: v, errors: r.errors });
  if (confirmed) {
    const res = await submitOp(deps, c, printRunOps.voidStamps, {
      params: { id },
      body: { ...r.body, reason: v.reason },
    });
    if (res.ok) return c.redirect(`${CONSOLE_BASE}/print-runs/${id}?done=voided&n=${res.body.changed}`, 303);
    const errors = operatorErrors(res.error, lang);
    return rangeRefused(deps, c, id, { action: 'void', values: v, errors }, res.error.status);
  }
  const [batch, products] = await Promise.all([
    callOp(deps, c, batchOps.get, { params: { id: run.batchId } }),
    fetchAll(deps, c, productOps.list, {}, 200),
  ]);
  const range: VoidRange = { values: v, from: r.from, to: r.to };
  const posted = c.req.method === 'POST';
  return page(c, {
    title: t.voidConfirmTitle,
    status: posted ? 400 : undefined,
    children: (
      <VoidConfirm
        t={t}
        lang={lang}
        csrf={c.get('session')?.csrfToken}
        run={run}
        product={products.find((p) => p.id === batch.productId)}
        range={range}
        needsConfirm={posted}
      />
    ),
  });
}

function printRunsRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.get('/', coopOnly, (c) => listPage(deps, c));
  r.get('/new', coopOnly, (c) => newPage(deps, c, { batchId: c.req.query('batchId') ?? '', templateId: 'a4-3x8' }));
  r.post('/new', coopOnly, (c) => orderRun(deps, c));
  r.get('/:id', coopOnly, (c) => {
    const t = PRINT_RUN_TEXTS[c.get('lang')];
    const done = c.req.query('done');
    const n = Number(c.req.query('n') ?? 0) || 0;
    const notice =
      done === 'created'
        ? t.runCreated
        : done === 'activated'
          ? t.activated(n)
          : done === 'voided'
            ? t.voided(n)
            : undefined;
    return runPage(deps, c, c.req.param('id'), { notice, done });
  });
  // Streamed through the operations with the session's rights.
  r.get('/:id/pdf', coopOnly, (c) => {
    const preview = c.req.query('preview');
    return callOp(deps, c, printRunOps.pdf, {
      params: { id: c.req.param('id') },
      query: preview === '1' || preview === 'true' ? { preview: 'true' } : {},
    });
  });
  r.get('/:id/serials.csv', coopOnly, (c) =>
    callOp(deps, c, printRunOps.serialsCsv, { params: { id: c.req.param('id') } }),
  );
  r.post('/:id/activate', coopOnly, (c) => activate(deps, c, c.req.param('id')));
  r.get('/:id/void', coopOnly, (c) => {
    const v = Object.fromEntries(RANGE_FIELDS.map((k) => [k, c.req.query(k) ?? ''])) as RangeValues;
    return voidStamps(deps, c, c.req.param('id'), v, false);
  });
  r.post('/:id/void', coopOnly, async (c) => {
    const form = await readForm(c);
    return voidStamps(deps, c, c.req.param('id'), values(form, RANGE_FIELDS), field(form, 'confirm') === 'yes');
  });
  return r;
}

export const printRunsModule: ConsoleModule = {
  path: '/print-runs',
  routes: printRunsRoutes,
  nav: [{ href: '/print-runs', label: inLanguages(PRINT_RUN_TEXTS, (t) => t.printRuns), roles: ['cooperative'] }],
};
