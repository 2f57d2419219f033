import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { errorCodes, DomainError } from '../common/domain-error.js';
import { actorOf } from './auth.decorators.js';

export const RateLimitErrors = errorCodes({
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
});

/**
 * One budget per API key across all routes (per address for anonymous readers). Runs after the
 * auth guard, which has already said who is calling. Answers 429 with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const request = req as unknown as Request;
    const keyId = actorOf(request)?.keyId;
    return Promise.resolve(keyId ? `key:${keyId}` : `ip:${request.ip ?? 'unknown'}`);
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new DomainError(RateLimitErrors.RATE_LIMITED, `Over ${detail.limit} requests in ${Math.round(detail.ttl / 1000)} s; try again in ${seconds} s.`);
  }
}
