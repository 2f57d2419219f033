import { Module } from '@nestjs/common';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { LinksController } from './links.controller.js';
import { LinksRepository } from './links.repository.js';
import { LinksService } from './links.service.js';

@Module({
  imports: [CorroborationModule],
  controllers: [LinksController],
  providers: [LinksService, LinksRepository],
  exports: [LinksRepository, LinksService],
})
export class LinksModule {}
