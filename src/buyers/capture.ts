// A buyer's EPCIS capture: after the document passed the EPCIS 2.0 JSON Schema and the CBV checks
// (src/domain/epcis-validate.ts), each event must be one a buyer may capture, about goods it can
// show it received, and then every event, receipt, shipment and repacked lot is stored in one
// transaction — or, on any problem, nothing at all.
//
// The receipt rule: a receiving event names a despatch advice (bizTransactionList, type desadv)
// of a shipment made to this buyer — a sale the cooperative recorded (POST
// /api/v1/batches/{id}/shipments) or an upstream buyer's captured shipping event naming this buyer
// as destination — and every lot it names must be one that shipment carried. Shipping and
// repacking name only goods the buyer received (earlier in the same document counts). A repacked
// lot's outputs are the buyer's own: a GS1 identifier whose GTIN is not a product of the service,
// or a URI under {PUBLIC_BASE_URL}/id/organizations/{buyer id}/.
import type { Tx } from '../db/client';
import {
  buyerHoldings,
  finishCaptureJob,
  insertBuyerLots,
  insertCaptureJob,
  insertReceipts,
  insertShipments,
  organizationsByRef,
  productOwnersByGtin,
  shipmentsToByDespatchAdvice,
  type CaptureJob,
  type InboundShipment,
  type ReceiptRow,
  type ShipmentRow,
} from '../db/buyers-store';
import { insertEpcisEvents, type StoredEpcisEvent } from '../db/epcis-store';
import {
  bizTransactions,
  buyerStep,
  type CaptureProblem,
  despatchAdviceNumber,
  destinations,
  eventTimeOf,
  itemOf,
  lotOfUri,
  namedGoods,
  organizationRef,
  type NamedGoods,
} from '../domain/buyer-capture';
import type { EpcisEvent } from '../domain/epcis-event';
import { epcisEventHash } from '../domain/epcis-event-hash';

/** The forward trace and recall notices follow goods this many hops past the cooperative. */
export const MAX_HOPS = 5;

/** Thrown inside the capture's transaction so that it rolls back; the route answers 400 with the problems. */
export class CaptureRefused extends Error {
  constructor(readonly problems: CaptureProblem[]) {
    super('The capture was refused');
    this.name = 'CaptureRefused';
  }
}

interface Holding {
  batchId: string;
  hop: number;
}

const UNITS: Record<string, string> = { KGM: 'kg', TNE: 'tonne', GRM: 'g', LTR: 'litre', MLT: 'ml' };

export async function captureEpcisDocument(
  tx: Tx,
  input: { buyerId: string; baseUrl: string; events: EpcisEvent[]; documentContext: unknown; now: Date },
): Promise<CaptureJob> {
  const { buyerId, events } = input;
  const base = input.baseUrl.replace(/\/+$/, '');
  const ownPrefix = `${base}/id/organizations/${buyerId}/`;
  const problems: CaptureProblem[] = [];
  const problem = (eventIndex: number, field: string, message: string) => {
    if (problems.length < 100) problems.push({ eventIndex, field, message });
  };

  // What the checks need, read once for the whole document.
  const goodsOf = events.map((e) => ({
    what: namedGoods(e, 'what'),
    input: namedGoods(e, 'input'),
    output: namedGoods(e, 'output'),
  }));
  const allItems = [...new Set(goodsOf.flatMap((g) => [...g.what, ...g.input].map((x) => itemOf(x.uri))))];
  const desadvs = [...new Set(events.flatMap((e) => bizTransactions(e, 'desadv').map((r) => despatchAdviceNumber(r))))];
  const destRefs = events.flatMap((e) => destinations(e).map((d) => organizationRef(d.uri))).filter((r) => !!r);
  const outputGtins = [
    ...new Set(
      goodsOf.flatMap((g) => g.output.map((o) => o.lot?.gtin14 ?? lotOfUri(o.uri)?.gtin14).filter((x) => !!x)),
    ),
  ] as string[];
  const [inbound, held, orgs, owners] = await Promise.all([
    shipmentsToByDespatchAdvice(tx, buyerId, desadvs),
    buyerHoldings(tx, buyerId, allItems),
    organizationsByRef(tx, destRefs),
    productOwnersByGtin(tx, outputGtins),
  ]);
  const holdings = new Map<string, Holding[]>();
  const hold = (item: string, h: Holding) => {
    const list = holdings.get(item) ?? [];
    if (!list.some((x) => x.batchId === h.batchId)) list.push(h);
    holdings.set(item, list);
  };
  for (const h of held) hold(h.item, { batchId: h.batchId, hop: h.hop ?? 1 });

  const stored: StoredEpcisEvent[] = [];
  const shipments: ShipmentRow[] = [];
  const receipts: ReceiptRow[] = [];
  const lots: { buyerId: string; item: string; batchId: string; eventId: string }[] = [];
  const job = await insertCaptureJob(tx, buyerId, input.now);

  for (const [i, event] of events.entries()) {
    const step = buyerStep(event);
    if (!step) {
      problem(
        i,
        event.type === 'ObjectEvent' || event.type === 'TransactionEvent' ? '/bizStep' : '/type',
        'a buyer captures receiving or shipping (an ObjectEvent or TransactionEvent with bizStep receiving or shipping) ' +
          'or its own repacking (a TransformationEvent)',
      );
      continue;
    }
    const { eventID: given, ...withoutId } = event;
    const eventId = await epcisEventHash(withoutId as EpcisEvent, input.documentContext);
    if (given !== undefined && given !== eventId) {
      problem(i, '/eventID', `the eventID must be the CBV 2.0 event hash of the event: ${eventId}`);
      continue;
    }
    const at = eventTimeOf(event);
    const g = goodsOf[i]!;

    if (step === 'receiving') {
      if (!g.what.length) problem(i, '/epcList', 'a receipt names the lots or stamps received');
      const numbers = bizTransactions(event, 'desadv').map(despatchAdviceNumber);
      if (!numbers.length) {
        problem(
          i,
          '/bizTransactionList',
          'a receipt names the despatch advice (type desadv) of the shipment it received: the cooperative records the ' +
            'sale first, or the upstream buyer captures its shipping event',
        );
        continue;
      }
      const candidates = inbound.filter((s) => s.despatchAdvice !== null && numbers.includes(s.despatchAdvice));
      for (const goods of g.what) {
        const item = itemOf(goods.uri);
        const matching = candidates.filter((s: InboundShipment) => s.item === item);
        if (!matching.length) {
          problem(
            i,
            goods.field,
            candidates.length
              ? `the shipment with despatch advice ${numbers.join(', ')} to you did not carry this lot`
              : `no shipment to you has the despatch advice ${numbers.join(', ')}`,
          );
          continue;
        }
        for (const s of matching) {
          receipts.push({
            buyerId,
            shipmentId: s.id,
            fromOrgId: s.fromOrgId,
            batchId: s.batchId,
            item,
            quantity: goods.quantity,
            unit: goods.uom ? (UNITS[goods.uom] ?? goods.uom.toLowerCase().slice(0, 20)) : null,
            eventId,
            receivedAt: at,
          });
          hold(item, { batchId: s.batchId, hop: s.hop });
        }
      }
    } else if (step === 'shipping') {
      if (!g.what.length) problem(i, '/epcList', 'a shipment names the lots or stamps shipped');
      const numbers = bizTransactions(event, 'desadv').map(despatchAdviceNumber);
      if (!numbers.length) {
        problem(
          i,
          '/bizTransactionList',
          'a shipment carries its despatch advice (type desadv), which the receiving buyer quotes on its receipt',
        );
        continue;
      }
      const dests = destinations(event);
      let toOrgId: string | null = null;
      let destination: string | null = null;
      for (const d of dests) {
        const ref = organizationRef(d.uri);
        const org = ref && orgs.find((o) => (ref.gln ? o.gln === ref.gln : o.id === ref.id));
        if (org && org.id === buyerId) continue;
        if (org && org.kind !== 'enterprise') {
          problem(i, d.field, 'goods are shipped on to a buyer enterprise (or outside the service), not back upstream');
          continue;
        }
        if (org) toOrgId ??= org.id;
        destination ??= d.uri.slice(0, 500);
      }
      for (const goods of g.what) {
        const item = itemOf(goods.uri);
        const held = holdings.get(item);
        if (!held?.length) {
          problem(i, goods.field, 'you can ship only goods you received: no receipt of yours names this lot');
          continue;
        }
        for (const h of held) {
          if (h.hop + 1 > MAX_HOPS) {
            problem(i, goods.field, `the service follows goods at most ${MAX_HOPS} hops past the cooperative`);
            continue;
          }
          shipments.push({
            id: crypto.randomUUID(),
            fromOrgId: buyerId,
            toOrgId,
            destination: toOrgId ? null : destination,
            batchId: h.batchId,
            item,
            quantity: goods.quantity,
            unit: goods.uom ? (UNITS[goods.uom] ?? goods.uom.toLowerCase().slice(0, 20)) : null,
            despatchAdvice: numbers[0]!.slice(0, 100),
            hop: h.hop + 1,
            eventId,
            shippedAt: at,
          });
        }
      }
    } else {
      if (!g.input.length) problem(i, '/inputEPCList', 'a repacking names the lots it used');
      if (!g.output.length) problem(i, '/outputEPCList', 'a repacking names the buyer’s own lot it made');
      const used: Holding[] = [];
      for (const goods of g.input) {
        const held = holdings.get(itemOf(goods.uri));
        if (!held?.length)
          problem(i, goods.field, 'you can repack only goods you received: no receipt of yours names this lot');
        else used.push(...held);
      }
      for (const out of g.output) {
        if (!isOwnItem(out, ownPrefix, owners, buyerId)) {
          problem(
            i,
            out.field,
            `a repacked lot is your own: a GTIN that is not a product of a cooperative here, or a URI under ${ownPrefix}`,
          );
          continue;
        }
        const item = itemOf(out.uri);
        for (const h of used) {
          lots.push({ buyerId, item, batchId: h.batchId, eventId });
          hold(item, h);
        }
      }
    }
    stored.push({
      document: { ...(event['@context'] ? {} : { '@context': input.documentContext }), ...event, eventID: eventId },
      ownerId: buyerId,
      source: 'captured',
      captureId: job.id,
    });
  }
  if (problems.length) throw new CaptureRefused(problems);

  await insertEpcisEvents(tx, stored);
  await insertShipments(tx, shipments);
  await insertReceipts(tx, receipts);
  await insertBuyerLots(tx, dedupe(lots));
  return finishCaptureJob(tx, job.id, { status: 'success', eventCount: events.length, errors: null, at: input.now });
}

function isOwnItem(
  out: NamedGoods,
  ownPrefix: string,
  owners: { gtin: string; ownerId: string }[],
  buyerId: string,
): boolean {
  if (out.uri.startsWith(ownPrefix)) return true;
  const gtin = out.lot?.gtin14 ?? lotOfUri(out.uri)?.gtin14 ?? null;
  if (!gtin) return false;
  return owners.every((o) => o.gtin !== gtin || o.ownerId === buyerId);
}

function dedupe<T extends { item: string; batchId: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.item} ${r.batchId}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
