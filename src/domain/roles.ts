// Who acts: the four roles of the service and the actor an API key or a console user becomes.
// Every permission check reads these; the stores record actors in the audit log.

export const ROLES = ['admin', 'staff', 'cooperative', 'buyer'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  keyId: string;
  name: string;
  role: Role;
  /** Set for cooperative and buyer keys: the one organization this key acts for. */
  organizationId: string | null;
}

/** Roles bound to one organization (an API key's or user's organization_id is set exactly for these). */
export const ORGANIZATION_ROLES: readonly Role[] = ['cooperative', 'buyer'];

export const boundToOrganization = (role: Role) => ORGANIZATION_ROLES.includes(role);

/**
 * Why an organization of this kind cannot hold a key or user of this role (null when it can): a
 * buyer is an enterprise; a cooperative's key acts for a cooperative, group or enterprise.
 */
export function organizationRoleProblem(role: Role, kind: string): string | null {
  if (role === 'buyer') return kind === 'enterprise' ? null : 'a buyer key or user acts for an enterprise';
  if (kind === 'association_unit') return 'must be a cooperative, group or enterprise';
  return null;
}
