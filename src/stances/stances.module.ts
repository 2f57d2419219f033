import { Module } from '@nestjs/common';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { SourcesModule } from '../sources/sources.module.js';
import { StancesController } from './stances.controller.js';
import { StancesRepository } from './stances.repository.js';
import { StancesService } from './stances.service.js';

@Module({
  imports: [CorroborationModule, SourcesModule],
  controllers: [StancesController],
  providers: [StancesService, StancesRepository],
  exports: [StancesService],
})
export class StancesModule {}
