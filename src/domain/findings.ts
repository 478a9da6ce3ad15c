// The shapes of link-check findings: what a rule reports, about which records, how serious, and
// where staff are in reviewing it. The rules (src/checks) produce them; the findings store keeps them.

export type Severity = 'critical' | 'warning' | 'notice';

export type FindingStatus = 'open' | 'acknowledged' | 'resolved';

/** Where a run looks: everything, or what involves one batch, area or cooperative. */
export type CheckScope = { kind: 'all' } | { kind: 'batch' | 'area' | 'cooperative'; id: string };

export type ObjectKind =
  | 'batch'
  | 'harvest_lot'
  | 'area'
  | 'contract'
  | 'cooperative'
  | 'product'
  | 'model'
  | 'print_run'
  | 'stamp'
  | 'fake_report';

export interface FindingObject {
  kind: ObjectKind;
  /** A UUID, or the serial for a stamp and the GTIN for unknown serials. */
  id: string;
  label: string;
}

export interface Bilingual {
  vi: string;
  en: string;
}
