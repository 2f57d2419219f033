/** What a source is: a person, an organisation, a government, an outlet, a document, or other. */
export const SOURCE_KINDS = [
  'person',
  'organization',
  'government',
  'outlet',
  'document',
  'other',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
