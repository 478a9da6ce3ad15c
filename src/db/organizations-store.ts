// Organizations: association units, cooperatives and the other producers and partners.
import type { Db } from './client';

export const ORGANIZATION_KINDS = [
  'association_unit',
  'cooperative',
  'cooperative_group',
  'farmer_professional_group',
  'enterprise',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];
export const ASSOCIATION_LEVELS = ['province', 'district', 'commune'] as const;

export interface Organization {
  id: string;
  kind: OrganizationKind;
  associationLevel: 'province' | 'district' | 'commune' | null;
  name: string;
  registrationCode: string | null;
  address: string | null;
  province: string;
  commune: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  gln: string | null;
  parentId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type OrganizationInput = Omit<Organization, 'id' | 'createdAt' | 'updatedAt'>;

const cols = (db: Db) => db`
  id, kind, association_level, name, registration_code,
  address, province, commune, contact_name, contact_phone,
  contact_email, gln, parent_id, created_at,
  updated_at`;

const toColumns = (o: Partial<OrganizationInput>) => {
  const map: Record<string, unknown> = {
    kind: o.kind,
    association_level: o.associationLevel,
    name: o.name,
    registration_code: o.registrationCode,
    address: o.address,
    province: o.province,
    commune: o.commune,
    contact_name: o.contactName,
    contact_phone: o.contactPhone,
    contact_email: o.contactEmail,
    gln: o.gln,
    parent_id: o.parentId,
  };
  for (const k of Object.keys(map)) if (map[k] === undefined) delete map[k];
  return map;
};

export async function insertOrganization(db: Db, o: OrganizationInput): Promise<Organization> {
  const values = toColumns(o);
  const [row] = await db<Organization[]>`
    insert into organizations ${db(values as never)} returning ${cols(db)}`;
  return row!;
}

export async function updateOrganization(db: Db, id: string, patch: Partial<OrganizationInput>, now: Date) {
  const values = { ...toColumns(patch), updated_at: now };
  const [row] = await db<Organization[]>`
    update organizations set ${db(values as never)} where id = ${id} returning ${cols(db)}`;
  return row ?? null;
}

export async function getOrganization(db: Db, id: string, opts: { forUpdate?: boolean } = {}) {
  const [row] = opts.forUpdate
    ? await db<Organization[]>`select ${cols(db)} from organizations where id = ${id} for update`
    : await db<Organization[]>`select ${cols(db)} from organizations where id = ${id}`;
  return row ?? null;
}

export interface OrganizationFilter {
  kind?: OrganizationKind;
  province?: string;
  parentId?: string;
  q?: string;
  onlyId?: string | null;
  after?: number;
  limit: number;
}

export async function listOrganizations(db: Db, f: OrganizationFilter) {
  return db<(Organization & { seq: number })[]>`
    select seq, ${cols(db)} from organizations
    where true
      ${f.kind ? db`and kind = ${f.kind}` : db``}
      ${f.province ? db`and province = ${f.province}` : db``}
      ${f.parentId ? db`and parent_id = ${f.parentId}` : db``}
      ${f.q ? db`and name ilike ${`%${escapeLike(f.q)}%`}` : db``}
      ${f.onlyId ? db`and id = ${f.onlyId}` : db``}
      and seq > ${f.after ?? 0}
    order by seq
    limit ${f.limit + 1}`;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
