// Who acts: the three roles of the service and the actor an API key or a console user becomes.
// Every permission check reads these; the stores record actors in the audit log.

export const ROLES = ['admin', 'staff', 'cooperative'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  keyId: string;
  name: string;
  role: Role;
  /** Set for cooperative keys: the one organization this key acts for. */
  organizationId: string | null;
}
