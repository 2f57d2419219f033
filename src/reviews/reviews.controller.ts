import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../domain/actors.js';
import { CurrentActor, RequireRole } from '../common/auth.decorators.js';
import { ClaimViews } from '../claims/claim-views.js';
import { ApiCreated, ApiOk, ApiProblems } from '../common/openapi.js';
import { pageOf, PageQueryDto, type Page } from '../common/pagination.js';
import { UuidPipe } from '../common/params.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import {
  CreateReviewDto,
  QueueItemDto,
  WithdrawnReviewResponseDto,
  WithdrawReviewDto,
  ReviewQueueQueryDto,
  ReviewResponseDto,
  toReviewResponse,
  toStatusChange,
} from './dto/review.dto.js';
import { ReviewsService } from './reviews.service.js';

const ReviewPageDto = pageOf(ReviewResponseDto, 'ReviewPageDto');
const QueuePageDto = pageOf(QueueItemDto, 'ReviewQueuePageDto');
const CLAIM_REVIEW_SCHEMA = {
  type: 'object',
  description: 'schema.org ClaimReview (JSON-LD)',
  additionalProperties: true,
};

@ApiTags('reviews')
@Controller('v1')
export class ReviewsController {
  constructor(
    private readonly reviews: ReviewsService,
    private readonly views: ClaimViews,
    private readonly corroboration: CorroborationService,
    private readonly keys: ApiKeysService,
  ) {}

  @Post('claims/:id/reviews')
  @RequireRole('editor')
  @ApiOperation({ summary: "Record an editor's verdict on a claim, beside its computed status" })
  @ApiCreated(ReviewResponseDto)
  @ApiProblems(401, 403, 404)
  async reviewClaim(
    @Param('id', UuidPipe) claimId: string,
    @Body() dto: CreateReviewDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReviewResponseDto> {
    const { review } = await this.reviews.reviewClaim(claimId, dto, actor);
    res.header('Location', `/v1/claims/${claimId}/reviews`);
    return toReviewResponse(review, await this.keys.namesOf([review.reviewerKeyId]));
  }

  @Post('reviews/:id/withdraw')
  @RequireRole('editor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Withdraw a verdict: the one before it stands again for an editor to look at, or the claim is unreviewed; audited with the reason',
  })
  @ApiOk(WithdrawnReviewResponseDto)
  @ApiProblems(400, 401, 403, 404)
  async withdrawReview(
    @Param('id', UuidPipe) id: string,
    @Body() dto: WithdrawReviewDto,
    @CurrentActor() actor: Actor,
  ): Promise<WithdrawnReviewResponseDto> {
    const { withdrawn, standing, claim } = await this.reviews.withdrawReview(id, dto.reason, actor);
    const names = await this.keys.namesOf([
      withdrawn.reviewerKeyId,
      standing?.reviewerKeyId ?? null,
    ]);
    return {
      withdrawn: toReviewResponse(withdrawn, names),
      reason: dto.reason,
      standing: standing && toReviewResponse(standing, names),
      claim: await this.views.presentOne(claim),
    };
  }

  @Get('claims/:id/reviews')
  @ApiOperation({ summary: "A claim's verdicts, newest first" })
  @ApiOk(ReviewPageDto)
  @ApiProblems(400, 404)
  async listClaimReviews(
    @Param('id', UuidPipe) claimId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<ReviewResponseDto>> {
    const page = await this.reviews.listClaimReviews(claimId, query);
    const names = await this.keys.namesOf(page.items.map((r) => r.reviewerKeyId));
    return {
      items: page.items.map((r) => toReviewResponse(r, names)),
      nextCursor: page.nextCursor,
    };
  }

  @Get('reviews/queue')
  @ApiOperation({
    summary:
      'What editors should look at next: divergent, then disputed, then by latest status change; each with the change that put it there',
  })
  @ApiOk(QueuePageDto)
  @ApiProblems(400)
  async getReviewQueue(@Query() query: ReviewQueueQueryDto): Promise<Page<QueueItemDto>> {
    const page = await this.reviews.reviewQueue(query);
    const [claims, changes] = await Promise.all([
      this.views.present(page.items),
      this.corroboration.latestStatusChanges(page.items.map((c) => c.id)),
    ]);
    const names = await this.keys.namesOf([...changes.values()].map((h) => h.keyId));
    return {
      items: claims.map((claim) => {
        const change = changes.get(claim.id);
        return { ...claim, lastChange: change ? toStatusChange(change, names) : null };
      }),
      nextCursor: page.nextCursor,
    };
  }

  @Get('claims/:id/claim-review')
  @ApiOperation({ summary: "The claim's verdict as schema.org ClaimReview JSON-LD" })
  @ApiProduces('application/ld+json')
  @ApiOkResponse({ description: 'ClaimReview', schema: CLAIM_REVIEW_SCHEMA })
  @ApiProblems(400, 404)
  async getClaimReview(
    @Param('id', UuidPipe) claimId: string,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<Record<string, unknown>> {
    const doc = await this.reviews.claimReview(claimId);
    res.type('application/ld+json');
    return doc;
  }

  @Get('claim-reviews')
  @ApiOperation({
    summary:
      'Every reviewed claim as ClaimReview JSON-LD, most recently reviewed first (for publishing)',
  })
  @ApiOkResponse({
    description: 'A page of ClaimReviews',
    schema: {
      type: 'object',
      properties: {
        items: { type: 'array', items: CLAIM_REVIEW_SCHEMA },
        nextCursor: { type: 'string', nullable: true },
      },
    },
  })
  @ApiProblems(400)
  listClaimReviewFeed(@Query() query: PageQueryDto): Promise<Page<Record<string, unknown>>> {
    return this.reviews.claimReviewFeed(query);
  }
}
