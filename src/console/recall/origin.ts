// What a recall starts from (an area over harvest dates, a harvest lot, or one batch): reading it
// from the step-1 form or the status page's address, naming it, and turning an operation's
// refusal into messages beside the form's fields.
import { AppError } from '../../errors';
import type { OpAnswer } from '../../http/op';
import { areaOps, harvestOps, type recallOps, traceOps } from '../../http/routes';
import type { AppDeps } from '../../http/types';
import { formatDate, formatNumber, type Lang } from '../../pages/i18n';
import { CONSOLE_BASE, type ConsoleContext } from '../env';
import { fieldErrors, type FieldErrors } from '../form';
import { areaLabel, readStampInput } from '../lookups';
import { callOp, jsonAnswer, submitOp } from '../ops';
import { RECALL_TEXTS, type RecallTexts } from '../texts/recall';
import { qs } from '../ui/links';

export type Kind = 'area' | 'harvest_lot' | 'batch';
export type Origin =
  | { kind: 'area'; id: string; from?: string; to?: string }
  | { kind: 'harvest_lot'; id: string }
  | { kind: 'batch'; id: string };
export type RecallPreview = OpAnswer<typeof recallOps.preview>;

export const base = `${CONSOLE_BASE}/recall`;
export const FORM_FIELDS = [
  'kind',
  'areaId',
  'from',
  'to',
  'harvestLotId',
  'batchId',
  'batchRef',
  'reason',
  'authority',
  'recalledOn',
] as const;

export const kindOf = (v: string | undefined): Kind => (v === 'harvest_lot' || v === 'batch' ? v : 'area');

/** The page's own wording for an operation's field errors (the form names its fields like the body). */
function ownErrors(t: RecallTexts) {
  return (name: string, code: string): string | undefined => {
    if (name === 'reason') return t.reasonNeeded;
    if (name === 'authority') return t.authorityNeeded;
    if (name === 'recalledOn' || name === 'origin.from') return t.dateNeeded;
    if (name === 'origin.to') return code === 'custom' ? t.toBeforeFrom : t.dateNeeded;
    return undefined;
  };
}

/** Errors keyed by the form's field names (origin.to → to, origin.id → the kind's picker…). */
export function formErrors(err: AppError, lang: Lang, kind: Kind): FieldErrors {
  const t = RECALL_TEXTS[lang];
  const raw = fieldErrors(err, lang, ownErrors(t));
  const out: FieldErrors = {};
  const idField = kind === 'area' ? 'areaId' : kind === 'harvest_lot' ? 'harvestLotId' : 'batchRef';
  for (const [k, v] of Object.entries(raw)) {
    const name = k === 'origin.from' ? 'from' : k === 'origin.to' ? 'to' : k.startsWith('origin') ? idField : k;
    out[name] ??= v;
  }
  // a refusal of the batch itself (a draft, already recalled) belongs beside the batch
  if (out._form && kind === 'batch' && err.code !== 'VALIDATION_FAILED') {
    out.batchRef =
      err.code === 'BATCH_RECALLED' ? t.batchRecalled : err.code === 'BATCH_NOT_SEALED' ? t.batchDraft : out._form;
    delete out._form;
  }
  return out;
}

/**
 * The origin a step-1 form names, resolving a typed stamp or link to its batch through the
 * backward trace; or what to say beside the field.
 */
export async function originOf(
  deps: AppDeps,
  c: ConsoleContext,
  v: Record<string, string>,
): Promise<Origin | FieldErrors> {
  const t = RECALL_TEXTS[c.get('lang')];
  const kind = kindOf(v.kind);
  if (kind === 'area') {
    if (!v.areaId) return { areaId: t.chooseArea };
    return { kind, id: v.areaId, ...(v.from ? { from: v.from } : {}), ...(v.to ? { to: v.to } : {}) };
  }
  if (kind === 'harvest_lot') {
    if (!v.harvestLotId) return v.areaId ? { harvestLotId: t.chooseLot } : { harvestLotId: t.lotNeedsArea };
    return { kind, id: v.harvestLotId };
  }
  if (v.batchId) return { kind, id: v.batchId };
  const input = readStampInput(v.batchRef ?? '');
  if (input.kind === 'problem') return { batchRef: input.problem === 'empty' ? t.batchRefNeeded : t.batchRefBad };
  try {
    const query = input.kind === 'serial' ? { serial: input.serial } : { gtin: input.gtin, lot: input.lot };
    const res = await submitOp(deps, c, traceOps.backward, { query: { ...query, depth: '1' } });
    if (!res.ok) return { batchRef: t.batchRefBad };
    return { kind, id: jsonAnswer(res.body).batch.id };
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return { batchRef: t.batchRefUnknown };
    throw e;
  }
}

export const isOrigin = (o: Origin | FieldErrors): o is Origin =>
  typeof (o as Origin).kind === 'string' && typeof (o as Origin).id === 'string' && !('_form' in o);

/** The origin named on the status page's address (kind, id, and for an area from/to). */
export function viewOrigin(c: ConsoleContext): Origin | null {
  const kind = c.req.query('kind');
  const id = c.req.query('id') ?? '';
  if (!id) return null;
  if (kind === 'area') {
    const from = c.req.query('from');
    const to = c.req.query('to');
    return { kind, id, ...(from ? { from } : {}), ...(to ? { to } : {}) };
  }
  if (kind === 'harvest_lot' || kind === 'batch') return { kind, id };
  return null;
}

/** The origin's status page, with a notice's parameters. */
export function viewHref(o: Origin, extra: Record<string, string> = {}) {
  const range = o.kind === 'area' ? { from: o.from, to: o.to } : { from: undefined, to: undefined };
  return `${base}/view${qs({ kind: o.kind, id: o.id, ...range, ...extra })}`;
}

/** The preview operation's body for an origin and the typed reason, authority and date. */
export const previewBody = (o: Origin, v: Record<string, string>) => ({
  origin: o,
  reason: v.reason ?? '',
  authority: v.authority ?? '',
  recalledOn: v.recalledOn ?? '',
});

/** The origin in words: the area and its date range, the harvest lot, or the batch. */
export async function originLabel(
  deps: AppDeps,
  c: ConsoleContext,
  o: Origin,
  preview?: RecallPreview,
): Promise<string> {
  const lang = c.get('lang');
  const t = RECALL_TEXTS[lang];
  if (o.kind === 'area') {
    const a = await callOp(deps, c, areaOps.get, { params: { id: o.id } });
    const day = (d: string | undefined) => (d ? formatDate(lang, d) : '…');
    const range = o.from || o.to ? t.range(day(o.from), day(o.to)) : t.anyRange;
    return `${t.areaPart} ${areaLabel(a)} (${range})`;
  }
  if (o.kind === 'harvest_lot') {
    const l = await callOp(deps, c, harvestOps.get, { params: { id: o.id } });
    const harvest = `${formatDate(lang, l.harvestedOn)}, ${formatNumber(lang, l.quantity, 3)} ${l.unit}`;
    return `${t.lotPart} ${l.code} (${harvest})`;
  }
  const b = preview?.items[0];
  if (b) return `${t.batchPart} ${b.productName} — ${b.lotCode} v${b.version}, ${b.cooperative}`;
  const { batch } = jsonAnswer(await callOp(deps, c, traceOps.backward, { query: { batchId: o.id, depth: '1' } }));
  return `${t.batchPart} ${batch.product.nameVi} — ${batch.lotCode} v${batch.version}, ${batch.cooperative.name}`;
}
