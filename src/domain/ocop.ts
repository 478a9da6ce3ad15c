// OCOP ratings: a certificate is valid for 36 months from its decision date (Decision
// 148/QĐ-TTg). The rating in force on a day is the newest one whose validity covers it.

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
