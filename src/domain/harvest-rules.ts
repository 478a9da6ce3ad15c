// The rules a harvest lot must keep: it was harvested on a day that has come (a Vietnam day).
// Whether the cooperative may harvest the area that day is a fact of the registry (the store's
// areaLinkedToCooperative): it operates the area or holds a confirmed supply contract for it.
import type { Problem } from './problems';

export function harvestDateProblems(harvestedOn: string, today: string): Problem[] {
  return harvestedOn > today
    ? [{ path: 'body.harvestedOn', message: `a harvest date cannot be in the future (today is ${today})` }]
    : [];
}
