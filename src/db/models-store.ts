// Value-chain models: a named linkage of areas, cooperatives, processors, buyers and sales
// channels around OCOP products.
import type { Db } from './client';

export const MODEL_ROLES = ['producer', 'processor', 'distributor', 'buyer', 'sales_channel'] as const;
export const MODEL_STATUSES = ['planning', 'active', 'suspended', 'closed'] as const;

export interface ValueChainModel {
  id: string;
  slug: string;
  name: string;
  yearFounded: number;
  description: string | null;
  leadCooperativeId: string;
  status: (typeof MODEL_STATUSES)[number];
  members: { organizationId: string; role: (typeof MODEL_ROLES)[number] }[];
  areaIds: string[];
  productIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

export type ModelInput = Omit<ValueChainModel, 'id' | 'createdAt' | 'updatedAt'>;

const cols = (db: Db) => db`
  m.id, m.slug, m.name, m.year_founded, m.description,
  m.lead_cooperative_id, m.status,
  coalesce((select json_agg(json_build_object('organizationId', mm.organization_id, 'role', mm.role)
              order by mm.role, mm.organization_id)
            from model_members mm where mm.model_id = m.id), '[]'::json) as members,
  coalesce((select json_agg(ma.area_id order by ma.area_id) from model_areas ma where ma.model_id = m.id), '[]'::json) as "areaIds",
  coalesce((select json_agg(mp.product_id order by mp.product_id) from model_products mp where mp.model_id = m.id), '[]'::json) as "productIds",
  m.created_at, m.updated_at`;

async function replaceLinks(db: Db, id: string, m: Partial<ModelInput>) {
  if (m.members) {
    await db`delete from model_members where model_id = ${id}`;
    for (const mem of m.members) {
      await db`insert into model_members (model_id, organization_id, role) values (${id}, ${mem.organizationId}, ${mem.role})`;
    }
  }
  if (m.areaIds) {
    await db`delete from model_areas where model_id = ${id}`;
    for (const a of m.areaIds) await db`insert into model_areas (model_id, area_id) values (${id}, ${a})`;
  }
  if (m.productIds) {
    await db`delete from model_products where model_id = ${id}`;
    for (const p of m.productIds) await db`insert into model_products (model_id, product_id) values (${id}, ${p})`;
  }
}

export async function insertModel(db: Db, m: ModelInput): Promise<ValueChainModel> {
  const [row] = await db<{ id: string }[]>`
    insert into value_chain_models (slug, name, year_founded, description, lead_cooperative_id, status)
    values (${m.slug}, ${m.name}, ${m.yearFounded}, ${m.description}, ${m.leadCooperativeId}, ${m.status})
    returning id`;
  await replaceLinks(db, row!.id, m);
  return (await getModel(db, row!.id))!;
}

export async function updateModel(db: Db, id: string, m: Partial<ModelInput>, now: Date) {
  const values: Record<string, unknown> = {
    slug: m.slug,
    name: m.name,
    year_founded: m.yearFounded,
    description: m.description,
    lead_cooperative_id: m.leadCooperativeId,
    status: m.status,
    updated_at: now,
  };
  for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k];
  const updated = await db`update value_chain_models set ${db(values as never)} where id = ${id} returning id`;
  if (!updated.length) return null;
  await replaceLinks(db, id, m);
  return getModel(db, id);
}

export async function getModel(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  if (opts.forUpdate) await db`select 1 from value_chain_models where id = ${id} for update`;
  const [row] = await db<ValueChainModel[]>`select ${cols(db)} from value_chain_models m where m.id = ${id}`;
  return row ?? null;
}

export async function getModelBySlug(db: Db, slug: string) {
  const [row] = await db<ValueChainModel[]>`select ${cols(db)} from value_chain_models m where m.slug = ${slug}`;
  return row ?? null;
}

export async function listModels(db: Db, f: { status?: string; memberId?: string; after?: number; limit: number }) {
  return db<(ValueChainModel & { seq: number })[]>`
    select m.seq, ${cols(db)} from value_chain_models m
    where true
      ${f.status ? db`and m.status = ${f.status}` : db``}
      ${
        f.memberId
          ? db`and (m.lead_cooperative_id = ${f.memberId}
                  or exists (select 1 from model_members mm where mm.model_id = m.id and mm.organization_id = ${f.memberId}))`
          : db``
      }
      and m.seq > ${f.after ?? 0}
    order by m.seq
    limit ${f.limit + 1}`;
}

/** Is the organization a member of the model: its lead, or listed among its members in any role. */
export async function isModelMember(db: Db, modelId: string, organizationId: string): Promise<boolean> {
  const [row] = await db`
    select 1 from value_chain_models m
    where m.id = ${modelId}
      and (m.lead_cooperative_id = ${organizationId}
           or exists (select 1 from model_members mm where mm.model_id = m.id and mm.organization_id = ${organizationId}))`;
  return !!row;
}

/** Which of these ids do not exist in the table: for clear errors instead of FK failures. */
export async function missingIds(db: Db, table: 'organizations' | 'raw_material_areas' | 'products', ids: string[]) {
  if (!ids.length) return [];
  const found = await db<{ id: string }[]>`select id from ${db(table)} where id = any(${ids}::uuid[])`;
  const have = new Set(found.map((r) => r.id));
  return ids.filter((id) => !have.has(id));
}
