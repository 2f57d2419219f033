import { applyDecorators } from '@nestjs/common';
import { OmitType } from '@nestjs/swagger';
import { IsIn, IsNumber, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { CLAIM_STATUSES, type ClaimStatus } from '../../domain/claims.js';
import { CreateReviewDto } from '../../reviews/dto/review.dto.js';
import { IsInstant, LowerCaseId, Nullable, OptionalNotNull } from '../../common/dto.js';
import { CreateClaimDto } from '../../claims/dto/claim.dto.js';
import { CreateLinkDto } from '../../links/dto/link.dto.js';
import { CreateSourceDto } from '../../sources/dto/source.dto.js';
import { CreateStanceDto, MAX_FUTURE_MS } from '../../stances/dto/stance.dto.js';

/**
 * One line of an import file, per type: the API's own create body (so the rules cannot drift apart)
 * plus what a file needs besides — `type`, a `key` other lines may refer to, the `id` to store the
 * record under, the stored timestamps an export writes, and the references the API takes from the
 * path. References arrive here already resolved: a key has been replaced by the id it names.
 */
export const LINE_TYPES = ['source', 'claim', 'stance', 'link', 'review'] as const;
export type LineType = (typeof LINE_TYPES)[number];

export const MAX_KEY_LENGTH = 200;

/** `key`: the name later lines of the file may use for this record. */
const LineKey = () => applyDecorators(OptionalNotNull(), IsString(), Length(1, MAX_KEY_LENGTH));
/** `id`: the id to store the record under (an export writes it; a new one is made without it). */
const RecordId = () => applyDecorators(OptionalNotNull(), LowerCaseId(), IsUUID('all'));
/** A stored timestamp an export writes, so a round trip keeps it. */
const StoredAt = () =>
  applyDecorators(OptionalNotNull(), IsInstant({ maxFutureMs: MAX_FUTURE_MS }));
/** A reference the API takes from the path, already resolved from a key to an id here. */
const Reference = () => applyDecorators(LowerCaseId(), IsUUID('all'));

export class SourceLineDto extends CreateSourceDto {
  @IsIn(['source'])
  type!: 'source';

  @LineKey()
  key?: string;

  @RecordId()
  id?: string;

  @StoredAt()
  createdAt?: string;

  @StoredAt()
  updatedAt?: string;

  /** A duplicate merged into another source keeps only its pointer to the survivor. */
  @Nullable()
  @LowerCaseId()
  @IsUUID('all')
  mergedIntoId?: string | null;

  @Nullable()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  mergedAt?: string | null;
}

export class ClaimLineDto extends CreateClaimDto {
  @IsIn(['claim'])
  type!: 'claim';

  @LineKey()
  key?: string;

  @RecordId()
  id?: string;

  @StoredAt()
  createdAt?: string;

  @StoredAt()
  updatedAt?: string;

  /** A duplicate folded into another claim keeps only its pointer to the survivor. */
  @Nullable()
  @LowerCaseId()
  @IsUUID('all')
  mergedIntoId?: string | null;

  @Nullable()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  mergedAt?: string | null;
}

/** A file refers to sources by key or id only: a name (`source`, `via`) is for the API's writes. */
export class StanceLineDto extends OmitType(CreateStanceDto, [
  'sourceId',
  'source',
  'via',
] as const) {
  @IsIn(['stance'])
  type!: 'stance';

  @Reference()
  sourceId!: string;

  @LineKey()
  key?: string;

  @RecordId()
  id?: string;

  @Reference()
  claimId!: string;

  @StoredAt()
  recordedAt?: string;

  @StoredAt()
  updatedAt?: string;
}

export class LinkLineDto extends CreateLinkDto {
  @IsIn(['link'])
  type!: 'link';

  @LineKey()
  key?: string;

  @RecordId()
  id?: string;

  @Reference()
  fromClaimId!: string;

  @StoredAt()
  createdAt?: string;
}

/**
 * An editor's verdict on a claim. The claim's status and score when it was given, and when, are
 * stored values (an export writes them; only an admin may import them); without them, the verdict
 * is taken as given now, on the claim as the import leaves it.
 */
export class ReviewLineDto extends CreateReviewDto {
  @IsIn(['review'])
  type!: 'review';

  @RecordId()
  id?: string;

  @Reference()
  claimId!: string;

  @OptionalNotNull()
  @IsIn(CLAIM_STATUSES)
  statusAtReview?: ClaimStatus;

  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  scoreAtReview?: number;

  @StoredAt()
  createdAt?: string;
}

export const LINE_DTOS = {
  source: SourceLineDto,
  claim: ClaimLineDto,
  stance: StanceLineDto,
  link: LinkLineDto,
  review: ReviewLineDto,
} as const;

/** The fields of each type that refer to another record, and the type they refer to. */
export const REFERENCES: Record<LineType, readonly { field: string; to: 'source' | 'claim' }[]> = {
  source: [
    { field: 'affiliatedWithId', to: 'source' },
    { field: 'mergedIntoId', to: 'source' },
  ],
  claim: [{ field: 'mergedIntoId', to: 'claim' }],
  stance: [
    { field: 'claimId', to: 'claim' },
    { field: 'sourceId', to: 'source' },
    { field: 'viaSourceId', to: 'source' },
  ],
  link: [
    { field: 'fromClaimId', to: 'claim' },
    { field: 'toClaimId', to: 'claim' },
  ],
  review: [{ field: 'claimId', to: 'claim' }],
};
