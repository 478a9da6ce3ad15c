import { describe, expect, it } from 'vitest';
import { dayProblems, latestDay, windowWords } from '../../src/domain/date-windows';

describe('date windows', () => {
  it('lets a past date run to today, a start a year ahead and an end 50 years ahead, all from 2000-01-01', () => {
    expect(latestDay('past', '2025-06-15')).toBe('2025-06-15');
    expect(latestDay('start', '2025-06-15')).toBe('2026-06-15');
    expect(latestDay('end', '2025-06-15')).toBe('2075-06-15');
    expect(latestDay('start', '2024-02-29')).toBe('2025-03-01');
    expect(windowWords('past', '2025-06-15')).toBe('between 2000-01-01 and today (today is 2025-06-15)');
    expect(windowWords('end')).toBe('between 2000-01-01 and 50 years from today');
  });

  it('names each date outside its window, and judges an instant by its day in Vietnam', () => {
    const today = '2025-06-15';
    expect(
      dayProblems(
        [
          { path: 'a', value: '1999-12-31', kind: 'past' },
          { path: 'b', value: '2000-01-01', kind: 'past' },
          { path: 'c', value: '2025-06-16', kind: 'past' },
          { path: 'd', value: '2026-06-15', kind: 'start' },
          { path: 'e', value: '9999-12-31', kind: 'end' },
          { path: 'f', value: null, kind: 'past' },
          { path: 'g', value: '2025-06-15T16:59:59Z', kind: 'past' },
          { path: 'h', value: '2025-06-15T17:00:00Z', kind: 'past' },
        ],
        today,
      ),
    ).toEqual([
      { path: 'a', message: 'must be a day between 2000-01-01 and today (today is 2025-06-15)' },
      { path: 'c', message: 'must be a day between 2000-01-01 and today (today is 2025-06-15)' },
      { path: 'e', message: 'must be a day between 2000-01-01 and 2075-06-15 (50 years from today)' },
      { path: 'h', message: 'must fall on a day between 2000-01-01 and today (today is 2025-06-15), in Vietnam' },
    ]);
  });
});
