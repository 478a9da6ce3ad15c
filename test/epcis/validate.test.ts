// The EPCIS document validator (capture uses it): documents written from the EPCIS 2.0 standard,
// each malformed in one way, are refused with the event index and the field; the standard's own
// example passes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EPCIS_CONTEXT } from '../../src/domain/epcis-event';
import { validateEpcisDocument } from '../../src/domain/epcis-validate';

const example = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'epcisDocWithSingleEvent.jsonld'), 'utf8'),
);

const receiving = {
  type: 'ObjectEvent',
  eventTime: '2026-03-02T09:00:00+07:00',
  eventTimeZoneOffset: '+07:00',
  action: 'OBSERVE',
  bizStep: 'receiving',
  disposition: 'in_progress',
  epcList: ['https://id.gs1.org/01/08930000000019/10/L1/21/A1'],
  bizLocation: { id: 'https://id.gs1.org/414/8930000000019' },
  bizTransactionList: [{ type: 'po', bizTransaction: 'urn:epcglobal:cbv:bt:8930000000019:PO-7' }],
  sourceList: [{ type: 'owning_party', source: 'https://id.gs1.org/417/8930000000019' }],
};
const shippingByQuantity = {
  type: 'ObjectEvent',
  eventTime: '2026-03-01T08:00:00+07:00',
  eventTimeZoneOffset: '+07:00',
  action: 'OBSERVE',
  bizStep: 'https://ref.gs1.org/cbv/BizStep-shipping',
  quantityList: [{ epcClass: 'https://id.gs1.org/01/08930000000019/10/L1', quantity: 12.5, uom: 'KGM' }],
  'ex:carrier': 'Xe tải 29C-123.45',
};
const doc = (events: unknown[], over: Record<string, unknown> = {}) => ({
  '@context': [EPCIS_CONTEXT, { ex: 'https://example.vn/epcis/' }],
  type: 'EPCISDocument',
  schemaVersion: '2.0',
  creationDate: '2026-03-02T10:00:00+07:00',
  epcisBody: { eventList: events },
  ...over,
});
const where = (d: unknown) => validateEpcisDocument(d).map((p) => [p.eventIndex, p.field]);

describe('validateEpcisDocument', () => {
  it("passes the standard's example and well-formed receiving and shipping events with a namespaced extension", () => {
    expect(validateEpcisDocument(example)).toEqual([]);
    expect(validateEpcisDocument(doc([shippingByQuantity, receiving]))).toEqual([]);
  });

  it('refuses a document without @context, or whose @context does not name the EPCIS context', () => {
    const { '@context': _, ...bare } = doc([receiving]);
    expect(where(bare)).toEqual([[null, '/@context']]);
    expect(where(doc([receiving], { '@context': ['https://schema.org/'] }))).toEqual([[null, '/@context']]);
  });

  it('refuses a business step, disposition or transaction type that is not CBV 2.0, naming event and field', () => {
    expect(where(doc([receiving, { ...shippingByQuantity, bizStep: 'harvesting' }]))).toEqual([[1, '/bizStep']]);
    expect(where(doc([{ ...receiving, bizStep: 'https://ref.gs1.org/cbv/BizStep-harvesting' }]))).toEqual([
      [0, '/bizStep'],
    ]);
    expect(where(doc([{ ...receiving, disposition: 'sold_out' }]))).toEqual([[0, '/disposition']]);
    expect(where(doc([{ ...receiving, bizTransactionList: [{ type: 'order', bizTransaction: 'urn:x:1' }] }]))).toEqual([
      [0, '/bizTransactionList/0/type'],
    ]);
    expect(
      where(doc([{ ...receiving, sourceList: [{ type: 'owner', source: 'https://id.gs1.org/417/8930000000019' }] }])),
    ).toEqual([[0, '/sourceList/0/type']]);
  });

  it('refuses a quantity written as text', () => {
    const bad = { ...shippingByQuantity, quantityList: [{ ...shippingByQuantity.quantityList[0], quantity: '12.5' }] };
    expect(where(doc([receiving, bad]))).toEqual([[1, '/quantityList/0/quantity']]);
  });

  it('refuses an unknown plain field, and a missing required one', () => {
    expect(where(doc([{ ...receiving, carrier: 'Xe tải' }]))).toEqual([[0, '/carrier']]);
    const { action: _, ...noAction } = receiving;
    expect(where(doc([noAction]))).toEqual([[0, '/action']]);
  });

  it('refuses an object event that names no objects at all, saying which fields could', () => {
    const { epcList: _, ...nothing } = receiving;
    const problems = validateEpcisDocument(doc([nothing]));
    expect(problems.map((p) => [p.eventIndex, p.field])).toEqual([[0, '']]);
    expect(problems[0]!.message).toContain('epcList');
    expect(problems[0]!.message).toContain('quantityList');
  });

  it('refuses a time without its offset and an unknown event type', () => {
    expect(where(doc([{ ...receiving, eventTime: '2026-03-02 09:00' }]))).toEqual([[0, '/eventTime']]);
    expect(validateEpcisDocument(doc([{ ...receiving, type: 'PartyEvent' }])).length).toBeGreaterThan(0);
  });
});
