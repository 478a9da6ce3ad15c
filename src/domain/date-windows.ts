// The plausible window of every date the chain records, by kind of date, so that a typo such as
// 9999-12-31 or 0205-06-01 is refused with the window named rather than stored and signed:
//   past   things that happened (harvest, production, packing, process events, tests, OCOP
//          decisions, recalls): from 2000-01-01 to today, a day in Vietnam;
//   start  the start of something agreed (a certificate's validity, a supply contract): up to a
//          year ahead, as contracts are signed before the season;
//   end    the end of a validity (expiry, certificate, contract): up to 50 years ahead, the term of
//          agricultural land allocation, the longest anything in the chain is agreed for.
// Nothing in the chain predates 2000 (OCOP began in Quảng Ninh in 2013, nationally in 2018).
import { vietnamToday } from './calendar';
import type { Problem } from './problems';

export const EARLIEST_DAY = '2000-01-01';
/**
 * No window reaches past this day for well over a century: request schemas, which cannot know
 * today, refuse beyond it (9999-12-31 and its like); the window of each kind is checked with today.
 */
export const LAST_CALENDAR_DAY = '2199-12-31';

export type DayKind = 'past' | 'start' | 'end';

const AHEAD: Record<DayKind, { years: number; words: string }> = {
  past: { years: 0, words: 'today' },
  start: { years: 1, words: 'a year from today' },
  end: { years: 50, words: '50 years from today' },
};

/** The same day `years` years on (29 February becomes 1 March when that year has none). */
function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/** The last day a date of this kind may be, from today (a Vietnam day). */
export function latestDay(kind: DayKind, today: string): string {
  return addYears(today, AHEAD[kind].years);
}

/** The window in words; with today, its last day spelled out: "between 2000-01-01 and today (today is 2025-06-15)". */
export function windowWords(kind: DayKind, today?: string): string {
  if (!today) return `between ${EARLIEST_DAY} and ${AHEAD[kind].words}`;
  const end = kind === 'past' ? `today (today is ${today})` : `${latestDay(kind, today)} (${AHEAD[kind].words})`;
  return `between ${EARLIEST_DAY} and ${end}`;
}

/** The calendar day in Vietnam of an ISO 8601 date-time with an offset. */
export function vietnamDayOf(instant: string): string {
  return vietnamToday(new Date(instant));
}

export interface DayCheck {
  path: string;
  /** a day (YYYY-MM-DD) or an instant (ISO 8601 with an offset, judged by its day in Vietnam) */
  value: string | null | undefined;
  kind: DayKind;
}

/** A problem for each date outside the window of its kind. */
export function dayProblems(checks: readonly DayCheck[], today: string): Problem[] {
  const out: Problem[] = [];
  for (const c of checks) {
    if (!c.value) continue;
    const instant = c.value.length > 10;
    const day = instant ? vietnamDayOf(c.value) : c.value;
    if (day >= EARLIEST_DAY && day <= latestDay(c.kind, today)) continue;
    out.push({
      path: c.path,
      message: instant
        ? `must fall on a day ${windowWords(c.kind, today)}, in Vietnam`
        : `must be a day ${windowWords(c.kind, today)}`,
    });
  }
  return out;
}
