import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { ClaimsService } from '../claims/claims.service.js';
import { PageQueryDto } from '../common/pagination.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { toHistoryEntryResponse } from '../corroboration/dto/history.dto.js';
import { ListLinksQueryDto, toLinkResponse } from '../links/dto/link.dto.js';
import { LinksService } from '../links/links.service.js';
import { toReviewResponse } from '../reviews/dto/review.dto.js';
import { ReviewsService } from '../reviews/reviews.service.js';
import { toSourceResponse } from '../sources/dto/source.dto.js';
import { SourcesService } from '../sources/sources.service.js';
import { ListStancesQueryDto, toStanceResponse } from '../stances/dto/stance.dto.js';
import { StancesService } from '../stances/stances.service.js';
import {
  INCLUDED_PAGE,
  type ClaimInclude,
  type ClaimPageResponseDto,
} from './dto/claim-page.dto.js';

const firstPage = <T extends PageQueryDto>(query: T): T =>
  Object.assign(query, { limit: INCLUDED_PAGE });

/**
 * GET /v1/claims/{id}: the claim, and with `include` what its page shows beside it, each list as its
 * own route answers its first page, so a client pages on with the cursor it got here.
 */
@Injectable()
export class ClaimPagesService {
  constructor(
    private readonly claims: ClaimsService,
    private readonly stances: StancesService,
    private readonly sources: SourcesService,
    private readonly links: LinksService,
    private readonly reviews: ReviewsService,
    private readonly corroboration: CorroborationService,
    private readonly keys: ApiKeysService,
  ) {}

  async claimPage(id: string, include: readonly ClaimInclude[]): Promise<ClaimPageResponseDto> {
    // The claim first: a missing or merged claim answers 404 or 410 before anything else is read.
    const page: ClaimPageResponseDto = await this.claims.getClaim(id);
    const wants = new Set(include);
    if (wants.has('stances') || wants.has('sources')) {
      const stances = await this.stances.listClaimStances(id, firstPage(new ListStancesQueryDto()));
      if (wants.has('stances')) {
        page.stances = {
          items: stances.items.map(toStanceResponse),
          nextCursor: stances.nextCursor,
        };
      }
      if (wants.has('sources')) {
        const named = stances.items.flatMap((s) => [
          s.sourceId,
          ...(s.viaSourceId ? [s.viaSourceId] : []),
        ]);
        const sources = await this.sources.getSourcesWithGroups(named);
        page.sources = sources.sort((a, b) => a.name.localeCompare(b.name)).map(toSourceResponse);
      }
    }
    if (wants.has('links')) {
      const links = await this.links.listClaimLinks(id, firstPage(new ListLinksQueryDto()));
      page.links = { items: links.items.map(toLinkResponse), nextCursor: links.nextCursor };
    }
    if (wants.has('reviews')) {
      const reviews = await this.reviews.listClaimReviews(id, firstPage(new PageQueryDto()));
      const names = await this.keys.namesOf(reviews.items.map((r) => r.reviewerKeyId));
      page.reviews = {
        items: reviews.items.map((r) => toReviewResponse(r, names)),
        nextCursor: reviews.nextCursor,
      };
    }
    if (wants.has('history')) {
      const history = await this.corroboration.claimHistory(id, firstPage(new PageQueryDto()));
      const names = await this.keys.namesOf(history.items.map((h) => h.keyId));
      page.history = {
        items: history.items.map((h) => toHistoryEntryResponse(h, names)),
        nextCursor: history.nextCursor,
      };
    }
    return page;
  }
}
