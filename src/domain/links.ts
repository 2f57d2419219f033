/** How one claim relates to another. `part_of` and `depends_on` are directed and never cycle. */
export const LINK_KINDS = ['part_of', 'depends_on', 'contradicts', 'related'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
