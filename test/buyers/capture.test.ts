// A buyer captures its own EPCIS events: receipts that name the cooperative's shipment, shipments
// onward, its own repacking; anything else is refused with problem details naming the event and
// the field, and nothing of the document is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json, producerChain } from '../support/chain';
import { buyer, count, epcisDocument, lotUri, receiving, shipping } from './support';

let t: TestContext;
type World = Awaited<ReturnType<typeof build>>;
let w: World;

async function build() {
  const c = await producerChain(t);
  const lot = await c.harvest(100, '2025-05-20');
  const draft = await json(
    t.call('POST', '/api/v1/batches', { key: c.coop.key, body: c.batchBody([{ harvestLotId: lot.id, quantity: 30 }]) }),
    201,
  );
  const batch = (await json(t.call('POST', `/api/v1/batches/${draft.id}/seal`, { key: c.coop.key }), 200)).batch;
  const distributor = await buyer(t, 'Công ty TNHH Phân phối Thử nghiệm');
  const supermarket = await buyer(t, 'Siêu thị Thử nghiệm');
  return { ...c, batch, distributor, supermarket, lot: lotUri(c.product.gtin, batch.lotCode) };
}

const capture = (key: string, doc: unknown) =>
  t.call('POST', '/api/v1/epcis/capture', { key, body: doc, headers: { 'content-type': 'application/ld+json' } });

async function counts() {
  return {
    events: await count(t, 'epcis_events'),
    jobs: await count(t, 'epcis_capture_jobs'),
    receipts: await count(t, 'buyer_receipts'),
    shipments: await count(t, 'buyer_shipments'),
  };
}

beforeAll(async () => {
  t = await createTestContext();
  w = await build();
});
afterAll(() => t.close());

describe('a cooperative records a sale to a buyer', () => {
  it('stores the shipment and its shipping event (the cooperative’s) in one go', async () => {
    const before = await counts();
    const sale = await json(
      t.call('POST', `/api/v1/batches/${w.batch.id}/shipments`, {
        key: w.coop.key,
        body: { buyerId: w.distributor.org.id, quantity: 10, despatchAdvice: 'PGH-001', shippedOn: '2025-06-10' },
      }),
      201,
    );
    expect(sale.eventId).toMatch(/^ni:\/\/\/sha-256;[0-9a-f]{64}\?ver=CBV2\.0$/);
    const after = await counts();
    expect(after.shipments).toBe(before.shipments + 1);
    expect(after.events).toBe(before.events + 1);
    const [ev] = await t.db
      .sql`select source, owner_id, biz_step, document from epcis_events where event_id = ${sale.eventId}`;
    expect(ev).toMatchObject({
      source: 'captured',
      ownerId: w.coop.org.id,
      bizStep: 'https://ref.gs1.org/cbv/BizStep-shipping',
    });
    // the same sale twice is refused
    await json(
      t.call('POST', `/api/v1/batches/${w.batch.id}/shipments`, {
        key: w.coop.key,
        body: { buyerId: w.distributor.org.id, quantity: 10, despatchAdvice: 'PGH-001', shippedOn: '2025-06-10' },
      }),
      409,
    );
  });

  it('refuses a sale to an organization that is not an enterprise, and another cooperative’s batch', async () => {
    const other = await t.cooperative();
    const bad = await json(
      t.call('POST', `/api/v1/batches/${w.batch.id}/shipments`, {
        key: w.coop.key,
        body: { buyerId: other.org.id, quantity: 1, despatchAdvice: 'PGH-X', shippedOn: '2025-06-10' },
      }),
      400,
    );
    expect(bad.error.details[0].path).toBe('body.buyerId');
    await json(
      t.call('POST', `/api/v1/batches/${w.batch.id}/shipments`, {
        key: other.key,
        body: { buyerId: w.distributor.org.id, quantity: 1, despatchAdvice: 'PGH-Y', shippedOn: '2025-06-10' },
      }),
      403,
    );
    await json(
      t.call('POST', `/api/v1/batches/${w.batch.id}/shipments`, {
        key: w.distributor.key,
        body: { buyerId: w.distributor.org.id, quantity: 1, despatchAdvice: 'PGH-Z', shippedOn: '2025-06-10' },
      }),
      403,
    );
  });
});

describe('the receipt rule', () => {
  it('refuses a receipt that names no despatch advice, or one not shipped to this buyer, and stores nothing', async () => {
    const before = await counts();
    const res = await capture(
      w.supermarket.key,
      epcisDocument([
        receiving(w.lot, 'PGH-001'),
        receiving(w.lot, 'PGH-001', { bizTransactionList: [{ type: 'po', bizTransaction: 'urn:vn:po:1' }] }),
      ]),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const p = await res.json();
    expect(p).toMatchObject({ status: 400, type: expect.any(String), title: expect.any(String) });
    expect(p.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ eventIndex: 0, field: '/quantityList/0/epcClass' }),
        expect.objectContaining({ eventIndex: 1, field: '/bizTransactionList' }),
      ]),
    );
    expect(await counts()).toEqual(before);
  });

  it('refuses shipping goods the buyer never received', async () => {
    const before = await counts();
    const res = await capture(w.supermarket.key, epcisDocument([shipping(w.lot, 'X-1', null)]));
    expect(res.status).toBe(400);
    const p = await res.json();
    expect(p.errors[0]).toMatchObject({ eventIndex: 0, field: '/quantityList/0/epcClass' });
    expect(p.errors[0].message).toMatch(/received/);
    expect(await counts()).toEqual(before);
  });

  it('accepts the receipt of the cooperative’s shipment and a shipment onward, and the next buyer’s receipt', async () => {
    const res = await capture(
      w.distributor.key,
      epcisDocument([receiving(w.lot, 'PGH-001'), shipping(w.lot, 'NPP-77', w.supermarket.org.id)]),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/api\/v1\/epcis\/capture\/[0-9a-f-]{36}$/);
    const job = await json(t.call('GET', location, { key: w.distributor.key }), 200);
    expect(job).toMatchObject({ running: false, success: true, errors: [], eventCount: 2 });
    // another buyer cannot read the job
    await json(t.call('GET', location, { key: w.supermarket.key }), 404);

    const res2 = await capture(
      w.supermarket.key,
      epcisDocument([receiving(w.lot, 'NPP-77', { eventTime: '2025-06-14T09:00:00.000+07:00' })]),
    );
    expect(res2.status, await res2.clone().text()).toBe(202);
    const shipments = await json(
      t.call('GET', '/api/v1/buyer/shipments?direction=to', { key: w.supermarket.key }),
      200,
    );
    expect(shipments.items).toHaveLength(1);
    expect(shipments.items[0]).toMatchObject({ hop: 2, from: { id: w.distributor.org.id }, received: true });
    const receipts = await json(t.call('GET', '/api/v1/buyer/receipts', { key: w.supermarket.key }), 200);
    expect(receipts.items[0]).toMatchObject({ from: { id: w.distributor.org.id }, batch: { id: w.batch.id } });
    const [ev] = await t.db
      .sql`select e.source, e.owner_id from epcis_events e join epcis_capture_jobs j on j.id = e.capture_id where j.owner_id = ${w.supermarket.org.id}`;
    expect(ev).toMatchObject({ source: 'captured', ownerId: w.supermarket.org.id });
  });

  it('lets a buyer query its own events and those of the batches it received, and nobody else’s', async () => {
    const ids = async (sql: Promise<{ eventId: string }[]>) => (await sql).map((r) => r.eventId);
    const own = await ids(t.db.sql`select event_id from epcis_events where owner_id = ${w.supermarket.org.id}`);
    const ofBatch = await ids(
      t.db.sql`select event_id from epcis_events where record_kind = 'batch' and record_id = ${w.batch.id}`,
    );
    const upstream = await ids(t.db.sql`
      select event_id from epcis_events
      where owner_id = ${w.distributor.org.id} or record_kind in ('harvest_lot', 'shipment')`);
    expect(own.length).toBeGreaterThan(0);
    expect(ofBatch.length).toBeGreaterThan(0);
    const page = await json(t.call('GET', '/api/v1/epcis/events?perPage=1000', { key: w.supermarket.key }), 200);
    const seen = (page.epcisBody.queryResults.resultsBody.eventList as { eventID: string }[]).map((e) => e.eventID);
    expect(new Set(seen)).toEqual(new Set([...own, ...ofBatch]));
    for (const id of upstream) expect(seen).not.toContain(id);
  });

  it('takes a receipt written as a TransactionEvent with purchase-order and despatch-advice references', async () => {
    const other = await buyer(t, 'Công ty Giao dịch Thử nghiệm');
    await json(
      t.call('POST', `/api/v1/batches/${w.batch.id}/shipments`, {
        key: w.coop.key,
        body: { buyerId: other.org.id, quantity: 3, despatchAdvice: 'PGH-TX-1', shippedOn: '2025-06-11' },
      }),
      201,
    );
    const res = await capture(
      other.key,
      epcisDocument([
        {
          type: 'TransactionEvent',
          eventTime: '2025-06-12T10:00:00.000+07:00',
          eventTimeZoneOffset: '+07:00',
          action: 'ADD',
          bizStep: 'receiving',
          bizTransactionList: [
            { type: 'po', bizTransaction: 'urn:vn:po:DH-88' },
            { type: 'desadv', bizTransaction: 'urn:vn:desadv:PGH-TX-1' },
          ],
          quantityList: [{ epcClass: w.lot, quantity: 3, uom: 'KGM' }],
        },
      ]),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const receipts = await json(t.call('GET', '/api/v1/buyer/receipts', { key: other.key }), 200);
    expect(receipts.items[0]).toMatchObject({ despatchAdvice: 'PGH-TX-1', quantity: 3, unit: 'kg' });
  });

  it('lets a buyer repack a lot it received into its own product, and ship that on', async () => {
    const own = `https://trace.example.vn/id/organizations/${w.supermarket.org.id}/lots/HOP-500G-1`;
    const res = await capture(
      w.supermarket.key,
      epcisDocument([
        {
          type: 'TransformationEvent',
          eventTime: '2025-06-14T10:00:00.000+07:00',
          eventTimeZoneOffset: '+07:00',
          bizStep: 'repackaging',
          inputQuantityList: [{ epcClass: w.lot, quantity: 2, uom: 'KGM' }],
          outputQuantityList: [{ epcClass: own, quantity: 4 }],
        },
        shipping(own, 'ST-9', null, { eventTime: '2025-06-14T11:00:00.000+07:00' }),
      ]),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    const [row] = await t.db.sql`select hop, batch_id, to_org_id from buyer_shipments where despatch_advice = 'ST-9'`;
    expect(row).toMatchObject({ hop: 3, batchId: w.batch.id, toOrgId: null });
  });

  it('refuses a repacked lot under another cooperative’s GTIN', async () => {
    const before = await counts();
    const res = await capture(
      w.supermarket.key,
      epcisDocument([
        {
          type: 'TransformationEvent',
          eventTime: '2025-06-14T10:00:00.000+07:00',
          eventTimeZoneOffset: '+07:00',
          inputQuantityList: [{ epcClass: w.lot, quantity: 1, uom: 'KGM' }],
          outputQuantityList: [{ epcClass: lotUri(w.product.gtin, 'FAKE1'), quantity: 1 }],
        },
      ]),
    );
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0]).toMatchObject({ eventIndex: 0, field: '/outputQuantityList/0/epcClass' });
    expect(await counts()).toEqual(before);
  });
});

describe('capture refusals from the standard', () => {
  const good = () => receiving(w.lot, 'PGH-001');
  const cases: [string, () => unknown, (e: { eventIndex: number | null; field: string }[]) => void][] = [
    [
      'a document without @context',
      () => {
        const { '@context': _c, ...doc } = epcisDocument([good()]);
        return doc;
      },
      (e) => expect(e.some((x) => x.eventIndex === null)).toBe(true),
    ],
    [
      'a business step that is not CBV',
      () => epcisDocument([good(), { ...good(), bizStep: 'unloading_truck' }]),
      (e) => expect(e).toEqual(expect.arrayContaining([expect.objectContaining({ eventIndex: 1, field: '/bizStep' })])),
    ],
    [
      'a quantity written as text',
      () => epcisDocument([{ ...good(), quantityList: [{ epcClass: w.lot, quantity: '5', uom: 'KGM' }] }]),
      (e) =>
        expect(e).toEqual(
          expect.arrayContaining([expect.objectContaining({ eventIndex: 0, field: '/quantityList/0/quantity' })]),
        ),
    ],
    [
      'an unknown field',
      () => epcisDocument([{ ...good(), colour: 'red' }]),
      (e) => expect(e[0]).toMatchObject({ eventIndex: 0 }),
    ],
    [
      'an eventID that is not the event hash',
      () => epcisDocument([{ ...good(), eventID: `ni:///sha-256;${'0'.repeat(64)}?ver=CBV2.0` }]),
      (e) => expect(e[0]).toMatchObject({ eventIndex: 0, field: '/eventID' }),
    ],
    [
      'a step a buyer may not capture (commissioning)',
      () => epcisDocument([{ ...good(), action: 'ADD', bizStep: 'commissioning' }]),
      (e) => expect(e[0]).toMatchObject({ eventIndex: 0, field: '/bizStep' }),
    ],
  ];
  for (const [name, doc, check] of cases) {
    it(`refuses ${name} with problem details, storing nothing`, async () => {
      const before = await counts();
      const res = await capture(w.distributor.key, doc());
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const p = await res.json();
      expect(p.status).toBe(400);
      check(p.errors);
      expect(await counts()).toEqual(before);
    });
  }

  it('only a buyer key captures', async () => {
    const res = await capture(w.coop.key, epcisDocument([good()]));
    expect(res.status).toBe(403);
    expect((await capture('', epcisDocument([good()]))).status).toBe(401);
  });

  it('lists a buyer’s capture jobs, and refuses a cooperative', async () => {
    const list = await json(t.call('GET', '/api/v1/epcis/capture', { key: w.distributor.key }), 200);
    expect(list.captureJobs.length).toBeGreaterThan(0);
    expect(list.captureJobs.every((j: { success: boolean }) => j.success)).toBe(true);
    await json(t.call('GET', '/api/v1/epcis/capture', { key: w.coop.key }), 403);
  });

  it('is described in the OpenAPI document and named, with its limits, in GET /api/v1/epcis', async () => {
    const doc = await json(t.call('GET', '/openapi.json'), 200);
    expect(Object.keys(doc.paths['/api/v1/epcis/capture'])).toEqual(['post', 'get']);
    expect(doc.paths['/api/v1/epcis/capture/{captureID}'].get).toBeTruthy();
    const about = await json(t.call('GET', '/api/v1/epcis', { key: t.keys.staff }), 200);
    expect(about.capture).toMatchObject({ endpoint: '/api/v1/epcis/capture', captureLimit: 10_000 });
  });
});
