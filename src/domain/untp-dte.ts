// The UNTP Digital Traceability Event (DTE) credential of a sealed batch: EPCIS-shaped events
// built from the signed batch record: the transformation of harvest lots into the batch, the
// process steps recorded for it, and the commissioning of the batch's stamps. Pure: no I/O.
import type { BatchRecord } from './batch-record';
import {
  UNTP_CONTEXT,
  VC_CONTEXT,
  credentialUrls,
  partyUri,
  unitCode,
  vietnamDayStart,
  type UntpIssuer,
} from './untp-common';
import { batchLink } from './untp-dpp';

const CBV = 'https://ref.gs1.org/cbv/';
/** CBV 2.0 business steps of the process steps a batch records (the others are 'other'). */
const BIZ_STEP: Record<string, string> = {
  receiving: 'receiving',
  packing: 'packing',
  inspection: 'inspecting',
  shipping: 'shipping',
};

export function buildDte({ record, issuer }: { record: BatchRecord; issuer: UntpIssuer }) {
  const urls = credentialUrls(issuer.base);
  const id = urls.dte(record.batch.id);
  const batchUri = batchLink(issuer.base, record.product.gtin, record.batch.lotCode);
  const productName = record.product.nameEn
    ? `${record.product.nameVi} / ${record.product.nameEn}`
    : record.product.nameVi;
  const output = {
    type: ['QuantityElement'],
    productId: batchUri,
    productName: `${productName}, lot ${record.batch.lotCode}`,
    quantity: record.batch.quantity,
    uom: unitCode(record.batch.unit),
  };
  const cooperative = partyUri(record.cooperative);

  const transformation = {
    type: ['TransformationEvent', 'Event'],
    id: `${id}#transformation`,
    processType: 'Production of the batch from harvest lots / Sản xuất lô từ nguyên liệu thu hoạch',
    eventTime: vietnamDayStart(record.batch.productionDate),
    action: 'add',
    bizStep: `${CBV}BizStep-commissioning`,
    disposition: `${CBV}Disp-active`,
    bizLocation: cooperative,
    inputQuantityList: record.inputs.map((i) => ({
      type: ['QuantityElement'],
      productId: `urn:uuid:${i.harvestLot.id}`,
      productName: `Harvest lot ${i.harvestLot.code} from ${i.area.name} (${i.area.code}), harvested ${i.harvestLot.harvestedOn}`,
      quantity: i.quantityUsed,
      uom: unitCode(i.harvestLot.unit),
    })),
    outputQuantityList: [output],
    // The areas the harvest lots came from, as their DFR credentials (a quantity element has no room for it).
    sourceFacilities: [...new Set(record.inputs.map((i) => urls.dfr(i.area.id)))],
  };

  const steps = record.events.map((e) => ({
    type: ['ObjectEvent', 'Event'],
    id: `urn:uuid:${e.id}`,
    processType: e.type,
    eventTime: e.occurredAt,
    action: 'observe',
    bizStep: `${CBV}BizStep-${BIZ_STEP[e.type] ?? 'other'}`,
    bizLocation: e.place.kind === 'area' ? urls.dfr(e.place.id) : `urn:uuid:${e.place.id}`,
    quantityList: [output],
    placeName: e.place.name,
    productTracingCode: e.productCode,
    locationTracingCode: e.locationCode,
    recordedBy: e.recordedBy,
    ...(e.details ? { details: e.details } : {}),
  }));

  const commissioning = {
    type: ['ObjectEvent', 'Event'],
    id: `${id}#commissioning`,
    processType:
      'Batch sealed; its QR stamps carry serials under this lot / Lô được niêm phong, tem QR mang số sê-ri thuộc lô',
    eventTime: record.sealedAt,
    action: 'add',
    bizStep: `${CBV}BizStep-commissioning`,
    disposition: `${CBV}Disp-active`,
    bizLocation: cooperative,
    quantityList: [output],
  };

  return {
    '@context': [VC_CONTEXT, UNTP_CONTEXT.dte],
    type: ['DigitalTraceabilityEvent', 'VerifiableCredential'],
    id,
    issuer: { type: ['CredentialIssuer'], id: issuer.did, name: issuer.name },
    validFrom: record.sealedAt,
    credentialSubject: [transformation, ...steps, commissioning],
  };
}
