// What a link-check rule is: a code, a severity, a plain-language title in both languages, and
// one set-based query that returns its findings over the whole data set or within a scope, read
// in chunks (a cursor) so that no rule's whole result is held in memory.
// Rules live one per file in src/checks/rules/ and are listed in src/checks/rules/index.ts;
// adding a rule is adding a file there and its test in test/checks/.
import type { Tx } from '../db/client';
import { readInChunks } from '../db/cursor';
import type { Bilingual, CheckScope, FindingObject, Severity } from '../domain/findings';

export type { Bilingual, CheckScope, FindingObject, ObjectKind, Severity } from '../domain/findings';

/** Thresholds of the rules; from configuration (src/config.ts, CHECK_*). */
export interface CheckSettings {
  unusedLotDays: number;
  stampFactor: number;
  scanPeerFactor: number;
  scanMinimum: number;
  unknownSerialRun: number;
}

export interface RuleContext {
  scope: CheckScope;
  /** Scope ids, null when the scope is of another kind (for "x is null or col = x" filters). */
  batchId: string | null;
  areaId: string | null;
  cooperativeId: string | null;
  settings: CheckSettings;
  /** The run's day (YYYY-MM-DD, Vietnam time). */
  today: string;
  /** Rows a rule reads at a time (a cursor's batch). */
  chunkSize: number;
}

export interface RuleFinding {
  /** Identifies the problem across runs, e.g. `batch:<id>/lot:<id>`. */
  subjectKey: string;
  /** The cooperative whose data this is (null when the registry as a whole is concerned). */
  cooperativeId: string | null;
  objects: FindingObject[];
  /** What the finding rests on, shown to staff. */
  facts: Record<string, unknown>;
  /**
   * What must change for a resolved finding to open again; the facts when absent. Rules whose
   * facts move all the time (scan counts) give a coarser basis so that a resolution holds.
   */
  basis?: unknown;
  message: Bilingual;
}

export interface CheckRule {
  code: string;
  severity: Severity;
  title: Bilingual;
  /** The findings in chunks of at most ctx.chunkSize (see inChunks). */
  find(tx: Tx, ctx: RuleContext): AsyncIterable<RuleFinding[]>;
}

/**
 * A rule's query read through a cursor (in the run's transaction), ctx.chunkSize rows at a time, each row mapped to a
 * finding (null: no finding): memory stays bounded however many rows the query returns.
 */
export async function* inChunks<Row>(
  tx: Tx,
  ctx: RuleContext,
  query: PromiseLike<readonly Row[]>,
  map: (row: Row) => RuleFinding | null,
): AsyncIterable<RuleFinding[]> {
  for await (const rows of readInChunks(tx, query, ctx.chunkSize)) {
    const found: RuleFinding[] = [];
    for (const r of rows) {
      const f = map(r);
      if (f) found.push(f);
    }
    yield found;
  }
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
