import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Counts } from '../common/counts.js';
import { DomainError } from '../domain/errors.js';
import type { AppConfig } from '../config/env.js';
import { BulkErrors } from './bulk.errors.js';

/** What a refused caller is told to wait: a transfer takes seconds to minutes. */
export const BUSY_RETRY_AFTER_SECONDS = 10;

/**
 * Imports and exports running on this instance, counted together: each may hold a database
 * connection for a while, a temporary file and a client for minutes. One key may run
 * BULK_MAX_TRANSFERS_PER_KEY at once (429 past it), the instance BULK_MAX_TRANSFERS (503), so bulk
 * transfers cannot take more than a few of the pool's connections, however many clients start them.
 */
@Injectable()
export class BulkSlots {
  private readonly perCaller = new Counts<string>();
  private running = 0;

  constructor(private readonly config: ConfigService<AppConfig, true>) {}

  /** Takes a slot for the caller, or refuses with Retry-After; the returned function gives it back (once). */
  acquire(caller: string): () => void {
    const mine = this.perCaller.of(caller);
    const perKey = this.config.get('BULK_MAX_TRANSFERS_PER_KEY', { infer: true });
    const total = this.config.get('BULK_MAX_TRANSFERS', { infer: true });
    if (mine >= perKey) {
      throw new DomainError(
        BulkErrors.BULK_TOO_MANY_TRANSFERS,
        `This key already has ${mine} ${mine === 1 ? 'import or export' : 'imports and exports'} running, as many as it may; try again when one has finished.`,
      ).retryAfter(BUSY_RETRY_AFTER_SECONDS);
    }
    if (this.running >= total) {
      throw new DomainError(
        BulkErrors.BULK_AT_CAPACITY,
        `This server is running ${this.running} imports and exports, as many as it takes at once; try again shortly.`,
      ).retryAfter(BUSY_RETRY_AFTER_SECONDS);
    }
    this.perCaller.add(caller);
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.perCaller.remove(caller);
    };
  }
}
