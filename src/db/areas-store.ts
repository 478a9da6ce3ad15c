// Raw-material areas with their certifications, and the supply contracts that tie an area to
// a cooperative: the links staff later check every batch against.
import type { AreaLocation } from '../domain/geo';
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

/** Can this cooperative see the area: it operates it or holds (or held) a supply contract for it. */
export async function areaVisibleTo(db: Db, areaId: string, organizationId: string): Promise<boolean> {
  const [row] = await db`
    select 1 from raw_material_areas a
    where a.id = ${areaId}
      and (a.operator_id = ${organizationId}
           or exists (select 1 from supply_contracts s where s.area_id = a.id and s.cooperative_id = ${organizationId}))`;
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
          ? db`and (a.operator_id = ${f.visibleTo} or exists (select 1 from supply_contracts s
                  where s.area_id = a.id and s.cooperative_id = ${f.visibleTo}))`
          : db``
      }
      and a.seq > ${f.after ?? 0}
    order by a.seq
    limit ${f.limit + 1}`;
}

// ---- supply contracts ----

export interface SupplyContract {
  id: string;
  areaId: string;
  cooperativeId: string;
  number: string;
  startsOn: string;
  endsOn: string;
  createdAt: Date;
  updatedAt: Date;
}

const contractCols = (db: Db) => db`
  id, area_id, cooperative_id, number,
  starts_on::text, ends_on::text, created_at, updated_at`;

export async function insertContract(
  db: Db,
  c: Pick<SupplyContract, 'areaId' | 'cooperativeId' | 'number' | 'startsOn' | 'endsOn'>,
): Promise<SupplyContract> {
  const [row] = await db<SupplyContract[]>`
    insert into supply_contracts (area_id, cooperative_id, number, starts_on, ends_on)
    values (${c.areaId}, ${c.cooperativeId}, ${c.number}, ${c.startsOn}, ${c.endsOn})
    returning ${contractCols(db)}`;
  return row!;
}

export async function updateContract(
  db: Db,
  id: string,
  p: Partial<Pick<SupplyContract, 'number' | 'startsOn' | 'endsOn'>>,
  now: Date,
): Promise<SupplyContract | null> {
  const values: Record<string, unknown> = {
    number: p.number,
    starts_on: p.startsOn,
    ends_on: p.endsOn,
    updated_at: now,
  };
  for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
  const [row] = await db<SupplyContract[]>`
    update supply_contracts set ${db(values as never)} where id = ${id} returning ${contractCols(db)}`;
  return row ?? null;
}

export async function getContract(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  const [row] = opts.forUpdate
    ? await db<SupplyContract[]>`select ${contractCols(db)} from supply_contracts where id = ${id} for update`
    : await db<SupplyContract[]>`select ${contractCols(db)} from supply_contracts where id = ${id}`;
  return row ?? null;
}

export async function listContracts(
  db: Db,
  f: {
    areaId?: string;
    cooperativeId?: string;
    activeOn?: string;
    visibleTo?: string | null;
    after?: number;
    limit: number;
  },
) {
  return db<(SupplyContract & { seq: number })[]>`
    select seq, ${contractCols(db)} from supply_contracts s
    where true
      ${f.areaId ? db`and s.area_id = ${f.areaId}` : db``}
      ${f.cooperativeId ? db`and s.cooperative_id = ${f.cooperativeId}` : db``}
      ${f.activeOn ? db`and ${f.activeOn}::date between s.starts_on and s.ends_on` : db``}
      ${
        f.visibleTo
          ? db`and (s.cooperative_id = ${f.visibleTo} or exists (select 1 from raw_material_areas a
                  where a.id = s.area_id and a.operator_id = ${f.visibleTo}))`
          : db``
      }
      and s.seq > ${f.after ?? 0}
    order by s.seq
    limit ${f.limit + 1}`;
}
