// The limits counted in PostgreSQL (src/http/rate-limit.ts sharedLimit over
// src/db/rate-limits-store.ts): a sliding window like the in-memory limiter's, one count for every
// instance, each instance's memory of refusals, and old windows deleted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSql, type Sql } from '../../src/db/client';
import { sharedLimit } from '../../src/http/rate-limit';
import { createTestDatabase, type TestDatabase } from '../support/db';

const HOUR = 3_600_000;
const MIN = 60_000;
/** A window boundary: 2025-06-15T08:00:00Z is a multiple of an hour. */
const T0 = Date.parse('2025-06-15T08:00:00Z');

let db: TestDatabase;
let other: Sql;
beforeAll(async () => {
  db = await createTestDatabase();
  other = createSql(db.url, { max: 2 });
});
afterAll(async () => {
  await other?.end({ timeout: 5 });
  await db?.close();
});

const clockAt = (c: { now: number }) => () => new Date(c.now);

describe('a limit counted in PostgreSQL', () => {
  it('slides: the previous window counts by how much of it still overlaps', async () => {
    const c = { now: T0 + 10 * MIN };
    const limit = sharedLimit('test_slide', 3, HOUR).on(db.sql, clockAt(c));
    for (let i = 0; i < 3; i++) expect(await limit.take('k')).toBeNull();
    // refused until the previous window weighs 2 (3 × (1 − 20/60)), at 80 minutes: 70 minutes from now
    expect(await limit.peek('k')).toBe(70 * 60);
    expect(await limit.take('k')).toBe(70 * 60);
    c.now = T0 + HOUR + 19 * MIN;
    expect(await limit.peek('k')).toBe(60);
    c.now = T0 + HOUR + 20 * MIN;
    expect(await limit.peek('k')).toBeNull();
    expect(await limit.take('k')).toBeNull();
    // 3 × 2/3 + 1 = 3: full again
    expect(await limit.take('k')).not.toBeNull();
    const [row] = await db.sql<{ n: number }[]>`
      select count::int as n from rate_limits where name = 'test_slide' and window_start = ${new Date(T0 + HOUR)}`;
    expect(row!.n).toBe(1); // refused takes count nothing
  });

  it('is one count for two instances; each learns of a refusal from its own first take', async () => {
    const c = { now: T0 + 5 * MIN };
    const onA = sharedLimit('test_two', 4, HOUR).on(db.sql, clockAt(c));
    const onB = sharedLimit('test_two', 4, HOUR).on(other, clockAt(c));
    expect(await onA.take('k')).toBeNull();
    expect(await onB.take('k')).toBeNull();
    expect(await onA.take('k')).toBeNull();
    expect(await onB.take('k')).toBeNull();
    // b took the fourth: b knows the next is refused, a does not yet (peek asks no database)
    expect(await onB.peek('k')).not.toBeNull();
    expect(await onA.peek('k')).toBeNull();
    // a's next take is refused by the shared count, and from then on a refuses without asking
    const wait = await onA.take('k');
    expect(wait).not.toBeNull();
    expect(await onA.peek('k')).toBe(wait);
    expect(await onA.peek('another key')).toBeNull();
  });

  it('counts exactly under concurrent takes from two pools', async () => {
    const c = { now: T0 + 7 * MIN };
    const instances = [
      sharedLimit('test_race', 10, HOUR).on(db.sql, clockAt(c)),
      sharedLimit('test_race', 10, HOUR).on(other, clockAt(c)),
    ];
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => instances[i % 2]!.take('k')));
    expect(answers.filter((a) => a === null)).toHaveLength(10);
    const [row] = await db.sql<{ n: number }[]>`select sum(count)::int as n from rate_limits where name = 'test_race'`;
    expect(row!.n).toBe(10);
  });

  it('deletes windows that no longer count, by the instance that takes next', async () => {
    const c = { now: T0 + 1 * MIN };
    const limit = sharedLimit('test_sweep', 100, HOUR).on(db.sql, clockAt(c));
    await limit.take('old');
    c.now = T0 + 3 * HOUR + 1 * MIN;
    await limit.take('new');
    const rows = await db.sql<{ key: string }[]>`select key from rate_limits where name = 'test_sweep'`;
    expect(rows.map((r) => r.key)).toEqual(['new']);
  });
});
