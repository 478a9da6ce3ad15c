// Runs of the link checks that nobody asked for by hand: the schedule's run over all data (once
// per slot however many servers share the database) and the run scoped to a batch just sealed.
// Each is one transaction with its audit entry, like POST /checks/run.
import { recordAudit } from '../db/audit-store';
import { slotAlreadyRun } from '../db/check-runs-store';
import { type Sql, transaction } from '../db/client';
import { lockLinkCheckRuns } from '../db/findings-store';
import type { CheckScope, CheckSettings } from './rule';
import { type CheckRunSummary, runLinkChecks } from './run';

/** The audit actor of runs the schedule makes; pages show it as "by the schedule". */
export const SCHEDULE_ACTOR = { keyId: null, name: 'schedule', role: 'system' } as const;
/** The audit actor of the run after a seal. */
export const SEAL_ACTOR = { keyId: null, name: 'seal', role: 'system' } as const;

async function runAndAudit(
  sql: Sql,
  scope: CheckScope,
  settings: CheckSettings,
  clock: () => Date,
  actor: typeof SCHEDULE_ACTOR | typeof SEAL_ACTOR,
  slot: string | null,
): Promise<CheckRunSummary | null> {
  return transaction(sql, async (tx) => {
    // Under the runs' lock: a second server reaching the same slot waits here, then sees the
    // first one's audit entry and skips.
    await lockLinkCheckRuns(tx);
    if (slot && (await slotAlreadyRun(tx, slot))) return null;
    const now = clock();
    const { reopenedIds, ...s } = await runLinkChecks(tx, scope, settings, now);
    await recordAudit(tx, {
      actor,
      action: 'link_check_run',
      entity: 'link_check',
      entityId: scope.kind === 'all' ? null : scope.id,
      after: {
        scope,
        ...(slot ? { slot } : {}),
        found: s.found,
        new: s.new,
        reopened: reopenedIds,
        cleared: s.cleared,
      },
      at: now,
    });
    return s;
  });
}

/** The schedule's run for one slot; null when another server already ran that slot. */
export function runScheduledChecks(sql: Sql, settings: CheckSettings, slot: Date, clock: () => Date) {
  return runAndAudit(sql, { kind: 'all' }, settings, clock, SCHEDULE_ACTOR, slot.toISOString());
}

/** The checks scoped to a batch, run after its seal committed. */
export function runChecksAfterSeal(sql: Sql, settings: CheckSettings, batchId: string, clock: () => Date) {
  return runAndAudit(sql, { kind: 'batch', id: batchId }, settings, clock, SEAL_ACTOR, null);
}
