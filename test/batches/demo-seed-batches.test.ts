import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, type Keyring } from '../../src/db/keyring';
import { seedDemo } from '../../src/demo/seed';
import { DEMO_DRAFT_LOT, DEMO_RECALLED_LOT, DEMO_SUPERSEDED_LOT } from '../../src/demo/batches';
import { verifyBatchRecord } from '../../src/sealing/verify';
import { demoStampUrls } from '../../src/demo/stamps';
import { DEMO_PLANTED } from '../../src/demo/problems';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await createTestDatabase();
  keyring = createKeyring(db.sql, {});
  await keyring.ensure();
  await seedDemo(db.sql, {
    clock: () => new Date('2026-11-28T03:00:00Z'),
    keyring,
    baseUrl: 'https://trace.example.vn',
  });
});
afterAll(async () => {
  await db?.close();
});

describe('demo batches', () => {
  it('has harvest lots on every demo area and batches of every demo product', async () => {
    const [areas] =
      await db.sql`select count(*)::int as n from raw_material_areas a where not exists (select 1 from harvest_lots h where h.area_id = a.id)`;
    expect(areas!.n).toBe(0);
    const [products] =
      await db.sql`select count(*)::int as n from products p where not exists (select 1 from batches b where b.product_id = p.id)`;
    expect(products!.n).toBe(0);
  });

  it('has mostly sealed batches, one draft, one superseded by a correction and one recalled', async () => {
    const rows = await db.sql<
      { status: string; n: number }[]
    >`select status, count(*)::int as n from batches group by status`;
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(by.draft).toBe(1);
    expect(by.superseded).toBe(1);
    expect(by.sealed).toBeGreaterThan(20);
    const [draft] = await db.sql`select status from batches where lot_code = ${DEMO_DRAFT_LOT}`;
    expect(draft!.status).toBe('draft');
    const versions =
      await db.sql`select version, status from batches where lot_code = ${DEMO_SUPERSEDED_LOT} order by version`;
    expect(versions.map((v) => v.status)).toEqual(['superseded', 'sealed']);
    const [recalled] =
      await db.sql`select count(*)::int as n from batch_recalls r join batches b on b.id = r.batch_id where b.lot_code = ${DEMO_RECALLED_LOT} and r.lifted_at is null`;
    expect(recalled!.n).toBe(1);
  });

  it('only draws from areas the cooperative operates or holds a confirmed contract for on the harvest date, but for the planted cases', async () => {
    const bad = await db.sql`
      select b.lot_code from batch_inputs i
        join batches b on b.id = i.batch_id join harvest_lots h on h.id = i.harvest_lot_id join raw_material_areas a on a.id = h.area_id
      where a.operator_id <> b.cooperative_id
        and not exists (select 1 from supply_contracts s where s.area_id = a.id and s.cooperative_id = b.cooperative_id
                        and s.status = 'confirmed' and h.harvested_on between s.starts_on and s.ends_on)
      order by b.lot_code`;
    expect(bad.map((r) => r.lotCode)).toEqual([DEMO_PLANTED.unlinkedLot, DEMO_PLANTED.unconfirmedLot]);
    const contracts = await db.sql<{ status: string; n: number }[]>`
      select status, count(*)::int as n from supply_contracts group by status order by status`;
    expect(contracts.map((r) => `${r.status} ${r.n}`)).toEqual(['confirmed 6', 'pending 1']);
  });

  it('signs every sealed record so that it verifies against the live data', async () => {
    const ids = await db.sql<{ id: string }[]>`select id from batches where status <> 'draft'`;
    for (const { id } of ids) {
      const v = await verifyBatchRecord(db.sql, keyring, id);
      expect(v?.status, id).toBe('valid');
    }
  });

  it('prints runs on every shipped template: most activated, one range voided, one run waiting', async () => {
    const runs = await db.sql<
      {
        template: string;
        lot: string;
        issued: number;
        active: number;
        void: number;
        stars: number | null;
        carries: boolean;
      }[]
    >`
      select r.template_id as template, r.lot_code as lot, r.ocop_stars as stars, b.carries_ocop as carries,
             count(*) filter (where s.state = 'issued')::int as issued,
             count(*) filter (where s.state = 'active')::int as active,
             count(*) filter (where s.state = 'void')::int as void
      from print_runs r join stamps s on s.print_run_id = r.id join batches b on b.id = r.batch_id
      group by r.id, b.carries_ocop order by r.seq`;
    expect(new Set(runs.map((r) => r.template))).toEqual(new Set(['a4-3x8', 'a4-5x13', 'roll-50x30', 'round-30']));
    expect(runs.filter((r) => r.issued > 0 && r.active === 0)).toHaveLength(1);
    expect(runs.filter((r) => r.void > 0)).toHaveLength(1);
    expect(runs.filter((r) => r.active > 0).length).toBeGreaterThanOrEqual(7);
    // stars exactly where the signed record carries a valid rating, but for the planted run
    // printed from old stock with the lapsed mark
    for (const r of runs.filter((x) => x.lot !== DEMO_PLANTED.lapsedStarsLot)) expect(r.stars !== null).toBe(r.carries);
    expect(runs.filter((x) => x.lot === DEMO_PLANTED.lapsedStarsLot && x.stars !== null && !x.carries)).toHaveLength(1);
    expect(runs.some((r) => r.stars !== null)).toBe(true);
  });

  it('offers a demo stamp URL for each state', async () => {
    const urls = await demoStampUrls(db.sql);
    expect(urls.map((u) => u.label)).toEqual([
      'genuine, active',
      'scanned too often',
      'not yet activated',
      'void (cancelled)',
      'recalled batch',
      'unknown serial',
      'mistyped serial',
      'on another product',
    ]);
    for (const u of urls)
      expect(u.url).toMatch(/^https:\/\/trace\.example\.vn\/01\/\d{14}\/10\/[A-Z0-9-]+\/21\/[2-9A-HJKMNP-Z]{14}$/);
  });
});
