import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
  IsObject,
} from 'class-validator';
import {
  IsInstant,
  IsLanguageTag,
  LowerCaseId,
  NormaliseList,
  Nullable,
  OptionalNotNull,
  Trim,
} from '../../common/dto.js';
import { PageQueryDto } from '../../common/pagination.js';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims.js';
import { AssessmentDto, TallyDto } from '../../corroboration/dto/corroboration-response.dto.js';
import { OUTCOMES, type Outcome } from '../../domain/outcomes.js';
import { CreateStanceDto, StanceResponseDto } from '../../stances/dto/stance.dto.js';
import type { ClaimEntity } from '../claim.entity.js';
import {
  REVIEW_STATES,
  VERDICTS,
  type ReviewState,
  type Verdict,
} from '../../domain/review.rules.js';
import { AuthorshipDto } from '../../common/authorship.dto.js';

/** At most this many stances inline in one `POST /v1/claims`. */
export const MAX_INLINE_STANCES = 200;

/** The review state stored with a claim: what editors last decided, and whether it still holds. */
export class ClaimReviewStateDto {
  @ApiProperty({
    enum: REVIEW_STATES,
    description: 'needs_review: the status moved after the last verdict',
  })
  state!: ReviewState;

  @ApiProperty({ enum: VERDICTS, nullable: true }) verdict!: Verdict | null;

  @ApiProperty({
    description: 'The verdict contradicts the current evidence (e.g. true on a denied claim)',
  })
  divergent!: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reviewedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) reviewedByKeyId!: string | null;
}

export class CreateClaimDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 2000,
    example: 'Donald Trump requested a bilateral meeting with Hassan Rouhani.',
  })
  @Trim()
  @IsString()
  @Length(3, 2000)
  statement!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 10000 })
  @Nullable()
  @IsString()
  @MaxLength(10000)
  context?: string | null;

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    maxItems: 50,
    description: 'Lower-cased and de-duplicated',
    example: ['iran'],
  })
  @OptionalNotNull()
  @NormaliseList({ lower: true })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the claimed event is said to have happened',
  })
  @Nullable()
  @IsInstant()
  occurredAt?: string | null;

  @ApiPropertyOptional({ default: 'en', description: 'BCP-47 language tag' })
  @OptionalNotNull()
  @IsLanguageTag()
  language?: string;

  @ApiPropertyOptional({
    type: () => CreateStanceDto,
    isArray: true,
    maxItems: MAX_INLINE_STANCES,
    description: 'Stored atomically with the claim',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_INLINE_STANCES)
  // An item that is not an object (an array, a string) would pass as a stance with no fields.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CreateStanceDto)
  stances?: CreateStanceDto[];
}

export class UpdateClaimDto extends PartialType(
  OmitType(CreateClaimDto, ['stances', 'language'] as const),
  // Absent leaves a field alone; null is refused unless the field is nullable (then it clears it).
  { skipNullProperties: false },
) {
  @ApiPropertyOptional({ description: 'BCP-47 language tag' })
  @OptionalNotNull()
  @IsLanguageTag()
  language?: string;
}

export const CLAIM_SORTS = [
  '-updatedAt',
  '-score',
  'score',
  '-statusChangedAt',
  'relevance',
  '-likelihood',
  'likelihood',
] as const;
export type ClaimSort = (typeof CLAIM_SORTS)[number];

export class ListClaimsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CLAIM_STATUSES })
  @OptionalNotNull()
  @IsIn(CLAIM_STATUSES)
  status?: ClaimStatus;

  @ApiPropertyOptional({ description: 'Claims carrying this tag' })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 64)
  tag?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Claims this source has taken a stance on' })
  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  sourceId?: string;

  @ApiPropertyOptional({
    description:
      'Full-text search of statement and context in web-search syntax: words, "quoted phrases", -excluded, or. ' +
      'Each claim is matched in its own language (stemmed where PostgreSQL has a dictionary for it). Results are ranked by relevance unless another sort is given, and carry a highlighted snippet.',
  })
  @OptionalNotNull()
  @Trim()
  @IsString()
  @Length(1, 500)
  q?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Claims changed at or after this moment',
  })
  @OptionalNotNull()
  @IsInstant()
  updatedSince?: string;

  @ApiPropertyOptional({
    enum: OUTCOMES,
    description:
      'Claims whose learned assessment finds this outcome the likeliest (claims not yet assessed are left out)',
  })
  @OptionalNotNull()
  @IsIn(OUTCOMES)
  likely?: Outcome;

  @ApiPropertyOptional({
    enum: CLAIM_SORTS,
    description:
      'Default: relevance with q, otherwise -updatedAt. relevance needs q. likelihood: the probability of the likeliest outcome in the learned assessment (claims not yet assessed are left out); with likely=false, -likelihood lists the surest false first.',
  })
  @OptionalNotNull()
  @IsIn(CLAIM_SORTS)
  sort?: ClaimSort;
}

export class ClaimResponseDto extends AuthorshipDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() statement!: string;
  @ApiProperty({ type: String, nullable: true }) context!: string | null;
  @ApiProperty({ type: String, isArray: true }) tags!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) occurredAt!: string | null;
  @ApiProperty() language!: string;
  @ApiProperty({ enum: CLAIM_STATUSES, description: 'Derived from the effective stances' })
  status!: ClaimStatus;
  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description: 'Credence from 0 to 1; 0.5 with no evidence',
  })
  score!: number;
  @ApiProperty({ type: () => TallyDto }) support!: TallyDto;
  @ApiProperty({ type: () => TallyDto }) refute!: TallyDto;
  @ApiProperty({ format: 'date-time' }) statusChangedAt!: string;
  @ApiProperty({
    description: 'Increments on every change, its status and stances included; send as If-Match',
  })
  version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Moves on any change, stances included' })
  updatedAt!: string;
  @ApiProperty({ type: () => ClaimReviewStateDto }) review!: ClaimReviewStateDto;
  @ApiProperty({
    description:
      'It depends_on a claim that is now disputed or denied, so its own truth is in doubt',
  })
  dependsOnContested!: boolean;

  @ApiPropertyOptional({
    type: () => AssessmentDto,
    description:
      "The learned prediction of the verdict from its sources' track records, beside status and score (which it does not change); absent until first computed, moments after the claim is created",
  })
  assessment?: AssessmentDto;
}

export class SearchMatchDto {
  @ApiProperty({ description: 'Relevance to q (cover density); higher is better' }) rank!: number;
  @ApiProperty({
    description:
      'The best passages of statement and context, HTML-escaped, with the matched words in <mark>…</mark>',
    example: 'Trump <mark>requested</mark> a <mark>meeting</mark> with Rouhani',
  })
  snippet!: string;
}

export class ClaimListItemDto extends ClaimResponseDto {
  @ApiPropertyOptional({ type: () => SearchMatchDto, description: 'Present when searching with q' })
  match?: SearchMatchDto;
}

export class SimilarClaimDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() statement!: string;
  @ApiProperty({ enum: CLAIM_STATUSES }) status!: ClaimStatus;
  @ApiProperty({
    minimum: 0,
    maximum: 1,
    description:
      'Share of the two statements’ distinct words (stemmed, without stop words) they have in common',
  })
  similarity!: number;
}

export class CreatedClaimResponseDto extends ClaimResponseDto {
  @ApiProperty({
    type: () => SimilarClaimDto,
    isArray: true,
    description:
      'Live claims in the same language whose statements say mostly the same words, most alike first: merge this one into one of them if it is a duplicate',
  })
  possibleDuplicates!: SimilarClaimDto[];

  @ApiProperty({
    type: () => StanceResponseDto,
    isArray: true,
    description: 'The inline stances, as stored',
  })
  stances!: StanceResponseDto[];
}

/** What a claim response shows beyond the stored row: derived from other claims when read. */
export interface ClaimDerived {
  dependsOnContested: boolean;
  assessment?: AssessmentDto;
}

/** The claim as the API shows it. */
export function toClaimResponse(c: ClaimEntity, derived: ClaimDerived): ClaimResponseDto {
  // Set on the snapshot rather than spread into a new object: lists map fifty claims an answer,
  // and copying a literal this size by spreading cost several times building it.
  const response: Omit<ClaimResponseDto, keyof ClaimDerived> & Partial<ClaimDerived> =
    toClaimSnapshot(c);
  response.dependsOnContested = derived.dependsOnContested;
  if (derived.assessment !== undefined) response.assessment = derived.assessment;
  return response as ClaimResponseDto;
}

/**
 * The stored claim, without what is derived from other claims: what audit entries record. Every
 * field is written out (no spread of a shared part): spreading into a literal this size made it
 * about eight times dearer to build and three times dearer to serialise.
 */
export function toClaimSnapshot(c: ClaimEntity): Omit<ClaimResponseDto, keyof ClaimDerived> {
  return {
    createdByKeyId: c.createdByKeyId,
    updatedByKeyId: c.updatedByKeyId,
    id: c.id,
    statement: c.statement,
    context: c.context,
    tags: c.tags,
    occurredAt: c.occurredAt ? c.occurredAt.toISOString() : null,
    language: c.language,
    status: c.status,
    score: c.score,
    support: { groups: c.supportGroups, sources: c.supportSources },
    refute: { groups: c.refuteGroups, sources: c.refuteSources },
    statusChangedAt: c.statusChangedAt.toISOString(),
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    review: {
      state: c.reviewState,
      verdict: c.reviewVerdict,
      divergent: c.reviewDivergent,
      reviewedAt: c.reviewedAt ? c.reviewedAt.toISOString() : null,
      reviewedByKeyId: c.reviewedByKeyId,
    },
  };
}
