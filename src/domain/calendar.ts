// The one calendar of the service. A day is a day in Vietnam (Asia/Ho_Chi_Minh: UTC+7 all year,
// no daylight saving): "today" for a harvest or production date, a rating's last valid day, the
// year of the programme report. Days are ISO dates (YYYY-MM-DD); instants are Dates.

const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar day in Vietnam at an instant: the only way the service says "today". */
export function vietnamToday(now: Date): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year in Vietnam at an instant. */
export function vietnamYear(now: Date): number {
  return Number(vietnamToday(now).slice(0, 4));
}

/** The instant a Vietnam day begins (00:00 UTC+7). */
export function startOfVietnamDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VIETNAM_OFFSET_MS);
}

/** The instants a Vietnam calendar year begins and ends (the end is the next year's start). */
export function vietnamYearBounds(year: number): { start: Date; end: Date } {
  return {
    start: new Date(Date.UTC(year, 0, 1) - VIETNAM_OFFSET_MS),
    end: new Date(Date.UTC(year + 1, 0, 1) - VIETNAM_OFFSET_MS),
  };
}

/** A day plus (or minus) whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** A local date-time as typed in Vietnam ("2025-06-12T07:30", seconds optional) with its +07:00 offset. */
export function withVietnamOffset(localDateTime: string): string {
  const s = localDateTime.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(s)) return `${s}:00+07:00`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(s)) return `${s}+07:00`;
  return s;
}

/** Today, this year and the year's bounds in Vietnam at an instant (for figures "this year"). */
export function vietnamCalendar(now: Date): { today: string; year: number; yearStart: Date; yearEnd: Date } {
  const year = vietnamYear(now);
  const { start, end } = vietnamYearBounds(year);
  return { today: vietnamToday(now), year, yearStart: start, yearEnd: end };
}
