// Harvest lots: a quantity harvested from one area on one date by a cooperative, with the
// area's certifications valid that day copied in, and how much of it batches have drawn.
import type { Db } from './client';
import { inTransaction, syncDerivedEvents } from './epcis-derived-store';
import type { RecordCertification } from '../domain/batch-record';

export const UNITS = [
  'kg',
  'tonne',
  'g',
  'litre',
  'ml',
  'piece',
  'bunch',
  'box',
  'bag',
  'bottle',
  'jar',
  'pack',
] as const;
export type Unit = (typeof UNITS)[number];

export interface HarvestLot {
  id: string;
  code: string;
  areaId: string;
  cooperativeId: string;
  harvestedOn: string;
  quantity: number;
  unit: Unit;
  notes: string | null;
  certifications: RecordCertification[];
  drawn: number;
  remaining: number;
  createdAt: Date;
}

const cols = (db: Db) => db`
  h.id, h.code, h.area_id, h.cooperative_id, h.harvested_on::text,
  h.quantity::float8 as quantity, h.unit, h.notes, h.certifications, h.drawn::float8 as drawn,
  (h.quantity - h.drawn)::float8 as remaining, h.created_at`;

/**
 * May this cooperative draw from the area on that day: it operates it, or holds a confirmed
 * contract covering the day. The contract rows are read FOR SHARE (through the view, onto the table), so that a concurrent ending,
 * rejection or change of terms waits for this harvest (and the harvest then counts as of before).
 */
export async function areaLinkedToCooperative(db: Db, areaId: string, cooperativeId: string, onDay: string) {
  const [area] = await db`select 1 from raw_material_areas where id = ${areaId} and operator_id = ${cooperativeId}`;
  if (area) return true;
  const contracts = await db`
    select k.id from supply_contract_terms k
    where k.area_id = ${areaId} and k.cooperative_id = ${cooperativeId}
      and ${onDay}::date between k.starts_on and k.last_day
    for share`;
  return contracts.length > 0;
}

export async function certificationsValidOn(db: Db, areaId: string, onDay: string): Promise<RecordCertification[]> {
  return db<RecordCertification[]>`
    select scheme, number, issuer, valid_from::text, valid_to::text
    from area_certifications
    where area_id = ${areaId} and ${onDay}::date between valid_from and valid_to
    order by scheme, number`;
}

/** TH-20250612-7KQ2MX: the day, then random characters so concurrent records never collide. */
function generatedLotCode(day: string): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `TH-${day.replaceAll('-', '')}-${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export async function insertHarvestLot(
  db: Db,
  h: Omit<HarvestLot, 'id' | 'drawn' | 'remaining' | 'createdAt' | 'code'> & { code: string | null },
): Promise<HarvestLot> {
  return inTransaction(db, async (tx) => {
    const [row] = await tx<{ id: string }[]>`
      insert into harvest_lots (code, area_id, cooperative_id, harvested_on, quantity, unit, notes, certifications)
      values (${h.code ?? generatedLotCode(h.harvestedOn)},
        ${h.areaId}, ${h.cooperativeId}, ${h.harvestedOn}, ${h.quantity}, ${h.unit}, ${h.notes},
        ${tx.json(h.certifications as never)})
      returning id`;
    // its EPCIS event (commissioning with the area and certifications in the ILMD), same transaction
    await syncDerivedEvents(tx, [{ kind: 'harvest_lot', id: row!.id }]);
    return (await getHarvestLot(tx, row!.id))!;
  });
}

export async function harvestLotExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db`select 1 from harvest_lots where id = ${id}`;
  return !!row;
}

export async function getHarvestLot(db: Db, id: string): Promise<HarvestLot | null> {
  const [row] = await db<HarvestLot[]>`select ${cols(db)} from harvest_lots h where h.id = ${id}`;
  return row ?? null;
}

export async function getHarvestLots(db: Db, ids: string[]): Promise<HarvestLot[]> {
  if (!ids.length) return [];
  return db<HarvestLot[]>`select ${cols(db)} from harvest_lots h where h.id = any(${ids}::uuid[])`;
}

export async function listHarvestLots(
  db: Db,
  f: {
    areaId?: string;
    cooperativeId?: string;
    from?: string;
    to?: string;
    withRemaining?: boolean;
    visibleTo?: string | null;
    after?: number;
    limit: number;
    newestFirst?: boolean;
  },
) {
  return db<(HarvestLot & { seq: number })[]>`
    select h.seq, ${cols(db)} from harvest_lots h
    where true
      ${f.areaId ? db`and h.area_id = ${f.areaId}` : db``}
      ${f.cooperativeId ? db`and h.cooperative_id = ${f.cooperativeId}` : db``}
      ${f.from ? db`and h.harvested_on >= ${f.from}` : db``}
      ${f.to ? db`and h.harvested_on <= ${f.to}` : db``}
      ${f.withRemaining ? db`and h.drawn < h.quantity` : db``}
      ${f.visibleTo ? db`and h.cooperative_id = ${f.visibleTo}` : db``}
      ${
        f.newestFirst
          ? db`${f.after ? db`and h.seq < ${f.after}` : db``} order by h.seq desc`
          : db`and h.seq > ${f.after ?? 0} order by h.seq`
      }
    limit ${f.limit + 1}`;
}
