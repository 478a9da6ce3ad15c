// The link checks' schedule: a cron expression (five fields, UTC, as Cloudflare's cron triggers
// read it) and a scheduler that runs the checks at each slot. The scheduler takes a clock and a
// timer so that tests drive it with fake time; it never starts a run while one is in progress,
// skips slots missed while a run lasted, and stop() waits for a run in progress. Whether another
// server already ran a slot is decided by the run itself (src/checks/record.ts, under the runs'
// lock), so several servers on one database run each slot once.

/** 19:00 UTC is 02:00 in Vietnam (UTC+7, no daylight saving). */
export const DEFAULT_CHECKS_SCHEDULE = '0 19 * * *';

export interface Cron {
  readonly expression: string;
  /** The first slot strictly after `after` (whole minutes, UTC). */
  next(after: Date): Date;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function parseField(text: string, f: (typeof FIELDS)[number]): { set: Set<number>; any: boolean } {
  const set = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`the ${f.name} field "${text}" is not a number, range, list or step`);
    const step = m[4] ? Number(m[4]) : 1;
    const from = m[1] === '*' ? f.min : Number(m[2]);
    const to = m[1] === '*' ? f.max : m[3] !== undefined ? Number(m[3]) : m[4] ? f.max : from;
    if (from < f.min || to > f.max || from > to || step < 1) {
      throw new Error(`the ${f.name} field "${text}" is outside ${f.min}–${f.max}`);
    }
    for (let v = from; v <= to; v += step) set.add(f.name === 'day of week' && v === 7 ? 0 : v);
  }
  return { set, any: text === '*' };
}

/** Parses "minute hour day-of-month month day-of-week" (UTC); throws an Error saying what is wrong. */
export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5)
    throw new Error('a cron expression has five fields: minute hour day-of-month month day-of-week');
  const [minute, hour, dom, month, dow] = parts.map((p, i) => parseField(p, FIELDS[i]!));
  const dayMatches = (d: Date) => {
    // As in cron: when both day fields are restricted, either may match.
    const byDom = dom!.set.has(d.getUTCDate());
    const byDow = dow!.set.has(d.getUTCDay());
    if (dom!.any) return byDow;
    if (dow!.any) return byDom;
    return byDom || byDow;
  };
  const cron: Cron = {
    expression: parts.join(' '),
    next(after) {
      const d = new Date(Math.floor(after.getTime() / 60_000) * 60_000 + 60_000);
      // Four years of days cover every month/day combination (29 February).
      for (let guard = 0; guard < 4 * 366 * 24 * 60; guard++) {
        if (!month!.set.has(d.getUTCMonth() + 1) || !dayMatches(d)) {
          d.setUTCHours(24, 0, 0, 0);
          continue;
        }
        if (!hour!.set.has(d.getUTCHours())) {
          d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
          continue;
        }
        if (!minute!.set.has(d.getUTCMinutes())) {
          d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
          continue;
        }
        return d;
      }
      throw new Error(`the cron expression "${expression}" never matches a day`);
    },
  };
  cron.next(new Date(Date.UTC(2000, 0, 1))); // throws for a day that never comes (31 February)
  return cron;
}

/** CHECKS_SCHEDULE: "off" or a cron expression; null when off. */
export function checksSchedule(value: string): Cron | null {
  return value.trim().toLowerCase() === 'off' ? null : parseCron(value);
}

/** A timer as setTimeout/clearTimeout provide it; tests pass a fake one. */
export interface Timer {
  set(fire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimer: Timer = {
  set: (fire, ms) => setTimeout(fire, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ScheduleLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface CheckScheduler {
  /** The slot the scheduler waits for (null once stopped). */
  readonly nextSlot: Date | null;
  /** The run in progress, if any (tests await it). */
  readonly running: Promise<void> | null;
  /** Stops waiting; resolves when a run in progress has ended. */
  stop(): Promise<void>;
}

/** Long waits are taken in steps, so a clock that jumps (suspend, NTP) is noticed within the hour. */
const MAX_WAIT_MS = 60 * 60 * 1000;

/**
 * Runs `run(slot)` at every slot of `cron`. A run's failure is logged, never thrown; the next
 * slot is the first one after the run ended, so runs never overlap.
 */
export function startCheckScheduler(opts: {
  cron: Cron;
  clock: () => Date;
  timer?: Timer;
  log: ScheduleLog;
  run: (slot: Date) => Promise<unknown>;
}): CheckScheduler {
  const timer = opts.timer ?? realTimer;
  let stopped = false;
  let handle: unknown = null;
  let next: Date | null = opts.cron.next(opts.clock());
  let running: Promise<void> | null = null;

  const arm = () => {
    if (stopped || !next) return;
    const wait = Math.max(0, Math.min(next.getTime() - opts.clock().getTime(), MAX_WAIT_MS));
    handle = timer.set(fire, wait);
  };
  const fire = () => {
    handle = null;
    if (stopped || !next) return;
    if (opts.clock().getTime() < next.getTime()) return arm();
    const slot = next;
    running = (async () => {
      try {
        await opts.run(slot);
      } catch (e) {
        opts.log.error('scheduled link checks failed', {
          slot: slot.toISOString(),
          error: e instanceof Error ? e.message : String(e),
        });
      }
    })().finally(() => {
      running = null;
      // Slots that passed while the run lasted are skipped: the next is after now.
      next = stopped ? null : opts.cron.next(opts.clock());
      arm();
    });
  };
  arm();
  return {
    get nextSlot() {
      return next;
    },
    get running() {
      return running;
    },
    async stop() {
      stopped = true;
      next = null;
      if (handle !== null) timer.clear(handle);
      handle = null;
      if (running) await running;
    },
  };
}
