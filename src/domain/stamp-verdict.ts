// What a scanned stamp is worth to the person holding it: one verdict from the stamp's state, an
// open recall of its batch and the shape of the serial typed or scanned; and whether its scan
// history should make them wary (scanned too often, or first scanned long ago).
import type { SerialVerdict } from './serial';

export type Verdict = 'genuine' | 'not_activated' | 'void' | 'recalled' | 'unknown' | 'mistyped';

export type StampState = 'issued' | 'active' | 'void';

/**
 * A stamp on record is recalled when its batch is, else genuine only once activated; a serial
 * not on record is mistyped when its check character says so, else unknown.
 */
export function stampVerdict(
  stamp: { state: StampState } | null,
  recalled: boolean,
  serialShape: SerialVerdict,
): Verdict {
  if (!stamp) return serialShape === 'mistyped' ? 'mistyped' : 'unknown';
  if (recalled) return 'recalled';
  if (stamp.state === 'active') return 'genuine';
  if (stamp.state === 'issued') return 'not_activated';
  return 'void';
}

export interface ScanWarningSettings {
  /** more scans than this warn */
  threshold: number;
  /** a first scan longer ago than this many days warns */
  afterDays: number;
}

/** A genuine label copied onto fakes is scanned far too often, or keeps being scanned long after sale. */
export function scanWarning(
  scans: { count: number; firstScannedAt: Date | null },
  now: Date,
  settings: ScanWarningSettings,
): boolean {
  const ageDays = scans.firstScannedAt ? (now.getTime() - scans.firstScannedAt.getTime()) / 86_400_000 : 0;
  return scans.count > settings.threshold || ageDays > settings.afterDays;
}
