// The EPCIS events the service derives from its records, on the demo province: every one is valid
// against the official EPCIS 2.0 JSON Schema (our validator, and Ajv as a second opinion on the
// same schema), they are exactly what the records stand for now (no drift), and the back-fill
// rebuilds the same events and is idempotent.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDerivedEvents, type DerivedRecord, fillEpcisEvents } from '../../src/db/epcis-derived-store';
import { seedDemo } from '../../src/demo/seed';
import { EPCIS_CONTEXT, type EpcisEvent } from '../../src/domain/epcis-event';
import { epcisEventHash } from '../../src/domain/epcis-event-hash';
import { validateEpcisDocument } from '../../src/domain/epcis-validate';
import schema from '../../src/domain/epcis-schema/EPCIS-JSON-Schema.json';
import { createTestContext, type TestContext } from '../support/app';

const BASE = 'https://trace.example.vn';
let t: TestContext;

interface Stored {
  eventId: string;
  recordKind: string;
  recordId: string;
  ownerId: string;
  document: EpcisEvent;
}
const stored = () =>
  t.db.sql<Stored[]>`
    select event_id, record_kind, record_id, owner_id, document from epcis_events where source = 'derived' order by event_id`;

async function allRecords(): Promise<DerivedRecord[]> {
  const rows = await t.db.sql<DerivedRecord[]>`
    select 'harvest_lot' as kind, id from harvest_lots
    union all select 'batch', id from batches where status <> 'draft'
    union all select 'print_run', id from print_runs
    union all select 'recall', id from batch_recalls`;
  return rows;
}

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = new Date('2026-11-28T03:00:00Z');
  await seedDemo(t.db.sql, { clock: () => t.clock.now, keyring: t.keyring, baseUrl: BASE });
}, 240_000);
afterAll(async () => {
  await t?.close();
});

describe('the events derived from the demo records', () => {
  it('cover every business step the records hold', async () => {
    const rows = await t.db.sql<{ bizStep: string; n: number }[]>`
      select biz_step, count(*)::int as n from epcis_events group by biz_step order by 1`;
    const steps = rows.map((r) => r.bizStep.replace('https://ref.gs1.org/cbv/BizStep-', ''));
    expect(steps).toEqual(
      expect.arrayContaining(['commissioning', 'creating_class_instance', 'stocking', 'decommissioning', 'holding']),
    );
    const [declared] = await t.db.sql<{ n: number }[]>`
      select count(*)::int as n from epcis_events where document ? 'errorDeclaration'`;
    expect(declared!.n).toBeGreaterThan(0);
  });

  it('are valid EPCIS 2.0 (our validator and Ajv agree on the official schema)', async () => {
    const events = (await stored()).map((r) => r.document);
    expect(events.length).toBeGreaterThan(10);
    const doc = {
      '@context': [EPCIS_CONTEXT],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2026-11-28T03:00:00Z',
      epcisBody: { eventList: events },
    };
    expect(validateEpcisDocument(doc)).toEqual([]);
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    expect(validate(doc) ? [] : validate.errors).toEqual([]);
  });

  it('carry their own hash as eventID, except where an error declaration was added later', async () => {
    for (const r of await stored()) {
      const { eventID, errorDeclaration, ...original } = r.document;
      expect(eventID).toBe(r.eventId);
      expect(await epcisEventHash(original as EpcisEvent)).toBe(eventID);
      if (!errorDeclaration) expect(await epcisEventHash(r.document)).toBe(eventID);
    }
  });

  it('are exactly what the records stand for now (rebuilt from the records, nothing drifted)', async () => {
    const rebuilt = await buildDerivedEvents(t.db.sql, await allRecords());
    const fromRecords = rebuilt
      .map((e) => ({
        eventId: e.document.eventID!,
        recordKind: e.record.kind,
        recordId: e.record.id,
        ownerId: e.ownerId,
        document: e.document,
      }))
      .sort((a, b) => (a.eventId < b.eventId ? -1 : 1));
    expect(await stored()).toEqual(fromRecords);
  });

  it('are back-filled the same for records written before them, and a second back-fill does nothing', async () => {
    const before = await stored();
    await t.db.sql`delete from epcis_events`;
    const first = await fillEpcisEvents(t.db.sql);
    expect(first.events).toBe(before.length);
    expect(await stored()).toEqual(before);
    const again = await fillEpcisEvents(t.db.sql);
    expect(again).toEqual({ records: 0, events: 0 });
  });
});
