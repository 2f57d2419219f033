import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { IsInstant, LowerCaseId, OptionalNotNull } from '../../common/dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { ActorRefDto } from '../../common/authorship.dto.js';
import type { StoredAuditEntry } from '../audit-log.entity.js';
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

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Every entry concerning this claim: the claim itself (created, changed, deleted, merged away or back), its stances, links from or to it, verdicts on it, and claims merged into it',
  })
  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  claimId?: string;

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
  @ApiProperty({
    type: () => ActorRefDto,
    nullable: true,
    description: 'Who made the change: the key and its name (null when no key did)',
  })
  actor!: ActorRefDto | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ example: 'update' }) action!: string;
  @ApiProperty({ enum: AUDIT_ENTITY_TYPES }) entityType!: string;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiProperty({ type: Object, nullable: true, description: 'The record before the change' })
  before!: unknown;
  @ApiProperty({ type: Object, nullable: true, description: 'The record after the change' })
  after!: unknown;
}

export const toAuditEntryResponse = (a: StoredAuditEntry): AuditEntryResponseDto => ({
  id: a.id,
  at: a.at.toISOString(),
  keyId: a.keyId,
  actor: a.keyId ? { keyId: a.keyId, name: a.keyName ?? 'unknown key' } : null,
  requestId: a.requestId,
  action: a.action,
  entityType: a.entityType,
  entityId: a.entityId,
  before: a.before,
  after: a.after,
});
