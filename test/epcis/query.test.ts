// GET /api/v1/epcis/events: each query parameter returns exactly the matching events, pages stay
// stable while events are captured between them, the tenant rules hold, and bad parameters get
// the JSON error shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEpcisEvents } from '../../src/db/epcis-store';
import { EPCIS_CONTEXT, type EpcisEvent } from '../../src/domain/epcis-event';
import { epcisEventHash } from '../../src/domain/epcis-event-hash';
import { validateEpcisDocument } from '../../src/domain/epcis-validate';
import { createTestContext, type TestContext } from '../support/app';

let t: TestContext;
let coopA: { org: { id: string }; key: string };
let coopB: { org: { id: string }; key: string };

const GTIN = '08930000000019';
const R = 'https://trace.example.vn';
const stamp = (lot: string, serial: string) => `${R}/01/${GTIN}/10/${lot}/21/${serial}`;
const lotUri = (lot: string) => `${R}/01/${GTIN}/10/${lot}`;
const SITE_A = `${R}/414/8930000000019`;
const SITE_B = `${R}/id/organizations/b`;

/** The events by name, with their eventIDs once stored. */
const events: Record<string, EpcisEvent> = {};

async function store(name: string, ownerId: string, e: Omit<EpcisEvent, 'eventTimeZoneOffset'>) {
  const event = { '@context': [EPCIS_CONTEXT], eventTimeZoneOffset: '+07:00', ...e } as EpcisEvent;
  const document = { ...event, eventID: await epcisEventHash(event) };
  events[name] = document;
  await insertEpcisEvents(t.db.sql, [
    { document, ownerId, source: 'derived', recordKind: 'test', recordId: '00000000-0000-4000-8000-000000000000' },
  ]);
}

async function query(params: string, key = t.keys.staff) {
  const res = await t.call('GET', `/api/v1/epcis/events${params ? `?${params}` : ''}`, { key });
  const body = (await res.json()) as {
    epcisBody: { queryResults: { resultsBody: { eventList: EpcisEvent[] } } };
  };
  return { res, body, ids: res.ok ? body.epcisBody.queryResults.resultsBody.eventList.map((e) => e.eventID) : [] };
}
const idsOf = (...names: string[]) => names.map((n) => events[n]!.eventID);

beforeAll(async () => {
  t = await createTestContext();
  coopA = await t.cooperative('HTX A');
  coopB = await t.cooperative('HTX B');
  await store('harvest', coopA.org.id, {
    type: 'ObjectEvent',
    eventTime: '2026-01-05T00:00:00+07:00',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    quantityList: [{ epcClass: `${R}/id/harvest-lots/h1`, quantity: 100, uom: 'KGM' }],
    readPoint: { id: `${R}/414/8930000000019/254/AREA1` },
    bizLocation: { id: `${R}/414/8930000000019/254/AREA1` },
  });
  await store('made', coopA.org.id, {
    type: 'TransformationEvent',
    eventTime: '2026-01-10T00:00:00+07:00',
    inputQuantityList: [{ epcClass: `${R}/id/harvest-lots/h1`, quantity: 80, uom: 'KGM' }],
    outputQuantityList: [{ epcClass: lotUri('L1'), quantity: 60, uom: 'KGM' }],
    bizStep: 'creating_class_instance',
    bizLocation: { id: SITE_A },
  });
  await store('stamps', coopA.org.id, {
    type: 'ObjectEvent',
    eventTime: '2026-01-12T08:00:00+07:00',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'inactive',
    epcList: [stamp('L1', 'S1'), stamp('L1', 'S2')],
    readPoint: { id: SITE_A },
    bizLocation: { id: SITE_A },
  });
  await store('recall', coopA.org.id, {
    type: 'ObjectEvent',
    eventTime: '2026-02-01T09:00:00+07:00',
    action: 'OBSERVE',
    bizStep: 'holding',
    disposition: 'recalled',
    quantityList: [{ epcClass: lotUri('L1') }],
    bizLocation: { id: SITE_A },
  });
  await store('other', coopB.org.id, {
    type: 'ObjectEvent',
    eventTime: '2026-01-20T00:00:00+07:00',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'inactive',
    epcList: [stamp('L2', 'S9')],
    bizLocation: { id: SITE_B },
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/epcis/events', () => {
  it('answers an EPCISQueryDocument with every visible event in record order, valid against the schema', async () => {
    const { res, body, ids } = await query('');
    expect(res.status).toBe(200);
    expect(res.headers.get('gs1-epcis-version')).toBe('2.0');
    expect(ids).toEqual(idsOf('harvest', 'made', 'stamps', 'recall', 'other'));
    expect(body).toMatchObject({
      '@context': [EPCIS_CONTEXT],
      type: 'EPCISQueryDocument',
      schemaVersion: '2.0',
      epcisBody: { queryResults: { queryName: 'SimpleEventQuery' } },
    });
    expect(validateEpcisDocument(body)).toEqual([]);
  });

  it.each([
    ['eventType=TransformationEvent', ['made']],
    ['eventType=ObjectEvent|TransformationEvent', ['harvest', 'made', 'stamps', 'recall', 'other']],
    ['GE_eventTime=2026-01-10T00:00:00%2B07:00&LT_eventTime=2026-01-20T00:00:00%2B07:00', ['made', 'stamps']],
    ['EQ_action=OBSERVE', ['recall']],
    ['EQ_bizStep=creating_class_instance', ['made']],
    ['EQ_bizStep=https://ref.gs1.org/cbv/BizStep-holding', ['recall']],
    ['EQ_disposition=inactive', ['stamps', 'other']],
    [`EQ_bizLocation=${encodeURIComponent(SITE_B)}`, ['other']],
    // the same location written on id.gs1.org, and as an EPC URN, finds the same events
    ['EQ_bizLocation=https://id.gs1.org/414/8930000000019', ['made', 'stamps', 'recall']],
    ['EQ_readPoint=urn:epc:id:sgln:893000.000001.AREA1', ['harvest']],
    [`MATCH_epc=${encodeURIComponent(stamp('L1', 'S2'))}`, ['stamps']],
    [`MATCH_anyEPC=${encodeURIComponent(stamp('L2', 'S9'))}`, ['other']],
    [`MATCH_epcClass=${encodeURIComponent(lotUri('L1'))}`, ['recall']],
    // all events of one lot: made (its output), its stamps, its recall
    [`MATCH_anyEPCClass=${encodeURIComponent(lotUri('L1'))}`, ['made', 'stamps', 'recall']],
    [`MATCH_anyEPCClass=${encodeURIComponent(`${R}/id/harvest-lots/h1`)}`, ['harvest', 'made']],
    ['EQ_bizStep=shipping', []],
  ])('%s returns exactly the matching events', async (params, names) => {
    const { res, ids } = await query(params);
    expect(res.status).toBe(200);
    expect(ids).toEqual(idsOf(...names));
  });

  it('pages by perPage with a next link and token, stable while events are added between pages', async () => {
    const first = await query('perPage=2');
    expect(first.ids).toEqual(idsOf('harvest', 'made'));
    const token = first.res.headers.get('gs1-next-page-token')!;
    expect(first.res.headers.get('link')).toContain(`nextPageToken=${token}`);
    expect(first.res.headers.get('link')).toContain('rel="next"');
    // captured meanwhile: it comes after the events already there, and nothing shifts
    await store('late', coopA.org.id, {
      type: 'ObjectEvent',
      eventTime: '2026-01-01T00:00:00+07:00',
      action: 'OBSERVE',
      bizStep: 'receiving',
      epcList: [stamp('L1', 'S1')],
    });
    const second = await query(`perPage=2&nextPageToken=${token}`);
    expect(second.ids).toEqual(idsOf('stamps', 'recall'));
    const third = await query(`perPage=2&nextPageToken=${second.res.headers.get('gs1-next-page-token')}`);
    expect(third.ids).toEqual(idsOf('other', 'late'));
    expect(third.res.headers.get('link')).toBeNull();
  });

  it('shows a cooperative only its own events; staff see all; without a key nothing', async () => {
    expect((await query('eventType=ObjectEvent', coopB.key)).ids).toEqual(idsOf('other'));
    expect((await query(`MATCH_anyEPC=${encodeURIComponent(stamp('L2', 'S9'))}`, coopA.key)).ids).toEqual([]);
    const anonymous = await t.call('GET', '/api/v1/epcis/events');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unknown parameter, a bad time, perPage beyond 1000 and a made-up page token with 400', async () => {
    for (const params of ['EQ_foo=1', 'GE_eventTime=yesterday', 'perPage=1001', 'nextPageToken=zzzz']) {
      const { res, body } = await query(params);
      expect(res.status).toBe(400);
      expect((body as unknown as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
    const { body } = await query('EQ_foo=1');
    expect(JSON.stringify(body)).toContain('QueryParameterException');
  });
});

describe('GET /api/v1/epcis/events/{eventID}', () => {
  it('answers one event by its URL-encoded eventID, with its record time', async () => {
    const id = events.recall!.eventID!;
    const res = await t.call('GET', `/api/v1/epcis/events/${encodeURIComponent(id)}`, { key: coopA.key });
    expect(res.status).toBe(200);
    const e = (await res.json()) as EpcisEvent;
    expect(e).toMatchObject({ eventID: id, disposition: 'recalled' });
    expect(typeof e.recordTime).toBe('string');
  });

  it("is 404 in the JSON error shape for an unknown ID and for another cooperative's event", async () => {
    for (const [id, key] of [
      ['ni:///sha-256;0000?ver=CBV2.0', t.keys.staff],
      [events.recall!.eventID!, coopB.key],
    ] as const) {
      const res = await t.call('GET', `/api/v1/epcis/events/${encodeURIComponent(id)}`, { key });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    }
  });
});

describe('the OpenAPI document', () => {
  it('describes the EPCIS operations and their query parameters', async () => {
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/epcis', '/api/v1/epcis/events', '/api/v1/epcis/events/{event}']),
    );
    const names = doc.paths['/api/v1/epcis/events']!.get!.parameters!.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['eventType', 'GE_eventTime', 'MATCH_anyEPCClass', 'nextPageToken']));
  });
});

describe('GET /api/v1/epcis', () => {
  it('says which event types and query parameters are served', async () => {
    const res = await t.call('GET', '/api/v1/epcis', { key: coopA.key });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { eventTypes: string[]; queries: { SimpleEventQuery: { parameters: object } } };
    expect(body.eventTypes).toContain('TransformationEvent');
    expect(Object.keys(body.queries.SimpleEventQuery.parameters)).toContain('MATCH_anyEPCClass');
  });
});
