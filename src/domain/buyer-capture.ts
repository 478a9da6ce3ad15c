// What a buyer's captured EPCIS event says, read without I/O: which step it is (receiving, shipping,
// or repacking), which goods it names (lots of our batches as GS1 Digital Link URIs, or the buyer's
// own items), which despatch advice it carries, and where the goods go. The capture service then
// checks these against what the buyer can show it received.
import { canonicalGs1Uri, cbvWord, gs1KeyPath, lotUriOf } from './epcis-event';

export type BuyerStep = 'receiving' | 'shipping' | 'transforming';

export interface CaptureProblem {
  eventIndex: number;
  /** a JSON pointer within the event, as the schema problems name fields */
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

/** The step a buyer's event records, or null when a buyer may not capture it. */
export function buyerStep(event: Json): BuyerStep | null {
  const type = event.type;
  const step = typeof event.bizStep === 'string' ? cbvWord('bizStep', event.bizStep) : null;
  if (type === 'TransformationEvent') return 'transforming';
  if (type !== 'ObjectEvent' && type !== 'TransactionEvent') return null;
  if (step === 'receiving' || step === 'accepting') return 'receiving';
  if (step === 'shipping' || step === 'departing') return 'shipping';
  return null;
}

/** The lot a GS1 URI names (Digital Link on any host, or an EPC URN), or null for other URIs. */
export function lotOfUri(uri: string): { gtin14: string; lot: string } | null {
  const ais = gs1KeyPath(uri);
  if (!ais || ais[0]![0] !== '01') return null;
  const lot = ais.find(([ai]) => ai === '10');
  if (!lot) return null;
  try {
    return { gtin14: ais[0]![1], lot: decodeURIComponent(lot[1]) };
  } catch {
    return null;
  }
}

/**
 * What the goods are, for matching a receipt with its shipment: the lot (https://id.gs1.org/01/…/10/…)
 * of a stamp or lot URI, else the identifier itself in its canonical form.
 */
export function itemOf(uri: string): string {
  return lotUriOf(uri) ?? canonicalGs1Uri(uri);
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
      field: `/${epcKey}/${i}`,
      uri: epc,
      lot,
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
      field: `/${qtyKey}/${i}/epcClass`,
      uri: e.epcClass,
      lot,
      quantity: typeof e.quantity === 'number' ? e.quantity : null,
      uom: typeof e.uom === 'string' ? e.uom : null,
    });
  });
  return out;
}

/** The references of one business-transaction type ("po", "desadv") the event carries. */
export function bizTransactions(event: Json, type: 'po' | 'desadv'): string[] {
  return listOf(event, 'bizTransactionList')
    .filter((t): t is Json => !!t && typeof t === 'object')
    .filter((t) => typeof t.type === 'string' && cbvWord('bizTransactionType', t.type) === type)
    .filter((t) => typeof t.bizTransaction === 'string')
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
    .map(({ d, i }) => ({ field: `/destinationList/${i}/destination`, uri: d.destination as string }));
}

/** When the event happened, as a Date (eventTime is required by the schema). */
export function eventTimeOf(event: Json): Date {
  return new Date(typeof event.eventTime === 'string' ? event.eventTime : Number.NaN);
}

/**
 * The organization a party or site URI names: its GLN (/417/… or /414/…) or our stable URI
 * ({PUBLIC_BASE_URL}/id/organizations/{id}), as the derived events write them.
 */
export function organizationRef(uri: string): { gln: string | null; id: string | null } | null {
  const ais = gs1KeyPath(uri);
  const gln = ais?.find(([ai]) => ai === '417' || ai === '414')?.[1];
  if (gln) return { gln, id: null };
  const m = /\/id\/organizations\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(uri);
  return m ? { gln: null, id: m[1]!.toLowerCase() } : null;
}
