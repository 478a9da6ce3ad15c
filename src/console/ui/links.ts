// Addresses the pages link to: query strings from filled-in values, the public pages of a batch
// or a stamp, and the console's own trace pages.
import { encodeAiValue } from '../../domain/digital-link';
import { CONSOLE_BASE } from '../env';

/** A query string from the non-empty values ('' when none), e.g. '?view=all&rule=X'. */
export function qs(params: Record<string, string | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** Only whole non-negative numbers from a query (notices after a redirect carry counts). */
export function countParam(v: string | undefined): number | null {
  return v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : null;
}

/** The public page of a batch (its lot), as consumers reach it without a serial. */
export function batchPageHref(gtin: string, lot: string): string {
  return `/01/${gtin}/10/${encodeAiValue(lot)}`;
}

/** The public page of one stamp (its GS1 Digital Link). */
export function stampPageHref(gtin: string, lot: string, serial: string): string {
  return `/01/${gtin}/10/${encodeAiValue(lot)}/21/${encodeAiValue(serial)}`;
}

export const traceHref = {
  backBatch: (batchId: string) => `${CONSOLE_BASE}/trace/backward${qs({ batchId })}`,
  backSerial: (serial: string) => `${CONSOLE_BASE}/trace/backward${qs({ q: serial })}`,
  fromArea: (areaId: string, from?: string | null, to?: string | null) =>
    `${CONSOLE_BASE}/trace/forward${qs({ areaId, from, to })}`,
  fromLot: (harvestLotId: string) => `${CONSOLE_BASE}/trace/forward${qs({ harvestLotId })}`,
  serialsCsv: (printRunId: string) => `${CONSOLE_BASE}/trace/print-runs/${printRunId}/serials.csv`,
};
