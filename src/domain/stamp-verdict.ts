// What a scanned stamp is worth to the person holding it: one verdict from the stamp's state, an
// open recall of its batch and the shape of the serial typed or scanned; whether the address it
// was reached by is its own; and whether its scan history should make them wary (scanned too
// often, or first scanned long ago).
import type { SerialVerdict } from './serial';

export type Verdict = 'genuine' | 'not_activated' | 'void' | 'recalled' | 'unknown' | 'mistyped' | 'other_product';

export type StampState = 'issued' | 'active' | 'void';

/**
 * A stamp on record is recalled when its batch is, else genuine only once activated. A serial
 * not on record at this address is `other_product` when it is on record under another product
 * or lot (serials are unique on their own: a real serial under a foreign address is a copied
 * stamp), else mistyped when its check character says so, else unknown.
 */
export function stampVerdict(
  stamp: { state: StampState } | null,
  recalled: boolean,
  serialShape: SerialVerdict,
  issuedElsewhere = false,
): Verdict {
  if (!stamp) {
    if (issuedElsewhere) return 'other_product';
    return serialShape === 'mistyped' ? 'mistyped' : 'unknown';
  }
  if (recalled) return 'recalled';
  if (stamp.state === 'active') return 'genuine';
  if (stamp.state === 'issued') return 'not_activated';
  return 'void';
}

/**
 * Whether a page may vouch for the stamp it answers about: offer the producer's shops and a
 * reassuring mark beside the signature. Only an active stamp of a batch not recalled, not scanned
 * so often that it may have been copied: a shopper is never sent to buy from a page that warns them.
 */
export function vouchesFor(verdict: Verdict, scanWarning: boolean): boolean {
  return verdict === 'genuine' && !scanWarning;
}

/**
 * Whether an address names this stamp: its GTIN, and its lot unless the address leaves the lot out.
 * The lot is compared without regard to case: a consumer typing "cst-260410" from the label means
 * the printed "CST-260410", and the serial alone already identifies the stamp. The scan store
 * applies the same rule in SQL (src/db/scans-store.ts).
 */
export function addressesStamp(stamp: { gtin: string; lotCode: string }, gtin14: string, lot: string | null): boolean {
  return stamp.gtin === gtin14 && (lot === null || stamp.lotCode.toLowerCase() === lot.toLowerCase());
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
