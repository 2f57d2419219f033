import { Module } from '@nestjs/common';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { SourcesController } from './sources.controller.js';
import { SourcesRepository } from './sources.repository.js';
import { SourcesService } from './sources.service.js';
import { SourceMergesController } from './source-merges.controller.js';
import { SourceMergesRepository } from './source-merges.repository.js';
import { SourceMergesService } from './source-merges.service.js';

@Module({
  imports: [CorroborationModule],
  controllers: [SourcesController, SourceMergesController],
  providers: [SourcesService, SourcesRepository, SourceMergesService, SourceMergesRepository],
  exports: [SourcesRepository, SourcesService],
})
export class SourcesModule {}
