import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module.js';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { LinksModule } from '../links/links.module.js';
import { MergesController } from './merges.controller.js';
import { MergesRepository } from './merges.repository.js';
import { MergesService } from './merges.service.js';

@Module({
  imports: [ClaimsModule, CorroborationModule, LinksModule],
  controllers: [MergesController],
  providers: [MergesService, MergesRepository],
})
export class MergesModule {}
