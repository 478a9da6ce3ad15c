// The programme report on the demo province for targets (3) and (4) and the pipeline beside (3):
// each figure equals a count written out here from the demo tables (src/demo/pipeline.ts), and
// each figure's drill-down lists exactly the records it counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';

const SEED_NOW = new Date('2026-11-28T03:00:00Z');

type Figure = {
  key: string;
  perYear: Record<string, number | null>;
  period: number;
  met: boolean;
  records?: string;
  basis?: { perYear: Record<string, { count: number; of: number }>; period: { count: number; of: number } };
};
type Report = { figures: Figure[]; pipeline: Record<string, unknown> & { perYear: Record<string, unknown> } };

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await seedDemo(t.db.sql, { clock: () => SEED_NOW, keyring: t.keyring, baseUrl: 'https://trace.example.vn' });
  t.clock.now = SEED_NOW;
}, 180_000);
afterAll(() => t?.close());

const report = async (q = '') =>
  (await json(t.call('GET', `/api/v1/report/programme${q}`, { key: t.keys.staff }), 200)) as Report;
const fig = (r: Report, key: string) => r.figures.find((f) => f.key === key)!;
const records = async (key: string, q: string) =>
  json(t.call('GET', `/api/v1/report/programme/records/${key}?${q}`, { key: t.keys.staff }), 200);

describe('target (4): OCOP products put on e-commerce platforms, per year and for the period', () => {
  it('counts the products with a listing live on some day of each year, and those first listed in the period', async () => {
    const e = fig(await report(), 'ecommerce_products');
    // 2022: chè cổ thụ, hồng trà, cam sành, gạo nếp (ended 2023), mật ong, miến dong
    // 2023: + phấn hoa, trà giảo cổ lam                                 (gạo nếp's listing ended 31 May 2023)
    // 2024: chè cổ thụ, hồng trà, cam sành, rượu ngô, mật ong, phấn hoa, miến dong, trà giảo cổ lam
    // 2025: the eight of 2024 + bạch trà, tinh dầu quế, quế thanh, khăn thổ cẩm (túi thổ cẩm went live in 2026)
    expect(e.perYear).toEqual({ 2022: 6, 2023: 8, 2024: 8, 2025: 12 });
    // first listed 2022–2025: hồng trà, miến dong (2022); phấn hoa, trà giảo cổ lam (2023); rượu ngô (2024);
    // bạch trà, tinh dầu quế, quế thanh, khăn thổ cẩm (2025). Chè cổ thụ, cam sành, gạo nếp, mật ong were
    // listed before 2022; túi thổ cẩm in 2026.
    expect(e.period).toBe(9);
    expect(e.met).toBe(false);
    expect(e.records).toBe('/api/v1/report/programme/records/ecommerce_products?from=2022&to=2025');
  });

  it("lists exactly the products behind each year's figure and the period's", async () => {
    const y2022 = await records('ecommerce_products', 'year=2022');
    expect(y2022.count).toBe(6);
    expect(y2022.items.map((i: { nameVi: string }) => i.nameVi).sort()).toEqual(
      [
        'Chè Shan tuyết cổ thụ Cao Bồ',
        'Hồng trà Shan tuyết Cao Bồ',
        'Cam sành Thượng Sơn',
        'Gạo nếp cái hoa vàng Thượng Sơn',
        'Mật ong hoa bạc hà Lũng Mây',
        'Miến dong Nà Sơn',
      ].sort(),
    );
    const period = await records('ecommerce_products', 'from=2022&to=2025');
    expect(period.count).toBe(9);
    for (const item of period.items as { firstListedOn: string }[]) {
      expect(item.firstListedOn >= '2022-01-01' && item.firstListedOn <= '2025-12-31').toBe(true);
    }
    // each year's list is as long as that year's figure
    const e = fig(await report(), 'ecommerce_products');
    for (const y of ['2023', '2024', '2025'])
      expect((await records('ecommerce_products', `year=${y}`)).count).toBe(e.perYear[y]);
  });
});

describe('target (3) and the pipeline beside it', () => {
  it('keeps target (3) as new products rated, with the pipeline of candidates per registration year beside it', async () => {
    const r = await report();
    expect(fig(r, 'new_products').perYear).toEqual({ 2022: 2, 2023: 0, 2024: 3, 2025: 3 });
    const p = r.pipeline as {
      beside: string;
      targetPerYear: number;
      stallMonths: number;
      stalledBefore: string;
      perYear: Record<string, { registered: number; atStage: Record<string, number>; rated: number; stalled: number }>;
      period: { registered: number; atStage: Record<string, number>; rated: number; stalled: number };
    };
    expect(p.beside).toBe('new_products');
    expect(p.targetPerYear).toBe(10);
    expect(p.stallMonths).toBe(6);
    expect(p.stalledBefore).toBe('2026-05-28');
    const stages = (o: Partial<Record<string, number>>) => ({
      notStarted: 0,
      idea: 0,
      plan: 0,
      carrying_out: 0,
      dossier: 0,
      rating: 0,
      promotion: 0,
      ...o,
    });
    // 2022: hồng trà and trà giảo cổ lam promoted; măng khô stalled at its plan; bánh đa stalled at its dossier
    expect(p.perYear['2022']).toEqual({
      registered: 4,
      atStage: stages({ plan: 1, dossier: 1, promotion: 2 }),
      rated: 2,
      stalled: 2,
    });
    // 2023: tinh dầu quế promoted; rượu táo mèo stalled at the idea; sáp ong stalled at its dossier
    expect(p.perYear['2023']).toEqual({
      registered: 3,
      atStage: stages({ idea: 1, dossier: 1, promotion: 1 }),
      rated: 1,
      stalled: 2,
    });
    // 2024: rượu ngô rated in July 2024 and no further since (stalled); khăn promoted; chè vàng carrying out (July 2026)
    expect(p.perYear['2024']).toEqual({
      registered: 3,
      atStage: stages({ carrying_out: 1, rating: 1, promotion: 1 }),
      rated: 2,
      stalled: 1,
    });
    // 2025: bạch trà, quế thanh, túi promoted; mứt cam and nước cốt at their dossier (2026); miến dong nếp stalled
    // at the idea; gà đồi registered without a stage yet
    expect(p.perYear['2025']).toEqual({
      registered: 7,
      atStage: stages({ notStarted: 1, idea: 1, dossier: 2, promotion: 3 }),
      rated: 3,
      stalled: 1,
    });
    expect(p.period).toEqual({
      registered: 17,
      atStage: stages({ notStarted: 1, idea: 2, plan: 1, carrying_out: 1, dossier: 4, rating: 1, promotion: 7 }),
      rated: 8,
      stalled: 6,
    });
  });

  it('lists the candidates behind the pipeline, the stalled ones marked', async () => {
    const all = await records('ocop_candidates', 'from=2022&to=2025');
    expect(all.count).toBe(17);
    const stalled = (all.items as { productName: string; stalled: boolean }[]).filter((c) => c.stalled);
    expect(stalled.map((c) => c.productName).sort()).toEqual(
      [
        'Măng khô Lũng Mây',
        'Bánh đa dong riềng Nà Sơn',
        'Rượu táo mèo Bản Khoan',
        'Sáp ong Bắc Hà',
        'Rượu ngô men lá Thượng Sơn',
        'Miến dong nếp Nà Sơn',
      ].sort(),
    );
    const y2024 = await records('ocop_candidates', 'year=2024');
    expect(y2024.items.map((c: { productName: string }) => c.productName)).toEqual([
      'Rượu ngô men lá Thượng Sơn',
      'Khăn choàng thổ cẩm Lãnh',
      'Chè vàng Cao Bồ',
    ]);
  });
});

describe('every figure has a drill-down as long as the figure', () => {
  it('answers, for each figure of 2022–2025, records whose number is the figure, each year and the period', async () => {
    const r = await report('?from=2022&to=2026');
    for (const f of r.figures) {
      if (!f.records) continue;
      // A share (targets 1 and 2) lists what is missing from it: as many records as its basis lacks.
      const expected = (v: number, basis?: { count: number; of: number }) => (basis ? basis.of - basis.count : v);
      const period = await json(t.call('GET', f.records, { key: t.keys.staff }), 200);
      expect(period.count, f.key).toBe(expected(f.period, f.basis?.period));
      for (const [y, v] of Object.entries(f.perYear)) {
        if (v === null) continue;
        const one = await records(f.key, `year=${y}`);
        expect(one.count, `${f.key} ${y}`).toBe(expected(v as number, f.basis?.perYear[y]));
      }
    }
    const keys = r.figures.filter((f) => f.records).map((f) => f.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'new_products',
        'rated_3star',
        'maintained_or_upgraded',
        'ecommerce_products',
        'stable_chain_products',
        'working_models',
      ]),
    );
  });

  it("gives each figure's records address in the report's CSV too", async () => {
    const res = await t.call('GET', '/api/v1/report/programme?format=csv', { key: t.keys.staff });
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').at(-1)).toBe('records');
    const ecommerce = lines.find((l) => l.startsWith('ecommerce_products,'))!;
    expect(ecommerce.endsWith(',/api/v1/report/programme/records/ecommerce_products?from=2022&to=2025')).toBe(true);
  });

  it('answers CSV with one row per record', async () => {
    const res = await t.call('GET', '/api/v1/report/programme/records/new_products?year=2024&format=csv', {
      key: t.keys.staff,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'productId,gtin,nameVi,nameEn,ownerId,ownerName,stars,decisionNumber,decisionDate,previousStars',
    );
    expect(lines).toHaveLength(1 + 3);
  });

  it('refuses an unknown figure (404), a cooperative key (403) and bad years (400)', async () => {
    expect((await t.call('GET', '/api/v1/report/programme/records/nothing', { key: t.keys.staff })).status).toBe(404);
    expect((await t.call('GET', '/api/v1/report/programme/records/__proto__', { key: t.keys.staff })).status).toBe(404);
    const coop = await t.cooperative();
    expect((await t.call('GET', '/api/v1/report/programme/records/new_products', { key: coop.key })).status).toBe(403);
    for (const q of ['year=22', 'year=2024&from=2022', 'from=2025&to=2022', 'format=xml']) {
      const res = await t.call('GET', `/api/v1/report/programme/records/new_products?${q}`, { key: t.keys.staff });
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.code).toBe('VALIDATION_FAILED');
    }
  });
});
