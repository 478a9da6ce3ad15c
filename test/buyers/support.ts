// Buyers for tests: an enterprise organization with a buyer key, made straight in the database.
import { createApiKey } from '../../src/db/api-keys-store';
import { insertOrganization } from '../../src/db/organizations-store';
import type { TestContext } from '../support/app';
import { organizationRow } from '../support/fixtures';

let n = 0;

export async function buyer(t: TestContext, name?: string) {
  n += 1;
  const org = await insertOrganization(
    t.db.sql,
    organizationRow({
      kind: 'enterprise',
      name: name ?? `Công ty Phân phối Thử nghiệm ${n}`,
      registrationCode: `DN-TEST-${n}-${Math.random().toString(36).slice(2, 8)}`,
    }),
  );
  const { key } = await createApiKey(t.db.sql, {
    name: org.name,
    role: 'buyer',
    organizationId: org.id,
    createdBy: null,
  });
  return { org, key };
}

export async function count(t: TestContext, table: string): Promise<number> {
  // unsafe: table names come from the tests themselves
  const [r] = await t.db.sql.unsafe(`select count(*)::int as n from ${table}`);
  return (r as unknown as { n: number }).n;
}

export const EPCIS_CONTEXT = 'https://ref.gs1.org/standards/epcis/epcis-context.jsonld';

/** An EPCISDocument around these events. */
export function epcisDocument(events: Record<string, unknown>[]) {
  return {
    '@context': [EPCIS_CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2025-06-15T08:00:00.000Z',
    epcisBody: { eventList: events },
  };
}

export const lotUri = (gtin: string, lot: string) => `https://id.gs1.org/01/${gtin}/10/${lot}`;

/** A buyer's receiving event for a quantity of a lot, quoting a despatch advice. */
export function receiving(lot: string, despatchAdvice: string, over: Record<string, unknown> = {}) {
  return {
    type: 'ObjectEvent',
    eventTime: '2025-06-12T09:00:00.000+07:00',
    eventTimeZoneOffset: '+07:00',
    action: 'OBSERVE',
    bizStep: 'receiving',
    disposition: 'in_progress',
    quantityList: [{ epcClass: lot, quantity: 5, uom: 'KGM' }],
    bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:vn:desadv:${despatchAdvice}` }],
    ...over,
  };
}

/** A buyer's shipping event of a lot to another organization (its stable URI), with its despatch advice. */
export function shipping(
  lot: string,
  despatchAdvice: string,
  toOrgId: string | null,
  over: Record<string, unknown> = {},
) {
  return {
    type: 'ObjectEvent',
    eventTime: '2025-06-13T09:00:00.000+07:00',
    eventTimeZoneOffset: '+07:00',
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    quantityList: [{ epcClass: lot, quantity: 2, uom: 'KGM' }],
    bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:vn:desadv:${despatchAdvice}` }],
    ...(toOrgId
      ? {
          destinationList: [
            { type: 'owning_party', destination: `https://trace.example.vn/id/organizations/${toOrgId}` },
          ],
        }
      : {}),
    ...over,
  };
}
