// The rules a harvest lot must keep: it was harvested on a day that has come (a Vietnam day), not before 2000.
// Whether the cooperative may harvest the area that day is a fact of the registry (the store's
// areaLinkedToCooperative): it operates the area or holds a confirmed supply contract for it.
import { dayProblems } from './date-windows';
import type { Problem } from './problems';

/** A harvest date in the window of things that happened: 2000-01-01 to today. */
export function harvestDateProblems(harvestedOn: string, today: string): Problem[] {
  return dayProblems([{ path: 'body.harvestedOn', value: harvestedOn, kind: 'past' }], today);
}
