import { ApiProperty } from '@nestjs/swagger';

/** Which API key created and last changed a record (null for records written by no key). */
export class AuthorshipDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The API key that created it',
  })
  createdByKeyId!: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The API key that last changed it',
  })
  updatedByKeyId!: string | null;
}

/** Who did something, by name: the API key and the name it was given (never its secret). */
export class ActorRefDto {
  @ApiProperty({ format: 'uuid' }) keyId!: string;
  @ApiProperty({ example: 'Maria (standards desk)' }) name!: string;
}

/** The actor for a key id, named from `names` (key id → name); null when no key did it. */
export const actorRef = (
  keyId: string | null,
  names: ReadonlyMap<string, string>,
): ActorRefDto | null => (keyId ? { keyId, name: names.get(keyId) ?? 'unknown key' } : null);
