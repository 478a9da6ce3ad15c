// The link checks run by themselves: the cron expression, a scheduler driven by a fake clock and
// timer that runs the real checks on the real test database at each slot (once per slot with two
// schedulers on one database, never overlapping a run in progress, stopped cleanly), and the
// staff pages that say when and how the checks last ran.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checksSchedule, parseCron, startCheckScheduler, type Timer } from '../../src/checks/schedule';
import { runScheduledChecks } from '../../src/checks/record';
import { checkSettings } from '../../src/checks/run';
import { parseConfig } from '../../src/config';
import type { TestContext } from '../support/app';
import { DEMO_PASSWORD, demoContext } from '../console/staff-support';

/** A clock and a timer that move only when the test says so. */
function fakeTime(start: string) {
  let now = new Date(start);
  let seq = 0;
  const pending = new Map<number, { at: number; fire: () => void }>();
  const timer: Timer = {
    set(fire, ms) {
      pending.set(++seq, { at: now.getTime() + ms, fire });
      return seq;
    },
    clear(h) {
      pending.delete(h as number);
    },
  };
  return {
    clock: () => now,
    timer,
    pending: () => pending.size,
    /** Moves the clock and fires every timer that fell due (and those they set that are due). */
    advanceTo(iso: string) {
      now = new Date(iso);
      for (;;) {
        const due = [...pending].find(([, p]) => p.at <= now.getTime());
        if (!due) return;
        pending.delete(due[0]);
        due[1].fire();
      }
    },
  };
}

const silent = { info: () => {}, error: () => {} };

describe('the schedule', () => {
  it('reads five-field cron expressions in UTC', () => {
    const nightly = parseCron('0 19 * * *');
    expect(nightly.next(new Date('2026-11-29T10:00:00Z')).toISOString()).toBe('2026-11-29T19:00:00.000Z');
    expect(nightly.next(new Date('2026-11-29T19:00:00Z')).toISOString()).toBe('2026-11-30T19:00:00.000Z');
    expect(parseCron('*/15 * * * *').next(new Date('2026-11-29T10:07:30Z')).toISOString()).toBe(
      '2026-11-29T10:15:00.000Z',
    );
    // weekdays only: after Saturday comes Monday
    expect(parseCron('30 2 * * 1-5').next(new Date('2026-11-28T12:00:00Z')).toISOString()).toBe(
      '2026-11-30T02:30:00.000Z',
    );
    expect(parseCron('0 0 29 2 *').next(new Date('2026-03-01T00:00:00Z')).toISOString()).toBe(
      '2028-02-29T00:00:00.000Z',
    );
    expect(parseCron('0 3 * * 7').next(new Date('2026-11-29T04:00:00Z')).toISOString()).toBe(
      '2026-12-06T03:00:00.000Z',
    );
    for (const bad of ['61 * * * *', '* * *', 'a b c d e', '0 19 31 2 *', '5-1 * * * *']) {
      expect(() => parseCron(bad), bad).toThrow();
    }
    expect(checksSchedule('off')).toBeNull();
    expect(checksSchedule(' OFF ')).toBeNull();
  });

  it('is nightly at 02:00 Vietnam time unless configured, and refuses what is not a schedule', () => {
    expect(parseConfig({}).CHECKS_SCHEDULE).toBe('0 19 * * *');
    expect(parseConfig({ CHECKS_SCHEDULE: 'off' }).CHECKS_SCHEDULE).toBe('off');
    expect(() => parseConfig({ CHECKS_SCHEDULE: 'every night' })).toThrow(/CHECKS_SCHEDULE/);
  });
});

describe('the scheduler on the demo province', () => {
  let t: TestContext;
  const runs = async () =>
    t.db.sql<{ actor: string; slot: string | null; found: number }[]>`
      select actor, after->>'slot' as slot, (after->>'found')::int as found from audit_log
       where action = 'link_check_run' order by id`;

  beforeAll(async () => {
    t = await demoContext();
  });
  afterAll(() => t?.close());

  it('says on the staff pages that the checks have not run yet, before the first slot', async () => {
    const staff = await t.signIn('canbo', DEMO_PASSWORD);
    const home = await staff.html('/console');
    expect(home).toContain('Kiểm tra liên kết chưa chạy lần nào');
    expect(home).not.toContain('Không có bất thường nào cần xử lý');
  });

  it('runs the real checks at the slot, once, and waits for the next night', async () => {
    const time = fakeTime('2026-11-28T18:30:00Z');
    const settings = checkSettings(t.config);
    const s = startCheckScheduler({
      cron: parseCron('0 19 * * *'),
      clock: time.clock,
      timer: time.timer,
      log: silent,
      run: (slot) => runScheduledChecks(t.db.sql, settings, slot, time.clock),
    });
    expect(s.nextSlot?.toISOString()).toBe('2026-11-28T19:00:00.000Z');
    time.advanceTo('2026-11-28T18:59:59Z');
    expect(s.running).toBeNull();
    expect(await runs()).toEqual([]);

    time.advanceTo('2026-11-28T19:00:00Z');
    expect(s.running).not.toBeNull();
    await s.running;
    expect(await runs()).toEqual([{ actor: 'system:schedule', slot: '2026-11-28T19:00:00.000Z', found: 17 }]);
    const [n] = await t.db.sql<{ n: number }[]>`select count(*)::int as n from link_findings`;
    expect(n!.n).toBe(17);
    expect(s.nextSlot?.toISOString()).toBe('2026-11-29T19:00:00.000Z');
    expect(time.pending()).toBe(1);

    // the staff pages say when and that the schedule ran them
    const staff = await t.signIn('canbo', DEMO_PASSWORD);
    for (const path of ['/console', '/console/findings']) {
      const html = await staff.html(path);
      expect(html).toContain('Kiểm tra liên kết chạy lần gần nhất lúc 02:00 29/11/2026, theo lịch.');
      expect(html).not.toContain('chưa chạy lần nào');
    }
    expect(await staff.html('/console/findings?lang=en')).toContain(
      'The link checks last ran at 29 Nov 2026, 02:00, on schedule.',
    );
    await s.stop();
    expect(time.pending()).toBe(0);
  });

  it('runs a slot once with two schedulers (two servers) on one database', async () => {
    const settings = checkSettings(t.config);
    const times = [fakeTime('2026-11-29T18:00:00Z'), fakeTime('2026-11-29T18:00:00Z')];
    const results: unknown[] = [];
    const schedulers = times.map((time) =>
      startCheckScheduler({
        cron: parseCron('0 19 * * *'),
        clock: time.clock,
        timer: time.timer,
        log: silent,
        run: async (slot) => results.push(await runScheduledChecks(t.db.sql, settings, slot, time.clock)),
      }),
    );
    for (const time of times) time.advanceTo('2026-11-29T19:00:00Z');
    await Promise.all(schedulers.map((s) => s.running));
    const slotRuns = (await runs()).filter((r) => r.slot === '2026-11-29T19:00:00.000Z');
    expect(slotRuns).toHaveLength(1);
    // one server ran it, the other found it done
    expect(results.filter((r) => r === null)).toHaveLength(1);
    await Promise.all(schedulers.map((s) => s.stop()));
  });

  it('never starts a run while one is in progress, skips the slots it missed, and stop() waits for the run', async () => {
    const time = fakeTime('2026-11-30T00:00:00Z');
    let release!: () => void;
    const started: string[] = [];
    const s = startCheckScheduler({
      cron: parseCron('*/10 * * * *'),
      clock: time.clock,
      timer: time.timer,
      log: silent,
      run: async (slot) => {
        started.push(slot.toISOString());
        await new Promise<void>((r) => {
          release = r;
        });
      },
    });
    time.advanceTo('2026-11-30T00:10:00Z');
    expect(started).toEqual(['2026-11-30T00:10:00.000Z']);
    // the run lasts past three more slots: nothing else starts
    time.advanceTo('2026-11-30T00:45:00Z');
    expect(started).toHaveLength(1);
    expect(time.pending()).toBe(0);
    release();
    await s.running;
    expect(s.nextSlot?.toISOString()).toBe('2026-11-30T00:50:00.000Z');
    time.advanceTo('2026-11-30T00:50:00Z');
    expect(started).toEqual(['2026-11-30T00:10:00.000Z', '2026-11-30T00:50:00.000Z']);
    let stopped = false;
    const stopping = s.stop().then(() => {
      stopped = true;
    });
    await Promise.resolve();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(time.pending()).toBe(0);
    time.advanceTo('2026-11-30T01:00:00Z');
    expect(started).toHaveLength(2);
  });

  it('logs a failed run and goes on to the next slot', async () => {
    const time = fakeTime('2026-11-30T00:00:00Z');
    const errors: string[] = [];
    let calls = 0;
    const s = startCheckScheduler({
      cron: parseCron('0 * * * *'),
      clock: time.clock,
      timer: time.timer,
      log: { info: () => {}, error: (msg) => errors.push(msg) },
      run: async () => {
        calls++;
        throw new Error('database unreachable');
      },
    });
    time.advanceTo('2026-11-30T01:00:00Z');
    await s.running;
    expect(errors).toEqual(['scheduled link checks failed']);
    expect(s.nextSlot?.toISOString()).toBe('2026-11-30T02:00:00.000Z');
    time.advanceTo('2026-11-30T02:00:00Z');
    await s.running;
    expect(calls).toBe(2);
    await s.stop();
  });
});
