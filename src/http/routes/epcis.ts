// The EPCIS 2.0 query interface (ISO/IEC 19987 §12, REST binding) over the events derived from
// our records and those buyers capture: GET /epcis says what is supported, GET /epcis/events
// answers a SimpleEventQuery as an EPCISQueryDocument a page at a time (perPage, nextPageToken on
// the stable record order, Link rel="next"), GET /epcis/events/{eventID} one event. Same keys and
// tenant rules as the rest of the API (visibleOwnerFilter): a cooperative sees its own events, a
// buyer its own and those of the batches it received, staff and admins all; without a key nothing.
import type { Context } from 'hono';
import { z } from 'zod';
import { type EpcisEventFilter, getEpcisEvent, queryEpcisEvents, visibleOwnerFilter } from '../../db/epcis-store';
import {
  CBV_BIZ_STEPS,
  CBV_DISPOSITIONS,
  canonicalGs1Uri,
  cbvUri,
  EPCIS_CONTEXT,
  EPCIS_EVENT_TYPES,
} from '../../domain/epcis-event';
import { AppError } from '../../errors';
import { op } from '../op';
import type { AppEnv } from '../types';

export const EPCIS_PER_PAGE_DEFAULT = 30;
export const EPCIS_PER_PAGE_MAX = 1000;

/** The query parameters served (EPCIS 2.0 §8.2.7.1 SimpleEventQuery), and what each matches. */
export const EPCIS_QUERY_PARAMETERS: Record<string, string> = {
  eventType: 'event types, e.g. ObjectEvent|TransformationEvent',
  GE_eventTime: 'events at or after this time (ISO 8601 with offset)',
  LT_eventTime: 'events before this time',
  GE_recordTime: 'events recorded at or after this time',
  LT_recordTime: 'events recorded before this time',
  EQ_action: 'ADD, OBSERVE or DELETE',
  EQ_bizStep: 'CBV business steps, as words (shipping) or URIs',
  EQ_disposition: 'CBV dispositions, as words (recalled) or URIs',
  EQ_bizLocation: 'business locations (GLN Digital Link URIs /414/…, or our location URIs)',
  EQ_readPoint: 'read points',
  MATCH_epc: 'instance identifiers in epcList, childEPCs or parentID (stamps: /01/{gtin}/10/{lot}/21/{serial})',
  MATCH_anyEPC: 'instance identifiers anywhere in the event, inputs and outputs included',
  MATCH_epcClass: 'class identifiers in quantityList or childQuantityList (lots: /01/{gtin}/10/{lot})',
  MATCH_anyEPCClass:
    'class identifiers anywhere in the event; a lot URI also matches the events of the stamps of that lot',
  perPage: `events per page, ${EPCIS_PER_PAGE_DEFAULT} by default, at most ${EPCIS_PER_PAGE_MAX}`,
  nextPageToken: 'the token of the next page, from the Link header or GS1-Next-Page-Token of the previous one',
};

/**
 * What GET /epcis answers. The capture interface adds itself here (its endpoint and limits) when
 * it is mounted.
 */
export const epcisSupport: Record<string, unknown> = {
  '@context': EPCIS_CONTEXT,
  epcisVersion: '2.0',
  cbvVersion: '2.0',
  eventTypes: EPCIS_EVENT_TYPES,
  queries: {
    SimpleEventQuery: {
      endpoint: '/api/v1/epcis/events',
      parameters: EPCIS_QUERY_PARAMETERS,
      listSeparator: '| or ,',
      order: 'record order (oldest first); pages stay the same when events are added meanwhile',
    },
  },
  events: { endpoint: '/api/v1/epcis/events/{eventID}', eventID: 'CBV 2.0 event hash ni:///sha-256;…?ver=CBV2.0' },
  mediaTypes: ['application/json', 'application/ld+json'],
  vocabulary: { bizSteps: CBV_BIZ_STEPS, dispositions: CBV_DISPOSITIONS },
};

const list = z
  .string()
  .trim()
  .min(1)
  .transform((s) =>
    s
      .split(/[|,]/)
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().max(2000)).min(1).max(100));
const time = z.iso.datetime({
  offset: true,
  message: 'an ISO 8601 date-time with its offset, e.g. 2026-03-01T00:00:00+07:00',
});

const eventsQuery = z.strictObject(
  {
    eventType: list.pipe(z.array(z.enum(EPCIS_EVENT_TYPES))).optional(),
    GE_eventTime: time.optional(),
    LT_eventTime: time.optional(),
    GE_recordTime: time.optional(),
    LT_recordTime: time.optional(),
    EQ_action: list.pipe(z.array(z.enum(['ADD', 'OBSERVE', 'DELETE']))).optional(),
    EQ_bizStep: list.optional(),
    EQ_disposition: list.optional(),
    EQ_bizLocation: list.optional(),
    EQ_readPoint: list.optional(),
    MATCH_epc: list.optional(),
    MATCH_anyEPC: list.optional(),
    MATCH_epcClass: list.optional(),
    MATCH_anyEPCClass: list.optional(),
    perPage: z.coerce.number().int().min(1).max(EPCIS_PER_PAGE_MAX).default(EPCIS_PER_PAGE_DEFAULT),
    nextPageToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, 'must be the nextPageToken of a previous page')
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `QueryParameterException: ${issue.keys.join(', ')} is not a query parameter this interface serves (see GET /api/v1/epcis)`
        : undefined,
  },
);
type EventsQuery = z.output<typeof eventsQuery>;

/** The page token: the last record-order position served, opaque to the caller. */
const encodeToken = (seq: number) => btoa(`s${seq}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
function decodeToken(token: string): number {
  try {
    const text = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
    const m = /^s(\d{1,18})$/.exec(text);
    if (m) return Number(m[1]);
  } catch {
    // falls through to the error below
  }
  throw new AppError('VALIDATION_FAILED', 'The query parameters are not valid', [
    { path: 'query.nextPageToken', message: 'must be the nextPageToken of a previous page' },
  ]);
}

function filterOf(q: EventsQuery): EpcisEventFilter {
  const uris = (xs: string[] | undefined) => xs?.map(canonicalGs1Uri);
  return {
    eventTypes: q.eventType,
    geEventTime: q.GE_eventTime ? new Date(q.GE_eventTime) : undefined,
    ltEventTime: q.LT_eventTime ? new Date(q.LT_eventTime) : undefined,
    geRecordTime: q.GE_recordTime ? new Date(q.GE_recordTime) : undefined,
    ltRecordTime: q.LT_recordTime ? new Date(q.LT_recordTime) : undefined,
    actions: q.EQ_action,
    bizSteps: q.EQ_bizStep?.map((s) => cbvUri('bizStep', s)),
    dispositions: q.EQ_disposition?.map((s) => cbvUri('disposition', s)),
    bizLocations: uris(q.EQ_bizLocation),
    readPoints: uris(q.EQ_readPoint),
    epcs: uris(q.MATCH_epc),
    anyEpcs: uris(q.MATCH_anyEPC),
    epcClasses: uris(q.MATCH_epcClass),
    anyEpcClasses: uris(q.MATCH_anyEPCClass),
  };
}

const EPCIS_HEADERS = { 'GS1-EPCIS-Version': '2.0', 'GS1-CBV-Version': '2.0' };

function nextLink(c: Context<AppEnv>, token: string): string {
  const url = new URL(c.req.url);
  url.searchParams.set('nextPageToken', token);
  return url.toString();
}

const anyJson = z.record(z.string(), z.unknown());

export const epcisOps = {
  support: op({
    method: 'get',
    path: '/epcis',
    tag: 'EPCIS',
    summary: 'What the EPCIS 2.0 interface supports',
    description:
      'Event types, the SimpleEventQuery parameters served (unknown parameters are refused with 400, ' +
      'QueryParameterException), page sizes and the identifiers used. Events are GS1 EPCIS 2.0 JSON-LD ' +
      'with CBV 2.0 vocabulary; each eventID is the CBV 2.0 event hash.',
    roles: ['admin', 'staff', 'cooperative', 'buyer'],
    response: anyJson,
    async handler({ c }) {
      return c.json(epcisSupport, 200, EPCIS_HEADERS);
    },
  }),

  events: op({
    method: 'get',
    path: '/epcis/events',
    tag: 'EPCIS',
    summary: 'Query EPCIS events (SimpleEventQuery)',
    description:
      'Answers an EPCISQueryDocument (JSON-LD, schemaVersion 2.0) with the matching events in record ' +
      'order. Lists take several values separated by | (or ,). Identifiers match in any GS1 form (Digital ' +
      'Link on our resolver or id.gs1.org, EPC URN). When more events match, the Link header (rel="next") ' +
      'and GS1-Next-Page-Token give the next page; pages do not shift when events are added meanwhile. ' +
      'A cooperative key sees its own events, staff and admin keys all.',
    roles: ['admin', 'staff', 'cooperative', 'buyer'],
    query: eventsQuery,
    response: anyJson,
    async handler({ c, db, actor, query, now }) {
      const q = query;
      const afterSeq = q.nextPageToken ? decodeToken(q.nextPageToken) : 0;
      const page = await queryEpcisEvents(db, filterOf(q), visibleOwnerFilter(actor), {
        afterSeq,
        perPage: q.perPage,
      });
      const headers: Record<string, string> = { ...EPCIS_HEADERS };
      if (page.more && page.lastSeq !== null) {
        const token = encodeToken(page.lastSeq);
        headers.Link = `<${nextLink(c, token)}>; rel="next"`;
        headers['GS1-Next-Page-Token'] = token;
      }
      // the events are JSON text from the database: the document is assembled around them
      const head = JSON.stringify({
        '@context': [EPCIS_CONTEXT],
        type: 'EPCISQueryDocument',
        schemaVersion: '2.0',
        creationDate: now.toISOString(),
      }).slice(0, -1);
      const body = `${head},"epcisBody":{"queryResults":{"queryName":"SimpleEventQuery","resultsBody":{"eventList":[${page.events
        .map((e) => e.json)
        .join(',')}]}}}}`;
      return c.body(body, 200, { ...headers, 'content-type': 'application/json; charset=UTF-8' });
    },
  }),

  event: op({
    method: 'get',
    path: '/epcis/events/:event',
    tag: 'EPCIS',
    summary: 'One EPCIS event by its eventID',
    description:
      'The eventID URL-encoded (ni:///sha-256;…?ver=CBV2.0 → ni%3A%2F%2F%2Fsha-256%3B…%3Fver%3DCBV2.0). ' +
      '404 when no event you may see has this ID.',
    roles: ['admin', 'staff', 'cooperative', 'buyer'],
    response: anyJson,
    async handler({ c, db, actor, params }) {
      const eventId = params.event;
      const found = eventId.length <= 2000 ? await getEpcisEvent(db, eventId, visibleOwnerFilter(actor)) : null;
      if (!found) throw new AppError('NOT_FOUND', 'No EPCIS event you may see has this eventID', { eventID: eventId });
      return c.body(found.json, 200, { ...EPCIS_HEADERS, 'content-type': 'application/json; charset=UTF-8' });
    },
  }),
};
