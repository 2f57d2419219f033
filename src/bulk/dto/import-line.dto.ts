import { IsIn, IsString, IsUUID, Length } from 'class-validator';
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
export const LINE_TYPES = ['source', 'claim', 'stance', 'link'] as const;
export type LineType = (typeof LINE_TYPES)[number];

export const MAX_KEY_LENGTH = 200;

export class SourceLineDto extends CreateSourceDto {
  @IsIn(['source'])
  type!: 'source';

  @OptionalNotNull()
  @IsString()
  @Length(1, MAX_KEY_LENGTH)
  key?: string;

  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  id?: string;

  @OptionalNotNull()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  createdAt?: string;

  @OptionalNotNull()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  updatedAt?: string;
}

export class ClaimLineDto extends CreateClaimDto {
  @IsIn(['claim'])
  type!: 'claim';

  @OptionalNotNull()
  @IsString()
  @Length(1, MAX_KEY_LENGTH)
  key?: string;

  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  id?: string;

  @OptionalNotNull()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  createdAt?: string;

  @OptionalNotNull()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
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

export class StanceLineDto extends CreateStanceDto {
  @IsIn(['stance'])
  type!: 'stance';

  @OptionalNotNull()
  @IsString()
  @Length(1, MAX_KEY_LENGTH)
  key?: string;

  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  id?: string;

  @LowerCaseId()
  @IsUUID('all')
  claimId!: string;

  @OptionalNotNull()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  recordedAt?: string;

  @OptionalNotNull()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  updatedAt?: string;
}

export class LinkLineDto extends CreateLinkDto {
  @IsIn(['link'])
  type!: 'link';

  @OptionalNotNull()
  @IsString()
  @Length(1, MAX_KEY_LENGTH)
  key?: string;

  @OptionalNotNull()
  @LowerCaseId()
  @IsUUID('all')
  id?: string;

  @LowerCaseId()
  @IsUUID('all')
  fromClaimId!: string;

  @OptionalNotNull()
  @IsInstant({ maxFutureMs: MAX_FUTURE_MS })
  createdAt?: string;
}

export const LINE_DTOS = {
  source: SourceLineDto,
  claim: ClaimLineDto,
  stance: StanceLineDto,
  link: LinkLineDto,
} as const;

/** The fields of each type that refer to another record, and the type they refer to. */
export const REFERENCES: Record<LineType, readonly { field: string; to: 'source' | 'claim' }[]> = {
  source: [{ field: 'affiliatedWithId', to: 'source' }],
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
};
