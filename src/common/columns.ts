import { Column, ForeignKey, getMetadataArgsStorage, type ValueTransformer } from 'typeorm';

/** `double precision` and `timestamptz` arrive as the JS types the code expects on both drivers. */
export const numeric: ValueTransformer = {
  to: (v: unknown) => v,
  from: (v: unknown) => (v === null || v === undefined ? v : Number(v)),
};

/** jsonb as the driver gives it: parsed by pg, a string from some drivers. */
export const parsedJson = (value: unknown): unknown =>
  typeof value === 'string' ? (JSON.parse(value) as unknown) : value;

export const date: ValueTransformer = {
  to: (v: unknown) => v,
  from: (v: unknown) =>
    v === null || v === undefined ? v : v instanceof Date ? v : new Date(v as string),
};

/** SQL list of quoted literals for a CHECK constraint built from a constant enum. */
export const sqlList = (values: readonly string[]): string =>
  values.map((v) => `'${v}'`).join(', ');

/** A `timestamptz(3) NOT NULL DEFAULT now()` column read as a Date: when a record was written. */
export const Timestamp = (name: 'created_at' | 'updated_at'): PropertyDecorator =>
  Column({
    name,
    type: 'timestamptz',
    precision: 3,
    nullable: false,
    default: () => 'now()',
    transformer: date,
  });

/** A nullable reference to the API key that wrote a record, with a hand-named foreign key. */
export function ByKey(
  column: 'created_by_key_id' | 'updated_by_key_id',
  constraint: string,
): PropertyDecorator {
  return (target, property) => {
    Column({ name: column, type: 'uuid', nullable: true })(target, property);
    // Named by string so that entities need not import the API-key feature.
    ForeignKey('ApiKeyEntity', 'id', { name: constraint, onDelete: 'RESTRICT' })(target, property);
  };
}

/**
 * The select list for an entity's columns: `alias.column AS "property"` for each property named
 * (every column when none is), read from the entity's decorators. So each table's columns are
 * written once, on its entity, and raw SQL reads rows shaped like the entity, properties and all,
 * without aliases typed out by hand. Static: usable in prepared statements built at load time.
 */
export function selectColumns<E>(
  entity: abstract new () => E,
  alias: string | null,
  properties?: readonly (keyof E & string)[],
): string {
  const declared = getMetadataArgsStorage()
    .columns.filter((c) => c.target === entity)
    .map((c) => ({ property: c.propertyName, column: c.options.name ?? c.propertyName }));
  const wanted = properties ?? declared.map((c) => c.property as keyof E & string);
  return wanted
    .map((property) => {
      const found = declared.find((c) => c.property === property);
      if (!found) throw new Error(`${entity.name} has no column ${property}`);
      const column = `${alias ? `${alias}.` : ''}"${found.column}"`;
      return found.column === property ? column : `${column} AS "${property}"`;
    })
    .join(', ');
}
