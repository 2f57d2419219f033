import { Module } from '@nestjs/common';
import { StatsController } from './stats.controller.js';
import { AggregateCheckRepository } from './aggregate-check.repository.js';
import { DeltaFoldRepository } from './delta-fold.repository.js';
import { StatsRepository } from './stats.repository.js';
import { StatsService } from './stats.service.js';

@Module({
  controllers: [StatsController],
  providers: [StatsService, StatsRepository, DeltaFoldRepository, AggregateCheckRepository],
})
export class StatsModule {}
