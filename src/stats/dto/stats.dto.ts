import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { LowerCaseId, OptionalNotNull } from '../../common/dto.js';
import { TallyDto } from '../../corroboration/dto/corroboration-response.dto.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims.js';
import { DEFAULT_RANGE_DAYS, MAX_RANGE_DAYS, STATS_SECTIONS } from '../stats.rules.js';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value;

const SECTION = `(${STATS_SECTIONS.join('|')})`;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class StatsQueryDto {
  @ApiPropertyOptional({
    description: `Comma-separated sections to answer: ${STATS_SECTIONS.join(', ')}. Default: all of them`,
    example: 'claims,mostDisputed',
  })
  @OptionalNotNull()
  @IsString()
  @Matches(new RegExp(`^${SECTION}(,${SECTION})*$`), {
    message: `include must be a comma-separated list of ${STATS_SECTIONS.join(', ')}`,
  })
  include?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2017-10-01',
    description: `First UTC day of the status changes (included). Default: ${DEFAULT_RANGE_DAYS} days ending at \`to\`, counting both`,
  })
  @OptionalNotNull()
  @IsString()
  @Matches(DAY, { message: 'from must be a calendar day, YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({
    format: 'date',
    example: '2017-10-31',
    description: `Last UTC day of the status changes (included); at most ${MAX_RANGE_DAYS} days after \`from\`. Default: today`,
  })
  @OptionalNotNull()
  @IsString()
  @Matches(DAY, { message: 'to must be a calendar day, YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 200,
    default: 20,
    description: 'How many tags, most claims first',
  })
  @OptionalNotNull()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  tagLimit: number = 20;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    default: 10,
    description: 'How many of the most disputed claims',
  })
  @OptionalNotNull()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  disputedLimit: number = 10;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 200,
    default: 50,
    description: 'How many pairs of groups, most shared claims first',
  })
  @OptionalNotNull()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  agreementLimit: number = 50;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "Only this independence group's pairs, with it as groupA (a member source's id stands for its group)",
  })
  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  groupId?: string;
}

export class StatusCountsDto {
  @ApiProperty() unsourced!: number;
  @ApiProperty() disputed!: number;
  @ApiProperty() denied!: number;
  @ApiProperty() corroborated!: number;
  @ApiProperty() retracted!: number;
  @ApiProperty() unverified!: number;
}

export class ClaimCountsDto {
  @ApiProperty({ description: 'Live claims (merged duplicates not counted)' }) total!: number;
  @ApiProperty({ type: () => StatusCountsDto }) byStatus!: StatusCountsDto;
}

export class TagCountsDto {
  @ApiProperty({ example: 'iran' }) tag!: string;
  @ApiProperty({ description: 'Live claims with this tag' }) claims!: number;
  @ApiProperty({ type: () => StatusCountsDto }) byStatus!: StatusCountsDto;
}

export class DayChangesDto {
  @ApiProperty({ format: 'date', example: '2017-10-30' }) day!: string;
  @ApiProperty({ description: 'Status changes that day, all claims' }) changes!: number;
  @ApiProperty({
    type: () => StatusCountsDto,
    description: 'The changes by the status claims moved to',
  })
  toStatus!: StatusCountsDto;
}

export class StatusChangesDto {
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ format: 'date' }) to!: string;
  @ApiProperty({ example: 'UTC', description: 'Days are UTC days' }) timeZone!: string;
  @ApiProperty({ description: 'Status changes over the whole range' }) total!: number;
  @ApiProperty({
    type: () => DayChangesDto,
    isArray: true,
    description: 'Every day of the range, oldest first, days without changes included',
  })
  days!: DayChangesDto[];
}

export class DisputedClaimDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() statement!: string;
  @ApiProperty({ type: String, isArray: true }) tags!: string[];
  @ApiProperty({ minimum: 0, maximum: 1 }) score!: number;
  @ApiProperty({ type: () => TallyDto }) support!: TallyDto;
  @ApiProperty({ type: () => TallyDto }) refute!: TallyDto;
  @ApiProperty({ format: 'date-time', description: 'When it became disputed' })
  statusChangedAt!: string;
}

export class GroupRefDto {
  @ApiProperty({ format: 'uuid', description: 'The root source of the independence group' })
  id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

export class GroupAgreementDto {
  @ApiProperty({ type: () => GroupRefDto }) groupA!: GroupRefDto;
  @ApiProperty({ type: () => GroupRefDto }) groupB!: GroupRefDto;
  @ApiProperty({ description: 'Claims both support, or both refute' }) agree!: number;
  @ApiProperty({ description: 'Claims one supports and the other refutes' }) disagree!: number;
  @ApiProperty({
    description:
      'Claims both took a position on: agree + disagree, plus those where either only doubts or is split (members on both sides)',
  })
  sharedClaims!: number;
}

export class StatsResponseDto {
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiPropertyOptional({ type: () => ClaimCountsDto, description: 'Live claims by status' })
  claims?: ClaimCountsDto;
  @ApiPropertyOptional({
    type: () => TagCountsDto,
    isArray: true,
    description: 'Live claims by tag and status, most claims first (then by tag)',
  })
  tags?: TagCountsDto[];
  @ApiPropertyOptional({
    type: () => StatusChangesDto,
    description: 'Status changes per UTC day (creations and score-only changes not counted)',
  })
  statusChanges?: StatusChangesDto;
  @ApiPropertyOptional({
    type: () => DisputedClaimDto,
    isArray: true,
    description:
      'Disputed claims, the weaker side’s independent groups most first, then all groups, then the latest to become disputed',
  })
  mostDisputed?: DisputedClaimDto[];
  @ApiPropertyOptional({
    type: () => GroupAgreementDto,
    isArray: true,
    description: 'Pairs of independence groups by the claims they share, most first',
  })
  agreement?: GroupAgreementDto[];
}

/** The six statuses, zero where a count has none. */
export function statusCounts(counts: Partial<Record<ClaimStatus, number>>): StatusCountsDto {
  return Object.fromEntries(
    CLAIM_STATUSES.map((s) => [s, counts[s] ?? 0]),
  ) as unknown as StatusCountsDto;
}
