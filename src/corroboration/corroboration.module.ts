import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { CorroborationController } from './corroboration.controller.js';
import { HistoryController } from './history.controller.js';
import { CorroborationRepository } from './corroboration.repository.js';
import { CorroborationService } from './corroboration.service.js';

@Module({
  imports: [ApiKeysModule],
  controllers: [CorroborationController, HistoryController],
  providers: [CorroborationService, CorroborationRepository],
  exports: [CorroborationService],
})
export class CorroborationModule {}
