// The cooperative pages on the demo province, for every demo operator: each page answers, stays
// under 60 KB of HTML and CSS, and shows only that cooperative's records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/users';
import { createTestContext, type TestContext } from '../support/app';

let t: TestContext;
const MAX_PAGE = 60 * 1024;

beforeAll(async () => {
  t = await createTestContext();
  await seedDemo(t.db.sql, { clock: () => t.clock.now, passwords: t.passwords });
});
afterAll(async () => {
  await t?.close();
});

describe('the cooperative pages on the demo data', () => {
  it("answers every list page and the detail pages of each operator's records within the size budget", async () => {
    const operators = DEMO_USERS.filter((u) => u.role === 'cooperative');
    for (const u of operators) {
      const b = await t.signIn(u.username, DEMO_PASSWORD);
      const [org] = await t.db.sql<
        { id: string }[]
      >`select organization_id as id from users where username = ${u.username}`;
      const own = async (table: 'raw_material_areas' | 'batches' | 'print_runs', col: string) =>
        (
          await t.db.sql<
            { id: string }[]
          >`select id from ${t.db.sql(table)} where ${t.db.sql(col)} = ${org!.id} order by seq desc limit 2`
        ).map((r) => r.id);
      const paths = [
        '/console',
        '/console/areas',
        '/console/areas/new',
        '/console/contracts/new',
        '/console/harvests',
        '/console/harvests/new',
        '/console/batches',
        '/console/batches/new',
        '/console/print-runs',
        '/console/print-runs/new',
      ];
      for (const id of await own('raw_material_areas', 'operator_id'))
        paths.push(`/console/areas/${id}`, `/console/areas/${id}/edit`);
      for (const id of await own('batches', 'cooperative_id')) paths.push(`/console/batches/${id}`);
      for (const id of await own('print_runs', 'cooperative_id')) paths.push(`/console/print-runs/${id}`);
      for (const path of paths) {
        const html = await b.html(path);
        expect(Buffer.byteLength(html), `${u.username} ${path}`).toBeLessThan(MAX_PAGE);
      }
    }
  });

  it('shows an operator its own areas and not those of the other demo cooperatives', async () => {
    const b = await t.signIn('htx.checaobo', DEMO_PASSWORD);
    const page = await b.html('/console/areas');
    const rows = await t.db.sql<{ code: string; mine: boolean }[]>`
      select a.code, (a.operator_id = u.organization_id or exists (select 1 from supply_contracts s where s.area_id = a.id and s.cooperative_id = u.organization_id)) as mine
      from raw_material_areas a, users u where u.username = 'htx.checaobo'`;
    expect(rows.some((r) => r.mine)).toBe(true);
    for (const r of rows) expect(page.includes(`>${r.code}</a>`), r.code).toBe(r.mine);
  });
});
