import { Column, ForeignKey } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity.js';

/** A nullable reference to the API key that wrote a record, with a hand-named foreign key. */
export function ByKey(
  column: 'created_by_key_id' | 'updated_by_key_id',
  constraint: string,
): PropertyDecorator {
  return (target, property) => {
    Column({ name: column, type: 'uuid', nullable: true })(target, property);
    ForeignKey(() => ApiKeyEntity, 'id', { name: constraint, onDelete: 'RESTRICT' })(
      target,
      property,
    );
  };
}

/** Who is making a request: an API key, or an anonymous reader when PUBLIC_READ is on. */
export interface Actor {
  keyId: string | null;
  role: ApiKeyEntity['role'];
  name: string;
  /** The request it is acting in, for the audit trail and history. */
  requestId: string | null;
}
