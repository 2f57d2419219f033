/** The kinds of record the audit trail names. */
export const AUDIT_ENTITY_TYPES = [
  'source',
  'claim',
  'stance',
  'link',
  'review',
  'api_key',
  'import',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];
