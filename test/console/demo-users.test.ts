import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type DemoCounts } from '../../src/demo/seed';
import { DEMO_PASSWORD, DEMO_USERS } from '../../src/demo/users';
import { createTestContext, type TestContext } from '../support/app';

let t: TestContext;
let counts: DemoCounts;

beforeAll(async () => {
  t = await createTestContext();
  counts = await seedDemo(t.db.sql, { clock: () => t.clock.now, passwords: t.passwords });
});
afterAll(async () => {
  await t?.close();
});

describe('demo console users', () => {
  it('seeds an admin, a staff officer and an operator per demo cooperative, audited by the seed', async () => {
    expect(counts.users).toBe(DEMO_USERS.length);
    const rows = await t.db.sql<{ username: string; role: string; org: string | null }[]>`
      select u.username, u.role, o.name as org from users u left join organizations o on o.id = u.organization_id order by u.seq`;
    expect(rows.slice(0, 2)).toEqual([
      { username: 'admin', role: 'admin', org: null },
      { username: 'canbo', role: 'staff', org: null },
    ]);
    expect(rows.find((r) => r.username === 'htx.checaobo')).toEqual({
      username: 'htx.checaobo',
      role: 'cooperative',
      org: 'HTX Chè Shan tuyết Cao Bồ',
    });
    expect(rows.filter((r) => r.role === 'cooperative').length).toBeGreaterThanOrEqual(2);
    const [audit] = await t.db.sql<
      { n: number }[]
    >`select count(*)::int as n from audit_log where entity = 'user' and actor = 'system:seed:demo'`;
    expect(audit!.n).toBe(DEMO_USERS.length);
  });

  it('lets each documented demo user sign in with the demo password', async () => {
    const coop = await t.signIn('htx.checaobo', DEMO_PASSWORD);
    expect(await coop.html('/console')).toContain('HTX Chè Shan tuyết Cao Bồ');
    const admin = await t.signIn('admin', DEMO_PASSWORD);
    const users = await admin.html('/console/users');
    for (const u of DEMO_USERS) expect(users).toContain(`>${u.username}</a>`);
    await t.signIn('canbo', DEMO_PASSWORD);
  });
});
