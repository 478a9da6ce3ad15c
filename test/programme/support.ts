// Organizations for the programme tests: association units in a tree and the cooperatives below
// them, made straight in the database.
import { insertOrganization, type Organization } from '../../src/db/organizations-store';
import type { TestContext } from '../support/app';
import { organizationRow } from '../support/fixtures';

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
  return insertOrganization(
    t.db.sql,
    organizationRow({
      kind,
      name,
      associationLevel: level ?? null,
      registrationCode: kind === 'association_unit' ? null : `PRG-${n}-${Math.random().toString(36).slice(2, 8)}`,
      parentId,
    }),
  );
}
