// Who sees which activities, courses and people (issue 17): admins and province staff everything;
// staff bound to an association unit that unit and everything below it; a cooperative its own
// organization. The unit is read from the key or console user on each call (not carried in the
// Actor), so a rebinding takes effect at once.
import { AppError } from '../errors';
import type { Db } from '../db/client';
import { staffUnitOf, type Scope } from '../db/programme-people-store';
import type { Actor } from '../domain/roles';
import { programmeWindow } from '../domain/programme-people';
import type { Config } from '../config';

export async function scopeOf(db: Db, actor: Actor): Promise<Scope> {
  if (actor.role === 'cooperative') return { kind: 'organization', organizationId: actor.organizationId! };
  if (actor.role === 'staff') {
    const unitId = await staffUnitOf(db, actor.keyId);
    if (unitId) return { kind: 'unit', unitId };
  }
  return { kind: 'all' };
}

/** Problems for days outside the programme period (PROGRAMME_FROM_YEAR..PROGRAMME_TO_YEAR) or after today. */
export function periodProblems(
  config: Config,
  today: string,
  days: { path: string; value: string | null | undefined }[],
): { path: string; message: string }[] {
  const { first, last } = programmeWindow(config.PROGRAMME_FROM_YEAR, config.PROGRAMME_TO_YEAR);
  const out: { path: string; message: string }[] = [];
  for (const d of days) {
    if (!d.value) continue;
    if (d.value < first || d.value > last) {
      out.push({ path: d.path, message: `must be a day of the programme period, ${first} to ${last}` });
    } else if (d.value > today) {
      out.push({ path: d.path, message: `must not be after today (${today})` });
    }
  }
  return out;
}

export const invalid = (what: string, problems: { path: string; message: string }[]) =>
  new AppError('VALIDATION_FAILED', `The ${what} is not valid`, problems);
