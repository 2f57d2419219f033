import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../../domain/actors.js';

export class SessionResponseDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'The API key the caller acts with (null for an anonymous reader under PUBLIC_READ)',
  })
  keyId!: string | null;
  @ApiProperty({
    description: "The key's name: who is signed in",
    example: 'Maria (standards desk)',
  })
  name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({
    enum: ['session', 'key', 'anonymous'],
    description:
      '`session`: signed in by the session cookie; `key`: by an Authorization header; `anonymous`: neither (PUBLIC_READ)',
  })
  via!: 'session' | 'key' | 'anonymous';
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the session ends unless it is used again (null for a key)',
  })
  expiresAt!: string | null;
}
