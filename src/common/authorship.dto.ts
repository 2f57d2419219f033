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

export const authorshipOf = (r: {
  createdByKeyId: string | null;
  updatedByKeyId: string | null;
}): AuthorshipDto => ({
  createdByKeyId: r.createdByKeyId,
  updatedByKeyId: r.updatedByKeyId,
});
