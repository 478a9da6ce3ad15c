import { describe, expect, it } from 'vitest';
import {
  addDays,
  startOfVietnamDay,
  vietnamCalendar,
  vietnamToday,
  vietnamYearBounds,
  withVietnamOffset,
} from '../../src/domain/calendar';

describe('the Vietnam calendar', () => {
  it('turns the day at midnight in Vietnam (17:00 UTC), not at midnight UTC', () => {
    expect(vietnamToday(new Date('2025-06-14T16:59:59Z'))).toBe('2025-06-14');
    expect(vietnamToday(new Date('2025-06-14T17:00:00Z'))).toBe('2025-06-15');
    expect(vietnamToday(new Date('2025-06-14T17:30:00Z'))).toBe('2025-06-15');
    expect(vietnamToday(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01-01');
  });

  it('knows where a Vietnam day and year begin', () => {
    expect(startOfVietnamDay('2025-06-15').toISOString()).toBe('2025-06-14T17:00:00.000Z');
    expect(vietnamYearBounds(2025)).toEqual({
      start: new Date('2024-12-31T17:00:00Z'),
      end: new Date('2025-12-31T17:00:00Z'),
    });
    expect(vietnamCalendar(new Date('2025-12-31T18:00:00Z'))).toMatchObject({ today: '2026-01-01', year: 2026 });
  });

  it('adds days across months and leap years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addDays('2025-06-01', 365)).toBe('2026-06-01');
  });

  it('reads a time typed in Vietnam as UTC+7', () => {
    expect(withVietnamOffset('2025-06-12T07:30')).toBe('2025-06-12T07:30:00+07:00');
    expect(withVietnamOffset(' 2025-06-12T07:30:15 ')).toBe('2025-06-12T07:30:15+07:00');
    expect(withVietnamOffset('2025-06-12T07:30:00Z')).toBe('2025-06-12T07:30:00Z');
  });
});
