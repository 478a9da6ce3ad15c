// What a buyer's captured EPCIS event says, read without I/O: which step it is (receiving, shipping,
// or repacking), which goods it names (lots of our batches as GS1 Digital Link URIs, or the buyer's
// own items), which despatch advice it carries, and where the goods go. The capture service then
// checks these against what the buyer can show it received.
import { parseDigitalLinkPath } from './digital-link-parse';

export type BuyerStep = 'receiving' | 'shipping' | 'transforming';

export interface CaptureProblem {
  eventIndex: number;
  field: string;
  message: string;
}

/** One thing an event names: a stamp (instance) or a lot (class), with its quantity when given. */
export interface NamedGoods {
  field: string;
  uri: string;
  /** our lot, when the URI is a GS1 Digital Link with /01/ and /10/ */
  lot: { gtin14: string; lot: string } | null;
  quantity: number | null;
  uom: string | null;
}

type Json = Record<string, unknown>;

const CBV = 'https://ref.gs1.org/cbv/';

/** A CBV value in its bare form: "receiving" for "receiving" or "https://ref.gs1.org/cbv/BizStep-receiving". */
export function bareCbv(value: unknown, vocabulary: 'BizStep' | 'BTT' | 'SDT' | 'Disp'): string | null {
  if (typeof value !== 'string') return null;
  const full = `${CBV}${vocabulary}-`;
  return value.startsWith(full) ? value.slice(full.length) : value;
}

/** The step a buyer's event records, or null when a buyer may not capture it. */
export function buyerStep(event: Json): BuyerStep | null {
  const type = event.type;
  const step = bareCbv(event.bizStep, 'BizStep');
  if (type === 'TransformationEvent') return 'transforming';
  if (type !== 'ObjectEvent' && type !== 'TransactionEvent') return null;
  if (step === 'receiving' || step === 'accepting') return 'receiving';
  if (step === 'shipping' || step === 'departing') return 'shipping';
  return null;
}

/** The lot a Digital Link URI names (any host: id.gs1.org or ours), or null for other URIs. */
export function lotOfUri(uri: string): { gtin14: string; lot: string; serial: string | null } | null {
  let path: string;
  try {
    path = new URL(uri).pathname;
  } catch {
    return null;
  }
  const at = path.indexOf('/01/');
  if (at < 0) return null;
  const p = parseDigitalLinkPath(path.slice(at));
  if ('problem' in p || p.lot === null) return null;
  return { gtin14: p.gtin14, lot: p.lot, serial: p.serial };
}

function listOf(event: Json, key: string): unknown[] {
  const v = event[key];
  return Array.isArray(v) ? v : [];
}

/** The goods an event names in the given lists (epcList/quantityList, or inputs/outputs of a transformation). */
export function namedGoods(event: Json, side: 'what' | 'input' | 'output'): NamedGoods[] {
  const [epcKey, qtyKey] =
    side === 'what'
      ? ['epcList', 'quantityList']
      : side === 'input'
        ? ['inputEPCList', 'inputQuantityList']
        : ['outputEPCList', 'outputQuantityList'];
  const out: NamedGoods[] = [];
  listOf(event, epcKey).forEach((epc, i) => {
    if (typeof epc !== 'string') return;
    const lot = lotOfUri(epc);
    out.push({
      field: `${epcKey}[${i}]`,
      uri: epc,
      lot: lot && { gtin14: lot.gtin14, lot: lot.lot },
      quantity: null,
      uom: null,
    });
  });
  listOf(event, qtyKey).forEach((q, i) => {
    if (!q || typeof q !== 'object') return;
    const e = q as Json;
    if (typeof e.epcClass !== 'string') return;
    const lot = lotOfUri(e.epcClass);
    out.push({
      field: `${qtyKey}[${i}].epcClass`,
      uri: e.epcClass,
      lot: lot && { gtin14: lot.gtin14, lot: lot.lot },
      quantity: typeof e.quantity === 'number' ? e.quantity : null,
      uom: typeof e.uom === 'string' ? e.uom : null,
    });
  });
  return out;
}

/** The class an item belongs to: a lot's URI without its serial; other URIs as they are. */
export function itemClass(g: NamedGoods, baseUrl: string): string {
  if (!g.lot) return g.uri;
  return `${baseUrl.replace(/\/+$/, '')}/01/${g.lot.gtin14}/10/${encodeURIComponent(g.lot.lot)}`;
}

/** The references of one business-transaction type ("po", "desadv") the event carries. */
export function bizTransactions(event: Json, type: 'po' | 'desadv'): string[] {
  return listOf(event, 'bizTransactionList')
    .filter((t): t is Json => !!t && typeof t === 'object')
    .filter((t) => bareCbv(t.type, 'BTT') === type && typeof t.bizTransaction === 'string')
    .map((t) => t.bizTransaction as string);
}

/** The despatch advice number in a reference: the last path segment or URN part ("urn:…:desadv:DA-7" → "DA-7"). */
export function despatchAdviceNumber(ref: string): string {
  const parts = ref.split(/[/:]/).filter(Boolean);
  return decodeURIComponent(parts[parts.length - 1] ?? ref);
}

/** Where an event sends the goods: its destinationList entries of type owning_party or location. */
export function destinations(event: Json): { field: string; uri: string }[] {
  return listOf(event, 'destinationList')
    .map((d, i) => ({ d: d as Json, i }))
    .filter(({ d }) => !!d && typeof d === 'object' && typeof d.destination === 'string')
    .map(({ d, i }) => ({ field: `destinationList[${i}].destination`, uri: d.destination as string }));
}

/** When the event happened, as a Date (eventTime is required by the schema). */
export function eventTimeOf(event: Json): Date {
  return new Date(typeof event.eventTime === 'string' ? event.eventTime : Number.NaN);
}
