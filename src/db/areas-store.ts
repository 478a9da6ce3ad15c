// Raw-material areas with their certifications, and the supply contracts that tie an area to
// a cooperative: the links staff later check every batch against.
import { ASSOCIATION_VOUCHED_KINDS, type Confirmer, type ContractStatus } from '../domain/contracts';
import type { AreaLocation } from '../domain/geo';
import type { Actor } from '../domain/roles';
import type { Db } from './client';
import { escapeLike } from './organizations-store';

export const CERTIFICATION_SCHEMES = ['vietgap', 'organic', 'globalgap', 'other'] as const;

export interface Certification {
  scheme: (typeof CERTIFICATION_SCHEMES)[number];
  number: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

export interface Area {
  id: string;
  code: string;
  name: string;
  operatorId: string;
  province: string;
  commune: string | null;
  location: AreaLocation;
  areaHa: number;
  crops: string[];
  households: number;
  plantingAreaCode: string | null;
  certifications: Certification[];
  createdAt: Date;
  updatedAt: Date;
}

export type AreaInput = Omit<Area, 'id' | 'createdAt' | 'updatedAt'>;

const cols = (db: Db) => db`
  a.id, a.code, a.name, a.operator_id, a.province, a.commune, a.location,
  a.area_ha::float8, a.crops, a.households, a.planting_area_code,
  coalesce((select json_agg(json_build_object('scheme', c.scheme, 'number', c.number, 'issuer', c.issuer,
              'validFrom', c.valid_from, 'validTo', c.valid_to) order by c.valid_from, c.number)
            from area_certifications c where c.area_id = a.id), '[]'::json) as certifications,
  a.created_at, a.updated_at`;

async function replaceCertifications(db: Db, areaId: string, certs: Certification[]) {
  await db`delete from area_certifications where area_id = ${areaId}`;
  for (const c of certs) {
    await db`
      insert into area_certifications (area_id, scheme, number, issuer, valid_from, valid_to)
      values (${areaId}, ${c.scheme}, ${c.number}, ${c.issuer}, ${c.validFrom}, ${c.validTo})`;
  }
}

export async function insertArea(db: Db, a: AreaInput): Promise<Area> {
  const [row] = await db<{ id: string }[]>`
    insert into raw_material_areas (code, name, operator_id, province, commune, location, area_ha,
                                    crops, households, planting_area_code)
    values (${a.code}, ${a.name}, ${a.operatorId}, ${a.province}, ${a.commune},
            ${db.json(a.location as never)}, ${a.areaHa}, ${a.crops}, ${a.households}, ${a.plantingAreaCode})
    returning id`;
  await replaceCertifications(db, row!.id, a.certifications);
  return (await getArea(db, row!.id))!;
}

export async function updateArea(db: Db, id: string, p: Partial<AreaInput>, now: Date): Promise<Area | null> {
  const values: Record<string, unknown> = {
    code: p.code,
    name: p.name,
    operator_id: p.operatorId,
    province: p.province,
    commune: p.commune,
    location: p.location === undefined ? undefined : db.json(p.location as never),
    area_ha: p.areaHa,
    crops: p.crops,
    households: p.households,
    planting_area_code: p.plantingAreaCode,
    updated_at: now,
  };
  for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
  const updated = await db`update raw_material_areas set ${db(values as never)} where id = ${id} returning id`;
  if (!updated.length) return null;
  if (p.certifications) await replaceCertifications(db, id, p.certifications);
  return getArea(db, id);
}

export async function getArea(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Area | null> {
  if (opts.forUpdate) await db`select 1 from raw_material_areas where id = ${id} for update`;
  const [row] = await db<Area[]>`select ${cols(db)} from raw_material_areas a where a.id = ${id}`;
  return row ?? null;
}

export async function areaExists(db: Db, id: string): Promise<boolean> {
  const [row] = await db`select 1 from raw_material_areas where id = ${id}`;
  return !!row;
}

/**
 * Can this cooperative see the area: it operates it or holds (or held) a confirmed supply contract
 * for it. A pending contract is only the buyer's word and opens nothing.
 */
export async function areaVisibleTo(db: Db, areaId: string, organizationId: string): Promise<boolean> {
  const [row] = await db`
    select 1 from raw_material_areas a
    where a.id = ${areaId}
      and (a.operator_id = ${organizationId}
           or exists (select 1 from supply_contract_terms k where k.area_id = a.id and k.cooperative_id = ${organizationId}))`;
  return !!row;
}

export interface AreaFilter {
  operatorId?: string;
  province?: string;
  crop?: string;
  q?: string;
  visibleTo?: string | null;
  after?: number;
  limit: number;
}

export async function listAreas(db: Db, f: AreaFilter) {
  return db<(Area & { seq: number })[]>`
    select a.seq, ${cols(db)} from raw_material_areas a
    where true
      ${f.operatorId ? db`and a.operator_id = ${f.operatorId}` : db``}
      ${f.province ? db`and a.province = ${f.province}` : db``}
      ${f.crop ? db`and ${f.crop} = any(a.crops)` : db``}
      ${f.q ? db`and (a.name ilike ${`%${escapeLike(f.q)}%`} or a.code ilike ${`%${escapeLike(f.q)}%`})` : db``}
      ${
        f.visibleTo
          ? db`and (a.operator_id = ${f.visibleTo} or exists (select 1 from supply_contract_terms k
                  where k.area_id = a.id and k.cooperative_id = ${f.visibleTo}))`
          : db``
      }
      and a.seq > ${f.after ?? 0}
    order by a.seq
    limit ${f.limit + 1}`;
}

// ---- supply contracts ----

/** Who confirmed, rejected, withdrew or ended a contract, as the audit log names actors. */
export interface ContractActor {
  keyId: string | null;
  name: string;
  role: string;
  organizationId: string | null;
}

export interface SupplyContract {
  id: string;
  areaId: string;
  /** The buying cooperative. */
  cooperativeId: string;
  number: string;
  startsOn: string;
  endsOn: string;
  status: ContractStatus;
  /**
   * What the contract names, for both sides to recognise it: the area by code and name and the two
   * organizations. The area's record itself (location, certificates, harvests) opens to the buyer
   * only once the contract is confirmed.
   */
  areaCode: string;
  areaName: string;
  cooperativeName: string;
  /** The organization operating the area: the side that vouches for the contract. */
  operatorId: string;
  operatorName: string;
  /** Who must confirm it: the area's operator, or association staff for a farmer professional group's area. */
  confirmer: Confirmer;
  confirmedAt: Date | null;
  confirmedBy: ContractActor | null;
  /** When and by whom it was rejected, withdrawn or ended, and why. */
  closedAt: Date | null;
  closedBy: ContractActor | null;
  closeReason: string | null;
  /** For an ended contract, the last day it covered. */
  endedOn: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ContractTermsInput = Pick<SupplyContract, 'number' | 'startsOn' | 'endsOn'>;

const contractCols = (db: Db) => db`
  s.id, s.area_id, s.cooperative_id, s.number, s.starts_on::text, s.ends_on::text, s.status,
  a.code as area_code, a.name as area_name, b.name as cooperative_name, a.operator_id, o.name as operator_name,
  case when o.kind = any(${ASSOCIATION_VOUCHED_KINDS as string[]}) then 'association_staff' else 'area_operator' end
    as confirmer,
  s.confirmed_at, s.confirmed_by, s.closed_at, s.closed_by, s.close_reason, s.ended_on::text,
  s.created_at, s.updated_at`;

const contractFrom = (db: Db) => db`
  supply_contracts s
  join raw_material_areas a on a.id = s.area_id
  join organizations o on o.id = a.operator_id
  join organizations b on b.id = s.cooperative_id`;

/** Records a contract: pending, or confirmed at once when the one recording it vouches for it. */
export async function insertContract(
  db: Db,
  c: Pick<SupplyContract, 'areaId' | 'cooperativeId'> & ContractTermsInput,
  confirmation: { at: Date; by: ContractActor } | null = null,
): Promise<SupplyContract> {
  const [row] = await db<{ id: string }[]>`
    insert into supply_contracts (area_id, cooperative_id, number, starts_on, ends_on, status, confirmed_at, confirmed_by)
    values (${c.areaId}, ${c.cooperativeId}, ${c.number}, ${c.startsOn}, ${c.endsOn},
            ${confirmation ? 'confirmed' : 'pending'}, ${confirmation?.at ?? null},
            ${confirmation ? db.json(confirmation.by as never) : null})
    returning id`;
  return (await getContract(db, row!.id))!;
}

/**
 * Changes the terms. `confirmation` says what becomes of a confirmed contract: 'unconfirm' sends it
 * back to pending (the other side vouched for the old terms), a new confirmation keeps it confirmed.
 */
export async function updateContract(
  db: Db,
  id: string,
  p: Partial<ContractTermsInput>,
  now: Date,
  confirmation: 'keep' | 'unconfirm' | { at: Date; by: ContractActor } = 'keep',
): Promise<SupplyContract | null> {
  const values: Record<string, unknown> = {
    number: p.number,
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    updated_at: now,
  };
  if (confirmation === 'unconfirm')
    Object.assign(values, { status: 'pending', confirmed_at: null, confirmed_by: null });
  else if (confirmation !== 'keep')
    Object.assign(values, { status: 'confirmed', confirmed_by: db.json(confirmation.by as never) });
  for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
  // A new confirmation is strictly later than the one it replaces, even within one clock tick: the
  // guard trigger tells a re-confirmation from unvouched new terms by confirmed_at changing.
  const updated =
    confirmation === 'keep' || confirmation === 'unconfirm'
      ? await db`update supply_contracts set ${db(values as never)} where id = ${id} returning id`
      : await db`
          update supply_contracts
             set ${db(values as never)},
                 confirmed_at = greatest(${confirmation.at}::timestamptz, confirmed_at + interval '1 microsecond')
           where id = ${id} returning id`;
  return updated.length ? getContract(db, id) : null;
}

/** Confirms a pending contract; null when it is no longer pending. */
export async function confirmContract(db: Db, id: string, by: ContractActor, now: Date) {
  const updated = await db`
    update supply_contracts
       set status = 'confirmed', confirmed_at = ${now}, confirmed_by = ${db.json(by as never)}, updated_at = ${now}
     where id = ${id} and status = 'pending'
    returning id`;
  return updated.length ? getContract(db, id) : null;
}

/** Rejects or withdraws a pending contract; null when it is no longer pending. */
export async function closePendingContract(
  db: Db,
  id: string,
  status: 'rejected' | 'withdrawn',
  by: ContractActor,
  reason: string,
  now: Date,
) {
  const updated = await db`
    update supply_contracts
       set status = ${status}, closed_at = ${now}, closed_by = ${db.json(by as never)}, close_reason = ${reason},
           updated_at = ${now}
     where id = ${id} and status = 'pending'
    returning id`;
  return updated.length ? getContract(db, id) : null;
}

/** Ends a confirmed contract after `lastDay`; null when it is not confirmed. */
export async function endContract(db: Db, id: string, lastDay: string, by: ContractActor, reason: string, now: Date) {
  const updated = await db`
    update supply_contracts
       set status = 'ended', ended_on = ${lastDay}, closed_at = ${now}, closed_by = ${db.json(by as never)},
           close_reason = ${reason}, updated_at = ${now}
     where id = ${id} and status = 'confirmed'
    returning id`;
  return updated.length ? getContract(db, id) : null;
}

export async function getContract(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  const [row] = opts.forUpdate
    ? await db<SupplyContract[]>`select ${contractCols(db)} from ${contractFrom(db)} where s.id = ${id} for update of s`
    : await db<SupplyContract[]>`select ${contractCols(db)} from ${contractFrom(db)} where s.id = ${id}`;
  return row ?? null;
}

export async function listContracts(
  db: Db,
  f: {
    areaId?: string;
    cooperativeId?: string;
    activeOn?: string;
    status?: ContractStatus;
    /** Only pending contracts this actor may confirm or reject. */
    awaiting?: Actor | null;
    visibleTo?: string | null;
    after?: number;
    limit: number;
  },
) {
  const awaiting = f.awaiting;
  return db<(SupplyContract & { seq: number })[]>`
    select s.seq, ${contractCols(db)} from ${contractFrom(db)}
    where true
      ${f.areaId ? db`and s.area_id = ${f.areaId}` : db``}
      ${f.cooperativeId ? db`and s.cooperative_id = ${f.cooperativeId}` : db``}
      ${
        f.activeOn
          ? db`and exists (select 1 from supply_contract_terms k where k.id = s.id
                           and ${f.activeOn}::date between k.starts_on and k.last_day)`
          : db``
      }
      ${f.status ? db`and s.status = ${f.status}` : db``}
      ${
        awaiting
          ? db`and s.status = 'pending' and ${
              awaiting.role === 'admin'
                ? db`true`
                : awaiting.role === 'staff'
                  ? db`o.kind = any(${ASSOCIATION_VOUCHED_KINDS as string[]})`
                  : db`a.operator_id = ${awaiting.organizationId}`
            }`
          : db``
      }
      ${f.visibleTo ? db`and (s.cooperative_id = ${f.visibleTo} or a.operator_id = ${f.visibleTo})` : db``}
      and s.seq > ${f.after ?? 0}
    order by s.seq
    limit ${f.limit + 1}`;
}
