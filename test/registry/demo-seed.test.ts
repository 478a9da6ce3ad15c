import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_COOPERATIVE_CODES,
  DEMO_GTINS,
  DEMO_MODEL_SLUGS,
  DEMO_PROVINCE,
  DemoDataConflictError,
  DemoDataPresentError,
  demoDataPresent,
  demoDataProblems,
  demoIds,
  seedDemo,
  type DemoCounts,
} from '../../src/demo/seed';
import { listAreas, listContracts } from '../../src/db/areas-store';
import { insertOrganization, listOrganizations } from '../../src/db/organizations-store';
import { listProducts } from '../../src/db/products-store';
import { listModels } from '../../src/db/models-store';
import { locationProblems } from '../../src/domain/geo';
import { hasValidCheckDigit, isValidGln } from '../../src/domain/identifiers';
import { ratingInForce } from '../../src/domain/ocop';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { organizationRow } from '../support/fixtures';

const NOW = new Date('2026-11-28T09:00:00Z');
const TODAY = '2026-11-28';
const TABLES = [
  'organizations',
  'raw_material_areas',
  'area_certifications',
  'supply_contracts',
  'products',
  'product_listings',
  'ocop_ratings',
  'value_chain_models',
  'ocop_candidates',
  'ocop_candidate_stages',
  'model_members',
  'model_areas',
  'model_products',
  'association_activities',
  'people',
  'training_courses',
  'course_attendances',
  'audit_log',
] as const;

/** The letters only Vietnamese spelling has (ă â đ ê ô ơ ư and the tone marks on any vowel). */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;
const HOOKED = /[ăâđêôơư]/i;

let db: TestDatabase;
let summary: DemoCounts;
const all = { limit: 1000 };

async function rowCounts() {
  const out: Record<string, number> = {};
  for (const t of TABLES) {
    const [row] = await db.sql<{ n: number }[]>`select count(*)::int as n from ${db.sql(t)}`;
    out[t] = row!.n;
  }
  return out;
}

beforeAll(async () => {
  db = await createTestDatabase();
  summary = await seedDemo(db.sql, { clock: () => NOW });
});
afterAll(async () => {
  await db?.close();
});

describe('demo seed', () => {
  it('has consistent tables', () => {
    expect(demoDataProblems()).toEqual([]);
  });

  it('reports what it created, matching the database', async () => {
    const n = await rowCounts();
    expect(summary).toEqual({
      organizations: n.organizations,
      areas: n.raw_material_areas,
      certifications: n.area_certifications,
      contracts: n.supply_contracts,
      products: n.products,
      listings: n.product_listings,
      ratings: n.ocop_ratings,
      models: n.value_chain_models,
      activities: n.association_activities,
      people: n.people,
      courses: n.training_courses,
      attendances: n.course_attendances,
      candidates: n.ocop_candidates,
      candidateStages: n.ocop_candidate_stages,
    });
    // one audit entry per created record, by the seeding actor
    const audit = await db.sql<{ entity: string; n: number }[]>`
      select entity, count(*)::int as n from audit_log
      where actor = 'system:seed:demo' and action = 'create' group by entity`;
    expect(Object.fromEntries(audit.map((r) => [r.entity, r.n]))).toEqual({
      organization: summary.organizations,
      area: summary.areas,
      supply_contract: summary.contracts,
      product: summary.products,
      ocop_rating: summary.ratings,
      value_chain_model: summary.models,
      association_activity: summary.activities,
      person: summary.people,
      training_course: summary.courses,
      ocop_candidate: summary.candidates,
    });
    expect(n.audit_log).toBe(audit.reduce((s, r) => s + r.n, 0));
  });

  it('builds the Farmers’ Association tree and at least eight producers', async () => {
    const orgs = await listOrganizations(db.sql, all);
    expect(orgs.every((o) => o.province === DEMO_PROVINCE)).toBe(true);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const units = orgs.filter((o) => o.kind === 'association_unit');
    const level = (l: string) => units.filter((u) => u.associationLevel === l);
    expect(level('province')).toHaveLength(1);
    expect(level('province')[0]!.parentId).toBeNull();
    expect(level('district')).toHaveLength(3);
    for (const d of level('district')) expect(d.parentId).toBe(level('province')[0]!.id);
    expect(level('commune').length).toBeGreaterThanOrEqual(3);
    for (const c of level('commune')) expect(byId.get(c.parentId!)?.associationLevel).toBe('district');

    const producers = orgs.filter((o) =>
      ['cooperative', 'cooperative_group', 'farmer_professional_group'].includes(o.kind),
    );
    expect(producers.length).toBeGreaterThanOrEqual(8);
    for (const p of producers) {
      expect(byId.get(p.parentId!)?.associationLevel).toBe('commune');
      expect(p.registrationCode).toBe(Object.values(DEMO_COOPERATIVE_CODES).find((c) => c === p.registrationCode));
    }
    expect(orgs.filter((o) => o.kind === 'enterprise').length).toBeGreaterThanOrEqual(2);
    for (const o of orgs.filter((o) => o.kind !== 'association_unit')) {
      expect(o.address && o.contactPhone && o.contactEmail && o.registrationCode).toBeTruthy();
    }

    const glns = orgs.flatMap((o) => (o.gln ? [o.gln] : []));
    expect(glns.length).toBeGreaterThanOrEqual(3);
    for (const g of glns) {
      expect(g).toMatch(/^893/);
      expect(isValidGln(g)).toBe(true);
    }
  });

  it('places at least two areas per producing organization, with closed polygons in the northern mountains', async () => {
    const areas = await listAreas(db.sql, all);
    expect(areas.length).toBeGreaterThanOrEqual(16);
    const perOperator = new Map<string, number>();
    for (const a of areas) perOperator.set(a.operatorId, (perOperator.get(a.operatorId) ?? 0) + 1);
    for (const n of perOperator.values()) expect(n).toBeGreaterThanOrEqual(2);

    const polygons = areas.filter((a) => a.location.type === 'Polygon');
    expect(polygons.length).toBeGreaterThanOrEqual(5);
    expect(areas.some((a) => a.location.type === 'Point')).toBe(true);
    for (const a of areas) {
      expect(locationProblems(a.location)).toEqual([]);
      const positions = a.location.type === 'Point' ? [a.location.coordinates] : a.location.coordinates.flat();
      for (const [lon, lat] of positions) {
        expect(lon).toBeGreaterThanOrEqual(103.5);
        expect(lon).toBeLessThanOrEqual(106.5);
        expect(lat).toBeGreaterThanOrEqual(21.0);
        expect(lat).toBeLessThanOrEqual(23.3);
      }
      expect(a.code).toMatch(/^VNL-[A-Z]{2}-\d{2}$/);
      expect(a.crops.length).toBeGreaterThan(0);
      expect(a.areaHa).toBeGreaterThan(0);
    }
    for (const p of polygons) {
      for (const ring of (p.location as { coordinates: number[][][] }).coordinates) {
        expect(ring[0]).toEqual(ring[ring.length - 1]);
      }
    }
    expect(areas.some((a) => a.plantingAreaCode)).toBe(true);

    const certs = areas.flatMap((a) => a.certifications);
    expect(new Set(certs.map((c) => c.scheme)).size).toBeGreaterThanOrEqual(3);
    const valid = (a: (typeof areas)[number]) =>
      a.certifications.some((c) => c.validFrom <= TODAY && TODAY <= c.validTo);
    expect(certs.some((c) => c.validTo < TODAY)).toBe(true);
    expect(certs.some((c) => c.validFrom <= TODAY && TODAY <= c.validTo)).toBe(true);
    // an area whose certificates have all lapsed, and one with none at all
    expect(areas.some((a) => a.certifications.length > 0 && !valid(a))).toBe(true);
    expect(areas.some((a) => a.certifications.length === 0)).toBe(true);
  });

  it('ties areas to cooperatives that do not operate them, with one expired contract', async () => {
    const areas = new Map((await listAreas(db.sql, all)).map((a) => [a.id, a]));
    const contracts = await listContracts(db.sql, all);
    expect(contracts.length).toBeGreaterThanOrEqual(4);
    expect(contracts.filter((c) => c.endsOn < TODAY)).toHaveLength(1);
    expect(contracts.filter((c) => c.startsOn <= TODAY && TODAY <= c.endsOn).length).toBeGreaterThanOrEqual(3);
    for (const c of contracts) expect(areas.get(c.areaId)!.operatorId).not.toBe(c.cooperativeId);
  });

  it('loads OCOP products with valid GTINs and a plausible rating history', async () => {
    const products = await listProducts(db.sql, all);
    expect(products.length).toBeGreaterThanOrEqual(12);
    expect(new Set(products.map((p) => p.ocopGroup)).size).toBeGreaterThanOrEqual(3);
    expect(products.map((p) => p.gtin).sort()).toEqual(Object.values(DEMO_GTINS).sort());
    for (const p of products) {
      expect(p.gtin).toMatch(/^0893\d{10}$/);
      expect(hasValidCheckDigit(p.gtin)).toBe(true);
      expect(hasValidCheckDigit(p.gtin.slice(1))).toBe(true);
      expect(p.nameEn).toBeTruthy();
      expect(p.ocopSubgroup).toBeTruthy();
      expect(p.standards.length).toBeGreaterThan(0);
      for (const l of p.listings) expect(l.url).toMatch(/^https:\/\//);
      for (const r of p.ratings) {
        expect(r.stars).toBeGreaterThanOrEqual(3);
        expect(r.decisionDate <= TODAY).toBe(true);
        expect(r.decisionNumber).toMatch(/^\d+\/QĐ-/);
        if (r.stars === 5) expect(r.issuingLevel).toBe('central');
      }
    }
    const current = (p: (typeof products)[number]) => ratingInForce(p.ratings, TODAY);
    const rated = products.filter((p) => p.ratings.length);
    expect(products.some((p) => p.ratings.length === 0)).toBe(true);
    // only expired ratings
    expect(rated.filter((p) => !current(p)).length).toBeGreaterThanOrEqual(2);
    expect(rated.some((p) => !current(p) && p.ratings.every((r) => r.validUntil < TODAY))).toBe(true);
    // upgraded 3★ → 4★
    expect(rated.some((p) => current(p)?.stars === 4 && p.ratings.some((r) => r.stars === 3))).toBe(true);
    expect(rated.some((p) => current(p)?.stars === 5)).toBe(true);
    // old district-level decisions from 2019–2021
    const districtDates = rated.flatMap((p) =>
      p.ratings.filter((r) => r.issuingLevel === 'district').map((r) => r.decisionDate),
    );
    expect(districtDates.length).toBeGreaterThan(0);
    for (const d of districtDates) expect(d >= '2019-01-01' && d <= '2021-12-31').toBe(true);
    expect(new Set(products.flatMap((p) => p.listings.map((l) => l.channel)))).toEqual(
      new Set(['Shopee', 'Lazada', 'Postmart', 'Voso', 'Tiki']),
    );
  });

  it('builds the four value-chain models, one a year 2022–2025', async () => {
    const models = await listModels(db.sql, all);
    expect(models.map((m) => m.slug)).toEqual([...DEMO_MODEL_SLUGS]);
    expect(models.map((m) => m.yearFounded)).toEqual([2022, 2023, 2024, 2025]);
    const orgs = new Map((await listOrganizations(db.sql, all)).map((o) => [o.id, o]));
    for (const m of models) {
      expect(m.status).toBe('active');
      expect(m.name).toMatch(/^Mô hình liên kết chuỗi giá trị /);
      expect(m.description!.split(/\.\s/).length).toBeGreaterThanOrEqual(2);
      expect(orgs.get(m.leadCooperativeId)!.kind).not.toBe('association_unit');
      expect(m.areaIds.length).toBeGreaterThan(0);
      expect(m.productIds.length).toBeGreaterThan(0);
      const roles = new Set(m.members.map((x) => x.role));
      expect(roles.has('producer')).toBe(true);
      expect(roles.has('sales_channel')).toBe(true);
    }
    const roles = new Set(models.flatMap((m) => m.members.map((x) => x.role)));
    expect(roles).toEqual(new Set(['producer', 'processor', 'distributor', 'buyer', 'sales_channel']));
  });

  it('writes Vietnamese names with their diacritics', async () => {
    const areas = await listAreas(db.sql, all);
    const names = [
      ...(await listOrganizations(db.sql, all)).map((o) => o.name),
      ...areas.flatMap((a) => [a.name, a.commune ?? '']),
      ...(await listProducts(db.sql, all)).flatMap((p) => [p.nameVi, p.ocopSubgroup ?? '']),
      ...(await listModels(db.sql, all)).flatMap((m) => [m.name, m.description ?? '']),
    ];
    for (const n of names) expect(n, n).toMatch(VIETNAMESE);
    expect(names.filter((n) => HOOKED.test(n)).length / names.length).toBeGreaterThan(0.8);
    // crop names are common nouns: most carry diacritics ("lanh", flax, does not)
    const crops = [...new Set(areas.flatMap((a) => a.crops))];
    expect(crops.filter((c) => VIETNAMESE.test(c)).length / crops.length).toBeGreaterThan(0.8);
    const text = [...names, ...crops];
    expect(text.join(' ')).not.toMatch(/\uFFFD/);
    expect(text.every((n) => n === n.normalize('NFC'))).toBe(true);
  });

  it('finds the demo records again by their codes', async () => {
    const ids = await demoIds(db.sql);
    expect(Object.keys(ids.organizations)).toHaveLength(summary.organizations);
    expect(Object.keys(ids.areas)).toHaveLength(summary.areas);
    expect(Object.keys(ids.products)).toHaveLength(summary.products);
    expect(Object.keys(ids.models)).toEqual([...DEMO_MODEL_SLUGS]);
  });

  it('refuses a second run without writing anything', async () => {
    expect(await demoDataPresent(db.sql)).toBe(true);
    const before = await rowCounts();
    await expect(seedDemo(db.sql, { clock: () => NOW })).rejects.toBeInstanceOf(DemoDataPresentError);
    await expect(seedDemo(db.sql, { clock: () => NOW })).rejects.toThrow(/demo data already present/);
    expect(await rowCounts()).toEqual(before);
  });

  it('npm run seed:demo says so and exits 0 when the demo is already there', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/entry/cli/seed-demo.ts'], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/demo data already present/);
  });
});

describe('demo seed on an empty database', () => {
  it('refuses records that clash with the demo codes, then skips rating decisions dated after the seeding day', async () => {
    const fresh = await createTestDatabase();
    try {
      await insertOrganization(
        fresh.sql,
        organizationRow({
          kind: 'cooperative',
          name: 'HTX trùng mã',
          registrationCode: DEMO_COOPERATIVE_CODES.htxCheCaoBo!,
          province: DEMO_PROVINCE,
        }),
      );
      await expect(seedDemo(fresh.sql, { clock: () => NOW })).rejects.toBeInstanceOf(DemoDataConflictError);
      expect(await demoDataPresent(fresh.sql)).toBe(false);
      const [orgs] = await fresh.sql<{ n: number }[]>`select count(*)::int as n from organizations`;
      expect(orgs!.n).toBe(1);
      await fresh.sql`delete from organizations`;

      const counts = await seedDemo(fresh.sql, { clock: () => new Date('2024-01-01T00:00:00Z') });
      expect(counts.ratings).toBeLessThan(summary.ratings);
      const [late] = await fresh.sql<
        { n: number }[]
      >`select count(*)::int as n from ocop_ratings where decision_date > '2024-01-01'`;
      expect(late!.n).toBe(0);
      expect(await demoDataPresent(fresh.sql)).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});
