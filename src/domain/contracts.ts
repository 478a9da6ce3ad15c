// Who vouches for a supply contract, and what a contract is worth on a given day.
//
// A contract binds the area's side and the buying cooperative; the buyer's word alone proves
// nothing. It counts once the area's side has confirmed it: the organization operating the area,
// or association staff where that operator is a farmer professional group (chi/tổ hội nông dân
// nghề nghiệp: a unit of the Farmers' Association, which speaks for its households), or an
// administrator, who may act for anyone. Whoever could confirm a contract also rejects it or
// ends it; the buyer may withdraw its own pending contract or end a confirmed one.
import { addDays } from './calendar';
import type { Problem } from './problems';
import type { Actor } from './roles';

export const CONTRACT_STATUSES = ['pending', 'confirmed', 'rejected', 'withdrawn', 'ended'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Operator kinds whose contracts association staff confirm (the association represents their households). */
export const ASSOCIATION_VOUCHED_KINDS: readonly string[] = ['farmer_professional_group'];

/** Who must confirm a contract for the area: its operator, or association staff. */
export type Confirmer = 'area_operator' | 'association_staff';

export function confirmerOf(operatorKind: string): Confirmer {
  return ASSOCIATION_VOUCHED_KINDS.includes(operatorKind) ? 'association_staff' : 'area_operator';
}

/** The two sides of a contract, as the permission rules need them. */
export interface ContractSides {
  /** The buying cooperative. */
  cooperativeId: string;
  /** The organization operating the area. */
  operatorId: string;
  confirmer: Confirmer;
}

/** May the actor confirm, reject or end the contract as its area's side. */
export function vouchesFor(actor: Actor, k: ContractSides): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'staff') return k.confirmer === 'association_staff';
  return actor.organizationId === k.operatorId;
}

/** Is the actor the buyer named in the contract (an administrator may act for it too). */
export function actsForBuyer(actor: Actor, k: ContractSides): boolean {
  return actor.role === 'admin' || (actor.role === 'cooperative' && actor.organizationId === k.cooperativeId);
}

export interface ContractTerms {
  status: ContractStatus;
  startsOn: string;
  endsOn: string;
  endedOn: string | null;
}

/** The last day a confirmed (or ended) contract covers. */
export const lastDayOf = (k: ContractTerms): string => (k.endedOn && k.endedOn < k.endsOn ? k.endedOn : k.endsOn);

/** Does the contract authorise harvests on the day: confirmed once, and the day within its days. */
export function coversDay(k: ContractTerms, day: string): boolean {
  return (k.status === 'confirmed' || k.status === 'ended') && k.startsOn <= day && day <= lastDayOf(k);
}

/** How a contract stands on a day, for people: its state, or for a confirmed one, its dates. */
export type ContractStanding = 'pending' | 'rejected' | 'withdrawn' | 'ended' | 'upcoming' | 'in_force' | 'expired';

export function contractStanding(k: ContractTerms, day: string): ContractStanding {
  if (k.status !== 'confirmed') return k.status;
  if (day < k.startsOn) return 'upcoming';
  return day <= k.endsOn ? 'in_force' : 'expired';
}

/**
 * The last day an ending covers: the day asked for (today when none), never later than the end
 * date, and no earlier than the day before the start (a contract ended before it began covers
 * nothing). A day still to come is refused: an ending is a fact, a shorter contract is an edit.
 */
export function endingDay(
  k: Pick<ContractTerms, 'startsOn' | 'endsOn'>,
  asked: string | undefined,
  today: string,
): { lastDay: string; problems: Problem[] } {
  const day = asked ?? today;
  if (day > today)
    return { lastDay: day, problems: [{ path: 'body.lastDay', message: `must not be after today (${today})` }] };
  // YYYY-MM-DD strings compare as days do
  let lastDay = day;
  if (lastDay > k.endsOn) lastDay = k.endsOn;
  const before = addDays(k.startsOn, -1);
  if (lastDay < before) lastDay = before;
  return { lastDay, problems: [] };
}
