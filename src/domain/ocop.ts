// OCOP ratings: a certificate is valid for 36 months from its decision date (Decision
// 148/QĐ-TTg). The rating in force on a day is the newest one whose validity covers it.
import { dayProblems } from './date-windows';
import type { Problem } from './problems';

export interface OcopRating {
  stars: number;
  decisionNumber: string;
  issuingLevel: 'province' | 'central' | 'district';
  decisionDate: string; // YYYY-MM-DD
  validUntil: string; // last valid day, YYYY-MM-DD
}

/** decision date + 36 months − 1 day, computed like PostgreSQL's date + interval. */
export function ratingValidUntil(decisionDate: string): string {
  const [y, m, d] = decisionDate.split('-').map(Number) as [number, number, number];
  // Month arithmetic clamps to the last day of the month, as PostgreSQL does.
  const targetMonthIndex = m - 1 + 36;
  const ty = y + Math.floor(targetMonthIndex / 12);
  const tm = targetMonthIndex % 12;
  const lastDay = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(ty, tm, Math.min(d, lastDay)));
  end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

export function ratingInForce<R extends { decisionDate: string; validUntil: string }>(
  ratings: readonly R[],
  onDay: string,
): R | null {
  let best: R | null = null;
  for (const r of ratings) {
    if (r.decisionDate <= onDay && onDay <= r.validUntil) {
      if (!best || r.decisionDate > best.decisionDate) best = r;
    }
  }
  return best;
}

/**
 * A rating decision to record: decided between 2000-01-01 and today (a Vietnam day); 5★ is recognised at
 * the central level only (Decision 1489/QĐ-TTg). 3★ and 4★ from any level stay valid history.
 */
export function ratingProblems(
  r: { stars: number; issuingLevel: OcopRating['issuingLevel']; decisionDate: string },
  today: string,
): Problem[] {
  const out = dayProblems([{ path: 'body.decisionDate', value: r.decisionDate, kind: 'past' }], today);
  if (r.stars === 5 && r.issuingLevel !== 'central')
    out.push({ path: 'body.issuingLevel', message: '5★ ratings are recognised at the central level' });
  return out;
}

/** A rating has expired once its last valid day is behind today (a Vietnam day). */
export function ratingExpired(r: { validUntil: string }, today: string): boolean {
  return r.validUntil < today;
}
