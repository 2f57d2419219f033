import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { EventHub } from './event-hub.js';
import { EventPruner } from './event-pruner.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';
import { StreamRegistry } from './stream-registry.js';

/** GET /v1/events: the event log the database triggers write, streamed as Server-Sent Events. */
@Module({
  imports: [ApiKeysModule, SessionsModule],
  controllers: [EventsController],
  providers: [EventsRepository, EventHub, EventPruner, EventsService, StreamRegistry],
})
export class EventsModule {}
