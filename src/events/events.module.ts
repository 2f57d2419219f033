import { Module } from '@nestjs/common';
import { EventHub } from './event-hub.js';
import { EventsController } from './events.controller.js';
import { EventsRepository } from './events.repository.js';
import { EventsService } from './events.service.js';

/** GET /v1/events: the event log the database triggers write, streamed as Server-Sent Events. */
@Module({
  controllers: [EventsController],
  providers: [EventsRepository, EventHub, EventsService],
})
export class EventsModule {}
