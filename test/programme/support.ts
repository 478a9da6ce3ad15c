// Organizations for the programme tests: association units in a tree and the cooperatives below
// them, made straight in the database.
import { insertOrganization, type Organization } from '../../src/db/organizations-store';
import type { TestContext } from '../support/app';

let n = 0;

/** An organization of this kind under `parentId` (an association unit takes its level). */
export function organization(
  t: TestContext,
  kind: Organization['kind'],
  name: string,
  parentId: string | null,
  level?: 'province' | 'district' | 'commune',
): Promise<Organization> {
  n += 1;
  return insertOrganization(t.db.sql, {
    kind,
    associationLevel: level ?? null,
    name,
    registrationCode: kind === 'association_unit' ? null : `PRG-${n}-${Math.random().toString(36).slice(2, 8)}`,
    address: null,
    province: 'Tỉnh Thử nghiệm',
    commune: null,
    contactName: null,
    contactPhone: null,
    contactEmail: null,
    gln: null,
    parentId,
  });
}
