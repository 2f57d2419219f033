import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { IsInstant, LowerCaseId, OptionalNotNull } from '../../common/dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import type { AuditLogEntity } from '../audit-log.entity.js';
import { AUDIT_ENTITY_TYPES } from '../../domain/audit.js';

export class ListAuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_ENTITY_TYPES })
  @OptionalNotNull()
  @IsIn(AUDIT_ENTITY_TYPES)
  entityType?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The API key that made the change' })
  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  keyId?: string;

  @ApiPropertyOptional({ example: 'update' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 64)
  action?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'At or after' })
  @OptionalNotNull()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before' })
  @OptionalNotNull()
  @IsInstant()
  to?: string;
}

export class AuditEntryResponseDto {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) keyId!: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ example: 'update' }) action!: string;
  @ApiProperty({ enum: AUDIT_ENTITY_TYPES }) entityType!: string;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiProperty({ type: Object, nullable: true, description: 'The record before the change' })
  before!: unknown;
  @ApiProperty({ type: Object, nullable: true, description: 'The record after the change' })
  after!: unknown;
}

export const toAuditEntryResponse = (a: AuditLogEntity): AuditEntryResponseDto => ({
  id: a.id,
  at: a.at.toISOString(),
  keyId: a.keyId,
  requestId: a.requestId,
  action: a.action,
  entityType: a.entityType,
  entityId: a.entityId,
  before: a.before,
  after: a.after,
});
