// A link-check run started in the background (POST /checks/runs, the console's "run the checks
// now") writes how far it has come by rule to the database, outside the run's own transaction,
// so that any connection sees it while the run goes on; it ends done with what changed by rule,
// or failed with its error and the findings as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/app';
import { json } from '../support/chain';
import { seedDemo } from '../../src/demo/seed';
import { RULES } from '../../src/checks/rules';
import { type CheckRule, inChunks } from '../../src/checks/rule';
import { checkSettings } from '../../src/checks/run';
import { progressWriter, recordRunStart, runRecordedChecks } from '../../src/checks/background';
import { getCheckRun, INTERRUPTED_RUN_ERROR, STALE_RUN_SECONDS } from '../../src/db/check-runs-store';
import { createLogger } from '../../src/log';

let t: TestContext;
const NOW = new Date('2026-11-28T03:00:00Z');
const STAFF = { keyId: null, name: 'test', role: 'system' } as const;

beforeAll(async () => {
  t = await createTestContext();
  t.clock.now = NOW;
  await seedDemo(t.db.sql, { clock: () => NOW, keyring: t.keyring, baseUrl: 'https://trace.example.vn' });
});
afterAll(() => t.close());

/** GET /checks/runs/{id} until the run has ended (a few polls; the demo's run takes well under a second). */
async function untilEnded(id: string) {
  for (let i = 0; ; i++) {
    const run = await json(t.call('GET', `/api/v1/checks/runs/${id}`, { key: t.keys.staff }), 200);
    if (run.status !== 'running') return run;
    if (i > 600) throw new Error('the run did not end');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a run of `rules` in the background, as POST /checks/runs does; its id and its end. */
async function startInBackground(rules: readonly CheckRule[]) {
  const id = await t.db.sql.begin((tx) => recordRunStart(tx, { kind: 'all' }, STAFF, rules));
  const ended = runRecordedChecks({
    sql: t.db.sql,
    id,
    scope: { kind: 'all' },
    settings: checkSettings(t.config),
    clock: () => NOW,
    log: createLogger('silent'),
    actor: STAFF,
    options: { rules },
  });
  return { id, ended };
}

/** A rule whose first chunk waits until the test opens the gate. */
function gatedRule(gate: Promise<void>, reached: () => void): CheckRule {
  return {
    code: 'TEST_GATED',
    severity: 'notice',
    title: { vi: 'Thử', en: 'Test' },
    async *find() {
      reached();
      await gate;
      yield [];
    },
  };
}

describe('a link-check run in the background', () => {
  it('answers at once with the run, then ends done with its counts by rule', async () => {
    const started = await json(t.call('POST', '/api/v1/checks/runs', { key: t.keys.staff, body: {} }), 202);
    expect(started).toEqual({ id: expect.any(String), status: 'running', href: `/api/v1/checks/runs/${started.id}` });
    const run = await untilEnded(started.id);
    expect(run.status).toBe('done');
    expect(run.rulesDone).toBe(RULES.length);
    expect(run.rulesTotal).toBe(RULES.length);
    expect(run.currentRule).toBeNull();
    expect(run.rules.map((r: { code: string }) => r.code)).toEqual(RULES.map((r) => r.code));
    expect(run.found).toBe(run.result.found);
    expect(run.result.found).toBeGreaterThan(10);
    // the first run over the demo: everything it found is new
    expect(run.result.new).toBe(run.result.found);
    for (const r of run.result.rules) expect(r.new).toBe(r.found);
    expect(run.finishedAt).not.toBeNull();
    expect(run.error).toBeNull();
    // audited as the person who started it, like POST /checks/run
    const [audit] = await t.db.sql<{ actor: string; after: { run: string } }[]>`
      select actor, after from audit_log where action = 'link_check_run' order by id desc limit 1`;
    expect(audit!.after.run).toBe(started.id);
    expect(audit!.actor).toBe('staff:test staff');
  });

  it('counts by rule what a second run reopened and cleared', async () => {
    const [one] = await t.db.sql<{ id: string; rule: string }[]>`
      select id, rule from link_findings where cleared_at is null order by seq limit 1`;
    await json(
      t.call('POST', `/api/v1/findings/${one!.id}/resolve`, { key: t.keys.staff, body: { note: 'Đã kiểm tra' } }),
      200,
    );
    // the finding's facts change, so the next run opens it again; another one is no longer found
    await t.db.sql`update link_findings set fingerprint = 'changed' where id = ${one!.id}`;
    const [gone] = await t.db.sql<{ rule: string }[]>`
      insert into link_findings (rule, severity, subject_key, fingerprint, objects, object_ids, facts, message_vi, message_en,
                                 first_found_at, last_found_at)
      values ('FAKE_REPORTED', 'critical', 'test:gone', 'x', '[]', '{}', '{}', 'Thử', 'Test', ${NOW}, ${NOW})
      returning rule`;
    const started = await json(t.call('POST', '/api/v1/checks/runs', { key: t.keys.staff, body: {} }), 202);
    const run = await untilEnded(started.id);
    expect(run.status).toBe('done');
    const byRule = new Map(run.result.rules.map((r: { code: string }) => [r.code, r]));
    expect(byRule.get(one!.rule)).toMatchObject({ reopened: 1, new: 0 });
    expect(byRule.get(gone!.rule)).toMatchObject({ cleared: 1 });
    expect(run.result.reopened).toBe(1);
    expect(run.result.cleared).toBe(1);
  });

  it('ends failed with its error in words, and leaves the findings as they were', async () => {
    const before = await t.db.sql`select id, status, last_found_at from link_findings order by id`;
    const failing: CheckRule = {
      code: 'TEST_FAILS',
      severity: 'notice',
      title: { vi: 'Thử', en: 'Test' },
      find: (tx, ctx) => inChunks(tx, ctx, tx`select 1 / 0 as x`, () => null),
    };
    const { id, ended } = await startInBackground([RULES[0]!, failing]);
    await ended;
    const run = await untilEnded(id);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/division by zero/);
    expect(run.result).toBeNull();
    expect(await t.db.sql`select id, status, last_found_at from link_findings order by id`).toEqual(before);
  });

  it('marks a run left running by a server that stopped as failed when the next one starts', async () => {
    const [left] = await t.db.sql<{ id: string }[]>`
      insert into link_check_runs (scope, actor, rules_total, started_at, updated_at)
      values ('{"kind":"all"}', 'staff:canbo', 14, now() - interval '1 hour',
              now() - make_interval(secs => ${STALE_RUN_SECONDS + 60}))
      returning id`;
    const started = await json(t.call('POST', '/api/v1/checks/runs', { key: t.keys.staff, body: {} }), 202);
    expect((await getCheckRun(t.db.sql, left!.id))!).toMatchObject({ status: 'failed', error: INTERRUPTED_RUN_ERROR });
    expect((await untilEnded(started.id)).status).toBe('done');
  });

  it('answers 404 for an unknown run and 403 to a cooperative key', async () => {
    const missing = await json(
      t.call('GET', '/api/v1/checks/runs/00000000-0000-4000-8000-000000000000', { key: t.keys.staff }),
      404,
    );
    expect(missing.error.code).toBe('NOT_FOUND');
    const { key } = await t.cooperative();
    expect((await t.call('POST', '/api/v1/checks/runs', { key, body: {} })).status).toBe(403);
    const [any] = await t.db.sql<{ id: string }[]>`select id from link_check_runs limit 1`;
    expect((await t.call('GET', `/api/v1/checks/runs/${any!.id}`, { key })).status).toBe(403);
  });
});

describe('progress writes', () => {
  it('keep only the latest progress while a write is on its way, and never hold up the run', async () => {
    const written: number[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => {
      release = r;
    });
    const w = progressWriter(
      async (p) => {
        written.push(p.rulesDone);
        if (written.length === 1) await slow;
      },
      () => {},
    );
    const p = (rulesDone: number) => ({ rulesDone, rulesTotal: 3, currentRule: null, found: 0, rules: [] });
    // reporting returns at once even though the first write does not end
    w.report(p(1));
    w.report(p(2));
    w.report(p(3));
    expect(written).toEqual([1]);
    release();
    await w.idle();
    expect(written).toEqual([1, 3]);
  });
});

// PGlite serves one transaction at a time: there, nobody can read while the run's transaction is
// open, and the progress writes wait for it (the run does not wait for them, as the tests above
// show by ending at all).
describe.skipIf(!process.env.TEST_DATABASE_URL)('progress seen from another connection', () => {
  it('shows the rules done, the current rule and the findings so far while the run is in progress', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    let reached!: () => void;
    const atGate = new Promise<void>((r) => {
      reached = r;
    });
    const first = RULES.find((r) => r.code === 'AREA_NOT_LINKED')!;
    const { id, ended } = await startInBackground([first, gatedRule(gate, reached), RULES[1]!]);
    await atGate;
    // the run's transaction is open (its findings are not stored yet), and its progress is visible
    let seen = await getCheckRun(t.db.sql, id);
    for (let i = 0; seen!.currentRule !== 'TEST_GATED' && i < 600; i++) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await getCheckRun(t.db.sql, id);
    }
    expect(seen).toMatchObject({ status: 'running', rulesDone: 1, rulesTotal: 3, currentRule: 'TEST_GATED' });
    expect(seen!.rules).toEqual([{ code: 'AREA_NOT_LINKED', found: expect.any(Number), ms: expect.any(Number) }]);
    expect(seen!.found).toBe(seen!.rules[0]!.found);
    expect(seen!.found).toBeGreaterThan(0);
    // as the API answers it, with the current rule's title
    const api = await json(t.call('GET', `/api/v1/checks/runs/${id}`, { key: t.keys.staff }), 200);
    expect(api).toMatchObject({ status: 'running', rulesDone: 1, currentRule: 'TEST_GATED' });

    // meanwhile another run is refused, from the API and from the background start alike
    const refused = await json(t.call('POST', '/api/v1/checks/runs', { key: t.keys.staff, body: {} }), 409);
    expect(refused.error.code).toBe('CHECK_RUN_IN_PROGRESS');
    expect(refused.error.details).toEqual({ runId: id });
    expect((await t.call('POST', '/api/v1/checks/run', { key: t.keys.staff, body: {} })).status).toBe(409);
    // the console's button takes staff to the run in progress
    const u = await t.user({ role: 'staff' });
    const staff = await t.signIn(u.username, u.password);
    await staff.html('/console/findings');
    const again = await staff.post('/console/findings/run', {});
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`/console/findings/runs/${id}`);
    expect(await staff.html(`/console/findings/runs/${id}`)).toContain('<meta http-equiv="refresh" content="2"/>');

    open();
    await ended;
    const done = await getCheckRun(t.db.sql, id);
    expect(done, done!.error ?? '').toMatchObject({ status: 'done', rulesDone: 3, currentRule: null });
    expect(done!.rules.map((r) => r.code)).toEqual(['AREA_NOT_LINKED', 'TEST_GATED', RULES[1]!.code]);
  });
});
