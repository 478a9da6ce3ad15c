// The time windows the charts count in: Vietnam weeks (Monday to Sunday) and calendar months,
// the current one last, with bounds that start at 00:00 in Vietnam.
import { describe, expect, it } from 'vitest';
import { monthsUpTo, weeksUpTo } from '../../src/db/chart-figures-store';

describe('chart windows', () => {
  it('counts weeks from Monday in Vietnam, even when it is still Sunday in UTC', () => {
    // Monday 2026-11-23 06:00 in Vietnam is Sunday 23:00 UTC
    const w = weeksUpTo(new Date('2026-11-22T23:00:00Z'), 3);
    expect(w.starts).toEqual(['2026-11-09', '2026-11-16', '2026-11-23']);
    expect(w.since.toISOString()).toBe('2026-11-08T17:00:00.000Z');
    expect(w.until.toISOString()).toBe('2026-11-29T17:00:00.000Z');
    // a Sunday evening in Vietnam still belongs to the week that began on the Monday before
    expect(weeksUpTo(new Date('2026-11-29T16:59:59Z'), 1).starts).toEqual(['2026-11-23']);
  });

  it('counts calendar months across a new year', () => {
    const m = monthsUpTo(new Date('2027-01-31T18:00:00Z'), 3); // 1 February 2027 01:00 in Vietnam
    expect(m.starts).toEqual(['2026-12-01', '2027-01-01', '2027-02-01']);
    expect(m.since.toISOString()).toBe('2026-11-30T17:00:00.000Z');
    expect(m.until.toISOString()).toBe('2027-02-28T17:00:00.000Z');
    expect(monthsUpTo(new Date('2026-11-28T03:00:00Z'), 12).starts[0]).toBe('2025-12-01');
  });
});
