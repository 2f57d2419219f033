import type { ValueTransformer } from 'typeorm';

/** `double precision` and `timestamptz` arrive as the JS types the code expects on both drivers. */
export const numeric: ValueTransformer = {
  to: (v: unknown) => v,
  from: (v: unknown) => (v === null || v === undefined ? v : Number(v)),
};

export const date: ValueTransformer = {
  to: (v: unknown) => v,
  from: (v: unknown) =>
    v === null || v === undefined ? v : v instanceof Date ? v : new Date(v as string),
};

/** SQL list of quoted literals for a CHECK constraint built from a constant enum. */
export const sqlList = (values: readonly string[]): string =>
  values.map((v) => `'${v}'`).join(', ');
