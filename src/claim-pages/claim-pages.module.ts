import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { ClaimsModule } from '../claims/claims.module.js';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { LinksModule } from '../links/links.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { StancesModule } from '../stances/stances.module.js';
import { ClaimPagesController } from './claim-pages.controller.js';
import { ClaimPagesService } from './claim-pages.service.js';

@Module({
  imports: [
    ApiKeysModule,
    ClaimsModule,
    CorroborationModule,
    LinksModule,
    ReviewsModule,
    SourcesModule,
    StancesModule,
  ],
  controllers: [ClaimPagesController],
  providers: [ClaimPagesService],
})
export class ClaimPagesModule {}
