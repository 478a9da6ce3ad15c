// Demo seed, past the cooperatives: the province's trading company (a distributor) and the OCOP
// shop chain buy several demo lots. Each sale is recorded as a cooperative records one, each
// receipt and onward shipment captured as a buyer captures it (the same services as the API), and
// the demo recall notifies both buyers: the distributor has acknowledged, the shop chain not yet.
import type { DemoContext } from './seed';
import { recordSale } from '../buyers/sales';
import { captureEpcisDocument } from '../buyers/capture';
import { openRecalls, sealedBatchesForSale } from '../db/buyers-store';
import { acknowledgeRecallNotice, insertRecallNotices, listRecallNotices } from '../db/recall-notices-store';
import { addDays } from '../domain/calendar';
import { lotClassUri } from '../domain/buyer-events';
import { EPCIS_CONTEXT, type EpcisEvent } from '../domain/epcis-event';
import { DEMO_RECALLED_LOT } from './batches';

/** The provincial distributor and the shop chain (demo organization keys). */
export const DEMO_DISTRIBUTOR = 'ctyThuongMaiSonLam';
export const DEMO_SHOP_CHAIN = 'ctyChuoiOcopSonLam';

const UOM: Record<string, string> = { kg: 'KGM', tonne: 'TNE', g: 'GRM', litre: 'LTR', ml: 'MLT' };

function event(
  step: 'receiving' | 'shipping',
  day: string,
  epcClass: string,
  quantity: number,
  unit: string,
  despatchAdvice: string,
  extra: Partial<EpcisEvent> = {},
): EpcisEvent {
  const uom = UOM[unit];
  return {
    type: 'ObjectEvent',
    eventTime: `${day}T${step === 'receiving' ? '15' : '08'}:00:00.000+07:00`,
    eventTimeZoneOffset: '+07:00',
    action: 'OBSERVE',
    bizStep: step,
    disposition: step === 'receiving' ? 'in_progress' : 'in_transit',
    quantityList: [{ epcClass, quantity, ...(uom ? { uom } : {}) }],
    bizTransactionList: [{ type: 'desadv', bizTransaction: `urn:vn:sonlam:desadv:${despatchAdvice}` }],
    ...extra,
  };
}

export async function seedDemoBuyers(ctx: DemoContext, baseUrl: string): Promise<void> {
  const distributor = ctx.organizations.get(DEMO_DISTRIBUTOR)!;
  const chain = ctx.organizations.get(DEMO_SHOP_CHAIN)!;
  const recalls = await openRecalls(ctx.tx);
  const batches = await sealedBatchesForSale(ctx.tx, 60);
  const recalled = batches.find((b) => b.lotCode === DEMO_RECALLED_LOT);
  // the recalled lot and four other recent lots, each sold a few days after production
  const chosen = [...(recalled ? [recalled] : []), ...batches.filter((b) => b !== recalled).slice(0, 4)];
  ctx.counts.sales = 0;
  ctx.counts.buyerEvents = 0;
  const toDistributor: EpcisEvent[] = [];
  const toChain: EpcisEvent[] = [];
  for (const [i, b] of chosen.entries()) {
    const shippedOn = [addDays(b.productionDate, 4), ctx.today].sort()[0]!;
    const number = `PGH-${b.lotCode}`;
    const quantity = Math.max(1, Math.round(b.quantity * 0.4));
    await recordSale(ctx.tx, baseUrl, b.id, {
      buyerId: distributor.id,
      quantity,
      unit: b.unit,
      despatchAdvice: number,
      shippedOn,
    });
    ctx.counts.sales++;
    const lot = lotClassUri(baseUrl, b.gtin, b.lotCode);
    const received = [addDays(shippedOn, 1), ctx.today].sort()[0]!;
    toDistributor.push(event('receiving', received, lot, quantity, b.unit, number));
    // the recalled lot and one other go on to the shop chain
    if (i < 2) {
      const onward = `NPP-${b.lotCode}`;
      const part = Math.max(1, Math.round(quantity / 2));
      toDistributor.push(
        event('shipping', received, lot, part, b.unit, onward, {
          destinationList: [{ type: 'owning_party', destination: `${baseUrl}/417/${chain.gln}` }],
        }),
      );
      toChain.push(event('receiving', received, lot, part, b.unit, onward));
    }
  }
  for (const [buyerId, events] of [
    [distributor.id, toDistributor],
    [chain.id, toChain],
  ] as const) {
    if (!events.length) continue;
    await captureEpcisDocument(ctx.tx, {
      buyerId,
      baseUrl,
      events,
      documentContext: [EPCIS_CONTEXT],
      now: ctx.now,
    });
    ctx.counts.buyerEvents += events.length;
  }

  // The demo recall was recorded before these sales were: notify the buyers now, as a recall does.
  const recall = recalls.find((r) => r.batchId === recalled?.id);
  if (!recall) return;
  ctx.counts.recallNotices = await insertRecallNotices(ctx.tx, [recall.batchId], {
    reason: recall.reason,
    authority: recall.authority,
    recalledOn: recall.recalledOn,
    at: recall.createdAt,
  });
  const [notice] = await listRecallNotices(ctx.tx, { buyerId: distributor.id, before: null, limit: 1 });
  if (notice) {
    await acknowledgeRecallNotice(
      ctx.tx,
      notice.id,
      distributor.id,
      { keyId: 'demo', name: 'dn.thuongmaisonlam', role: 'buyer' },
      new Date(recall.createdAt.getTime() + 3 * 3_600_000),
    );
  }
}
