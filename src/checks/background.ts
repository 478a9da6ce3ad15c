// A link-check run started from the console (POST /checks/runs): the request records the run and
// answers at once; the run itself goes on in the background (on Workers under the request's
// waitUntil) and writes how far it has come to its link_check_runs row, which any server sharing
// the database reads back (GET /checks/runs/{id}, the console's run page).
//
// The run stores its findings in one transaction, as every run does (a run that fails midway
// leaves the findings as they were). Its progress is written outside that transaction, through
// the pool (another connection, committed at once), so that others see it while the run goes
// on. Those writes are never awaited by the run: the embedded database (PGlite) serves one
// transaction at a time, so there a progress write waits until the run's transaction has ended,
// and a run waiting for it would wait forever. Only the latest progress is kept while a write is
// on its way. The row is marked done in the run's own transaction (findings and result commit
// together); progress writes that come later change nothing (they only touch a running row).
import { type AuditEntry, recordAudit } from '../db/audit-store';
import {
  type CheckRunProgress,
  failCheckRun,
  finishCheckRun,
  recordCheckRunProgress,
  runningCheckRun,
  startCheckRun,
} from '../db/check-runs-store';
import { type Sql, transaction, type Tx } from '../db/client';
import { tryLockLinkCheckRuns } from '../db/findings-store';
import { AppError } from '../errors';
import type { Logger } from '../log';
import { RULES } from './rules';
import type { CheckScope, CheckSettings } from './rule';
import { type RunOptions, type RunProgress, runLinkChecks } from './run';

/** Refused: another run is in progress; details.runId names it when it was started in the background. */
const busy = (runId: string | null) =>
  new AppError(
    'CHECK_RUN_IN_PROGRESS',
    'A link-check run is in progress; run again when it has ended',
    runId ? { runId } : undefined,
  );

/**
 * Records a run about to start, in the caller's transaction: its id. Refused with
 * CHECK_RUN_IN_PROGRESS while another run holds the runs' lock or is recorded as running.
 */
export async function recordRunStart(
  tx: Tx,
  scope: CheckScope,
  actor: { name: string; role: string },
  rules: readonly unknown[] = RULES,
): Promise<string> {
  if (!(await tryLockLinkCheckRuns(tx))) throw busy(await runningCheckRun(tx));
  const id = await startCheckRun(tx, { scope, actor: `${actor.role}:${actor.name}`, rulesTotal: rules.length });
  if (!id) throw busy(await runningCheckRun(tx));
  return id;
}

/** Writes the latest progress, one write at a time, never holding up whoever reports it. */
export function progressWriter(write: (p: CheckRunProgress) => Promise<void>, onError: (e: unknown) => void) {
  let pending: CheckRunProgress | null = null;
  let writing: Promise<void> | null = null;
  const pump = async () => {
    while (pending) {
      const p = pending;
      pending = null;
      try {
        await write(p);
      } catch (e) {
        onError(e);
      }
    }
    writing = null;
  };
  return {
    report(p: CheckRunProgress) {
      pending = p;
      writing ??= pump();
    },
    /** Resolves once nothing is left to write. */
    idle: (): Promise<void> => writing ?? Promise.resolve(),
  };
}

export interface BackgroundRun {
  sql: Sql;
  id: string;
  scope: CheckScope;
  settings: CheckSettings;
  clock: () => Date;
  log: Logger;
  /** Who started it, for the audit entry. */
  actor: AuditEntry['actor'];
  requestId?: string | null;
  /** Rules and chunk size (tests). */
  options?: Pick<RunOptions, 'rules' | 'chunkSize'>;
}

/**
 * The run recorded by recordRunStart, after that has committed. Waits for a run in progress (the
 * schedule's, say) to end first. Never throws: a failure is written on the run's row, in words.
 */
export async function runRecordedChecks(run: BackgroundRun): Promise<void> {
  const { sql, id, scope, log } = run;
  const writer = progressWriter(
    (p) => recordCheckRunProgress(sql, id, p),
    (e) => log.warn('link-check progress not written', { run: id, error: e instanceof Error ? e.message : String(e) }),
  );
  let last: RunProgress | null = null;
  try {
    await transaction(sql, async (tx) => {
      const now = run.clock();
      const { reopenedIds, ...s } = await runLinkChecks(tx, scope, run.settings, now, {
        ...run.options,
        wait: true,
        onProgress: (p) => {
          last = p;
          writer.report(p);
        },
      });
      await recordAudit(tx, {
        actor: run.actor,
        action: 'link_check_run',
        entity: 'link_check',
        entityId: scope.kind === 'all' ? null : scope.id,
        after: { scope, run: id, found: s.found, new: s.new, reopened: reopenedIds, cleared: s.cleared },
        requestId: run.requestId ?? null,
        at: now,
      });
      const rules = s.rules.map(({ code, found, ms }) => ({ code, found, ms }));
      const done = last ?? { rulesDone: rules.length, rulesTotal: rules.length, currentRule: null, found: 0, rules };
      await finishCheckRun(tx, id, { ...done, currentRule: null, found: s.found }, s);
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error('link-check run failed', { run: id, error: message });
    await writer.idle();
    await failCheckRun(sql, id, message).catch((f: unknown) =>
      log.error('link-check run failure not recorded', { run: id, error: f instanceof Error ? f.message : String(f) }),
    );
  }
}
