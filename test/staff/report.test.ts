// GET /api/v1/report/programme on the demo province: every figure is checked against a hand
// count from the seed tables (DEMO_PRODUCTS) or an independently written SQL count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PRODUCTS, seedDemo } from '../../src/demo/seed';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';

const SEED_NOW = new Date('2026-11-28T03:00:00Z');
const SEED_DAY = SEED_NOW.toISOString().slice(0, 10);

async function seeded(env: Record<string, string> = {}): Promise<TestContext> {
  const t = await createTestContext(env);
  await seedDemo(t.db.sql, { clock: () => SEED_NOW, keyring: t.keyring, baseUrl: 'https://trace.example.vn' });
  t.clock.now = SEED_NOW;
  return t;
}

type Figure = {
  key: string;
  label: { vi: string; en: string };
  rule: { vi: string; en: string };
  target: { min?: number; max?: number; value?: number; per: string; perYearValue?: number };
  perYear: Record<string, number | null>;
  period: number;
  metPerYear?: Record<string, boolean>;
  met: boolean;
};

const fig = (body: { figures: Figure[] }, key: string) => body.figures.find((f) => f.key === key)!;

// ---- hand counts from the seed tables ----

const ratings = DEMO_PRODUCTS.map((p) => ({
  key: p.key,
  listings: p.listings.length,
  ratings: p.ratings
    .filter((r) => r.decisionDate <= SEED_DAY)
    .slice()
    .sort((a, b) => a.decisionDate.localeCompare(b.decisionDate)),
}));
const yearOf = (d: string) => Number(d.slice(0, 4));

function handCounts(from: number, to: number) {
  const inRange = (y: number, a: number, b: number) => y >= a && y <= b;
  const count = (pred: (p: (typeof ratings)[number], a: number, b: number) => boolean, a: number, b: number) =>
    ratings.filter((p) => pred(p, a, b)).length;
  const isNew = (p: (typeof ratings)[number], a: number, b: number) =>
    p.ratings.length > 0 && inRange(yearOf(p.ratings[0]!.decisionDate), a, b);
  const is3 = (p: (typeof ratings)[number], a: number, b: number) =>
    p.ratings.some((r) => r.stars >= 3 && inRange(yearOf(r.decisionDate), a, b));
  const isKept = (p: (typeof ratings)[number], a: number, b: number) =>
    p.ratings.some((r, i) => i > 0 && r.stars >= p.ratings[i - 1]!.stars && inRange(yearOf(r.decisionDate), a, b));
  const per = (pred: typeof isNew) => {
    const o: Record<string, number> = {};
    for (let y = from; y <= to; y++) o[String(y)] = count(pred, y, y);
    return o;
  };
  return {
    newProducts: { perYear: per(isNew), period: count(isNew, from, to) },
    rated3: { perYear: per(is3), period: count(is3, from, to) },
    maintained: { perYear: per(isKept), period: count(isKept, from, to) },
  };
}

// ---- independent SQL counts (written differently from the store: EXISTS, age(), years one by one) ----

async function stableChainSql(t: TestContext, from: number, to: number, months: number) {
  const rows = await t.db.sql<{ n: number }[]>`
    select count(*)::int as n from products p
     where exists (
       select 1 from batches b, batch_inputs bi, harvest_lots h, raw_material_areas a
        where b.product_id = p.id and bi.batch_id = b.id and h.id = bi.harvest_lot_id and a.id = h.area_id
          and b.status in ('sealed', 'superseded')
          and extract(year from b.production_date) between ${from} and ${to}
          and (a.operator_id = b.cooperative_id or exists (
            select 1 from supply_contracts sc
             cross join lateral (select case when sc.ended_on < sc.ends_on then sc.ended_on else sc.ends_on end as last) d
             where sc.area_id = h.area_id and sc.cooperative_id = b.cooperative_id
               and sc.status in ('confirmed', 'ended')
               and h.harvested_on >= sc.starts_on and h.harvested_on <= d.last
               and extract(year from age(d.last + 1, sc.starts_on)) * 12 + extract(month from age(d.last + 1, sc.starts_on)) >= ${months})))`;
  return rows[0]!.n;
}

async function workingModelsSql(t: TestContext, from: number, to: number) {
  const rows = await t.db.sql<{ n: number }[]>`
    select count(*)::int as n from value_chain_models m
     where m.status = 'active' and exists (
       select 1 from batches b where b.model_id = m.id and b.status <> 'draft'
          and b.production_date >= make_date(${from}::int, 1, 1) and b.production_date < make_date(${to + 1}::int, 1, 1))`;
  return rows[0]!.n;
}

let t: TestContext;
beforeAll(async () => {
  t = await seeded();
}, 180_000);
afterAll(() => t?.close());

describe('GET /api/v1/report/programme (demo province)', () => {
  it('answers the 2022–2025 figures by default, each matching a hand count from the seed tables', async () => {
    const body = await json(t.call('GET', '/api/v1/report/programme', { key: t.keys.staff }), 200);
    expect(body.from).toBe(2022);
    expect(body.to).toBe(2025);
    expect(body.settings).toEqual({ stableContractMonths: 36 });
    expect(body.figures.map((f: Figure) => f.key)).toEqual([
      'new_products',
      'rated_3star',
      'maintained_or_upgraded',
      'ecommerce_products',
      'stable_chain_products',
      'working_models',
      'association_activity',
      'trained_people',
    ]);
    const hand = handCounts(2022, 2025);

    const n = fig(body, 'new_products');
    expect(n.perYear).toEqual(hand.newProducts.perYear);
    expect(n.period).toBe(hand.newProducts.period);
    // literal check of the hand count: 2022 hồng trà + giảo cổ lam; 2024 rượu ngô, tinh dầu quế, khăn; 2025 bạch trà, quế thanh, túi
    expect(n.perYear).toEqual({ 2022: 2, 2023: 0, 2024: 3, 2025: 3 });
    expect(n.target).toEqual({ value: 10, per: 'year' });
    expect(n.met).toBe(false);

    const r3 = fig(body, 'rated_3star');
    expect(r3.perYear).toEqual(hand.rated3.perYear);
    expect(r3.period).toBe(hand.rated3.period);
    expect(r3.period).toBe(11);
    expect(r3.target).toEqual({ value: 40, per: 'period' });
    expect(r3.met).toBe(false);

    const m = fig(body, 'maintained_or_upgraded');
    expect(m.perYear).toEqual(hand.maintained.perYear);
    expect(m.perYear).toEqual({ 2022: 0, 2023: 0, 2024: 4, 2025: 1 });
    expect(m.period).toBe(hand.maintained.period);
    expect(m.target).toEqual({ min: 10, max: 20, per: 'year' });
    expect(m.met).toBe(false);

    // dated listings: counted per year and for the period (test/programme/report-seven.test.ts)
    const e = fig(body, 'ecommerce_products');
    expect(e.perYear).toEqual({ 2022: 6, 2023: 8, 2024: 8, 2025: 12 });
    expect(e.period).toBe(9);
    expect(e.target).toEqual({ value: 200, per: 'period' });

    // the demo batches are all produced in 2026: nothing in 2022–2025
    const s = fig(body, 'stable_chain_products');
    expect(s.period).toBe(await stableChainSql(t, 2022, 2025, 36));
    expect(s.period).toBe(0);
    expect(s.rule.en).toContain('lasting 36 months or more');
    expect(s.rule.en).toContain("operated by the batch's cooperative itself");
    expect(s.target).toEqual({ min: 20, max: 30, per: 'period' });

    const w = fig(body, 'working_models');
    expect(w.period).toBe(0);
    expect(w.target).toEqual({ value: 4, per: 'period', perYearValue: 1 });
    expect(w.met).toBe(false);

    for (const f of body.figures as Figure[]) {
      expect(f.label.vi.length).toBeGreaterThan(0);
      expect(f.label.en.length).toBeGreaterThan(0);
      expect(f.rule.vi.length).toBeGreaterThan(20);
      expect(f.rule.en.length).toBeGreaterThan(20);
    }
  });

  it('counts batch-based figures in 2026 against independent SQL', async () => {
    const body = await json(t.call('GET', '/api/v1/report/programme?from=2022&to=2026', { key: t.keys.admin }), 200);
    const s = fig(body, 'stable_chain_products');
    expect(s.perYear['2026']).toBe(await stableChainSql(t, 2026, 2026, 36));
    expect(s.period).toBe(await stableChainSql(t, 2022, 2026, 36));
    expect(s.period).toBeGreaterThan(0);
    const w = fig(body, 'working_models');
    expect(w.perYear['2026']).toBe(await workingModelsSql(t, 2026, 2026));
    expect(w.period).toBe(await workingModelsSql(t, 2022, 2026));
    expect(w.period).toBe(4); // the four demo models are active and produced sealed batches in 2026
    expect(w.metPerYear!['2026']).toBe(true);
    expect(w.metPerYear!['2025']).toBe(false);
    expect(w.met).toBe(false); // 2022–2025 had none
    const only2026 = await json(
      t.call('GET', '/api/v1/report/programme?from=2026&to=2026', { key: t.keys.admin }),
      200,
    );
    expect(fig(only2026, 'working_models').met).toBe(true);
    // rating figures: still the hand count
    const hand = handCounts(2022, 2026);
    expect(fig(body, 'new_products').perYear).toEqual(hand.newProducts.perYear);
    expect(fig(body, 'rated_3star').period).toBe(hand.rated3.period);
  });

  it('a model that is no longer active does not count as working', async () => {
    const [m] = await t.db.sql<{ id: string }[]>`select id from value_chain_models order by seq limit 1`;
    await t.db.sql`update value_chain_models set status = 'suspended' where id = ${m!.id}`;
    try {
      const body = await json(t.call('GET', '/api/v1/report/programme?from=2026&to=2026', { key: t.keys.staff }), 200);
      expect(fig(body, 'working_models').period).toBe(3);
      expect(fig(body, 'working_models').period).toBe(await workingModelsSql(t, 2026, 2026));
    } finally {
      await t.db.sql`update value_chain_models set status = 'active' where id = ${m!.id}`;
    }
  });

  it('answers CSV: one row per figure with per-year columns, period, target and met', async () => {
    const res = await t.call('GET', '/api/v1/report/programme?from=2022&to=2025&format=csv', { key: t.keys.staff });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('bao-cao-de-an-ocop-2022-2025.csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 BOM
    const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    expect(lines).toHaveLength(9);
    expect(lines[0]!.split(',').slice(0, 9)).toEqual([
      'key',
      'label_vi',
      'label_en',
      '2022',
      '2023',
      '2024',
      '2025',
      'period',
      'target',
    ]);
    expect(lines[1]).toMatch(
      /^new_products,Sản phẩm OCOP mới,New OCOP products,2,0,3,3,8,≥ 10 \/year,,,10,year,false,/,
    );
    expect(lines[4]).toMatch(/^ecommerce_products,[^,]+,[^,]+,6,8,8,12,9,/);
  });

  it('answers a printable HTML page without script', async () => {
    const res = await t.call('GET', '/api/v1/report/programme?format=html&lang=vi', { key: t.keys.staff });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Báo cáo tiến độ Đề án 2022–2025');
    expect(html).toContain('@media print');
    expect(html).toContain('<table');
    expect(html).not.toMatch(/<script/i);
    const en = await (
      await t.call('GET', '/api/v1/report/programme?format=html&lang=en', { key: t.keys.staff })
    ).text();
    expect(en).toContain('Programme progress report 2022–2025');
  });

  it('escapes database-free texts too: the rule with an apostrophe is escaped in HTML', async () => {
    const html = await (
      await t.call('GET', '/api/v1/report/programme?format=html&lang=en', { key: t.keys.staff })
    ).text();
    expect(html).toContain('batch&#39;s cooperative');
    expect(html).not.toContain("batch's cooperative");
  });

  it('refuses cooperative keys (403) and bad year ranges (400)', async () => {
    const coop = await t.cooperative();
    expect((await t.call('GET', '/api/v1/report/programme', { key: coop.key })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/report/programme')).status).toBe(401);
    for (const q of [
      'from=2025&to=2022',
      'from=22&to=2025',
      'from=2022&to=abcd',
      'from=1999',
      'from=2000&to=2100',
      'format=xml',
      'extra=1',
    ]) {
      const res = await t.call('GET', `/api/v1/report/programme?${q}`, { key: t.keys.staff });
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.code, q).toBe('VALIDATION_FAILED');
    }
  });
});

describe('targets and the stable-contract length are configuration', () => {
  let u: TestContext;
  beforeAll(async () => {
    u = await seeded({
      TARGET_NEW_PRODUCTS_PER_YEAR: '0',
      TARGET_RATED_3STAR_PERIOD: '11',
      TARGET_MAINTAINED_PER_YEAR_MIN: '0',
      TARGET_MAINTAINED_PER_YEAR_MAX: '5',
      TARGET_ECOMMERCE_PRODUCTS: '10',
      TARGET_STABLE_CHAIN_MIN: '1',
      TARGET_WORKING_MODELS: '4',
      TARGET_WORKING_MODELS_PER_YEAR: '0',
      STABLE_CONTRACT_MONTHS: '61',
    });
  }, 180_000);
  afterAll(() => u?.close());

  it('flips met with the configured targets and applies STABLE_CONTRACT_MONTHS', async () => {
    const body = await json(u.call('GET', '/api/v1/report/programme?from=2022&to=2026', { key: u.keys.staff }), 200);
    expect(body.settings.stableContractMonths).toBe(61);
    expect(fig(body, 'new_products').met).toBe(true);
    expect(fig(body, 'rated_3star').target.value).toBe(11);
    expect(fig(body, 'rated_3star').met).toBe(true);
    expect(fig(body, 'maintained_or_upgraded').target).toEqual({ min: 0, max: 5, per: 'year' });
    expect(fig(body, 'maintained_or_upgraded').met).toBe(true);
    expect(fig(body, 'ecommerce_products').met).toBe(true);
    expect(fig(body, 'working_models').met).toBe(true);
    const s = fig(body, 'stable_chain_products');
    expect(s.rule.en).toContain('lasting 61 months or more');
    expect(s.period).toBe(await stableChainSql(u, 2022, 2026, 61));
    // 60-month contracts (Thượng Sơn's 2025 contracts) no longer count: fewer products than at 36 months
    const at36 = fig(
      await json(t.call('GET', '/api/v1/report/programme?from=2022&to=2026', { key: t.keys.staff }), 200),
      'stable_chain_products',
    );
    expect(s.period).toBeLessThan(at36.period);
    expect(s.met).toBe(s.period >= 1);
  });
});
