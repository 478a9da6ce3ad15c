// Read-only queries behind the public value-chain model pages: the index of models, one model
// with everything it links (members, areas, products) in a single round trip, and its live
// figures (households, hectares, batches sealed this year, stamps printed and scanned, recalls).
import type { PhotoRef } from '../photos';
import { mainPhotoJson } from './photos-store';
import type { Db } from './client';
import type { Area } from './areas-store';
import type { MODEL_ROLES, MODEL_STATUSES } from './models-store';
import type { Rating } from './products-store';

export type ModelRole = (typeof MODEL_ROLES)[number];
export type ModelStatus = (typeof MODEL_STATUSES)[number];

export interface ModelSummary {
  slug: string;
  name: string;
  yearFounded: number;
  status: ModelStatus;
  leadName: string;
  areas: number;
  products: number;
  members: number;
  households: number;
  hectares: number;
}

/** Every model with its counts, oldest first; one query. Models still being planned are not public yet. */
export async function listModelSummaries(db: Db, limit = 200): Promise<ModelSummary[]> {
  return db<ModelSummary[]>`
    select m.slug, m.name, m.year_founded, m.status, lead.name as "leadName",
      (select count(*)::int from model_areas ma where ma.model_id = m.id) as areas,
      (select count(*)::int from model_products mp where mp.model_id = m.id) as products,
      (select count(distinct mm.organization_id)::int from model_members mm where mm.model_id = m.id) as members,
      coalesce(ar.households, 0)::int as households,
      coalesce(ar.hectares, 0)::float8 as hectares
    from value_chain_models m
    join organizations lead on lead.id = m.lead_cooperative_id
    left join lateral (
      select sum(a.households) as households, sum(a.area_ha) as hectares
      from model_areas ma join raw_material_areas a on a.id = ma.area_id
      where ma.model_id = m.id
    ) ar on true
    where m.status <> 'planning'
    order by m.year_founded, m.seq
    limit ${limit}`;
}

export interface ModelMember {
  id: string;
  name: string;
  kind: string;
  roles: ModelRole[];
}

/** An area as the model page shows it: the registry's area plus who runs and who buys from it. */
export type ModelArea = Omit<Area, 'createdAt' | 'updatedAt'> & {
  operatorName: string;
  /** Organizations holding a confirmed supply contract for the area that is in force on the given day. */
  contractHolderIds: string[];
};

export interface ModelProduct {
  id: string;
  gtin: string;
  nameVi: string;
  nameEn: string | null;
  ocopGroup: number;
  ownerId: string;
  ownerName: string;
  imageUrl: string | null;
  /** the main photo, if any */
  photo: PhotoRef | null;
  /** Distinct e-commerce channels the product is listed on (names only). */
  channels: string[];
  ratings: Rating[];
}

export interface ModelDetail {
  id: string;
  slug: string;
  name: string;
  yearFounded: number;
  description: string | null;
  status: ModelStatus;
  leadId: string;
  leadName: string;
  members: ModelMember[];
  areas: ModelArea[];
  products: ModelProduct[];
}

/** One public model (not one still being planned) with its members, areas and products; one query. `today` (YYYY-MM-DD) selects the contracts in force. */
export async function getModelDetail(db: Db, slug: string, today: string): Promise<ModelDetail | null> {
  const [row] = await db<ModelDetail[]>`
    select m.id, m.slug, m.name, m.year_founded, m.description, m.status,
      lead.id as "leadId", lead.name as "leadName",
      coalesce((
        select json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind, 'roles', r.roles)
                        order by (o.id = m.lead_cooperative_id) desc, r.first_role, o.seq)
        from (select mm.organization_id,
                     json_agg(mm.role order by array_position(array['producer','processor','buyer','distributor','sales_channel'], mm.role)) as roles,
                     min(array_position(array['producer','processor','buyer','distributor','sales_channel'], mm.role)) as first_role
              from model_members mm where mm.model_id = m.id group by mm.organization_id) r
        join organizations o on o.id = r.organization_id
      ), '[]'::json) as members,
      coalesce((
        select json_agg(json_build_object(
                 'id', a.id, 'code', a.code, 'name', a.name, 'province', a.province, 'commune', a.commune,
                 'location', a.location, 'areaHa', a.area_ha::float8, 'crops', a.crops, 'households', a.households,
                 'plantingAreaCode', a.planting_area_code, 'operatorId', a.operator_id, 'operatorName', op.name,
                 'contractHolderIds', coalesce((
                   select json_agg(distinct s.cooperative_id) from supply_contract_terms s
                   where s.area_id = a.id and ${today}::date between s.starts_on and s.last_day), '[]'::json),
                 'certifications', coalesce((
                   select json_agg(json_build_object('scheme', c.scheme, 'number', c.number, 'issuer', c.issuer,
                                                     'validFrom', c.valid_from, 'validTo', c.valid_to)
                                   order by c.valid_from, c.number)
                   from area_certifications c where c.area_id = a.id), '[]'::json))
               order by a.seq)
        from model_areas ma
        join raw_material_areas a on a.id = ma.area_id
        join organizations op on op.id = a.operator_id
        where ma.model_id = m.id
      ), '[]'::json) as areas,
      coalesce((
        select json_agg(json_build_object(
                 'id', p.id, 'gtin', p.gtin, 'nameVi', p.name_vi, 'nameEn', p.name_en, 'ocopGroup', p.ocop_group,
                 'ownerId', p.owner_id, 'ownerName', ow.name, 'imageUrl', p.image_url,
                 'photo', ${mainPhotoJson(db)},
                 'channels', coalesce((select json_agg(distinct l.channel) from product_listings l where l.product_id = p.id and l.ended_on is null), '[]'::json),
                 'ratings', coalesce((
                   select json_agg(json_build_object('id', r.id, 'stars', r.stars, 'decisionNumber', r.decision_number,
                                                     'issuingLevel', r.issuing_level, 'decisionDate', r.decision_date,
                                                     'validUntil', r.valid_until)
                                   order by r.decision_date desc, r.decision_number)
                   from ocop_ratings r where r.product_id = p.id), '[]'::json))
               order by p.seq)
        from model_products mp
        join products p on p.id = mp.product_id
        join organizations ow on ow.id = p.owner_id
        where mp.model_id = m.id
      ), '[]'::json) as products
    from value_chain_models m
    join organizations lead on lead.id = m.lead_cooperative_id
    where m.slug = ${slug} and m.status <> 'planning'`;
  return row ?? null;
}

export interface ModelFigures {
  households: number;
  hectares: number;
  /** Batches of the model's products with status 'sealed' sealed within [yearStart, yearEnd). */
  batchesSealed: number;
  /** Stamps of every print run of those products' batches, whatever their state. */
  stampsPrinted: number;
  /** Distinct serials among those stamps with at least one known, non-bot scan. */
  stampsScanned: number;
  /** Recalls not lifted, on any batch of those products. */
  openRecalls: number;
}

/** The live figures of one model; one query. */
export async function getModelFigures(
  db: Db,
  modelId: string,
  period: { yearStart: Date; yearEnd: Date },
): Promise<ModelFigures> {
  const [row] = await db<ModelFigures[]>`
    with mb as (
      select b.id, b.status, b.sealed_at from batches b
      where b.product_id in (select mp.product_id from model_products mp where mp.model_id = ${modelId})
    ), mr as (
      select r.id, r.count from print_runs r where r.batch_id in (select id from mb)
    )
    select
      coalesce((select sum(a.households) from model_areas ma join raw_material_areas a on a.id = ma.area_id
                where ma.model_id = ${modelId}), 0)::int as households,
      coalesce((select sum(a.area_ha) from model_areas ma join raw_material_areas a on a.id = ma.area_id
                where ma.model_id = ${modelId}), 0)::float8 as hectares,
      (select count(*) from mb where mb.status = 'sealed'
         and mb.sealed_at >= ${period.yearStart} and mb.sealed_at < ${period.yearEnd})::int as "batchesSealed",
      -- every run prints exactly its count of stamps: read from the runs, not counted
      coalesce((select sum(mr.count) from mr), 0)::int as "stampsPrinted",
      -- a stamp's own counter moves with each counted scan (not a bot, at its own address): read it,
      -- rather than looking each serial up in every month of the scan log
      (select count(*) from stamps s where s.print_run_id in (select id from mr) and s.scan_count > 0)::int as "stampsScanned",
      (select count(*) from batch_recalls br where br.batch_id in (select id from mb) and br.lifted_at is null)::int as "openRecalls"`;
  return row!;
}
