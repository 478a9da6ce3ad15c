// A link-check run: every rule over the whole data set or one scope, what they find stored as
// findings (src/db/findings-store.ts) in the caller's transaction, runs one at a time. The
// endpoint (POST /checks/run) and the command (npm run checks) call runLinkChecks.
import { vietnamToday } from '../domain/calendar';
import type { Bilingual, CheckScope, Severity } from '../domain/findings';
import type { Db, Tx } from '../db/client';
import { lockLinkCheckRuns, storeFindings, type StoredFinding } from '../db/findings-store';
import { RULES } from './rules';
import type { CheckRule, CheckSettings, RuleFinding } from './rule';

export interface FoundProblem extends RuleFinding {
  rule: CheckRule;
}

export interface RuleTiming {
  code: string;
  found: number;
  ms: number;
}

/** Does a finding involve the scope's record (what a scoped run reports and may clear)? */
export function inScope(scope: CheckScope, f: Pick<RuleFinding, 'objects' | 'cooperativeId'>): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'cooperative' && f.cooperativeId === scope.id) return true;
  return f.objects.some((o) => o.id === scope.id);
}

export async function findProblems(
  db: Db,
  scope: CheckScope,
  settings: CheckSettings,
  today: string,
  rules: readonly CheckRule[] = RULES,
): Promise<{ problems: FoundProblem[]; timings: RuleTiming[] }> {
  const ctx = {
    scope,
    settings,
    today,
    batchId: scope.kind === 'batch' ? scope.id : null,
    areaId: scope.kind === 'area' ? scope.id : null,
    cooperativeId: scope.kind === 'cooperative' ? scope.id : null,
  };
  const problems: FoundProblem[] = [];
  const timings: RuleTiming[] = [];
  for (const rule of rules) {
    const started = performance.now();
    const found = (await rule.find(db, ctx)).filter((f) => inScope(scope, f));
    for (const f of found) problems.push({ ...f, rule });
    timings.push({ code: rule.code, found: found.length, ms: Math.round(performance.now() - started) });
  }
  return { problems, timings };
}

export function checkSettings(config: {
  CHECK_UNUSED_LOT_DAYS: number;
  CHECK_STAMP_FACTOR: number;
  CHECK_SCAN_PEER_FACTOR: number;
  CHECK_SCAN_MINIMUM: number;
  CHECK_UNKNOWN_SERIAL_RUN: number;
}): CheckSettings {
  return {
    unusedLotDays: config.CHECK_UNUSED_LOT_DAYS,
    stampFactor: config.CHECK_STAMP_FACTOR,
    scanPeerFactor: config.CHECK_SCAN_PEER_FACTOR,
    scanMinimum: config.CHECK_SCAN_MINIMUM,
    unknownSerialRun: config.CHECK_UNKNOWN_SERIAL_RUN,
  };
}

export interface CheckRunSummary {
  scope: CheckScope;
  ranAt: Date;
  ms: number;
  found: number;
  new: number;
  reopened: number;
  cleared: number;
  /** Found in this run and not resolved: what needs someone's attention. */
  needAttention: number;
  rules: (RuleTiming & { severity: Severity })[];
}

/** One run in the caller's transaction: a second run waits for the first to commit. */
export async function runLinkChecks(
  tx: Tx,
  scope: CheckScope,
  settings: CheckSettings,
  now: Date,
): Promise<CheckRunSummary & { reopenedIds: string[] }> {
  const started = performance.now();
  await lockLinkCheckRuns(tx);
  const { problems, timings } = await findProblems(tx, scope, settings, vietnamToday(now));
  const stored = await storeFindings(
    tx,
    problems.map((p) => ({
      rule: p.rule.code,
      severity: p.rule.severity,
      subjectKey: p.subjectKey,
      basis: p.basis ?? p.facts,
      cooperativeId: p.cooperativeId,
      objects: p.objects,
      facts: p.facts,
      message: p.message,
    })),
    scope,
    now,
  );
  const severity = new Map(RULES.map((r) => [r.code, r.severity]));
  return {
    scope,
    ranAt: now,
    ms: Math.round(performance.now() - started),
    found: stored.stored,
    new: stored.new,
    reopened: stored.reopenedIds.length,
    cleared: stored.cleared,
    needAttention: stored.needAttention,
    rules: timings.map((t) => ({ ...t, severity: severity.get(t.code)! })),
    reopenedIds: stored.reopenedIds,
  };
}

/** A finding as staff see it: the stored finding with its rule's title. */
export type Finding = StoredFinding & { title: Bilingual };

const TITLES = new Map(RULES.map((r) => [r.code, r.title]));

export function titled(f: StoredFinding): Finding {
  return { ...f, title: TITLES.get(f.rule) ?? { vi: f.rule, en: f.rule } };
}
