// A link-check run: every rule over the whole data set or one scope, what they find stored as
// findings (src/db/findings-store.ts) in the caller's transaction, a bounded chunk at a time; runs
// one at a time. The
// endpoint (POST /checks/run) and the command (npm run checks) call runLinkChecks.
import { vietnamToday } from '../domain/calendar';
import { AppError } from '../errors';
import type { Bilingual, CheckScope, Severity } from '../domain/findings';
import type { Tx } from '../db/client';
import {
  FINDINGS_CHUNK,
  lockLinkCheckRuns,
  tryLockLinkCheckRuns,
  mergeStagedFindings,
  openFindingsStage,
  type StoredFinding,
  stageFindings,
} from '../db/findings-store';
import { RULES } from './rules';
import type { CheckRule, CheckSettings, RuleContext, RuleFinding } from './rule';

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

/** Rows a rule reads, and findings sent to the database, at a time. */
export const CHECK_CHUNK = FINDINGS_CHUNK;

export interface RunOptions {
  /** Rows a rule reads and findings staged per statement (bounded memory); tests use tiny ones. */
  chunkSize?: number;
  rules?: readonly CheckRule[];
  /**
   * Whether to wait for a run in progress (the schedule's and the after-seal runs do); a run
   * asked for by hand is refused at once with CHECK_RUN_IN_PROGRESS instead (a full run may
   * take half a minute, and its findings answer the person too).
   */
  wait?: boolean;
  /**
   * Told how far the run has come: when a rule starts, after each chunk it read, and when it is
   * done. Called synchronously and not awaited: whatever it writes elsewhere must not hold the
   * run up (see src/checks/background.ts).
   */
  onProgress?: (p: RunProgress) => void;
}

/** How far a run has come (what the console's run page and the CLI show). */
export interface RunProgress {
  rulesDone: number;
  rulesTotal: number;
  /** The rule being read; null once every rule is done. */
  currentRule: string | null;
  /** Findings found so far, all rules together. */
  found: number;
  /** The rules done so far, in order, with what each found and took. */
  rules: RuleTiming[];
}

/**
 * Each rule's findings within the scope, a bounded chunk at a time (a cursor per rule in the
 * caller's transaction); each rule's timing is pushed to `timings` when it is done.
 */
export async function* scopedFindings(
  tx: Tx,
  scope: CheckScope,
  settings: CheckSettings,
  today: string,
  timings: RuleTiming[],
  { chunkSize = CHECK_CHUNK, rules = RULES, onProgress }: RunOptions = {},
): AsyncGenerator<FoundProblem[]> {
  const ctx: RuleContext = {
    scope,
    settings,
    today,
    chunkSize,
    batchId: scope.kind === 'batch' ? scope.id : null,
    areaId: scope.kind === 'area' ? scope.id : null,
    cooperativeId: scope.kind === 'cooperative' ? scope.id : null,
  };
  let total = 0;
  const tell = (currentRule: string | null, found: number) =>
    onProgress?.({
      rulesDone: timings.length,
      rulesTotal: rules.length,
      currentRule,
      found: total + found,
      rules: [...timings],
    });
  for (const rule of rules) {
    const started = performance.now();
    let found = 0;
    tell(rule.code, 0);
    for await (const chunk of rule.find(tx, ctx)) {
      const kept = chunk.filter((f) => inScope(scope, f)).map((f) => ({ ...f, rule }));
      found += kept.length;
      if (kept.length) {
        tell(rule.code, found);
        yield kept;
      }
    }
    timings.push({ code: rule.code, found, ms: Math.round(performance.now() - started) });
    total += found;
    tell(null, 0);
  }
}

/** All the findings of the rules in one array (for tests and small scopes). */
export async function findProblems(
  tx: Tx,
  scope: CheckScope,
  settings: CheckSettings,
  today: string,
  rules: readonly CheckRule[] = RULES,
): Promise<{ problems: FoundProblem[]; timings: RuleTiming[] }> {
  const problems: FoundProblem[] = [];
  const timings: RuleTiming[] = [];
  for await (const chunk of scopedFindings(tx, scope, settings, today, timings, { rules })) problems.push(...chunk);
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
  /** Each rule's findings and time, and what changed by it: new, reopened, cleared (no longer found). */
  rules: (RuleTiming & { severity: Severity; new: number; reopened: number; cleared: number })[];
}

/**
 * One run in the caller's transaction: a second run waits for the first to commit, or is refused
 * with CHECK_RUN_IN_PROGRESS when opts.wait is false. The rules'
 * findings are read and staged a bounded chunk at a time, then merged into the stored findings;
 * the previous findings stay as they were until this transaction commits (a run that fails
 * midway leaves them untouched).
 */
export async function runLinkChecks(
  tx: Tx,
  scope: CheckScope,
  settings: CheckSettings,
  now: Date,
  opts: RunOptions = {},
): Promise<CheckRunSummary & { reopenedIds: string[] }> {
  const started = performance.now();
  if (opts.wait === false) {
    if (!(await tryLockLinkCheckRuns(tx))) {
      throw new AppError('CHECK_RUN_IN_PROGRESS', 'A link-check run is in progress; run again when it has ended');
    }
  } else await lockLinkCheckRuns(tx);
  const timings: RuleTiming[] = [];
  await openFindingsStage(tx);
  let staged = 0;
  for await (const chunk of scopedFindings(tx, scope, settings, vietnamToday(now), timings, opts)) {
    staged = await stageFindings(
      tx,
      chunk.map((p) => ({
        rule: p.rule.code,
        severity: p.rule.severity,
        subjectKey: p.subjectKey,
        basis: p.basis ?? p.facts,
        cooperativeId: p.cooperativeId,
        objects: p.objects,
        facts: p.facts,
        message: p.message,
      })),
      staged,
      opts.chunkSize,
    );
  }
  const stored = await mergeStagedFindings(tx, scope, now);
  const severity = new Map((opts.rules ?? RULES).map((r) => [r.code, r.severity]));
  return {
    scope,
    ranAt: now,
    ms: Math.round(performance.now() - started),
    found: stored.stored,
    new: stored.new,
    reopened: stored.reopenedIds.length,
    cleared: stored.cleared,
    needAttention: stored.needAttention,
    rules: timings.map((t) => ({
      ...t,
      severity: severity.get(t.code)!,
      new: stored.byRule[t.code]?.new ?? 0,
      reopened: stored.byRule[t.code]?.reopened ?? 0,
      cleared: stored.clearedByRule[t.code] ?? 0,
    })),
    reopenedIds: stored.reopenedIds,
  };
}

/** A finding as staff see it: the stored finding with its rule's title. */
export type Finding = StoredFinding & { title: Bilingual };

const TITLES = new Map(RULES.map((r) => [r.code, r.title]));

export function titled(f: StoredFinding): Finding {
  return { ...f, title: TITLES.get(f.rule) ?? { vi: f.rule, en: f.rule } };
}
