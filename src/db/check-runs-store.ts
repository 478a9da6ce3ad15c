// Link-check runs as the audit log records them (action link_check_run): when the checks over
// all data last ran and who ran them, whether a scheduled slot has already been run (so that
// several servers on one database run each slot once), and the names of the people who ran or
// reviewed something.
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
