// The batch form and the /batches operations' bodies: what a draft offers (products, lots with
// what remains, places), a draft's values for editing, and the posted form read into the body
// with the API's error paths (inputs.2.quantity, events.0.placeAreaId…) mapped back to its fields.
import type { Area } from '../../db/areas-store';
import type { Batch } from '../../db/batches-store';
import type { HarvestLot, Unit } from '../../db/harvests-store';
import { withVietnamOffset } from '../../domain/calendar';
import type { AppError } from '../../errors';
import type { batchOps, productOps } from '../../http/routes';
import type { Lang } from '../../pages/i18n';
import { errorText, list, num, operatorErrors, opt, renameErrors, type FieldErrors } from '../form';
import type { BodyOf, ItemOf } from '../ops';
import { BATCH_TEXTS } from '../texts/batches';
import { qty } from '../ui/format';

export const TEST_ROWS = 3;
export const EVENT_ROWS = 4;
export const TEST_FIELDS = ['name', 'value', 'unit', 'lab', 'date'] as const;
/** The form's fields that are the body's own (not numbered rows). */
export const FLAT = [
  'productId',
  'lotCode',
  'productionDate',
  'packingDate',
  'expiryDate',
  'quantity',
  'unit',
  'standards',
  'carriesOcop',
] as const;

export type Values = Record<string, string>;
export type ProductRow = ItemOf<typeof productOps.list>;
type EventBody = BodyOf<typeof batchOps.addEvent>;

/** What the batch form offers. */
export interface BatchChoices {
  products: ProductRow[];
  /** The product chosen (a new draft chooses it first), or the draft's. */
  product: ProductRow | undefined;
  /** The harvest lot the form was opened from ("make a batch from this lot"), offered first. */
  from?: HarvestLot | undefined;
  /** Lots offered, with `remaining` as this batch may still draw (its own draws added back when editing). */
  lots: HarvestLot[];
  areas: Area[];
  orgName: string;
  orgId: string;
}

/** Where a process step took place: the cooperative itself or one of its areas ("org:<id>", "area:<id>"). */
export function placeOptions(d: Pick<BatchChoices, 'areas' | 'orgName' | 'orgId'>) {
  return [
    { value: `org:${d.orgId}`, label: d.orgName },
    ...d.areas.map((a) => ({ value: `area:${a.id}`, label: `${a.name} (${a.code})` })),
  ];
}

/** One process step's body from the fields named `${prefix}type`, `${prefix}occurredAt`… */
export function eventBody(v: Values, prefix: string): EventBody {
  const place = v[`${prefix}place`] ?? '';
  const [kind, id] = place.split(':');
  return {
    // As chosen (or left empty): a step the API does not know is its schema's to refuse, beside the field.
    type: (v[`${prefix}type`] ?? '') as EventBody['type'],
    occurredAt: withVietnamOffset(v[`${prefix}occurredAt`] ?? ''),
    placeOrganizationId: kind === 'org' ? id : null,
    placeAreaId: kind === 'area' ? id : null,
    details: opt(v[`${prefix}details`] ?? '') ?? null,
  };
}

/** The form's values for a draft being edited. */
export function draftValues(b: Batch): Values {
  const v: Values = {
    lotCode: b.lotCode,
    productionDate: b.productionDate,
    packingDate: b.packingDate ?? '',
    expiryDate: b.expiryDate ?? '',
    quantity: String(b.quantity),
    unit: b.unit,
    standards: b.standards.join(', '),
    carriesOcop: b.carriesOcop ? 'true' : '',
    testRows: String(Math.max(TEST_ROWS, b.testResults.length + 1)),
  };
  for (const i of b.inputs) v[`use.${i.harvestLotId}`] = String(i.quantity);
  b.testResults.forEach((r, i) => {
    const row = { name: r.name, value: r.value, unit: r.unit ?? '', lab: r.lab ?? '', date: r.date ?? '' };
    for (const f of TEST_FIELDS) v[`testResults.${i}.${f}`] = row[f];
  });
  return v;
}

/** The numbered rows the form posts (lot draws, test results, steps), read into the body's lists. */
function readRows(v: Values) {
  const inputOrder: string[] = [];
  const inputs = Object.keys(v)
    .filter((k) => k.startsWith('use.') && v[k]!.trim())
    .map((k) => {
      const id = k.slice(4);
      inputOrder.push(id);
      // A nonsense quantity (see num) is the API's schema to refuse, beside the lot's field.
      return { harvestLotId: id, quantity: num(v[k]!) as number };
    });
  const testOf: number[] = [];
  const testRows = Math.min(100, Number(v.testRows) || TEST_ROWS);
  const testResults = Array.from({ length: testRows }, (_, i) => i).flatMap((i) => {
    const cell = (f: (typeof TEST_FIELDS)[number]) => v[`testResults.${i}.${f}`] ?? '';
    if (!cell('name').trim() && !cell('value').trim()) return [];
    testOf.push(i);
    const [unit, lab, date] = [opt(cell('unit')) ?? null, opt(cell('lab')) ?? null, opt(cell('date')) ?? null];
    return [{ name: cell('name'), value: cell('value'), unit, lab, date }];
  });
  const eventOf: number[] = [];
  const events = Array.from({ length: EVENT_ROWS }, (_, i) => i).flatMap((i) => {
    const p = `events.${i}.`;
    if (!['type', 'occurredAt', 'details'].some((f) => (v[`${p}${f}`] ?? '').trim())) return [];
    eventOf.push(i);
    return [eventBody(v, p)];
  });
  /** An error path of the body as the form's field name. */
  const rename = (k: string) => {
    let m = /^inputs\.(\d+)(\..*)?$/.exec(k);
    if (m) return inputOrder[Number(m[1])] ? `use.${inputOrder[Number(m[1])]}` : 'inputs';
    m = /^testResults\.(\d+)(\..*)?$/.exec(k);
    if (m) return `testResults.${testOf[Number(m[1])] ?? 0}${m[2] ?? ''}`;
    m = /^events\.(\d+)\.(\w+)$/.exec(k);
    if (m) {
      const field = m[2] === 'placeOrganizationId' || m[2] === 'placeAreaId' ? 'place' : m[2];
      return `events.${eventOf[Number(m[1])] ?? 0}.${field}`;
    }
    return undefined;
  };
  return { inputs, testResults, events, rename };
}

/** The batch form as the API's body, and how the API's error paths map back to the form's fields. */
export function readBatchForm(v: Values, lang: Lang) {
  const t = BATCH_TEXTS[lang];
  const rows = readRows(v);
  const body = {
    lotCode: (v.lotCode ?? '').trim(),
    productionDate: v.productionDate ?? '',
    packingDate: opt(v.packingDate ?? '') ?? null,
    expiryDate: opt(v.expiryDate ?? '') ?? null,
    // As typed and chosen: a missing or nonsense quantity (see num), an unknown unit, is the API's schema to refuse.
    quantity: num(v.quantity ?? '') as number,
    unit: v.unit as Unit,
    standards: list(v.standards ?? ''),
    carriesOcop: v.carriesOcop === 'true',
    testResults: rows.testResults,
    inputs: rows.inputs,
  };
  /** The refusal beside the form's fields; `lots` (as offered again) name the unit of an overdrawn lot. */
  const errors = (err: AppError, lots: readonly HarvestLot[]): FieldErrors => {
    if (err.code === 'DUPLICATE') return { lotCode: errorText(err, lang) };
    if (err.code === 'HARVEST_OVERDRAWN') {
      const d = (err.details ?? {}) as { harvestLotId?: string; remaining?: number | string };
      const lot = lots.find((l) => l.id === d.harvestLotId);
      const left = lot ? qty(lang, Number(d.remaining ?? 0), lot.unit) : String(d.remaining ?? '');
      return d.harvestLotId ? { [`use.${d.harvestLotId}`]: t.overdrawn(left) } : { _form: errorText(err, lang) };
    }
    return renameErrors(operatorErrors(err, lang), rows.rename);
  };
  return { body, events: rows.events, errors };
}
