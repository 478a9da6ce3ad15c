// The EPCIS 2.0 events a record stands for, built from the record alone (pure functions): the
// stores call these in the transaction that writes the record, the back-fill calls them over every
// record, and a test rebuilds them to show stored events never drift from the records.
//
// Business steps (CBV 2.0):
// - harvest lot taken from an area: ObjectEvent ADD, commissioning, the lot as a quantity of its
//   own class, ILMD with the area, its crops and the certifications it held on the harvest day;
// - batch made from harvest lots: TransformationEvent, creating_class_instance, input harvest lots →
//   output lot /01/{gtin}/10/{lot}, at the production date;
// - batch sealed: ObjectEvent ADD, commissioning of the lot with its ILMD (dates, record hash);
// - batch corrected: both events of the old version carry an errorDeclaration (EPCIS 2.0 §7.4.1.3,
//   reason incorrect_data) naming the new version's events as corrective events; the eventID stays;
// - stamps of a print run: commissioned (ADD, commissioning, inactive), activated (OBSERVE,
//   stocking, active) and voided (DELETE, decommissioning, inactive), EPCs in chunks of ≤ 1,000
//   by printing position;
// - recall: ObjectEvent OBSERVE, holding, disposition recalled, on the lot; lifted: OBSERVE,
//   inspecting, active.
// Times are written with the Vietnam offset (+07:00); calendar days are taken at 00:00 Vietnam time.
import { encodeAiValue, stampUri } from './digital-link';
import { EPCIS_CONTEXT, type EpcisEvent, type QuantityElement } from './epcis-event';

export const VN_OFFSET = '+07:00';
/** EPCs in one event at most (a print run of 100,000 stamps is 100 events per step). */
export const EPCS_PER_EVENT = 1000;

/** Where the identifiers of one deployment live. */
export interface EpcisBase {
  /** the resolver origin (PUBLIC_BASE_URL pinned when the first event was derived) */
  baseUrl: string;
}

/** The namespace of our extension fields (ILMD and event-level). */
export const ocopNamespace = (b: EpcisBase) => `${b.baseUrl}/ns/epcis/`;
export const eventContext = (b: EpcisBase) => [EPCIS_CONTEXT, { ocop: ocopNamespace(b) }];

export interface Party {
  id: string;
  gln: string | null;
}

/** A party: its GLN as /417/{gln} (party GLN) where it has one, else a stable URI. */
export const partyUri = (b: EpcisBase, p: Party) =>
  p.gln ? `${b.baseUrl}/417/${p.gln}` : `${b.baseUrl}/id/organizations/${p.id}`;
/** A party's site: /414/{gln} where it has a GLN, else a stable URI. */
export const siteUri = (b: EpcisBase, p: Party) =>
  p.gln ? `${b.baseUrl}/414/${p.gln}` : `${b.baseUrl}/id/organizations/${p.id}`;
/** An area: /414/{operator GLN}/254/{area code} where the operator has a GLN, else a stable URI. */
export const areaUri = (b: EpcisBase, area: { id: string; code: string; operatorGln: string | null }) =>
  area.operatorGln && /^[A-Za-z0-9._-]{1,20}$/.test(area.code)
    ? `${b.baseUrl}/414/${area.operatorGln}/254/${encodeAiValue(area.code)}`
    : `${b.baseUrl}/id/areas/${area.id}`;
export const harvestLotUri = (b: EpcisBase, id: string) => `${b.baseUrl}/id/harvest-lots/${id}`;
export const lotUri = (b: EpcisBase, gtin: string, lot: string) => `${b.baseUrl}/01/${gtin}/10/${encodeAiValue(lot)}`;
export const batchUri = (b: EpcisBase, id: string) => `${b.baseUrl}/id/batches/${id}`;

/** UN/CEFACT Rec 20 codes of our units; counted units have none (a count of items). */
const UOM: Record<string, string> = { kg: 'KGM', tonne: 'TNE', g: 'GRM', litre: 'LTR', ml: 'MLT' };

export function quantity(epcClass: string, amount: number, unit: string): QuantityElement {
  const uom = UOM[unit];
  return uom ? { epcClass, quantity: amount, uom } : { epcClass, quantity: amount };
}

/** 00:00 Vietnam time of a calendar day. */
export const dayStart = (day: string) => `${day}T00:00:00.000${VN_OFFSET}`;
/** An instant written with the Vietnam offset, to the millisecond. */
export function vnTime(at: Date | string): string {
  const t = new Date(at).getTime() + 7 * 3_600_000;
  return `${new Date(t).toISOString().slice(0, 23)}${VN_OFFSET}`;
}

function base(b: EpcisBase, type: EpcisEvent['type'], eventTime: string): EpcisEvent {
  return { '@context': eventContext(b), type, eventTime, eventTimeZoneOffset: VN_OFFSET };
}

// Harvest lots ---------------------------------------------------------------------------------

export interface HarvestLotFacts {
  id: string;
  code: string;
  harvestedOn: string;
  quantity: number;
  unit: string;
  certifications: { scheme: string; number: string; issuer: string; validFrom: string; validTo: string }[];
  cooperative: Party;
  area: { id: string; code: string; name: string; crops: string[]; operatorGln: string | null };
}

export function harvestLotEvents(b: EpcisBase, h: HarvestLotFacts): EpcisEvent[] {
  const area = areaUri(b, h.area);
  return [
    {
      ...base(b, 'ObjectEvent', dayStart(h.harvestedOn)),
      action: 'ADD',
      quantityList: [quantity(harvestLotUri(b, h.id), h.quantity, h.unit)],
      bizStep: 'commissioning',
      disposition: 'active',
      readPoint: { id: area },
      bizLocation: { id: area },
      sourceList: [{ type: 'owning_party', source: partyUri(b, h.cooperative) }],
      ilmd: {
        'ocop:harvestLotCode': h.code,
        'ocop:harvestedOn': h.harvestedOn,
        'ocop:area': area,
        'ocop:areaCode': h.area.code,
        'ocop:areaName': h.area.name,
        'ocop:crops': h.area.crops,
        'ocop:certifications': h.certifications.map((c) => ({
          'ocop:scheme': c.scheme,
          'ocop:number': c.number,
          'ocop:issuer': c.issuer,
          'ocop:validFrom': c.validFrom,
          'ocop:validTo': c.validTo,
        })),
      },
    },
  ];
}

// Batches --------------------------------------------------------------------------------------

export interface BatchFacts {
  id: string;
  version: number;
  gtin: string;
  lotCode: string;
  productionDate: string;
  expiryDate: string | null;
  quantity: number;
  unit: string;
  sealedAt: Date | string;
  recordSha256: string;
  supersedesId: string | null;
  supersedeReason: string | null;
  cooperative: Party;
  inputs: { harvestLotId: string; quantity: number; unit: string }[];
}

/** The two events of a sealed batch version (made, sealed), without any error declaration. */
export function batchEvents(b: EpcisBase, x: BatchFacts): EpcisEvent[] {
  const lot = lotUri(b, x.gtin, x.lotCode);
  const site = siteUri(b, x.cooperative);
  const made: EpcisEvent = {
    ...base(b, 'TransformationEvent', dayStart(x.productionDate)),
    inputQuantityList: x.inputs.map((i) => quantity(harvestLotUri(b, i.harvestLotId), i.quantity, i.unit)),
    outputQuantityList: [quantity(lot, x.quantity, x.unit)],
    transformationID: batchUri(b, x.id),
    bizStep: 'creating_class_instance',
    disposition: 'in_progress',
    readPoint: { id: site },
    bizLocation: { id: site },
  };
  const ilmd: Record<string, unknown> = {
    'ocop:batch': batchUri(b, x.id),
    'ocop:version': x.version,
    'ocop:productionDate': x.productionDate,
    'ocop:recordSha256': x.recordSha256,
  };
  if (x.expiryDate) ilmd['ocop:expiryDate'] = x.expiryDate;
  if (x.supersedesId) {
    ilmd['ocop:supersedes'] = batchUri(b, x.supersedesId);
    if (x.supersedeReason) ilmd['ocop:correctionReason'] = x.supersedeReason;
  }
  const sealed: EpcisEvent = {
    ...base(b, 'ObjectEvent', vnTime(x.sealedAt)),
    action: 'ADD',
    quantityList: [quantity(lot, x.quantity, x.unit)],
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: { id: site },
    bizLocation: { id: site },
    sourceList: [{ type: 'owning_party', source: partyUri(b, x.cooperative) }],
    ilmd,
  };
  return [made, sealed];
}

/** An event declared erroneous (EPCIS 2.0 §7.4.1.3): same event, same eventID, with the declaration. */
export function declaredErroneous(
  event: EpcisEvent,
  declaredAt: Date | string,
  correctiveEventIDs: string[],
): EpcisEvent {
  return {
    ...event,
    errorDeclaration: {
      declarationTime: vnTime(declaredAt),
      reason: 'incorrect_data',
      ...(correctiveEventIDs.length ? { correctiveEventIDs } : {}),
    },
  };
}

// Stamps ---------------------------------------------------------------------------------------

export interface PrintRunFacts {
  id: string;
  baseUrl: string;
  gtin: string;
  lotCode: string;
  createdAt: Date | string;
  cooperative: Party;
  /** every stamp of the run in printing order */
  stamps: {
    serial: string;
    position: number;
    state: 'issued' | 'active' | 'void';
    stateChangedAt: Date | string;
    /** when it was activated, kept once it is voided (null: never activated, or voided before this was kept) */
    activatedAt: Date | string | null;
  }[];
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export function printRunEvents(b: EpcisBase, r: PrintRunFacts): EpcisEvent[] {
  const site = siteUri(b, r.cooperative);
  const uri = (serial: string) => stampUri(r.baseUrl, r.gtin, r.lotCode, serial);
  const ordered = [...r.stamps].sort((x, y) => x.position - y.position);
  const events: EpcisEvent[] = chunks(ordered, EPCS_PER_EVENT).map((part) => ({
    ...base(b, 'ObjectEvent', vnTime(r.createdAt)),
    action: 'ADD',
    epcList: part.map((s) => uri(s.serial)),
    bizStep: 'commissioning',
    disposition: 'inactive',
    readPoint: { id: site },
    bizLocation: { id: site },
    'ocop:printRun': `${b.baseUrl}/id/print-runs/${r.id}`,
  }));
  // the later steps, one group per step and moment: activated (kept after a void, so voiding a
  // stamp never rewrites the activation event it was part of), and voided
  const groups = new Map<string, typeof ordered>();
  const add = (key: string, s: (typeof ordered)[number]) => {
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  };
  for (const s of ordered) {
    if (s.activatedAt !== null) add(`active|${new Date(s.activatedAt).toISOString()}`, s);
    if (s.state === 'void') add(`void|${new Date(s.stateChangedAt).toISOString()}`, s);
  }
  const keys = [...groups.keys()].sort((x, y) => {
    const [sx, tx] = x.split('|');
    const [sy, ty] = y.split('|');
    return tx! < ty! ? -1 : tx! > ty! ? 1 : sx! < sy! ? -1 : sx! > sy! ? 1 : 0;
  });
  for (const key of keys) {
    const [state, at] = key.split('|') as ['active' | 'void', string];
    for (const part of chunks(groups.get(key)!, EPCS_PER_EVENT)) {
      events.push({
        ...base(b, 'ObjectEvent', vnTime(at)),
        action: state === 'active' ? 'OBSERVE' : 'DELETE',
        epcList: part.map((s) => uri(s.serial)),
        bizStep: state === 'active' ? 'stocking' : 'decommissioning',
        disposition: state === 'active' ? 'active' : 'inactive',
        readPoint: { id: site },
        'ocop:printRun': `${b.baseUrl}/id/print-runs/${r.id}`,
      });
    }
  }
  return events;
}

// Recalls --------------------------------------------------------------------------------------

export interface RecallFacts {
  id: string;
  gtin: string;
  lotCode: string;
  batchId: string;
  reason: string;
  authority: string;
  recalledOn: string;
  createdAt: Date | string;
  liftedAt: Date | string | null;
  liftReason: string | null;
  cooperative: Party;
}

export function recallEvents(b: EpcisBase, r: RecallFacts): EpcisEvent[] {
  const lot = lotUri(b, r.gtin, r.lotCode);
  const site = siteUri(b, r.cooperative);
  const recalled: EpcisEvent = {
    ...base(b, 'ObjectEvent', vnTime(r.createdAt)),
    action: 'OBSERVE',
    quantityList: [{ epcClass: lot }],
    bizStep: 'holding',
    disposition: 'recalled',
    bizLocation: { id: site },
    'ocop:recall': `${b.baseUrl}/id/recalls/${r.id}`,
    'ocop:batch': batchUri(b, r.batchId),
    'ocop:reason': r.reason,
    'ocop:authority': r.authority,
    'ocop:recalledOn': r.recalledOn,
  };
  if (r.liftedAt === null) return [recalled];
  const lifted: EpcisEvent = {
    ...base(b, 'ObjectEvent', vnTime(r.liftedAt)),
    action: 'OBSERVE',
    quantityList: [{ epcClass: lot }],
    bizStep: 'inspecting',
    disposition: 'active',
    bizLocation: { id: site },
    'ocop:recall': `${b.baseUrl}/id/recalls/${r.id}`,
    'ocop:batch': batchUri(b, r.batchId),
    'ocop:liftReason': r.liftReason ?? '',
  };
  return [recalled, lifted];
}
