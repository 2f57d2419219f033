import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { ActorRefDto } from '../../common/authorship.dto.js';
import { IsInstant, LowerCaseId, OptionalNotNull } from '../../common/dto.js';
import { ACTIVITY_ACTIONS, type ActivityAction } from '../../domain/activity.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims.js';

/** How many claims a page of activity holds by default, and at most. */
export const ACTIVITY_PAGE = { default: 20, max: 50 };
/**
 * How many audit entries, and how many status changes, one answer weighs to find the claims changed
 * in a span: the newest of each. A busier span is answered for its newest changes, and says so.
 */
export const ACTIVITY_SCAN_CAP = 5_000;
/** How many of each claim's changes an answer tells, newest first. */
export const CHANGES_PER_CLAIM = 20;

export class ActivityQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-05T08:00:00Z',
    description: 'Changes made at or after this moment. Default: 24 hours before the request',
  })
  @OptionalNotNull()
  @IsInstant({ maxFutureMs: 5 * 60_000 })
  since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Changes made before this moment. Default: none (up to now)',
  })
  @OptionalNotNull()
  @IsInstant()
  until?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: `Only the changes this API key made, among the span's newest ${ACTIVITY_SCAN_CAP.toLocaleString('en')} (\`complete: false\` when the span held more)`,
  })
  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  keyId?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: ACTIVITY_PAGE.max,
    default: ACTIVITY_PAGE.default,
    description: 'Claims per page',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(ACTIVITY_PAGE.max)
  limit: number = ACTIVITY_PAGE.default;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}

export class StatusEffectDto {
  @ApiProperty({
    enum: CLAIM_STATUSES,
    nullable: true,
    description: 'Null when it created the claim',
  })
  fromStatus!: ClaimStatus | null;
  @ApiProperty({ enum: CLAIM_STATUSES }) toStatus!: ClaimStatus;
  @ApiProperty({ type: Number, nullable: true }) fromScore!: number | null;
  @ApiProperty() toScore!: number;
}

export class ActivityChangeDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({
    type: () => ActorRefDto,
    nullable: true,
    description:
      'Who made it: the key and its name (null when no key did: a recompute, the server)',
  })
  actor!: ActorRefDto | null;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ enum: ACTIVITY_ACTIONS }) action!: ActivityAction;
  @ApiProperty({
    example: 'added a stance: White House denies',
    description: 'What it did, in one sentence without the actor',
  })
  summary!: string;
  @ApiProperty({ example: 'stance', description: 'The kind of record written' })
  entityType!: string;
  @ApiProperty({ format: 'uuid' }) entityId!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'Its entry in the audit trail (null for a status change no write on the claim explains)',
  })
  auditId!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: "Its entry in the claim's status history, when it moved the status or score",
  })
  historyId!: number | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The other claim of a link or merge',
  })
  relatedClaimId!: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The source whose stance it added, corrected or deleted',
  })
  sourceId!: string | null;
  @ApiProperty({
    type: () => StatusEffectDto,
    nullable: true,
    description: "What it did to the claim's status and score (null when it moved neither)",
  })
  effect!: StatusEffectDto | null;
}

export class ClaimActivityDto {
  @ApiProperty({ format: 'uuid' }) claimId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Its statement (as last recorded, for a deleted claim)',
  })
  statement!: string | null;
  @ApiProperty({ enum: CLAIM_STATUSES, nullable: true, description: 'Now; null once deleted' })
  status!: ClaimStatus | null;
  @ApiProperty({ type: Number, nullable: true }) score!: number | null;
  @ApiProperty({ description: 'The claim has been deleted since' }) deleted!: boolean;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The claim it is merged into, if it is merged',
  })
  mergedIntoId!: string | null;
  @ApiProperty({
    enum: CLAIM_STATUSES,
    nullable: true,
    description: 'Its status at `since` (null when it did not exist yet)',
  })
  statusAtSince!: ClaimStatus | null;
  @ApiProperty({ format: 'date-time', description: 'Its newest change in the span' })
  lastChangedAt!: string;
  @ApiProperty({
    type: [ActivityChangeDto],
    description: `Its changes in the span, newest first: at most ${CHANGES_PER_CLAIM}`,
  })
  changes!: ActivityChangeDto[];
  @ApiProperty({
    description: `It has more changes in the span than the ${CHANGES_PER_CLAIM} told; its audit trail and history have them all`,
  })
  more!: boolean;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ClaimActivityDto] }) items!: ClaimActivityDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty({ format: 'date-time', description: 'The span’s start, as applied' }) since!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) until!: string | null;
  @ApiProperty({
    description:
      'False when the span held more changes than one answer weighs: the claims are those of its newest changes; narrow the span to see the rest',
  })
  complete!: boolean;
}
