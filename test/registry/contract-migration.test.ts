// Migration 00008 on a database that already holds contracts: what an administrator or the
// system recorded stands (confirmed, as an administrator's contract is from now on); what a
// cooperative key recorded, or what no audit entry explains, is the buyer's word and waits.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyMigrations } from '../../src/db/migrations';
import { loadMigrations } from '../../src/entry/migration-files';
import { createTestDatabase, type TestDatabase } from '../support/db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase({ migrate: false });
});
afterAll(async () => {
  await db?.close();
});

it('confirms the contracts an administrator or the system recorded and leaves the buyers’ own pending', async () => {
  const all = loadMigrations();
  await applyMigrations(
    db.sql,
    all.filter((m) => m.name < '00008'),
  );
  const sql = db.sql;
  const [org] = await sql<{ id: string }[]>`
    insert into organizations (kind, name, province) values ('cooperative', 'HTX Cũ', 'Tỉnh Sơn Lâm') returning id`;
  const [buyer] = await sql<{ id: string }[]>`
    insert into organizations (kind, name, province) values ('cooperative', 'HTX Mua', 'Tỉnh Sơn Lâm') returning id`;
  const [area] = await sql<{ id: string }[]>`
    insert into raw_material_areas (code, name, operator_id, province, location, area_ha)
    values ('VNL-OLD-1', 'Vùng cũ', ${org!.id}, 'Tỉnh Sơn Lâm', '{"type":"Point","coordinates":[105,21]}', 3)
    returning id`;
  const contract = async (number: string, actor: string | null) => {
    const [k] = await sql<{ id: string }[]>`
      insert into supply_contracts (area_id, cooperative_id, number, starts_on, ends_on, created_at)
      values (${area!.id}, ${buyer!.id}, ${number}, '2024-01-01', '2026-12-31', '2024-01-05T02:00:00Z') returning id`;
    if (actor)
      await sql`insert into audit_log (actor, action, entity, entity_id) values (${actor}, 'create', 'supply_contract', ${k!.id})`;
    return k!.id;
  };
  const byAdmin = await contract('HĐ-ADMIN', 'admin:Quản trị');
  const bySeed = await contract('HĐ-SEED', 'system:seed:demo');
  const byBuyer = await contract('HĐ-BUYER', 'cooperative:HTX Mua');
  const unexplained = await contract('HĐ-SQL', null);

  await applyMigrations(sql, all);
  const rows = await sql<
    { id: string; status: string; confirmedAt: Date | null; confirmedBy: { name: string } | null }[]
  >`
    select id, status, confirmed_at, confirmed_by from supply_contracts`;
  const by = new Map(rows.map((r) => [r.id, r]));
  expect(by.get(byAdmin)).toMatchObject({
    status: 'confirmed',
    confirmedAt: new Date('2024-01-05T02:00:00Z'),
    confirmedBy: { name: 'admin:Quản trị' },
  });
  expect(by.get(bySeed)!.status).toBe('confirmed');
  expect(by.get(byBuyer)).toMatchObject({ status: 'pending', confirmedAt: null });
  expect(by.get(unexplained)!.status).toBe('pending');
});
