// A cooperative records a sale (a shipment) of a sealed lot to a buyer: the shipment row and its
// EPCIS shipping event (the cooperative's own), written in the caller's transaction. The despatch advice number is
// what the buyer's receiving event quotes to show it received the goods.
import { AppError, notFound } from '../errors';
import type { Tx } from '../db/client';
import { getBatch } from '../db/batches-store';
import { insertEpcisEvents } from '../db/epcis-store';
import { getOrganization } from '../db/organizations-store';
import { gtinOfProduct } from '../db/products-store';
import { insertShipments, shipmentExists } from '../db/buyers-store';
import { itemOf } from '../domain/buyer-capture';
import { lotClassUri, saleEvent } from '../domain/buyer-events';
import { epcisEventHash } from '../domain/epcis-event-hash';

export interface SaleInput {
  buyerId: string;
  quantity: number;
  unit?: string | null | undefined;
  despatchAdvice: string;
  shippedOn: string;
}

export interface RecordedSale {
  id: string;
  batchId: string;
  cooperativeId: string;
  buyerId: string;
  item: string;
  quantity: number;
  unit: string | null;
  despatchAdvice: string;
  shippedOn: string;
  eventId: string;
}

export async function recordSale(tx: Tx, baseUrl: string, batchId: string, input: SaleInput): Promise<RecordedSale> {
  const batch = await getBatch(tx, batchId);
  if (!batch) throw notFound('Batch', batchId);
  if (batch.status === 'draft')
    throw new AppError('BATCH_NOT_SEALED', 'Only a sealed lot can be sold: seal the batch first');
  const buyer = await getOrganization(tx, input.buyerId);
  if (buyer?.kind !== 'enterprise') {
    throw new AppError('VALIDATION_FAILED', 'The sale is not valid', [
      { path: 'body.buyerId', message: buyer ? 'the buyer must be an enterprise' : 'no organization has this id' },
    ]);
  }
  const coop = (await getOrganization(tx, batch.cooperativeId))!;
  const gtin = (await gtinOfProduct(tx, batch.productId))!;
  const unit = input.unit ?? batch.unit ?? null;
  const item = itemOf(lotClassUri(baseUrl, gtin, batch.lotCode));
  if (await shipmentExists(tx, { fromOrgId: coop.id, toOrgId: buyer.id, despatchAdvice: input.despatchAdvice, item })) {
    throw new AppError(
      'DUPLICATE',
      'This lot is already recorded as shipped to this buyer under this despatch advice',
      {
        despatchAdvice: input.despatchAdvice,
      },
    );
  }
  const event = saleEvent(baseUrl, {
    cooperative: { id: coop.id, gln: coop.gln },
    buyer: { id: buyer.id, gln: buyer.gln },
    gtin,
    lotCode: batch.lotCode,
    quantity: input.quantity,
    unit,
    despatchAdvice: input.despatchAdvice,
    shippedOn: input.shippedOn,
  });
  const eventId = await epcisEventHash(event);
  const id = crypto.randomUUID();
  // The cooperative's own event, recorded through the API ('captured'), named by its shipment: the
  // derived events are those rebuilt from harvest lots, batches, print runs and recalls alone.
  await insertEpcisEvents(tx, [
    {
      document: { ...event, eventID: eventId },
      ownerId: coop.id,
      source: 'captured',
      recordKind: 'shipment',
      recordId: id,
    },
  ]);
  await insertShipments(tx, [
    {
      id,
      fromOrgId: coop.id,
      toOrgId: buyer.id,
      destination: null,
      batchId: batch.id,
      item,
      quantity: input.quantity,
      unit,
      despatchAdvice: input.despatchAdvice,
      hop: 1,
      eventId,
      shippedAt: new Date(event.eventTime),
    },
  ]);
  return {
    id,
    batchId: batch.id,
    cooperativeId: coop.id,
    buyerId: buyer.id,
    item,
    quantity: input.quantity,
    unit,
    despatchAdvice: input.despatchAdvice,
    shippedOn: input.shippedOn,
    eventId,
  };
}
