// On Workers the cron trigger calls the Worker's `scheduled` handler: it runs the checks over all
// data for the trigger's slot, once however often the trigger fires, and not at all when
// CHECKS_SCHEDULE is "off".
import { afterAll, beforeAll, expect, it } from 'vitest';
import worker from '../../src/entry/worker';
import type { TestContext } from '../support/app';
import { demoContext } from '../console/staff-support';

let t: TestContext;
const env = (extra: Record<string, string> = {}) => ({
  HYPERDRIVE: { connectionString: t.db.url },
  PUBLIC_BASE_URL: 'https://trace.example.vn',
  LOG_LEVEL: 'silent',
  ...extra,
});
const runs = async () =>
  t.db.sql<{ actor: string; slot: string }[]>`
    select actor, after->>'slot' as slot from audit_log where action = 'link_check_run' order by id`;

beforeAll(async () => {
  t = await demoContext();
});
afterAll(() => t?.close());

it('skips the run when CHECKS_SCHEDULE is off', async () => {
  await worker.scheduled(
    { scheduledTime: Date.parse('2026-11-28T19:00:00Z'), cron: '0 19 * * *' },
    env({ CHECKS_SCHEDULE: 'off' }),
  );
  expect(await runs()).toEqual([]);
});

it('runs the checks for the trigger’s slot once, however often the trigger fires', async () => {
  const controller = { scheduledTime: Date.parse('2026-11-28T19:00:00Z'), cron: '0 19 * * *' };
  await worker.scheduled(controller, env());
  await worker.scheduled(controller, env());
  expect(await runs()).toEqual([{ actor: 'system:schedule', slot: '2026-11-28T19:00:00.000Z' }]);
  const [n] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from link_findings`;
  // the Worker's clock is the real one: how many the demo's dated problems give depends on the day
  expect(n!.n).toBeGreaterThan(0);
});
