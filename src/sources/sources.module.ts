import { Module } from '@nestjs/common';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { SourcesController } from './sources.controller.js';
import { SourcesRepository } from './sources.repository.js';
import { SourcesService } from './sources.service.js';

@Module({
  imports: [CorroborationModule],
  controllers: [SourcesController],
  providers: [SourcesService, SourcesRepository],
  exports: [SourcesRepository, SourcesService],
})
export class SourcesModule {}
