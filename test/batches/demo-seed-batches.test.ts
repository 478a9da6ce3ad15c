import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, type Keyring } from '../../src/db/keyring';
import { seedDemo } from '../../src/db/demo-seed';
import { DEMO_DRAFT_LOT, DEMO_RECALLED_LOT, DEMO_SUPERSEDED_LOT } from '../../src/db/demo-seed-batches';
import { verifyBatchRecord } from '../../src/records/verify';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
let keyring: Keyring;
beforeAll(async () => {
  db = await createTestDatabase();
  keyring = createKeyring(db.sql, {});
  await keyring.ensure();
  await seedDemo(db.sql, { clock: () => new Date('2026-11-28T03:00:00Z'), keyring });
});
afterAll(async () => { await db?.close(); });

describe('demo batches', () => {
  it('has harvest lots on every demo area and batches of every demo product', async () => {
    const [areas] = await db.sql`select count(*)::int as n from raw_material_areas a where not exists (select 1 from harvest_lots h where h.area_id = a.id)`;
    expect(areas!.n).toBe(0);
    const [products] = await db.sql`select count(*)::int as n from products p where not exists (select 1 from batches b where b.product_id = p.id)`;
    expect(products!.n).toBe(0);
  });

  it('has mostly sealed batches, one draft, one superseded by a correction and one recalled', async () => {
    const rows = await db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from batches group by status`;
    const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    expect(by.draft).toBe(1);
    expect(by.superseded).toBe(1);
    expect(by.sealed).toBeGreaterThan(20);
    const [draft] = await db.sql`select status from batches where lot_code = ${DEMO_DRAFT_LOT}`;
    expect(draft!.status).toBe('draft');
    const versions = await db.sql`select version, status from batches where lot_code = ${DEMO_SUPERSEDED_LOT} order by version`;
    expect(versions.map((v) => v.status)).toEqual(['superseded', 'sealed']);
    const [recalled] = await db.sql`select count(*)::int as n from batch_recalls r join batches b on b.id = r.batch_id where b.lot_code = ${DEMO_RECALLED_LOT} and r.lifted_at is null`;
    expect(recalled!.n).toBe(1);
  });

  it('only draws from areas the cooperative operates or holds a contract for on the harvest date', async () => {
    const [bad] = await db.sql`
      select count(*)::int as n from batch_inputs i
        join batches b on b.id = i.batch_id join harvest_lots h on h.id = i.harvest_lot_id join raw_material_areas a on a.id = h.area_id
      where a.operator_id <> b.cooperative_id
        and not exists (select 1 from supply_contracts s where s.area_id = a.id and s.cooperative_id = b.cooperative_id
                        and h.harvested_on between s.starts_on and s.ends_on)`;
    expect(bad!.n).toBe(0);
  });

  it('signs every sealed record so that it verifies against the live data', async () => {
    const ids = await db.sql<{ id: string }[]>`select id from batches where status <> 'draft'`;
    for (const { id } of ids) {
      const v = await verifyBatchRecord(db.sql, keyring, id);
      expect(v?.status, id).toBe('valid');
    }
  });
});
