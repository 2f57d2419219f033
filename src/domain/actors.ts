/** Who may do what: API-key roles, and the caller a request acts for. */

export const ROLES = ['viewer', 'analyst', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A role may do everything the roles before it may. */
export const roleAtLeast = (role: Role, required: Role): boolean =>
  ROLES.indexOf(role) >= ROLES.indexOf(required);

/** Who is making a request: an API key, or an anonymous reader when PUBLIC_READ is on. */
export interface Actor {
  keyId: string | null;
  role: Role;
  name: string;
  /** The request it is acting in, for the audit trail and history. */
  requestId: string | null;
}
