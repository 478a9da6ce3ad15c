// The EPCIS building blocks: the CBV 2.0 event hash on the standard's worked example, the
// validator on a few malformed documents, and the store's idempotent insert.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEpcisEvents } from '../../src/db/epcis-store';
import { EPCIS_CONTEXT, type EpcisEvent } from '../../src/domain/epcis-event';
import { epcisEventHash, epcisPreHash } from '../../src/domain/epcis-event-hash';
import { validateEpcisDocument } from '../../src/domain/epcis-validate';
import { createTestDatabase, type TestDatabase } from '../support/db';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('the CBV 2.0 event hash', () => {
  it('equals the hash the reference implementation gives the single-event example', async () => {
    const doc = JSON.parse(fixture('epcisDocWithSingleEvent.jsonld'));
    const event = doc.epcisBody.eventList[0] as EpcisEvent;
    expect(epcisPreHash(event, doc['@context'])).toBe(fixture('epcisDocWithSingleEvent.prehashes').trim());
    expect(await epcisEventHash(event, doc['@context'])).toBe(fixture('epcisDocWithSingleEvent.hashes').trim());
  });
});

describe('the EPCIS document validator', () => {
  const doc = (events: unknown[], over: Record<string, unknown> = {}) => ({
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-03-01T08:00:00Z',
    epcisBody: { eventList: events },
    ...over,
  });
  const shipping = {
    type: 'ObjectEvent',
    eventTime: '2026-03-01T08:00:00+07:00',
    eventTimeZoneOffset: '+07:00',
    action: 'OBSERVE',
    bizStep: 'shipping',
    epcList: ['https://id.gs1.org/01/08930000000019/10/L1/21/A1'],
  };
  it('accepts a well-formed shipping event', () => {
    expect(validateEpcisDocument(doc([shipping]))).toEqual([]);
  });
  it('refuses a business step that is not a CBV 2.0 word, naming the event and field', () => {
    const problems = validateEpcisDocument(doc([shipping, { ...shipping, bizStep: 'harvesting' }]));
    expect(problems.map((p) => [p.eventIndex, p.field])).toEqual([[1, '/bizStep']]);
  });
});

describe('storing EPCIS events', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());

  it('stores an event once, however often it is inserted, with its index columns', async () => {
    const [org] = await db.sql<{ id: string }[]>`
      insert into organizations (kind, name, province) values ('cooperative', 'HTX thử', 'Tỉnh Sơn Lâm') returning id`;
    const event: EpcisEvent = {
      type: 'ObjectEvent',
      eventTime: '2026-03-01T08:00:00.000Z',
      eventTimeZoneOffset: '+07:00',
      action: 'ADD',
      bizStep: 'commissioning',
      epcList: ['http://localhost:3000/01/08930000000019/10/L1/21/A1'],
    };
    const document = { ...event, eventID: await epcisEventHash(event) };
    const stored = {
      document,
      ownerId: org!.id,
      source: 'derived' as const,
      recordKind: 'print_run',
      recordId: org!.id,
    };
    expect(await insertEpcisEvents(db.sql, [stored])).toBe(1);
    expect(await insertEpcisEvents(db.sql, [stored])).toBe(0);
    const [row] = await db.sql`select epcs, lots, biz_step, document from epcis_events`;
    expect(row!.epcs).toEqual(['https://id.gs1.org/01/08930000000019/10/L1/21/A1']);
    expect(row!.lots).toEqual(['https://id.gs1.org/01/08930000000019/10/L1']);
    expect(row!.bizStep).toBe('https://ref.gs1.org/cbv/BizStep-commissioning');
    expect(row!.document).toEqual(document);
  });
});
