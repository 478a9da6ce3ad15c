// Production batches of the signed-in cooperative (/console/batches): the list, a draft built
// from harvest lots, the review page, editing or deleting a draft, its process steps, sealing,
// and the batch's public page one click away. Every change is a /batches operation; the
// database keeps the mass balance.
import { Hono } from 'hono';
import type { Batch } from '../../db/batches-store';
import { vietnamToday } from '../../domain/calendar';
import { areaOps, batchOps, harvestOps, printRunOps, productOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { coopOnly, ownOrg } from '../auth';
import { CONSOLE_BASE, type ConsoleContext, type ConsoleEnv, type ConsoleModule } from '../env';
import { errorText, field, formStrings, operatorErrors, readForm, renameErrors, type FieldErrors } from '../form';
import { callOp, fetchAll, submitOp } from '../ops';
import { page } from '../render';
import { inLanguages } from '../texts/common';
import { BATCH_TEXTS } from '../texts/batches';
import { productName } from '../ui/format';
import { draftValues, eventBody, EVENT_ROWS, readBatchForm, type BatchChoices, type Values } from './form';
import { ReviewView, SealConfirm, type BatchReview } from './review-views';
import { BatchForm, BatchList, ProductStep } from './views';

const MAX_LOTS = 100;

type ReviewState = { errors?: FieldErrors; values?: Values; status?: number; notice?: string | undefined };

/**
 * What the draft form offers: the lots of the chosen product's cooperative only (the product is
 * chosen first); for a draft being edited, its own draws count as available to it again.
 */
async function batchChoices(
  deps: AppDeps,
  c: ConsoleContext,
  productId: string | undefined,
  draft?: Batch,
): Promise<BatchChoices> {
  const [products, open, areas] = await Promise.all([
    fetchAll(deps, c, productOps.list, {}, 200),
    callOp(deps, c, harvestOps.list, { query: { withRemaining: 'true', order: 'newest', limit: String(MAX_LOTS) } }),
    fetchAll(deps, c, areaOps.list),
  ]);
  const product = products.find((p) => p.id === (draft?.productId ?? productId));
  const lots = new Map(open.items.filter((l) => !product || l.cooperativeId === product.ownerId).map((l) => [l.id, l]));
  if (draft) {
    const used = await Promise.all(
      draft.inputs.map(
        (i) => lots.get(i.harvestLotId) ?? callOp(deps, c, harvestOps.get, { params: { id: i.harvestLotId } }),
      ),
    );
    for (const [n, lot] of used.entries()) {
      lots.set(lot.id, { ...lot, remaining: lot.remaining + draft.inputs[n]!.quantity });
    }
  }
  const orgName = c.get('session')?.organizationName ?? '';
  return { products, product, lots: [...lots.values()], areas, orgName, orgId: ownOrg(c) };
}

/** What the review page (and the seal confirmation) shows of one batch. */
async function loadReview(deps: AppDeps, c: ConsoleContext, id: string): Promise<BatchReview> {
  const batch = await callOp(deps, c, batchOps.get, { params: { id } });
  const sealed = batch.status !== 'draft';
  const [product, areas, lots, record, runs] = await Promise.all([
    callOp(deps, c, productOps.get, { params: { id: batch.productId } }),
    fetchAll(deps, c, areaOps.list),
    Promise.all(batch.inputs.map((i) => callOp(deps, c, harvestOps.get, { params: { id: i.harvestLotId } }))),
    sealed ? callOp(deps, c, batchOps.record, { params: { id } }) : null,
    sealed ? callOp(deps, c, printRunOps.list, { query: { batchId: id, order: 'newest', limit: '20' } }) : null,
  ]);
  return {
    batch,
    product,
    areas,
    lots,
    record,
    runs: runs?.items ?? null,
    orgName: c.get('session')?.organizationName,
    orgId: ownOrg(c),
  };
}

async function reviewPage(deps: AppDeps, c: ConsoleContext, id: string, s: ReviewState = {}) {
  const t = BATCH_TEXTS[c.get('lang')];
  const r = await loadReview(deps, c, id);
  const { batch, product } = r;
  return page(c, {
    title: `${productName(product, c.get('lang'))} · ${t.lot} ${batch.lotCode}`,
    status: s.status,
    children: (
      <ReviewView
        t={t}
        lang={c.get('lang')}
        csrf={c.get('session')?.csrfToken}
        r={r}
        notice={s.notice}
        errors={s.errors ?? {}}
        eventValues={s.values ?? { 'event.place': `org:${ownOrg(c)}` }}
      />
    ),
  });
}

/** The draft form, new (no batch) or editing one; `d` when the choices were already read. */
async function formPage(
  deps: AppDeps,
  c: ConsoleContext,
  b: Batch | null,
  v: Values,
  s: { errors?: FieldErrors; status?: number; d?: BatchChoices } = {},
) {
  const t = BATCH_TEXTS[c.get('lang')];
  const lang = c.get('lang');
  const d = s.d ?? (await batchChoices(deps, c, v.productId, b ?? undefined));
  if (!b && !d.products.length) {
    return page(c, {
      title: t.newBatch,
      children: (
        <>
          <h1>{t.newBatch}</h1>
          <p>{t.noProductsYet}</p>
        </>
      ),
    });
  }
  const title = b ? `${t.editBatch}: ${productName(d.product, lang)} · ${b.lotCode}` : t.newBatch;
  if (!b && !d.product) {
    // Step 1: the product, so that step 2 lists only its cooperative's harvest lots.
    return page(c, {
      title: t.newBatch,
      status: s.status,
      children: <ProductStep t={t} lang={lang} d={d} v={v} e={s.errors ?? {}} />,
    });
  }
  return page(c, {
    title: b ? t.editBatch : t.newBatch,
    status: s.status,
    children: (
      <BatchForm
        t={t}
        lang={lang}
        csrf={c.get('session')?.csrfToken}
        mode={b ? 'edit' : 'new'}
        title={title}
        d={d}
        v={v}
        e={s.errors ?? {}}
        action={b ? `${CONSOLE_BASE}/batches/${b.id}/edit` : `${CONSOLE_BASE}/batches/new`}
        back={b ? `${CONSOLE_BASE}/batches/${b.id}` : `${CONSOLE_BASE}/batches`}
      />
    ),
  });
}

async function listPage(deps: AppDeps, c: ConsoleContext) {
  const t = BATCH_TEXTS[c.get('lang')];
  const asked = c.req.query('status');
  const status = ['draft', 'sealed', 'superseded'].includes(asked ?? '') ? asked : undefined;
  const [list, products] = await Promise.all([
    callOp(deps, c, batchOps.list, { query: { status, order: 'newest', limit: '50', cursor: c.req.query('cursor') } }),
    fetchAll(deps, c, productOps.list, {}, 200),
  ]);
  return page(c, {
    title: t.batches,
    children: (
      <BatchList
        t={t}
        lang={c.get('lang')}
        status={status}
        batches={list.items}
        products={products}
        next={list.nextCursor}
        done={c.req.query('done')}
      />
    ),
  });
}

async function newPage(deps: AppDeps, c: ConsoleContext) {
  const v: Values = {
    productId: c.req.query('productId') ?? '',
    harvestLotId: c.req.query('harvestLotId') ?? '',
    allLots: c.req.query('allLots') === '1' ? '1' : '',
    productionDate: vietnamToday(deps.clock()),
    unit: 'kg',
    carriesOcop: 'true',
  };
  for (let i = 0; i < EVENT_ROWS; i++) v[`events.${i}.place`] = `org:${ownOrg(c)}`;
  let d = await batchChoices(deps, c, v.productId);
  if (!d.product && d.products.length === 1) {
    // One product: nothing to choose.
    v.productId = d.products[0]!.id;
    d = await batchChoices(deps, c, v.productId);
  }
  // From a harvest lot just saved ("make a batch from this lot"): that lot first, all of what remains drawn.
  const from = d.product ? d.lots.find((l) => l.id === v.harvestLotId) : undefined;
  if (from) {
    d = { ...d, lots: [from, ...d.lots.filter((l) => l !== from)], from };
    v[`use.${from.id}`] = String(from.remaining);
    v.unit = from.unit;
  }
  return formPage(deps, c, null, v, { d });
}

async function createDraft(deps: AppDeps, c: ConsoleContext) {
  const v = formStrings(await readForm(c));
  const f = readBatchForm(v, c.get('lang'));
  const body = { productId: v.productId ?? '', ...f.body, events: f.events };
  const res = await submitOp(deps, c, batchOps.create, { body });
  if (!res.ok) {
    const d = await batchChoices(deps, c, v.productId);
    const errors = f.errors(res.error, d.lots);
    if (errors.productId && !v.productId) errors.productId = BATCH_TEXTS[c.get('lang')].required;
    return formPage(deps, c, null, v, { errors, status: res.error.status, d });
  }
  // The operation answers the draft it has just written: getBatch's null cannot happen here.
  return c.redirect(`${CONSOLE_BASE}/batches/${res.body!.id}?done=created`, 303);
}

/** The review page saying only drafts can change. */
function draftOnly(deps: AppDeps, c: ConsoleContext, id: string, status: number) {
  return reviewPage(deps, c, id, { errors: { _form: BATCH_TEXTS[c.get('lang')].draftOnly }, status });
}

/** The draft, read first so that another cooperative's id answers 404 before anything is tried. */
function ownDraft(deps: AppDeps, c: ConsoleContext, id: string): Promise<Batch> {
  return callOp(deps, c, batchOps.get, { params: { id } });
}

async function editPage(deps: AppDeps, c: ConsoleContext, id: string) {
  const b = await ownDraft(deps, c, id);
  if (b.status !== 'draft') return draftOnly(deps, c, b.id, 409);
  return formPage(deps, c, b, { ...draftValues(b), allLots: c.req.query('allLots') === '1' ? '1' : '' });
}

async function updateDraft(deps: AppDeps, c: ConsoleContext, id: string) {
  const b = await ownDraft(deps, c, id);
  const v = formStrings(await readForm(c));
  const f = readBatchForm(v, c.get('lang'));
  const res = await submitOp(deps, c, batchOps.update, { params: { id: b.id }, body: f.body });
  if (!res.ok) {
    if (res.error.code === 'BATCH_SEALED') return draftOnly(deps, c, b.id, 409);
    // The draft as it stands (the refused change was rolled back) gives what each lot still holds for it.
    const d = await batchChoices(deps, c, b.productId, await ownDraft(deps, c, id));
    return formPage(deps, c, b, v, { errors: f.errors(res.error, d.lots), status: res.error.status, d });
  }
  return c.redirect(`${CONSOLE_BASE}/batches/${b.id}?done=updated`, 303);
}

async function addEvent(deps: AppDeps, c: ConsoleContext, id: string) {
  const b = await ownDraft(deps, c, id);
  const v = formStrings(await readForm(c));
  const res = await submitOp(deps, c, batchOps.addEvent, { params: { id: b.id }, body: eventBody(v, 'event.') });
  if (!res.ok) {
    // The step's fields are named "event.<field>", its place "event.place".
    const errors = renameErrors(operatorErrors(res.error, c.get('lang')), (k) =>
      k === 'placeOrganizationId' || k === 'placeAreaId'
        ? 'event.place'
        : /^\w+$/.test(k) && k !== '_form'
          ? `event.${k}`
          : undefined,
    );
    if (res.error.code === 'BATCH_SEALED') errors._form = BATCH_TEXTS[c.get('lang')].draftOnly;
    return reviewPage(deps, c, b.id, { errors, values: v, status: res.error.status });
  }
  return c.redirect(`${CONSOLE_BASE}/batches/${b.id}?done=event`, 303);
}

async function removeEvent(deps: AppDeps, c: ConsoleContext, id: string, eventId: string) {
  const b = await ownDraft(deps, c, id);
  const res = await submitOp(deps, c, batchOps.removeEvent, { params: { id: b.id, eventId } });
  if (!res.ok) return draftOnly(deps, c, b.id, res.error.status);
  return c.redirect(`${CONSOLE_BASE}/batches/${b.id}?done=removed`, 303);
}

/** The confirmation step before sealing (GET), or again when a POST came without the confirmation. */
async function sealConfirmPage(deps: AppDeps, c: ConsoleContext, id: string, needsConfirm = false) {
  const t = BATCH_TEXTS[c.get('lang')];
  const r = await loadReview(deps, c, id);
  return page(c, {
    title: t.sealConfirmTitle(r.batch.lotCode),
    status: needsConfirm ? 400 : undefined,
    children: (
      <SealConfirm t={t} lang={c.get('lang')} csrf={c.get('session')?.csrfToken} r={r} needsConfirm={needsConfirm} />
    ),
  });
}

async function seal(deps: AppDeps, c: ConsoleContext, id: string) {
  const t = BATCH_TEXTS[c.get('lang')];
  const b = await ownDraft(deps, c, id);
  // Sealing cannot be undone: only the confirmation step's form (confirm=yes) seals.
  if (field(await readForm(c), 'confirm') !== 'yes') return sealConfirmPage(deps, c, b.id, true);
  const res = await submitOp(deps, c, batchOps.seal, { params: { id: b.id } });
  if (!res.ok) {
    const code = res.error.code;
    const why =
      code === 'BATCH_INCOMPLETE'
        ? t.sealIncomplete
        : code === 'OCOP_RATING_INVALID'
          ? t.sealNoRating
          : code === 'BATCH_SEALED'
            ? t.draftOnly
            : errorText(res.error, c.get('lang'));
    return reviewPage(deps, c, b.id, { errors: { seal: why, _form: why }, status: res.error.status });
  }
  return c.redirect(`${CONSOLE_BASE}/batches/${b.id}?done=sealed`, 303);
}

async function deleteDraft(deps: AppDeps, c: ConsoleContext, id: string) {
  const t = BATCH_TEXTS[c.get('lang')];
  const b = await ownDraft(deps, c, id);
  if (field(await readForm(c), 'confirm') !== 'yes') {
    return reviewPage(deps, c, b.id, { errors: { confirm: t.deleteNeedsConfirm }, status: 400 });
  }
  const res = await submitOp(deps, c, batchOps.remove, { params: { id: b.id } });
  if (!res.ok) {
    const why = res.error.code === 'BATCH_SEALED' ? t.draftOnly : errorText(res.error, c.get('lang'));
    return reviewPage(deps, c, b.id, { errors: { _form: why }, status: res.error.status });
  }
  return c.redirect(`${CONSOLE_BASE}/batches?done=deleted`, 303);
}

function batchesRoutes(deps: AppDeps) {
  const r = new Hono<ConsoleEnv>();
  r.get('/', coopOnly, (c) => listPage(deps, c));
  r.get('/new', coopOnly, (c) => newPage(deps, c));
  r.post('/new', coopOnly, (c) => createDraft(deps, c));
  r.get('/:id', coopOnly, (c) => {
    const t = BATCH_TEXTS[c.get('lang')];
    const done: Record<string, string> = {
      created: t.doneCreated,
      updated: t.doneUpdated,
      sealed: t.sealed,
      event: t.eventAdded,
      removed: t.eventRemoved,
    };
    return reviewPage(deps, c, c.req.param('id'), { notice: done[c.req.query('done') ?? ''] });
  });
  r.get('/:id/edit', coopOnly, (c) => editPage(deps, c, c.req.param('id')));
  r.post('/:id/edit', coopOnly, (c) => updateDraft(deps, c, c.req.param('id')));
  r.post('/:id/events', coopOnly, (c) => addEvent(deps, c, c.req.param('id')));
  r.post('/:id/events/:eventId/delete', coopOnly, (c) =>
    removeEvent(deps, c, c.req.param('id'), c.req.param('eventId')),
  );
  r.get('/:id/seal', coopOnly, (c) => sealConfirmPage(deps, c, c.req.param('id')));
  r.post('/:id/seal', coopOnly, (c) => seal(deps, c, c.req.param('id')));
  r.post('/:id/delete', coopOnly, (c) => deleteDraft(deps, c, c.req.param('id')));
  return r;
}

export const batchesModule: ConsoleModule = {
  path: '/batches',
  routes: batchesRoutes,
  nav: [{ href: '/batches', label: inLanguages(BATCH_TEXTS, (t) => t.batches), roles: ['cooperative'] }],
};
