// Queries only the demo seed needs (src/demo): its lock, the records that would clash with it, and
// lookups by the demo's own codes. The demo's tables of codes stay in src/demo and are passed in.
import type { Db, Tx } from './client';
import type { StampState } from './print-runs-store';

/** Serialises concurrent seeders (two CLIs, or a CLI racing a first start). */
const SEED_LOCK = 0x6f637364; // "ocsd"

/** Holds the seed lock until the caller's transaction ends. */
export async function lockDemoSeed(tx: Tx): Promise<void> {
  await tx`select pg_advisory_xact_lock(${SEED_LOCK})`;
}

export interface DemoCodes {
  registrationCodes: string[];
  glns: string[];
  areaCodes: string[];
  gtins: string[];
  modelSlugs: string[];
}

/** Records that already hold one of these codes, named for a message ("product 0893…"). */
export async function recordsHoldingCodes(db: Db, c: DemoCodes): Promise<string[]> {
  const rows = await db<{ what: string }[]>`
    select 'organization ' || coalesce(registration_code, gln) as what from organizations
      where registration_code = any(${c.registrationCodes}::text[]) or gln = any(${c.glns}::text[])
    union all
    select 'area ' || code from raw_material_areas where code = any(${c.areaCodes}::text[])
    union all
    select 'product ' || gtin from products where gtin = any(${c.gtins}::text[])
    union all
    select 'model ' || slug from value_chain_models where slug = any(${c.modelSlugs}::text[])`;
  return rows.map((r) => r.what);
}

/** The records of a seeded demo, found again by province and codes. */
export async function demoRecords(
  db: Db,
  c: { province: string } & Pick<DemoCodes, 'areaCodes' | 'gtins' | 'modelSlugs'>,
) {
  const organizations = await db<{ id: string; name: string; registrationCode: string | null }[]>`
    select id, name, registration_code from organizations where province = ${c.province}`;
  const areas = await db<{ id: string; code: string }[]>`
    select id, code from raw_material_areas where code = any(${c.areaCodes}::text[])`;
  const products = await db<{ id: string; gtin: string }[]>`
    select id, gtin from products where gtin = any(${c.gtins}::text[])`;
  const models = await db<{ id: string; slug: string }[]>`
    select id, slug from value_chain_models where slug = any(${c.modelSlugs}::text[])`;
  return { organizations, areas, products, models };
}

export interface DemoBatchToPrint {
  id: string;
  productId: string;
  cooperativeId: string;
  productionDate: string;
  jws: string;
  carriesOcop: boolean;
}

/**
 * The newest sealed version of a lot (the honey batch was corrected). Demo lot codes are unique
 * across products, so the code alone finds it.
 */
export async function newestSealedBatchOfLot(db: Db, lotCode: string): Promise<DemoBatchToPrint | null> {
  const [row] = await db<DemoBatchToPrint[]>`
    select b.id, b.product_id, b.cooperative_id, b.production_date::text,
           b.record_jws as jws, b.carries_ocop
    from batches b where b.lot_code = ${lotCode} and b.status = 'sealed' order by b.version desc limit 1`;
  return row ?? null;
}

export interface DemoBatchWithStars {
  id: string;
  cooperativeId: string;
  gtin: string;
  productionDate: string;
  /** the stars of the rating in force on the production date, for a batch that carries the OCOP mark */
  rated: number | null;
}

/** The sealed batch of a lot with its GTIN and rated stars: what printing stamps for it needs. */
export async function sealedBatchWithStars(db: Db, lotCode: string): Promise<DemoBatchWithStars | null> {
  const [row] = await db<DemoBatchWithStars[]>`
    select b.id, b.cooperative_id, p.gtin, b.production_date::text,
           case when b.carries_ocop then (
             select o.stars from ocop_ratings o where o.product_id = p.id
                and b.production_date between o.decision_date and o.valid_until
              order by o.decision_date desc limit 1) end as rated
      from batches b join products p on p.id = b.product_id
     where b.lot_code = ${lotCode} and b.status = 'sealed'`;
  return row ?? null;
}

export interface DemoStamp {
  serial: string;
  gtin: string;
  lot: string;
  state: StampState;
  position: number;
  template: string;
}

/** Every stamp with its run's GTIN, lot and template, in printing order. */
export async function stampsInPrintOrder(db: Db): Promise<DemoStamp[]> {
  return db<DemoStamp[]>`
    select s.serial, r.gtin, r.lot_code as lot, s.state, s.position, r.template_id as template
    from stamps s join print_runs r on r.id = s.print_run_id
    order by r.seq, s.position`;
}

/** The kinds of stamp the demo shows one URL for. */
export type DemoStampKind = 'genuine' | 'scanned-too-often' | 'not-activated' | 'void' | 'recalled';

const stampKinds: Record<DemoStampKind, (db: Db) => ReturnType<Db>> = {
  genuine: (db) => db`s.state = 'active' and s.scan_count between 1 and 3
                      and not exists (select 1 from batch_recalls x where x.batch_id = b.id and x.lifted_at is null)`,
  'scanned-too-often': (db) => db`s.state = 'active' and s.scan_count > 10`,
  'not-activated': (db) => db`s.state = 'issued'`,
  void: (db) => db`s.state = 'void'`,
  recalled: (db) => db`exists (select 1 from batch_recalls x where x.batch_id = b.id and x.lifted_at is null)`,
};

/** The first stamp of this kind in printing order, with what its URL is made of. */
export async function firstStampOfKind(
  db: Db,
  kind: DemoStampKind,
): Promise<{ baseUrl: string; gtin: string; lot: string; serial: string } | null> {
  const [row] = await db<{ baseUrl: string; gtin: string; lot: string; serial: string }[]>`
    select r.base_url, r.gtin, r.lot_code as lot, s.serial
    from stamps s join print_runs r on r.id = s.print_run_id join batches b on b.id = r.batch_id
    where ${stampKinds[kind](db)}
    order by r.seq, s.position limit 1`;
  return row ?? null;
}
