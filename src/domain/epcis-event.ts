// EPCIS 2.0 events (ISO/IEC 19987) as we serve and store them: plain JSON-LD objects, the CBV 2.0
// vocabularies (ISO/IEC 19988) we check them against, and the columns an event is indexed by.
// Identifiers are GS1 Digital Link URIs; for indexing and matching they are brought to the
// canonical https://id.gs1.org form, so a URI on our resolver and the same key on id.gs1.org (or
// an EPC URN) find the same events.
import { gs1CheckDigit } from './identifiers';

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/epcis-context.jsonld';
/** The versioned name of the same context, as the standard's own examples write it. */
export const EPCIS_CONTEXT_VERSIONED = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
export const CBV_BASE = 'https://ref.gs1.org/cbv/';

export const EPCIS_EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;
export type EpcisEventType = (typeof EPCIS_EVENT_TYPES)[number];

export type EpcisAction = 'ADD' | 'OBSERVE' | 'DELETE';

export interface QuantityElement {
  epcClass: string;
  quantity?: number;
  uom?: string;
}
export interface BizTransaction {
  type?: string;
  bizTransaction: string;
}
export interface SourceElement {
  type: string;
  source: string;
}
export interface DestinationElement {
  type: string;
  destination: string;
}
export interface ErrorDeclaration {
  declarationTime: string;
  reason?: string;
  correctiveEventIDs?: string[];
  [extension: string]: unknown;
}

/**
 * One EPCIS 2.0 event as a plain JSON object. Extension fields are namespaced keys
 * ("prefix:name", the prefix bound in @context), hence the index signature.
 */
export interface EpcisEvent {
  '@context'?: unknown;
  type: EpcisEventType | string;
  eventID?: string;
  eventTime: string;
  eventTimeZoneOffset: string;
  recordTime?: string;
  certificationInfo?: string | string[];
  errorDeclaration?: ErrorDeclaration;
  action?: EpcisAction;
  epcList?: string[];
  quantityList?: QuantityElement[];
  parentID?: string;
  childEPCs?: string[];
  childQuantityList?: QuantityElement[];
  inputEPCList?: string[];
  inputQuantityList?: QuantityElement[];
  outputEPCList?: string[];
  outputQuantityList?: QuantityElement[];
  transformationID?: string;
  bizStep?: string;
  disposition?: string;
  persistentDisposition?: { set?: string[]; unset?: string[] };
  readPoint?: { id: string };
  bizLocation?: { id: string };
  bizTransactionList?: BizTransaction[];
  sourceList?: SourceElement[];
  destinationList?: DestinationElement[];
  sensorElementList?: unknown[];
  ilmd?: Record<string, unknown>;
  [extension: string]: unknown;
}

/** An EPCISDocument (capture) as received. */
export interface EpcisDocument {
  '@context': unknown;
  type: 'EPCISDocument';
  schemaVersion: string;
  creationDate: string;
  epcisHeader?: unknown;
  epcisBody: { eventList: EpcisEvent[] };
  [extension: string]: unknown;
}

/** An EPCISQueryDocument (query answer). */
export interface EpcisQueryDocument {
  '@context': unknown;
  type: 'EPCISQueryDocument';
  schemaVersion: '2.0';
  creationDate: string;
  epcisBody: { queryResults: { queryName: string; subscriptionID?: string; resultsBody: { eventList: EpcisEvent[] } } };
}

// CBV 2.0 vocabularies (§7): the bare words the JSON-LD context maps to https://ref.gs1.org/cbv/…

/** CBV 2.0 §7.1 business steps. */
export const CBV_BIZ_STEPS = [
  'accepting',
  'arriving',
  'assembling',
  'collecting',
  'commissioning',
  'consigning',
  'creating_class_instance',
  'cycle_counting',
  'decommissioning',
  'departing',
  'destroying',
  'disassembling',
  'dispensing',
  'encoding',
  'entering_exiting',
  'holding',
  'inspecting',
  'installing',
  'killing',
  'loading',
  'other',
  'packing',
  'picking',
  'receiving',
  'removing',
  'repackaging',
  'repairing',
  'replacing',
  'reserving',
  'retail_selling',
  'sampling',
  'sensor_reporting',
  'shipping',
  'staging_outbound',
  'stock_taking',
  'stocking',
  'storing',
  'transporting',
  'unloading',
  'unpacking',
  'void_shipping',
] as const;
export type CbvBizStep = (typeof CBV_BIZ_STEPS)[number];

/** CBV 2.0 §7.2 dispositions. */
export const CBV_DISPOSITIONS = [
  'active',
  'available',
  'completeness_inferred',
  'completeness_verified',
  'conformant',
  'container_closed',
  'container_open',
  'damaged',
  'destroyed',
  'dispensed',
  'disposed',
  'encoded',
  'expired',
  'in_progress',
  'in_transit',
  'inactive',
  'mismatch_class',
  'mismatch_instance',
  'mismatch_quantity',
  'needs_replacement',
  'no_pedigree_match',
  'non_conformant',
  'non_sellable_other',
  'partially_dispensed',
  'recalled',
  'reserved',
  'retail_sold',
  'returned',
  'sellable_accessible',
  'sellable_not_accessible',
  'stolen',
  'unavailable',
  'unknown',
] as const;
export type CbvDisposition = (typeof CBV_DISPOSITIONS)[number];

/** CBV 2.0 §7.3 business transaction types. */
export const CBV_BIZ_TRANSACTION_TYPES = [
  'bol',
  'cert',
  'desadv',
  'inv',
  'pedigree',
  'po',
  'poc',
  'prodorder',
  'recadv',
  'rma',
  'testprd',
  'testres',
  'upevt',
] as const;

/** CBV 2.0 §7.4 source/destination types. */
export const CBV_SOURCE_DESTINATION_TYPES = ['owning_party', 'possessing_party', 'location'] as const;

/** CBV 2.0 §7.5 error reasons. */
export const CBV_ERROR_REASONS = ['did_not_occur', 'incorrect_data'] as const;

/** The URI prefix of each CBV vocabulary (https://ref.gs1.org/cbv/BizStep-shipping …). */
export const CBV_PREFIX = {
  bizStep: `${CBV_BASE}BizStep-`,
  disposition: `${CBV_BASE}Disp-`,
  bizTransactionType: `${CBV_BASE}BTT-`,
  sourceDestinationType: `${CBV_BASE}SDT-`,
  errorReason: `${CBV_BASE}ER-`,
} as const;
export type CbvVocabulary = keyof typeof CBV_PREFIX;

const CBV_WORDS: Record<CbvVocabulary, ReadonlySet<string>> = {
  bizStep: new Set(CBV_BIZ_STEPS),
  disposition: new Set(CBV_DISPOSITIONS),
  bizTransactionType: new Set(CBV_BIZ_TRANSACTION_TYPES),
  sourceDestinationType: new Set(CBV_SOURCE_DESTINATION_TYPES),
  errorReason: new Set(CBV_ERROR_REASONS),
};
/** EPCIS 1.x URNs of the same words (urn:epcglobal:cbv:bizstep:shipping). */
const CBV_URN: Record<CbvVocabulary, string> = {
  bizStep: 'urn:epcglobal:cbv:bizstep:',
  disposition: 'urn:epcglobal:cbv:disp:',
  bizTransactionType: 'urn:epcglobal:cbv:btt:',
  sourceDestinationType: 'urn:epcglobal:cbv:sdt:',
  errorReason: 'urn:epcglobal:cbv:er:',
};

/**
 * The CBV word of a value written bare (`shipping`), as a CBV 2.0 URI or as an EPCIS 1.x URN;
 * null when the value is none of these or not a word of that vocabulary.
 */
export function cbvWord(vocabulary: CbvVocabulary, value: string): string | null {
  let word = value;
  if (value.startsWith(CBV_PREFIX[vocabulary])) word = value.slice(CBV_PREFIX[vocabulary].length);
  else if (value.startsWith(CBV_URN[vocabulary])) word = value.slice(CBV_URN[vocabulary].length);
  return CBV_WORDS[vocabulary].has(word) ? word : null;
}

/** A CBV value in its full URI form (bare words and URNs expanded); other values unchanged. */
export function cbvUri(vocabulary: CbvVocabulary, value: string): string {
  const word = cbvWord(vocabulary, value);
  return word === null ? value : CBV_PREFIX[vocabulary] + word;
}

// GS1 keys in URIs -----------------------------------------------------------------------------

export const GS1_RESOLVER = 'https://id.gs1.org';

/** A GS1 key found in a Digital Link URI or EPC URN, by its application identifiers. */
export interface Gs1KeyPath {
  /** AI → value (percent-encoded as in a Digital Link path), in path order. */
  ais: [string, string][];
}

const withCheck = (body: string) => body + gs1CheckDigit(body);

/** EPC URNs (TDS 2.0) of the kinds we meet, as Digital Link paths. */
function epcUrnPath(uri: string): [string, string][] | null {
  const m = /^urn:epc:(id|class|idpat):([a-z]+):(.+)$/.exec(uri);
  if (!m) return null;
  const [, scheme, kind, rest] = m;
  const parts = rest!.split('.');
  const cp = parts[0] ?? '';
  if (!/^\d{6,12}$/.test(cp)) return null;
  if ((kind === 'sgtin' || kind === 'lgtin') && parts.length >= 3) {
    const itemRef = parts[1]!;
    if (cp.length + itemRef.length !== 13 || !/^\d+$/.test(itemRef)) return null;
    const gtin = withCheck(itemRef.slice(0, 1) + cp + itemRef.slice(1));
    const value = parts.slice(2).join('.');
    if (scheme === 'id' && kind === 'sgtin')
      return [
        ['01', gtin],
        ['21', value],
      ];
    if (scheme === 'class' && kind === 'lgtin')
      return [
        ['01', gtin],
        ['10', value],
      ];
    if (scheme === 'idpat' && kind === 'sgtin' && value === '*') return [['01', gtin]];
    return null;
  }
  if (scheme !== 'id') return null;
  if (kind === 'sscc' && parts.length === 2) {
    const ref = parts[1]!;
    if (cp.length + ref.length !== 17) return null;
    return [['00', withCheck(ref.slice(0, 1) + cp + ref.slice(1))]];
  }
  if (kind === 'sgln' && parts.length >= 3) {
    const loc = parts[1]!;
    if (cp.length + loc.length !== 12) return null;
    const ext = parts.slice(2).join('.');
    const gln = withCheck(cp + loc);
    return ext === '0'
      ? [['414', gln]]
      : [
          ['414', gln],
          ['254', ext],
        ];
  }
  if (kind === 'pgln' && parts.length === 2) {
    const ref = parts[1]!;
    if (cp.length + ref.length !== 12) return null;
    return [['417', withCheck(cp + ref)]];
  }
  return null;
}

const PRIMARY_KEYS = new Set(['01', '00', '414', '417', '8003', '8004', '253', '255', '8006', '8010', '8017', '8018']);

/** The AI pairs of a Digital Link URI on any host (path segments after any path prefix). */
function digitalLinkPath(uri: string): [string, string][] | null {
  const m = /^https?:\/\/[^/?#]+(\/[^?#]*)/.exec(uri);
  if (!m) return null;
  const segments = m[1]!.split('/').filter((s) => s !== '');
  // the primary key starts the GS1 part of the path; anything before it is the host's own prefix
  for (let i = 0; i + 1 < segments.length; i++) {
    if (!PRIMARY_KEYS.has(segments[i]!)) continue;
    const rest = segments.slice(i);
    if (rest.length % 2 !== 0) return null;
    const ais: [string, string][] = [];
    for (let j = 0; j < rest.length; j += 2) ais.push([rest[j]!, rest[j + 1]!]);
    if (ais[0]![0] === '01') {
      if (!/^\d{8}$|^\d{12,14}$/.test(ais[0]![1])) return null;
      ais[0]![1] = ais[0]![1].padStart(14, '0');
    }
    return ais;
  }
  return null;
}

/** The GS1 key of a URI (Digital Link on any host, or EPC URN), or null when it carries none. */
export function gs1KeyPath(uri: string): [string, string][] | null {
  return uri.startsWith('urn:epc:') ? epcUrnPath(uri) : digitalLinkPath(uri);
}

/** The URI on https://id.gs1.org with every AI kept: how identifiers are indexed and matched. */
export function canonicalGs1Uri(uri: string): string {
  const ais = gs1KeyPath(uri);
  if (!ais) return uri;
  return GS1_RESOLVER + ais.map(([ai, v]) => `/${ai}/${v}`).join('');
}

/** The lot-level URI (https://id.gs1.org/01/{gtin}/10/{lot}) of a stamp or lot URI, or null. */
export function lotUriOf(uri: string): string | null {
  const ais = gs1KeyPath(uri);
  if (!ais || ais[0]![0] !== '01') return null;
  const lot = ais.find(([ai]) => ai === '10');
  return lot ? `${GS1_RESOLVER}/01/${ais[0]![1]}/10/${lot[1]}` : null;
}

// Index columns --------------------------------------------------------------------------------

export interface EpcisIndexColumns {
  eventType: string;
  eventTime: string;
  action: string | null;
  /** business step, disposition: CBV words expanded to their full URIs */
  bizStep: string | null;
  disposition: string | null;
  readPoint: string | null;
  bizLocation: string | null;
  /** every instance identifier (epcList, parentID, childEPCs, inputEPCList, outputEPCList), canonical */
  epcs: string[];
  /** every class identifier (quantityList, childQuantityList, input/outputQuantityList), canonical */
  epcClasses: string[];
  /** the lot-level URI of every identifier above that names a lot */
  lots: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const classes = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap((q) =>
        q && typeof q === 'object' && typeof (q as QuantityElement).epcClass === 'string'
          ? [(q as QuantityElement).epcClass]
          : [],
      )
    : [];
const uniq = (xs: string[]) => [...new Set(xs)];

/** What an event is found by: the columns of epcis_events computed from its document. */
export function eventIndexColumns(event: EpcisEvent): EpcisIndexColumns {
  const epcs = uniq(
    [
      ...strings(event.epcList),
      ...(typeof event.parentID === 'string' ? [event.parentID] : []),
      ...strings(event.childEPCs),
      ...strings(event.inputEPCList),
      ...strings(event.outputEPCList),
    ].map(canonicalGs1Uri),
  );
  const epcClasses = uniq(
    [
      ...classes(event.quantityList),
      ...classes(event.childQuantityList),
      ...classes(event.inputQuantityList),
      ...classes(event.outputQuantityList),
    ].map(canonicalGs1Uri),
  );
  const lots = uniq([...epcs, ...epcClasses].flatMap((u) => lotUriOf(u) ?? []));
  const id = (v: unknown) =>
    v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string'
      ? canonicalGs1Uri((v as { id: string }).id)
      : null;
  return {
    eventType: event.type,
    eventTime: event.eventTime,
    action: typeof event.action === 'string' ? event.action : null,
    bizStep: typeof event.bizStep === 'string' ? cbvUri('bizStep', event.bizStep) : null,
    disposition: typeof event.disposition === 'string' ? cbvUri('disposition', event.disposition) : null,
    readPoint: id(event.readPoint),
    bizLocation: id(event.bizLocation),
    epcs,
    epcClasses,
    lots,
  };
}
