import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { Trim } from '../../common/dto.js';
import { ROLES, type Role } from '../../domain/actors.js';
import { type ApiKeyEntity } from '../api-key.entity.js';

const ROLE_TEXT =
  'viewer reads; analyst also creates and edits; editor also deletes and corrects others’ stances; admin also manages keys';

export class CreateApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'research desk' })
  @Trim()
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: ROLES, description: ROLE_TEXT })
  @IsIn(ROLES)
  role!: Role;
}

export class ApiKeyResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES, description: ROLE_TEXT }) role!: Role;
  @ApiProperty({ description: 'The start of the key, to recognise it', example: 'cg_Xk3v9Q' })
  prefix!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdByKeyId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt!: string | null;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  @ApiProperty({
    description: 'The secret, shown this once; send it as `Authorization: Bearer <key>`',
  })
  key!: string;
}

export function toApiKeyResponse(k: ApiKeyEntity): ApiKeyResponseDto {
  return {
    id: k.id,
    name: k.name,
    role: k.role,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    createdByKeyId: k.createdByKeyId,
    revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
  };
}
