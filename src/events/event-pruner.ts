import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventsRepository } from './events.repository.js';

/** Events are kept this long, then pruned (checked at start and hourly). */
export const RETENTION_DAYS = 7;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Deletes events older than RETENTION_DAYS from the log: at start, then every hour. */
@Injectable()
export class EventPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Events');
  private timer: NodeJS.Timeout | undefined;
  private pruning: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly repo: EventsRepository) {}

  /** After the migrations (they run in onModuleInit): the log exists. */
  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.prune(), PRUNE_EVERY_MS);
    this.timer.unref();
    this.prune();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.pruning;
  }

  private prune(): void {
    if (this.stopped || this.pruning) return;
    this.pruning = this.repo
      .deleteEventsOlderThan(RETENTION_DAYS)
      .then(
        (deleted) => {
          if (deleted > 0)
            this.logger.log(`Pruned ${deleted} events older than ${RETENTION_DAYS} days`);
        },
        (error: unknown) => this.logger.warn(`Pruning old events failed: ${String(error)}`),
      )
      .finally(() => {
        this.pruning = undefined;
      });
  }
}
