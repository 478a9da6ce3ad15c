// The EPCIS 2.0 event of a sale a cooperative records to a buyer: an ObjectEvent OBSERVE, shipping,
// in_transit, the lot as a quantity, the despatch advice as a business transaction, from the
// cooperative to the buyer (owning parties). Identifiers follow the derived events' conventions:
// /417/{gln} for a party with a GLN, else {PUBLIC_BASE_URL}/id/organizations/{id}.
import { encodeAiValue } from './digital-link';
import { EPCIS_CONTEXT, type EpcisEvent } from './epcis-event';

export interface SaleParty {
  id: string;
  gln: string | null;
}

export interface SaleFacts {
  cooperative: SaleParty;
  buyer: SaleParty;
  gtin: string;
  lotCode: string;
  quantity: number;
  unit: string | null;
  despatchAdvice: string;
  /** the shipping day (a Vietnam calendar day) */
  shippedOn: string;
}

const UOM: Record<string, string> = { kg: 'KGM', tonne: 'TNE', g: 'GRM', litre: 'LTR', ml: 'MLT' };

const trim = (base: string) => base.replace(/\/+$/, '');
export const partyUri = (base: string, p: SaleParty) =>
  p.gln ? `${trim(base)}/417/${p.gln}` : `${trim(base)}/id/organizations/${p.id}`;
export const siteUri = (base: string, p: SaleParty) =>
  p.gln ? `${trim(base)}/414/${p.gln}` : `${trim(base)}/id/organizations/${p.id}`;
/** The despatch advice as a business transaction URI; its last segment is the number a receipt quotes. */
export const despatchAdviceUri = (base: string, from: SaleParty, number: string) =>
  `${trim(base)}/id/organizations/${from.id}/despatch-advice/${encodeURIComponent(number)}`;
export const lotClassUri = (base: string, gtin: string, lot: string) =>
  `${trim(base)}/01/${gtin}/10/${encodeAiValue(lot)}`;

export function saleEvent(base: string, s: SaleFacts): EpcisEvent {
  const uom = s.unit ? UOM[s.unit] : undefined;
  return {
    '@context': [EPCIS_CONTEXT],
    type: 'ObjectEvent',
    eventTime: `${s.shippedOn}T00:00:00.000+07:00`,
    eventTimeZoneOffset: '+07:00',
    action: 'OBSERVE',
    quantityList: [
      {
        epcClass: lotClassUri(base, s.gtin, s.lotCode),
        quantity: s.quantity,
        ...(uom ? { uom } : {}),
      },
    ],
    bizStep: 'shipping',
    disposition: 'in_transit',
    readPoint: { id: siteUri(base, s.cooperative) },
    bizTransactionList: [{ type: 'desadv', bizTransaction: despatchAdviceUri(base, s.cooperative, s.despatchAdvice) }],
    sourceList: [{ type: 'owning_party', source: partyUri(base, s.cooperative) }],
    destinationList: [{ type: 'owning_party', destination: partyUri(base, s.buyer) }],
  };
}
