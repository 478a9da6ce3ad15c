// The UNTP Digital Product Passport (DPP) of a sealed batch: a W3C VC 2.0 credential built from
// the signed batch record alone, so it says exactly what the seal froze. Pure: no I/O.
import { NO_VALID_OCOP_RATING, type BatchRecord } from './batch-record';
import { encodeAiValue } from './digital-link';
import {
  UNTP_CONTEXT,
  UNTP_LINK_TYPE_NAMESPACE,
  VC_CONTEXT,
  certificationClaim,
  credentialUrls,
  massKg,
  partyUri,
  statusPosition,
  unitCode,
  type UntpIssuer,
} from './untp-common';

export interface DppInput {
  record: BatchRecord;
  issuer: UntpIssuer;
  /** the passport's index in the revocation status lists */
  statusIndex: number;
  /** SHA-256 (hex) of the batch's DTE credential (its compact JWS), for the secure link to it */
  dteSha256: string;
}

/** The batch's GS1 Digital Link (GTIN + lot): the passport's subject. */
export const batchLink = (base: string, gtin: string, lot: string) => `${base}/01/${gtin}/10/${encodeAiValue(lot)}`;

export function buildDpp({ record, issuer, statusIndex, dteSha256 }: DppInput) {
  const urls = credentialUrls(issuer.base);
  const id = urls.dpp(record.batch.id);
  const subject = batchLink(issuer.base, record.product.gtin, record.batch.lotCode);
  const { list, bit } = statusPosition(statusIndex);
  const statusList = urls.statusList(list);
  const mainInput = [...record.inputs].sort((a, b) => b.quantityUsed - a.quantityUsed)[0];
  const name = record.product.nameEn ? `${record.product.nameVi} / ${record.product.nameEn}` : record.product.nameVi;

  return {
    '@context': [VC_CONTEXT, UNTP_CONTEXT.dpp],
    type: ['DigitalProductPassport', 'VerifiableCredential'],
    id,
    issuer: { type: ['CredentialIssuer'], id: issuer.did, name: issuer.name },
    validFrom: record.sealedAt,
    credentialStatus: {
      id: `${statusList}#${bit}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(bit),
      statusListCredential: statusList,
    },
    credentialSubject: {
      type: ['ProductPassport'],
      id: subject,
      granularityLevel: 'batch',
      product: {
        type: ['Product'],
        id: subject,
        name,
        registeredId: record.product.gtin,
        idScheme: { type: ['IdentifierScheme'], id: 'https://id.gs1.org/01/', name: 'Global Trade Item Number (GTIN)' },
        batchNumber: record.batch.lotCode,
        productionDate: record.batch.productionDate,
        ...(record.batch.expiryDate ? { expiryDate: record.batch.expiryDate } : {}),
        countryOfProduction: 'VN',
        ...(record.batch.standards.length
          ? { description: `Standards applied: ${record.batch.standards.join(', ')}` }
          : {}),
        producedByParty: {
          id: partyUri(record.cooperative),
          name: record.cooperative.name,
          ...(record.cooperative.gln ? { registeredId: record.cooperative.gln } : {}),
        },
        ...(mainInput
          ? {
              producedAtFacility: {
                id: urls.dfr(mainInput.area.id),
                name: mainInput.area.name,
                registeredId: mainInput.area.code,
              },
            }
          : {}),
        furtherInformation: [
          {
            type: ['Link'],
            linkURL: subject,
            linkName: 'Thông tin lô sản xuất / Batch information',
            linkType: 'https://gs1.org/voc/pip',
          },
        ],
        batchQuantity: { type: ['Measure'], value: record.batch.quantity, unit: unitCode(record.batch.unit) },
        version: record.batch.version,
        ...(record.batch.supersedes
          ? { supersedes: { id: urls.dpp(record.batch.supersedes.id), reason: record.batch.supersedes.reason } }
          : {}),
      },
      conformityClaim: [...ocopClaims(record, id), ...harvestCertificationClaims(record, id)],
      traceabilityInformation: [
        {
          type: ['TraceabilityPerformance'],
          valueChainProcess: 'Harvest to packed batch / Từ thu hoạch đến lô thành phẩm',
          verifiedRatio: 1,
          traceabilityEvent: [
            {
              type: ['SecureLink', 'Link'],
              linkURL: urls.dte(record.batch.id),
              linkName: 'Digital Traceability Event of the batch',
              linkType: `${UNTP_LINK_TYPE_NAMESPACE}dte`,
              hashDigest: dteSha256,
              hashMethod: 'SHA-256',
              encryptionMethod: 'none',
            },
          ],
        },
      ],
      materialsProvenance: materials(record, urls.dfr),
    },
  };
}

/** The OCOP rating the record froze: valid on the production date, or none (no claim then). */
function ocopClaims(record: BatchRecord, dppId: string) {
  if (record.ocop.status === NO_VALID_OCOP_RATING || !record.ocop.rating || !record.batch.carriesOcop) return [];
  const r = record.ocop.rating;
  const level =
    r.issuingLevel === 'central' ? 'central' : r.issuingLevel === 'district' ? 'former district' : 'province';
  return [
    {
      type: ['Claim', 'Declaration'],
      id: `${dppId}#ocop`,
      description: `OCOP ${r.stars}-star product (Sản phẩm OCOP ${r.stars} sao), decision ${r.decisionNumber} of ${r.decisionDate} (${level} level), valid until ${r.validUntil}; valid on the production date ${record.batch.productionDate}.`,
      referenceRegulation: {
        type: ['Regulation'],
        id: 'urn:ocop-trace:regulation:148-QD-TTg-2023',
        name: 'Decision 148/QĐ-TTg (24 Feb 2023) on the OCOP criteria, amended by Decision 1489/QĐ-TTg (6 Jul 2025)',
        jurisdictionCountry: 'VN',
        administeredBy: { id: 'https://chinhphu.vn', name: 'Government of Viet Nam' },
        effectiveDate: '2023-02-24',
      },
      assessmentDate: r.decisionDate,
      declaredValue: [
        {
          type: ['Metric'],
          metricName: 'OCOP star rating',
          metricValue: { type: ['Measure'], value: r.stars, unit: 'C62' },
          score: `${r.stars}★`,
        },
      ],
      conformance: true,
      conformityTopic: 'governance.compliance',
      decisionNumber: r.decisionNumber,
      validUntil: r.validUntil,
    },
  ];
}

/** Each certification an input's area held on its harvest day, once. */
function harvestCertificationClaims(record: BatchRecord, dppId: string) {
  const seen = new Map<
    string,
    { cert: BatchRecord['inputs'][number]['harvestLot']['certifications'][number]; lots: string[] }
  >();
  for (const input of record.inputs) {
    for (const cert of input.harvestLot.certifications) {
      const key = `${cert.scheme}|${cert.number}`;
      const entry = seen.get(key) ?? { cert, lots: [] };
      entry.lots.push(`${input.harvestLot.code} (${input.area.name}, ${input.harvestLot.harvestedOn})`);
      seen.set(key, entry);
    }
  }
  return [...seen.values()].map(({ cert, lots }, n) =>
    certificationClaim(
      `${dppId}#certification-${n + 1}`,
      cert,
      true,
      `; held on the harvest day of ${lots.join(', ')}`,
    ),
  );
}

/** The raw materials by area and country, with their share of the input mass. */
function materials(record: BatchRecord, dfr: (areaId: string) => string) {
  const byArea = new Map<
    string,
    { area: BatchRecord['inputs'][number]['area']; kg: number | null; qty: number; unit: string | null }
  >();
  for (const input of record.inputs) {
    const unit = input.harvestLot.unit;
    const entry = byArea.get(input.area.id) ?? { area: input.area, kg: 0, qty: 0, unit };
    const kg = massKg(input.quantityUsed, unit);
    entry.kg = entry.kg === null || kg === null ? null : entry.kg + kg;
    entry.qty += input.quantityUsed;
    if (entry.unit !== unit) entry.unit = null;
    byArea.set(input.area.id, entry);
  }
  const entries = [...byArea.values()];
  const allKg = entries.every((e) => e.kg !== null);
  const units = new Set(record.inputs.map((i) => i.harvestLot.unit));
  const total = allKg
    ? entries.reduce((s, e) => s + e.kg!, 0)
    : units.size === 1
      ? entries.reduce((s, e) => s + e.qty, 0)
      : 0;
  return entries.map((e) => ({
    type: ['Material'],
    name: `Raw material from ${e.area.name} (${e.area.code}), ${[e.area.commune, e.area.province].filter(Boolean).join(', ')}`,
    originCountry: 'VN',
    ...(total > 0 ? { massFraction: round((allKg ? e.kg! : e.qty) / total) } : {}),
    ...(allKg
      ? { mass: { type: ['Measure'], value: round(e.kg!), unit: 'KGM' } }
      : e.unit
        ? { mass: { type: ['Measure'], value: e.qty, unit: unitCode(e.unit) } }
        : {}),
    sourceFacility: dfr(e.area.id),
  }));
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;
