// The link checks in bounded memory: the rules' rows are read and the findings stored a chunk at
// a time, with the same findings whatever the chunk size; a run that fails midway leaves the
// previous findings exactly as they were; and runs never overlap (one asked for by hand while
// another is in progress is refused with 409 CHECK_RUN_IN_PROGRESS, the schedule's waits).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { seedDemo } from '../../src/demo/seed';
import { RULES } from '../../src/checks/rules';
import { type CheckRule, inChunks } from '../../src/checks/rule';
import { checkSettings, runLinkChecks } from '../../src/checks/run';
import { runScheduledChecks } from '../../src/checks/record';

let t: TestContext;
const NOW = new Date('2026-11-28T03:00:00Z');

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = NOW;
  await seedDemo(t.db.sql, { clock: () => NOW, keyring: t.keyring, baseUrl: 'https://trace.example.vn' });
});
afterAll(() => t.close());

/** Everything stored about the findings, in a stable order. */
const snapshot = () => t.db.sql`
  select rule, severity, subject_key, fingerprint, status, cooperative_id, objects, object_ids, facts, message_vi,
         message_en, note, first_found_at, last_found_at, cleared_at, reopened_count
    from link_findings order by rule, subject_key`;

const run = (opts: Parameters<typeof runLinkChecks>[4] = {}, now = NOW) =>
  t.db.sql.begin((tx) => runLinkChecks(tx, { kind: 'all' }, checkSettings(t.config), now, opts));

describe('the link checks in chunks', () => {
  it('finds and stores the same findings with a chunk of 1 row as with the default', async () => {
    const tiny = await run({ chunkSize: 1 });
    // some rule found more than one chunk's worth, so the chunks did matter
    expect(Math.max(...tiny.rules.map((r) => r.found))).toBeGreaterThan(1);
    expect(tiny.found).toBeGreaterThan(10);
    const inTiny = await snapshot();
    await t.db.sql`delete from link_findings`;
    const normal = await run();
    expect(await snapshot()).toEqual(inTiny);
    const counts = (s: typeof tiny) => ({ ...s, ms: 0, rules: s.rules.map((r) => ({ ...r, ms: 0 })) });
    expect(counts(normal)).toEqual(counts(tiny));
    expect(normal.new).toBe(normal.found);
  });

  it('leaves the previous findings as they were when a run fails midway', async () => {
    // a staff member resolves one, so that a run that went through would have changed something
    const [one] = await t.db.sql<{ id: string }[]>`select id from link_findings order by seq limit 1`;
    await json(
      t.call('POST', `/api/v1/findings/${one!.id}/resolve`, { key: t.keys.staff, body: { note: 'Đã kiểm tra' } }),
      200,
    );
    const before = await snapshot();
    let mapped = 0;
    // a real query that fails on its second chunk: row 4 divides by zero when it is fetched
    const failing: CheckRule = {
      code: 'TEST_FAILS_MIDWAY',
      severity: 'notice',
      title: { vi: 'Thử', en: 'Test' },
      find: (tx, ctx) =>
        inChunks(
          tx,
          ctx,
          tx<
            { n: number }[]
          >`select g as n, 1 / (case when g > 3 then 0 else 1 end) as x from generate_series(1, 10) g`,
          (r) => {
            mapped++;
            return {
              subjectKey: `test:${r.n}`,
              cooperativeId: null,
              objects: [],
              facts: { n: r.n },
              message: { vi: 'Thử', en: 'Test' },
            };
          },
        ),
    };
    // the real rules' findings are staged first (a later day, so that a run that went through
    // would refresh every finding), then the failing rule's first chunk, then the error
    await expect(run({ chunkSize: 3, rules: [...RULES, failing] }, new Date('2026-11-29T03:00:00Z'))).rejects.toThrow(
      /division by zero/,
    );
    expect(mapped).toBe(3);
    expect(await snapshot()).toEqual(before);
    // and a run with one rule only, failing after its first chunk, clears nothing
    mapped = 0;
    await expect(run({ chunkSize: 3, rules: [failing] })).rejects.toThrow(/division by zero/);
    expect(await snapshot()).toEqual(before);
  });
});

// PGlite serves one connection at a time, so two runs cannot be in progress together there.
describe.skipIf(!process.env.TEST_DATABASE_URL)('runs that would overlap', () => {
  it('refuses a run asked for by hand while another is in progress, and makes the schedule wait', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => {
      locked = r;
    });
    // a run in progress: its transaction holds the runs' lock until released
    const first = t.db.sql.begin(async (tx) => {
      const s = await runLinkChecks(tx, { kind: 'all' }, checkSettings(t.config), NOW);
      locked();
      await held;
      return s;
    });
    await isLocked;

    const refused = await json(t.call('POST', '/api/v1/checks/run', { key: t.keys.staff, body: {} }), 409);
    expect(refused.error.code).toBe('CHECK_RUN_IN_PROGRESS');
    expect(refused.error.message).toMatch(/in progress/);
    expect(typeof refused.error.requestId).toBe('string');
    // the console's "run the checks now" says so on the findings page
    const u = await t.user({ role: 'staff' });
    const staff = await t.signIn(u.username, u.password);
    await staff.html('/console/findings');
    const busy = await staff.post('/console/findings/run', {});
    expect(busy.status).toBe(303);
    expect(busy.headers.get('location')).toMatch(/busy=1/);
    expect(await (await staff.follow(busy)).text()).toMatch(/Một lượt kiểm tra khác đang chạy/);

    // the schedule's run waits for the lock instead (seen waiting in pg_stat_activity)
    let scheduledDone = false;
    const scheduled = runScheduledChecks(
      t.db.sql,
      checkSettings(t.config),
      new Date('2026-11-28T20:00:00Z'),
      () => NOW,
    ).then((s) => {
      scheduledDone = true;
      return s;
    });
    for (;;) {
      const [w] = await t.db.sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
         where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'`;
      if (w!.n > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(scheduledDone).toBe(false);

    release();
    expect((await first).found).toBeGreaterThan(0);
    expect((await scheduled)!.found).toBeGreaterThan(0);
    // once nothing runs, a run by hand goes through
    expect(
      (await json(t.call('POST', '/api/v1/checks/run', { key: t.keys.staff, body: {} }), 200)).found,
    ).toBeGreaterThan(0);
  });
});
