import { Module } from '@nestjs/common';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { StancesModule } from '../stances/stances.module.js';
import { ClaimsController } from './claims.controller.js';
import { ClaimsRepository } from './claims.repository.js';
import { ClaimsService } from './claims.service.js';
import { ClaimViews } from './claim-views.js';

@Module({
  imports: [StancesModule, CorroborationModule],
  controllers: [ClaimsController],
  providers: [ClaimsService, ClaimsRepository, ClaimViews],
  exports: [ClaimViews, ClaimsService],
})
export class ClaimsModule {}
