import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn } from 'class-validator';
import { OptionalNotNull, toCommaList } from '../../common/dto.js';
import { pageOf, type Page } from '../../common/pagination.js';
import { ClaimResponseDto } from '../../claims/dto/claim.dto.js';
import { HistoryEntryResponseDto } from '../../corroboration/dto/history.dto.js';
import { LinkResponseDto } from '../../links/dto/link.dto.js';
import { ReviewResponseDto } from '../../reviews/dto/review.dto.js';
import { SourceResponseDto } from '../../sources/dto/source.dto.js';
import { StanceResponseDto } from '../../stances/dto/stance.dto.js';

/** What a claim's page may bring along with the claim. */
export const CLAIM_INCLUDES = ['stances', 'sources', 'links', 'reviews', 'history'] as const;
export type ClaimInclude = (typeof CLAIM_INCLUDES)[number];

/** How many of each included list come with the claim; the list's own route pages on. */
export const INCLUDED_PAGE = 200;

export class ClaimPageQueryDto {
  @ApiPropertyOptional({
    type: String,
    example: 'stances,sources,links,reviews,history',
    description: `What to bring along, comma-separated, any of: ${CLAIM_INCLUDES.join(', ')}`,
  })
  @OptionalNotNull()
  @Transform(toCommaList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CLAIM_INCLUDES.length)
  @IsIn(CLAIM_INCLUDES, {
    each: true,
    message: `include must be a comma-separated list of ${CLAIM_INCLUDES.join(', ')}`,
  })
  include?: ClaimInclude[];
}

const StancePageDto = pageOf(StanceResponseDto, 'StancePageDto');
const LinkPageDto = pageOf(LinkResponseDto, 'LinkPageDto');
const ReviewPageDto = pageOf(ReviewResponseDto, 'ReviewPageDto');
const HistoryPageDto = pageOf(HistoryEntryResponseDto, 'HistoryPageDto');

const included = (what: string) =>
  `With include=${what}: the first ${INCLUDED_PAGE}, as its own list route answers them; pass nextCursor to that route for more`;

/** A claim, and what `include` asked for. */
export class ClaimPageResponseDto extends ClaimResponseDto {
  @ApiPropertyOptional({
    type: () => StancePageDto,
    description: `${included('stances')} (GET /v1/claims/{id}/stances)`,
  })
  stances?: Page<StanceResponseDto>;

  @ApiPropertyOptional({
    type: () => SourceResponseDto,
    isArray: true,
    description:
      'With include=sources: every source the included stances name (as source or relay), and the root source of each of their independence groups',
  })
  sources?: SourceResponseDto[];

  @ApiPropertyOptional({
    type: () => LinkPageDto,
    description: `${included('links')} (GET /v1/claims/{id}/links): links from and to the claim`,
  })
  links?: Page<LinkResponseDto>;

  @ApiPropertyOptional({
    type: () => ReviewPageDto,
    description: `${included('reviews')} (GET /v1/claims/{id}/reviews): verdicts, newest first`,
  })
  reviews?: Page<ReviewResponseDto>;

  @ApiPropertyOptional({
    type: () => HistoryPageDto,
    description: `${included('history')} (GET /v1/claims/{id}/history): status and score changes`,
  })
  history?: Page<HistoryEntryResponseDto>;
}
