import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { CorroborationController } from './corroboration.controller.js';
import { HistoryController } from './history.controller.js';
import { CorroborationRepository } from './corroboration.repository.js';
import { CorroborationService } from './corroboration.service.js';
import { AssessmentService } from './assessment.service.js';
import { AssessmentsRepository } from './assessments.repository.js';

@Module({
  imports: [ApiKeysModule],
  controllers: [CorroborationController, HistoryController],
  providers: [
    CorroborationService,
    CorroborationRepository,
    AssessmentService,
    AssessmentsRepository,
  ],
  exports: [CorroborationService, AssessmentService],
})
export class CorroborationModule {}
