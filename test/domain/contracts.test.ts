// The contract rules on their own: who vouches, what a contract covers on a day, how it stands,
// and the last day an ending covers.
import { describe, expect, it } from 'vitest';
import {
  actsForBuyer,
  confirmerOf,
  contractStanding,
  coversDay,
  endingDay,
  vouchesFor,
  type ContractTerms,
} from '../../src/domain/contracts';
import type { Actor } from '../../src/domain/roles';

const actor = (role: Actor['role'], organizationId: string | null = null): Actor => ({
  keyId: 'k',
  name: 'n',
  role,
  organizationId,
});
const sides = (confirmer: 'area_operator' | 'association_staff') => ({
  cooperativeId: 'buyer',
  operatorId: 'operator',
  confirmer,
});

describe('who vouches for a contract', () => {
  it('is the operator, staff only for a farmer professional group’s area, an administrator always', () => {
    expect(confirmerOf('farmer_professional_group')).toBe('association_staff');
    for (const kind of ['cooperative', 'cooperative_group', 'enterprise'])
      expect(confirmerOf(kind)).toBe('area_operator');
    const coop = sides('area_operator');
    const group = sides('association_staff');
    expect(vouchesFor(actor('cooperative', 'operator'), coop)).toBe(true);
    expect(vouchesFor(actor('cooperative', 'buyer'), coop)).toBe(false);
    expect(vouchesFor(actor('staff'), coop)).toBe(false);
    expect(vouchesFor(actor('staff'), group)).toBe(true);
    expect(vouchesFor(actor('cooperative', 'buyer'), group)).toBe(false);
    expect(vouchesFor(actor('admin'), coop) && vouchesFor(actor('admin'), group)).toBe(true);
    expect(actsForBuyer(actor('cooperative', 'buyer'), coop)).toBe(true);
    expect(actsForBuyer(actor('cooperative', 'operator'), coop)).toBe(false);
    expect(actsForBuyer(actor('staff'), group)).toBe(false);
  });
});

describe('what a contract covers', () => {
  const k = (over: Partial<ContractTerms>): ContractTerms => ({
    status: 'confirmed',
    startsOn: '2025-01-01',
    endsOn: '2025-12-31',
    endedOn: null,
    ...over,
  });

  it('covers its days once confirmed, up to the day it ended, and nothing while unconfirmed', () => {
    expect(coversDay(k({}), '2025-06-01')).toBe(true);
    expect(coversDay(k({}), '2026-01-01')).toBe(false);
    for (const status of ['pending', 'rejected', 'withdrawn'] as const)
      expect(coversDay(k({ status }), '2025-06-01')).toBe(false);
    const ended = k({ status: 'ended', endedOn: '2025-05-31' });
    expect(coversDay(ended, '2025-05-31')).toBe(true);
    expect(coversDay(ended, '2025-06-01')).toBe(false);
  });

  it('stands as its state, or for a confirmed one by its dates', () => {
    expect(contractStanding(k({}), '2024-12-31')).toBe('upcoming');
    expect(contractStanding(k({}), '2025-12-31')).toBe('in_force');
    expect(contractStanding(k({}), '2026-01-01')).toBe('expired');
    expect(contractStanding(k({ status: 'pending' }), '2025-06-01')).toBe('pending');
    expect(contractStanding(k({ status: 'ended', endedOn: '2025-05-31' }), '2025-06-01')).toBe('ended');
  });

  it('ends on the day asked or today, within its dates, and never on a day to come', () => {
    const terms = { startsOn: '2025-01-01', endsOn: '2025-12-31' };
    expect(endingDay(terms, undefined, '2025-06-15')).toEqual({ lastDay: '2025-06-15', problems: [] });
    expect(endingDay(terms, '2025-03-01', '2025-06-15').lastDay).toBe('2025-03-01');
    expect(endingDay(terms, undefined, '2026-02-01').lastDay).toBe('2025-12-31');
    expect(endingDay({ startsOn: '2025-09-01', endsOn: '2027-08-31' }, undefined, '2025-06-15').lastDay).toBe(
      '2025-08-31',
    );
    expect(endingDay(terms, '2025-06-16', '2025-06-15').problems[0]!.path).toBe('body.lastDay');
  });
});
