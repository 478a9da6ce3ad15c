// Validation of EPCIS 2.0 documents: the official EPCIS 2.0 JSON Schema (vendored under
// epcis-schema/, see its NOTICE.md) through @cfworker/json-schema (no eval: it runs on workerd),
// then what the schema leaves open: CBV 2.0 values for business steps, dispositions, business
// transaction, source/destination types and error reasons (bare words or their
// https://ref.gs1.org/cbv/… URIs; the schema lets any other URI through), an @context that names
// the EPCIS context, and plain (unprefixed) field names the standard does not define. Each problem
// names the event (its index in eventList) and the field as a JSON pointer within that event.
import { Validator } from '@cfworker/json-schema';
import { type CbvVocabulary, cbvWord, EPCIS_CONTEXT, EPCIS_CONTEXT_VERSIONED, EPCIS_EVENT_TYPES } from './epcis-event';
import schema from './epcis-schema/EPCIS-JSON-Schema.json';

export interface EpcisProblem {
  /** index of the event in the document's eventList; null for the document itself */
  eventIndex: number | null;
  /** JSON pointer within the event (or within the document when eventIndex is null) */
  field: string;
  message: string;
}

/** At most this many problems are reported for one document. */
export const MAX_PROBLEMS = 100;

let validator: Validator | undefined;
function schemaValidator(): Validator {
  validator ??= new Validator(schema as never, '7', false);
  return validator;
}

const COMMON_FIELDS = [
  '@context',
  'type',
  'eventTime',
  'recordTime',
  'eventTimeZoneOffset',
  'eventID',
  'certificationInfo',
  'errorDeclaration',
];
const WHAT_WHERE_WHY = [
  'bizStep',
  'disposition',
  'persistentDisposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
];
/** The fields each event type defines (the schema's propertyNames lists). */
const FIELDS: Record<string, ReadonlySet<string>> = {
  ObjectEvent: new Set([...COMMON_FIELDS, ...WHAT_WHERE_WHY, 'action', 'epcList', 'quantityList', 'ilmd']),
  AggregationEvent: new Set([
    ...COMMON_FIELDS,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'childEPCs',
    'childQuantityList',
  ]),
  AssociationEvent: new Set([
    ...COMMON_FIELDS,
    ...WHAT_WHERE_WHY,
    'action',
    'parentID',
    'childEPCs',
    'childQuantityList',
  ]),
  TransactionEvent: new Set([...COMMON_FIELDS, ...WHAT_WHERE_WHY, 'action', 'parentID', 'epcList', 'quantityList']),
  TransformationEvent: new Set([
    ...COMMON_FIELDS,
    ...WHAT_WHERE_WHY,
    'inputEPCList',
    'inputQuantityList',
    'outputEPCList',
    'outputQuantityList',
    'transformationID',
    'ilmd',
  ]),
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const pointer = (...parts: (string | number)[]) =>
  parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

function contextNamesEpcis(context: unknown): boolean {
  const entries = Array.isArray(context) ? context : [context];
  return entries.some((c) => c === EPCIS_CONTEXT || c === EPCIS_CONTEXT_VERSIONED);
}

const CBV_NAMES: Record<CbvVocabulary, string> = {
  bizStep: 'business step',
  disposition: 'disposition',
  bizTransactionType: 'business transaction type',
  sourceDestinationType: 'source/destination type',
  errorReason: 'error reason',
};

/** Our own checks of one event: unknown plain fields, CBV values, quantities. */
function checkEvent(event: unknown, eventIndex: number | null, out: EpcisProblem[]): void {
  if (!isObject(event)) {
    out.push({ eventIndex, field: '', message: 'an event must be a JSON object' });
    return;
  }
  const type = event.type;
  const fields = typeof type === 'string' ? FIELDS[type] : undefined;
  if (fields) {
    for (const key of Object.keys(event)) {
      if (!fields.has(key) && !key.includes(':')) {
        out.push({
          eventIndex,
          field: pointer(key),
          message: `"${key}" is not a field of an EPCIS 2.0 ${type}; extensions need a namespace prefix declared in @context (e.g. "ex:${key}")`,
        });
      }
    }
  }
  const cbv = (vocabulary: CbvVocabulary, value: unknown, field: string) => {
    if (typeof value !== 'string') return;
    if (cbvWord(vocabulary, value) === null) {
      out.push({
        eventIndex,
        field,
        message: `"${value}" is not a CBV 2.0 ${CBV_NAMES[vocabulary]} (write a CBV word such as ${exampleOf(vocabulary)} or its https://ref.gs1.org/cbv/ URI)`,
      });
    }
  };
  cbv('bizStep', event.bizStep, '/bizStep');
  cbv('disposition', event.disposition, '/disposition');
  const pd = event.persistentDisposition;
  if (isObject(pd)) {
    for (const k of ['set', 'unset'] as const) {
      const list = pd[k];
      if (!Array.isArray(list)) continue;
      for (const [i, v] of list.entries()) cbv('disposition', v, pointer('persistentDisposition', k, i));
    }
  }
  const typed = (list: unknown, name: string, vocabulary: CbvVocabulary) => {
    if (!Array.isArray(list)) return;
    list.forEach((el, i) => {
      if (isObject(el)) cbv(vocabulary, el.type, pointer(name, i, 'type'));
    });
  };
  typed(event.bizTransactionList, 'bizTransactionList', 'bizTransactionType');
  typed(event.sourceList, 'sourceList', 'sourceDestinationType');
  typed(event.destinationList, 'destinationList', 'sourceDestinationType');
  if (isObject(event.errorDeclaration)) cbv('errorReason', event.errorDeclaration.reason, '/errorDeclaration/reason');
  for (const list of ['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']) {
    const q = event[list];
    if (!Array.isArray(q)) continue;
    q.forEach((el, i) => {
      if (isObject(el) && 'quantity' in el && (typeof el.quantity !== 'number' || !Number.isFinite(el.quantity))) {
        out.push({
          eventIndex,
          field: pointer(list, i, 'quantity'),
          message: `quantity must be a number (got ${JSON.stringify(el.quantity)})`,
        });
      }
    });
  }
}

function exampleOf(vocabulary: CbvVocabulary): string {
  return {
    bizStep: '"shipping"',
    disposition: '"in_transit"',
    bizTransactionType: '"po"',
    sourceDestinationType: '"owning_party"',
    errorReason: '"incorrect_data"',
  }[vocabulary];
}

/** Where the events of a document are, as a JSON pointer prefix. */
const EVENT_LISTS = ['#/epcisBody/eventList/', '#/epcisBody/queryResults/resultsBody/eventList/'];

function locate(instanceLocation: string): { eventIndex: number | null; field: string } {
  for (const prefix of EVENT_LISTS) {
    if (!instanceLocation.startsWith(prefix)) continue;
    const rest = instanceLocation.slice(prefix.length);
    const slash = rest.indexOf('/');
    const index = Number(slash < 0 ? rest : rest.slice(0, slash));
    if (Number.isInteger(index)) return { eventIndex: index, field: slash < 0 ? '' : rest.slice(slash) };
  }
  return { eventIndex: null, field: instanceLocation.replace(/^#/, '') };
}

/** Keywords that only say "something below failed". */
const WRAPPERS = new Set(['$ref', 'allOf', 'anyOf', 'oneOf', 'if', 'then', 'else', 'properties', 'items', 'not']);

/** The schema's errors, one per deepest failing location, with the most telling message. */
type SchemaProblem = EpcisProblem & { required: boolean; alternative: boolean };

function schemaProblems(doc: unknown): SchemaProblem[] {
  const result = schemaValidator().validate(doc);
  if (result.valid) return [];
  const byLocation = new Map<string, { keyword: string; error: string }[]>();
  // "one of these fields" (epcList or quantityList…): a required field of one anyOf branch
  const alternatives = new Map<string, Set<string>>();
  for (const e of result.errors) {
    if (WRAPPERS.has(e.keyword)) continue;
    if (e.keyword === 'required' && /\/anyOf\/\d+\//.test(e.keywordLocation)) {
      const name = /property "([^"]+)"/.exec(e.error)?.[1];
      if (name) alternatives.set(e.instanceLocation, (alternatives.get(e.instanceLocation) ?? new Set()).add(name));
      continue;
    }
    const list = byLocation.get(e.instanceLocation) ?? [];
    list.push({ keyword: e.keyword, error: e.error });
    byLocation.set(e.instanceLocation, list);
  }
  const locations = [...byLocation.keys()];
  const problems: SchemaProblem[] = [];
  for (const loc of locations) {
    const errors = byLocation.get(loc)!;
    const required = errors.some((e) => e.keyword === 'required');
    // an error on a parent is explained by the one on its child (propertyNames → the bad name),
    // except a missing field
    if (!required && locations.some((other) => other !== loc && other.startsWith(`${loc}/`))) continue;
    const pick =
      errors.find((e) => e.keyword === 'type') ??
      errors.find((e) => e.keyword === 'required') ??
      errors.find((e) => e.keyword === 'enum') ??
      errors[0]!;
    // a missing field is named by where it should be
    const missing = pick.keyword === 'required' ? /property "([^"]+)"/.exec(pick.error)?.[1] : undefined;
    const at = locate(loc);
    problems.push({
      eventIndex: at.eventIndex,
      field: missing === undefined ? at.field : at.field + pointer(missing),
      message:
        missing === undefined
          ? `does not match the EPCIS 2.0 JSON Schema: ${pick.error}`
          : `"${missing}" is required here (EPCIS 2.0 JSON Schema)`,
      required,
      alternative: false,
    });
  }
  for (const [loc, names] of alternatives) {
    problems.push({
      ...locate(loc),
      message: `this event needs one of: ${[...names].join(', ')} (EPCIS 2.0 JSON Schema)`,
      required: true,
      alternative: true,
    });
  }
  return problems;
}

/**
 * Every problem of an EPCIS document (EPCISDocument or EPCISQueryDocument); an empty list means
 * it is valid. At most MAX_PROBLEMS are returned.
 */
export function validateEpcisDocument(doc: unknown): EpcisProblem[] {
  const own: EpcisProblem[] = [];
  if (!isObject(doc)) return [{ eventIndex: null, field: '', message: 'an EPCIS document must be a JSON object' }];
  if (!('@context' in doc)) {
    own.push({
      eventIndex: null,
      field: '/@context',
      message: `@context is missing; it must name the EPCIS 2.0 context ${EPCIS_CONTEXT}`,
    });
  } else if (!contextNamesEpcis(doc['@context'])) {
    own.push({
      eventIndex: null,
      field: '/@context',
      message: `@context must name the EPCIS 2.0 context ${EPCIS_CONTEXT}`,
    });
  }
  const body = isObject(doc.epcisBody) ? doc.epcisBody : null;
  const events =
    doc.type === 'EPCISQueryDocument'
      ? isObject(body?.queryResults) && isObject(body.queryResults.resultsBody)
        ? body.queryResults.resultsBody.eventList
        : undefined
      : body?.eventList;
  if (Array.isArray(events)) {
    events.forEach((e, i) => {
      checkEvent(e, i, own);
    });
  } else if (typeof doc.type === 'string' && (EPCIS_EVENT_TYPES as readonly string[]).includes(doc.type)) {
    checkEvent(doc, null, own);
  }

  // our message replaces the schema's for the same field, a field within it, or (unless the
  // schema says a field is missing) the object that holds it
  const covered = (p: SchemaProblem) =>
    own.some(
      (o) =>
        o.eventIndex === p.eventIndex &&
        (o.field === p.field ||
          p.field.startsWith(`${o.field}/`) ||
          (!p.required && o.field.startsWith(`${p.field}/`))),
    );
  const schema = schemaProblems(doc).filter((p) => !covered(p));
  // "needs one of" only when nothing else is wrong with that event (a bad quantity fails the
  // quantityList branch too)
  const fromSchema = schema
    .filter(
      (p) =>
        !p.alternative || ![...own, ...schema.filter((q) => !q.alternative)].some((q) => q.eventIndex === p.eventIndex),
    )
    .map(({ required: _, alternative: __, ...p }) => p);
  return [...own, ...fromSchema]
    .sort((a, b) => (a.eventIndex ?? -1) - (b.eventIndex ?? -1) || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0))
    .slice(0, MAX_PROBLEMS);
}
