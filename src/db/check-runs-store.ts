// Link-check runs as the audit log records them (action link_check_run): when the checks over
// all data last ran and who ran them, whether a scheduled slot has already been run (so that
// several servers on one database run each slot once), and the names of the people who ran or
// reviewed something; and the runs started from the console (link_check_runs) with the progress
// they write as they go, their result or their error.
import type { Db } from './client';

export interface LastCheckRun {
  at: Date;
  /** The audit actor, e.g. "staff:canbo" or "system:schedule". */
  actor: string;
  /** The schedule's slot (ISO instant) when the schedule ran it. */
  slot: string | null;
}

/** The last run over all data (a scoped run, e.g. after a seal, checks one record only). */
export async function lastCheckRun(db: Db): Promise<LastCheckRun | null> {
  const [row] = await db<LastCheckRun[]>`
    select at, actor, after->>'slot' as slot from audit_log
     where entity = 'link_check' and entity_id is null and action = 'link_check_run'
     order by id desc limit 1`;
  return row ?? null;
}

/** Whether the schedule's slot has been run already (call it holding the runs' lock). */
export async function slotAlreadyRun(db: Db, slot: string): Promise<boolean> {
  const [row] = await db`
    select 1 from audit_log
     where entity = 'link_check' and entity_id is null and action = 'link_check_run' and after->>'slot' = ${slot}
     limit 1`;
  return !!row;
}

/**
 * Display names for audit actors ("role:username"): a console user's name as entered by an admin;
 * absent for API keys and the system, whose actor names are shown as they are.
 */
export async function actorDisplayNames(db: Db, actors: readonly string[]): Promise<Map<string, string>> {
  const usernames = [...new Set(actors.map((a) => a.slice(a.indexOf(':') + 1)))];
  if (!usernames.length) return new Map();
  const rows = await db<{ username: string; role: string; displayName: string }[]>`
    select username, role, display_name from users where username = any (${usernames})`;
  return new Map(rows.map((r) => [`${r.role}:${r.username}`, r.displayName]));
}

// --- Runs started from the console, with their progress (link_check_runs) ---

/** How far a run has come: written by the run as it goes (see src/checks/background.ts). */
export interface CheckRunProgress {
  rulesDone: number;
  rulesTotal: number;
  /** The rule being read now; null between rules and at the end. */
  currentRule: string | null;
  /** Findings found so far, all rules together. */
  found: number;
  /** The rules done so far, in order. */
  rules: { code: string; found: number; ms: number }[];
}

export type CheckRunStatus = 'running' | 'done' | 'failed';

export interface StoredCheckRun extends CheckRunProgress {
  id: string;
  scope: unknown;
  actor: string;
  status: CheckRunStatus;
  startedAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  /** From the start to the end, or to now while it runs (the database's clock). */
  elapsedMs: number;
  /** The run's summary once done. */
  result: unknown;
  error: string | null;
}

/**
 * A row left 'running' this long without a move, while nobody holds the runs' lock, belongs to a
 * server that stopped mid-run.
 */
export const STALE_RUN_SECONDS = 120;

/** What a run that was cut off says (its server stopped or restarted). */
export const INTERRUPTED_RUN_ERROR = 'The run stopped before it ended: the server stopped or restarted.';

/**
 * Records a run starting, in the caller's transaction (which holds the runs' lock): its id, or
 * null when another run is recorded as running. A row left running by a server that stopped is
 * marked failed first.
 */
export async function startCheckRun(
  tx: Db,
  run: { scope: unknown; actor: string; rulesTotal: number },
): Promise<string | null> {
  await tx`
    update link_check_runs
       set status = 'failed', error = ${INTERRUPTED_RUN_ERROR}, finished_at = clock_timestamp(), current_rule = null
     where status = 'running' and updated_at < clock_timestamp() - make_interval(secs => ${STALE_RUN_SECONDS})`;
  const [row] = await tx<{ id: string }[]>`
    insert into link_check_runs (scope, actor, rules_total)
    values (${tx.json(run.scope as never)}, ${run.actor}, ${run.rulesTotal})
    on conflict do nothing
    returning id`;
  return row?.id ?? null;
}

/** Writes a running run's progress (ignored once the run has ended). */
export async function recordCheckRunProgress(db: Db, id: string, p: CheckRunProgress): Promise<void> {
  await db`
    update link_check_runs
       set rules_done = ${p.rulesDone}, rules_total = ${p.rulesTotal}, current_rule = ${p.currentRule},
           found = ${p.found}, rules = ${db.json(p.rules as never)}, updated_at = clock_timestamp()
     where id = ${id} and status = 'running'`;
}

/** Marks a run done with its summary (in the run's own transaction, so both commit together). */
export async function finishCheckRun(db: Db, id: string, p: CheckRunProgress, result: unknown): Promise<void> {
  await db`
    update link_check_runs
       set status = 'done', result = ${db.json(result as never)}, rules_done = ${p.rulesDone},
           rules_total = ${p.rulesTotal}, current_rule = null, found = ${p.found}, rules = ${db.json(p.rules as never)},
           updated_at = clock_timestamp(), finished_at = clock_timestamp()
     where id = ${id} and status = 'running'`;
}

/** Marks a run failed with its error (after its transaction rolled back). */
export async function failCheckRun(db: Db, id: string, error: string): Promise<void> {
  await db`
    update link_check_runs
       set status = 'failed', error = ${error.slice(0, 2000)}, current_rule = null,
           updated_at = clock_timestamp(), finished_at = clock_timestamp()
     where id = ${id} and status = 'running'`;
}

export async function getCheckRun(db: Db, id: string): Promise<StoredCheckRun | null> {
  const [row] = await db<StoredCheckRun[]>`
    select id, scope, actor, status, started_at, updated_at, finished_at, rules_total, rules_done, current_rule,
           found, rules, result, error,
           (extract(epoch from coalesce(finished_at, clock_timestamp()) - started_at) * 1000)::int as elapsed_ms
      from link_check_runs where id = ${id}`;
  return row ?? null;
}

/** The run recorded as running now, if any. */
export async function runningCheckRun(db: Db): Promise<string | null> {
  const [row] = await db<{ id: string }[]>`select id from link_check_runs where status = 'running' limit 1`;
  return row?.id ?? null;
}
