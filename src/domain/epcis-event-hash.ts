// The CBV 2.0 canonical event hash (CBV 2.0 §8.9, "event hash ID"): a pre-hash string built from
// the event's fields in a fixed order, with values in canonical form, hashed with SHA-256 and
// written as ni:///sha-256;<hex>?ver=CBV2.0. Two systems that compute it from the same event agree,
// whatever key order, time zone spelling or identifier syntax (EPC URN or Digital Link on any host)
// each one used. It follows the reference implementation (github.com/RalphTro/epcis-event-hash-generator,
// MIT) that produced the standard's examples; test/epcis/fixtures/ holds some of them with the
// hashes it computed:
// - eventType first, then the standard fields in the CBV order (PROP_ORDER below); a list gives its
//   name then its elements, each element's string sorted; empty fields and lists add nothing;
// - times to UTC at millisecond precision (2022-02-17T02:33:31.116Z);
// - CBV words to their URIs (shipping → https://ref.gs1.org/cbv/BizStep-shipping);
// - GS1 keys to the constrained canonical Digital Link on id.gs1.org (finest level only: a serial
//   drops the lot), numbers without leading/trailing zeros;
// - then every other field (bizTransactionList, sourceList, destinationList, ILMD, certificationInfo,
//   errorDeclaration, extensions with their namespace written {uri}name), each as a string, sorted;
// - eventID and recordTime are left out (the hash must not depend on them).
// WebCrypto only: it runs on Node and on workerd.
import { cbvUri, type CbvVocabulary, type EpcisEvent, GS1_RESOLVER, gs1KeyPath } from './epcis-event';

type Order = readonly (readonly [string, Order | null])[];

const QUANTITY: Order = [
  ['epcClass', null],
  ['quantity', null],
  ['uom', null],
];
const EPCS: Order = [['epc', null]];

/** The CBV order of the standard fields (the reference implementation's PROP_ORDER). */
const PROP_ORDER: Order = [
  ['eventTime', null],
  ['eventTimeZoneOffset', null],
  ['epcList', EPCS],
  ['parentID', null],
  ['inputEPCList', EPCS],
  ['childEPCs', EPCS],
  ['quantityList', [['quantityElement', QUANTITY]]],
  ['childQuantityList', [['quantityElement', QUANTITY]]],
  ['inputQuantityList', [['quantityElement', QUANTITY]]],
  ['outputEPCList', EPCS],
  ['outputQuantityList', [['quantityElement', QUANTITY]]],
  ['action', null],
  ['transformationID', null],
  ['bizStep', null],
  ['disposition', null],
  [
    'persistentDisposition',
    [
      ['set', null],
      ['unset', null],
    ],
  ],
  ['readPoint', [['id', null]]],
  ['bizLocation', [['id', null]]],
  [
    'sensorElementList',
    [
      [
        'sensorElement',
        [
          [
            'sensorMetadata',
            [
              ['time', null],
              ['startTime', null],
              ['endTime', null],
              ['deviceID', null],
              ['deviceMetadata', null],
              ['rawData', null],
              ['dataProcessingMethod', null],
              ['bizRules', null],
            ],
          ],
          [
            'sensorReport',
            [
              ['type', null],
              ['exception', null],
              ['deviceID', null],
              ['deviceMetadata', null],
              ['rawData', null],
              ['dataProcessingMethod', null],
              ['time', null],
              ['microorganism', null],
              ['chemicalSubstance', null],
              ['value', null],
              ['component', null],
              ['stringValue', null],
              ['booleanValue', null],
              ['hexBinaryValue', null],
              ['uriValue', null],
              ['minValue', null],
              ['maxValue', null],
              ['meanValue', null],
              ['sDev', null],
              ['percRank', null],
              ['percValue', null],
              ['uom', null],
              ['coordinateReferenceSystem', null],
            ],
          ],
        ],
      ],
    ],
  ],
];

/** Fields never hashed. */
const IGNORED = new Set(['@context', 'type', 'eventID', 'recordTime', 'comment', 'rdfs:comment']);

/** A node of the XML-like tree the reference implementation hashes: name, text, children. */
interface Node {
  name: string;
  text: string;
  children: Node[];
}

/** Which CBV vocabulary a field's bare words belong to (by its path in the event). */
function vocabularyOf(path: string): CbvVocabulary | null {
  switch (path) {
    case 'bizStep':
      return 'bizStep';
    case 'disposition':
    case 'persistentDisposition.set':
    case 'persistentDisposition.unset':
      return 'disposition';
    case 'bizTransactionList.type':
      return 'bizTransactionType';
    case 'sourceList.type':
    case 'destinationList.type':
      return 'sourceDestinationType';
    case 'errorDeclaration.reason':
      return 'errorReason';
    default:
      return null;
  }
}

/** EPCIS 1.x CBV URNs written as the web vocabulary of the time (reference implementation). */
function webVocabulary(text: string): string {
  return text
    .replace('urn:epcglobal:cbv:bizstep:', 'https://ns.gs1.org/voc/Bizstep-')
    .replace('urn:epcglobal:cbv:disp:', 'https://ns.gs1.org/voc/Disp-')
    .replace('urn:epcglobal:cbv:btt:', 'https://ns.gs1.org/voc/BTT-')
    .replace('urn:epcglobal:cbv:sdt:', 'https://ns.gs1.org/voc/SDT-')
    .replace('urn:epcglobal:cbv:er:', 'https://ns.gs1.org/voc/ER-');
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Numbers without a leading +, leading zeros or a trailing .0 (Python's str(float) / str(int)). */
function canonicalNumber(text: string): string {
  if (!NUMBER.test(text.trim())) return text;
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(n);
}

/** The constrained canonical Digital Link: id.gs1.org, finest level of identification only. */
export function constrainedDigitalLink(uri: string): string | null {
  const ais = gs1KeyPath(uri);
  if (!ais || ais.length === 0) return null;
  const [primary, key] = ais[0]!;
  const q = (ai: string) => ais.find(([a]) => a === ai)?.[1];
  if (primary === '01') {
    const serial = q('21');
    if (serial !== undefined) return `${GS1_RESOLVER}/01/${key}/21/${serial}`;
    const lot = q('10');
    if (lot !== undefined) return `${GS1_RESOLVER}/01/${key}/10/${lot}`;
    return `${GS1_RESOLVER}/01/${key}`;
  }
  if (primary === '414') {
    const ext = q('254');
    return ext !== undefined ? `${GS1_RESOLVER}/414/${key}/254/${ext}` : `${GS1_RESOLVER}/414/${key}`;
  }
  return `${GS1_RESOLVER}/${primary}/${key}`;
}

function canonicalValue(text: string): string {
  const t = canonicalNumber(webVocabulary(text));
  return constrainedDigitalLink(t) ?? t;
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** An xsd:dateTime in UTC at millisecond precision (fractions beyond milliseconds cut off). */
export function canonicalTime(text: string): string {
  const m = TIME.exec(text.trim());
  if (!m) return text;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = Number((frac ?? '').padEnd(3, '0').slice(0, 3));
  let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone !== 'Z') {
    const sign = zone!.startsWith('-') ? -1 : 1;
    t -= sign * (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6))) * 60_000;
  }
  return new Date(t).toISOString();
}

/** Prefix → namespace URI from a JSON-LD @context (strings are remote contexts: no prefixes). */
function namespacesOf(...contexts: unknown[]): Map<string, string> {
  const ns = new Map<string, string>([
    ['gs1', 'https://ref.gs1.org/voc/'],
    ['cbv', 'https://ref.gs1.org/cbv/'],
    ['epcis', 'https://ref.gs1.org/epcis/'],
    ['cbvmda', 'urn:epcglobal:cbv:mda'],
  ]);
  for (const c of contexts) {
    for (const entry of Array.isArray(c) ? c : [c]) {
      if (!entry || typeof entry !== 'object') continue;
      for (const [prefix, uri] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof uri === 'string') ns.set(prefix, uri);
      }
    }
  }
  return ns;
}

/** Turns the event's JSON into the tree the reference implementation hashes. */
function toNodes(name: string, value: unknown, path: string, expandKey: (k: string) => string, out: Node[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    // a list: one child per element, named after the element kind for the standard lists
    const element = LIST_ELEMENT[path];
    if (element !== undefined) {
      const children: Node[] = [];
      for (const v of value) toNodes(element, v, `${path}`, expandKey, children);
      out.push({ name, text: '', children });
    } else {
      for (const v of value) toNodes(name, v, path, expandKey, out);
    }
    return;
  }
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const children: Node[] = [];
    let text = '';
    // bizTransaction / source / destination: the identifier is the element's text (as in XML)
    const own = TEXT_FIELD[path];
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'comment' || k === 'rdfs:comment') continue;
      if (own !== undefined && k === own && typeof v === 'string') {
        text = v;
        continue;
      }
      toNodes(expandKey(k), v, `${path}.${k}`, expandKey, children);
    }
    out.push({ name, text, children });
    return;
  }
  let text = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  const vocabulary = vocabularyOf(path);
  if (vocabulary) text = cbvUri(vocabulary, text);
  out.push({ name, text, children: [] });
}

/** The standard lists and what their elements are called in the XML binding. */
const LIST_ELEMENT: Record<string, string> = {
  epcList: 'epc',
  childEPCs: 'epc',
  inputEPCList: 'epc',
  outputEPCList: 'epc',
  quantityList: 'quantityElement',
  childQuantityList: 'quantityElement',
  inputQuantityList: 'quantityElement',
  outputQuantityList: 'quantityElement',
  sensorElementList: 'sensorElement',
  bizTransactionList: 'bizTransaction',
  sourceList: 'source',
  destinationList: 'destination',
  'errorDeclaration.correctiveEventIDs': 'correctiveEventID',
};
/** List elements whose identifier is the element text in XML (the `type` stays an attribute). */
const TEXT_FIELD: Record<string, string> = {
  bizTransactionList: 'bizTransaction',
  sourceList: 'source',
  destinationList: 'destination',
};

function isTimeField(name: string): boolean {
  const n = name.toLowerCase();
  return n.indexOf('time') > 0 && n.indexOf('offset') < 0;
}

function ordered(children: Node[], order: Order, consumed: Set<Node>): string {
  let pre = '';
  for (const [name, sub] of order) {
    const values: string[] = [];
    for (const child of children.filter((c) => c.name === name)) {
      const grand = sub ? ordered(child.children, sub, consumed) : '';
      let text = child.text.trim();
      if (text) text = `=${isTimeField(name) ? canonicalTime(text) : canonicalValue(text)}`;
      if (text || grand) values.push(child.name + text + grand);
      if (child.children.length === 0 || sub) consumed.add(child);
    }
    values.sort(compare);
    if (values.join('')) pre = pre + values.join('');
  }
  return pre;
}

function generic(children: Node[]): string {
  const values = children.map((c) => {
    const text = c.text.trim() ? `=${canonicalValue(c.text.trim())}` : '';
    return c.name + text + generic(c.children);
  });
  values.sort(compare);
  return values.join('');
}

/** Python's default string order (code points), not the locale's. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The pre-hash string of an event (exposed for tests and for explaining a hash). */
export function epcisPreHash(event: EpcisEvent, documentContext?: unknown): string {
  const ns = namespacesOf(documentContext, event['@context']);
  const expandKey = (k: string) => {
    const i = k.indexOf(':');
    if (i <= 0) return k;
    const uri = ns.get(k.slice(0, i));
    return uri === undefined ? k : `{${uri}}${k.slice(i + 1)}`;
  };
  const nodes: Node[] = [];
  for (const [k, v] of Object.entries(event)) {
    if (IGNORED.has(k)) continue;
    toNodes(expandKey(k), v, k, expandKey, nodes);
  }
  const consumed = new Set<Node>();
  const head = ordered(nodes, PROP_ORDER, consumed);
  const rest = generic(nodes.filter((n) => !consumed.has(n)));
  return `eventType=${event.type}${head}${rest}`;
}

/**
 * The CBV 2.0 event hash ID of an event: ni:///sha-256;<64 hex>?ver=CBV2.0. `documentContext` is
 * the @context of the document the event came in, which binds the prefixes of extension fields.
 */
export async function epcisEventHash(event: EpcisEvent, documentContext?: unknown): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(epcisPreHash(event, documentContext)));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `ni:///sha-256;${hex}?ver=CBV2.0`;
}
