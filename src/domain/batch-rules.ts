// The rules a draft batch must keep before it is written: its dates in order and not in the
// future, the harvest lots it draws on its own cooperative's and harvested in time, and the
// tracing codes of its process steps (Circular 02/2024/TT-BKHCN: a product code and a location
// code per stage). The quantities drawn are the database's to guard (HARVEST_OVERDRAWN).
import { addDays } from './calendar';
import { dayProblems } from './date-windows';
import type { Problem } from './problems';

export interface DraftDates {
  productionDate: string;
  packingDate: string | null;
  expiryDate: string | null;
}

/** The expiry printed when none is given: production plus the product's shelf life, if it has one. */
export function defaultExpiry(productionDate: string, shelfLifeDays: number | null): string | null {
  return shelfLifeDays ? addDays(productionDate, shelfLifeDays) : null;
}

/**
 * Production and packing in the window of things that happened (2000-01-01 to today, a Vietnam
 * day); packing and expiry not before production.
 */
export function draftDateProblems(d: DraftDates, today: string, path = 'body'): Problem[] {
  const out = dayProblems(
    [
      { path: `${path}.productionDate`, value: d.productionDate, kind: 'past' },
      { path: `${path}.packingDate`, value: d.packingDate, kind: 'past' },
    ],
    today,
  );
  // Order is judged only from a production date in its window: a typo there is the one problem.
  if (out.length) return out;
  if (d.expiryDate && d.expiryDate < d.productionDate)
    out.push({ path: `${path}.expiryDate`, message: 'expiry must not be before production' });
  if (d.packingDate && d.packingDate < d.productionDate)
    out.push({ path: `${path}.packingDate`, message: 'packing must not be before production' });
  return out;
}

/**
 * The other dates a caller typed into a batch, each in its window: an expiry given (not the one
 * derived from the shelf life) at most 50 years ahead; test results and process steps in the past.
 */
export function recordDayProblems(
  r: {
    expiryDate?: string | null;
    testResults?: readonly { date?: string | null }[];
    events?: readonly { occurredAt: string }[];
  },
  today: string,
  path = 'body',
): Problem[] {
  return dayProblems(
    [
      { path: `${path}.expiryDate`, value: r.expiryDate, kind: 'end' },
      ...(r.testResults ?? []).map((t, i) => ({
        path: `${path}.testResults.${i}.date`,
        value: t.date,
        kind: 'past' as const,
      })),
      ...(r.events ?? []).map((e, i) => ({
        path: `${path}.events.${i}.occurredAt`,
        value: e.occurredAt,
        kind: 'past' as const,
      })),
    ],
    today,
  );
}

export interface InputLot {
  cooperativeId: string;
  harvestedOn: string;
}

/**
 * Each harvest lot once, known, of the batch's own cooperative, and harvested no later than the
 * production date. `lots` holds the lots that exist, by id; another cooperative's is not known.
 */
export function inputProblems(
  inputs: readonly { harvestLotId: string }[],
  lots: ReadonlyMap<string, InputLot>,
  cooperativeId: string,
  productionDate: string,
): Problem[] {
  const ids = inputs.map((i) => i.harvestLotId);
  if (new Set(ids).size !== ids.length)
    return [{ path: 'body.inputs', message: 'each harvest lot may appear once; add the quantities together' }];
  const out: Problem[] = [];
  inputs.forEach((i, n) => {
    const path = `body.inputs.${n}.harvestLotId`;
    const lot = lots.get(i.harvestLotId);
    // Another cooperative's lot is answered as an unknown one: the answer must not tell whether it exists.
    if (!lot || lot.cooperativeId !== cooperativeId) out.push({ path, message: 'no harvest lot has this id' });
    else if (lot.harvestedOn > productionDate)
      out.push({ path, message: `harvested on ${lot.harvestedOn}, after the production date ${productionDate}` });
  });
  return out;
}

/** The product tracing code of a stage: the GS1 element string of the batch. */
export function productTracingCode(gtin: string, lotCode: string): string {
  return `(01)${gtin}(10)${lotCode}`;
}

/** The location tracing code of a stage: a GLN where the place has one, else our own code for it. */
export function locationTracingCode(
  place:
    | { kind: 'organization'; id: string; gln: string | null; registrationCode: string | null }
    | { kind: 'area'; code: string; plantingAreaCode: string | null },
): string {
  if (place.kind === 'organization')
    return place.gln ? `(414)${place.gln}` : `org:${place.registrationCode ?? place.id}`;
  return place.plantingAreaCode ?? `area:${place.code}`;
}
