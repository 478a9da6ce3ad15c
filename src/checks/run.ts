// Runs every link-check rule over the whole data set or one scope and returns what they find.
// Storing the findings and their review is
// src/db/findings-store.ts; the endpoint and the command call runLinkChecks there.
import type { Db } from '../db/client';
import { RULES } from './rules';
import type { CheckRule, CheckScope, CheckSettings, RuleFinding } from './rule';

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

/** The calendar day in Vietnam (UTC+7, no daylight saving) at an instant. */
export function vietnamDay(at: Date): string {
  return new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function checkSettings(config: {
  CHECK_UNUSED_LOT_DAYS: number; CHECK_STAMP_FACTOR: number; CHECK_SCAN_PEER_FACTOR: number;
  CHECK_SCAN_MINIMUM: number; CHECK_UNKNOWN_SERIAL_RUN: number;
}): CheckSettings {
  return {
    unusedLotDays: config.CHECK_UNUSED_LOT_DAYS,
    stampFactor: config.CHECK_STAMP_FACTOR,
    scanPeerFactor: config.CHECK_SCAN_PEER_FACTOR,
    scanMinimum: config.CHECK_SCAN_MINIMUM,
    unknownSerialRun: config.CHECK_UNKNOWN_SERIAL_RUN,
  };
}
