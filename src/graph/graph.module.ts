import { Module } from '@nestjs/common';
import { CorroborationModule } from '../corroboration/corroboration.module.js';
import { GraphController } from './graph.controller.js';
import { GraphRepository } from './graph.repository.js';
import { GraphService } from './graph.service.js';

@Module({
  imports: [CorroborationModule],
  controllers: [GraphController],
  providers: [GraphService, GraphRepository],
})
export class GraphModule {}
