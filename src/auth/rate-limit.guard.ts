import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerRequest } from '@nestjs/throttler';
import { errorCodes, DomainError } from '../domain/errors.js';
import { callerOf } from '../common/auth.decorators.js';
import type { RateLimitStore } from './rate-limit.storage.js';

export const RateLimitErrors = errorCodes({
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
});

/**
 * What one request costs of its caller's budget: reads whose work grows with the data (a search,
 * the graph, the activity of a span, a full export) cost HEAVY_REQUEST_COST, so a key cannot spend its whole budget on
 * them; everything else costs 1.
 */
export const HEAVY_REQUEST_COST = 5;

/** The parts of a request its cost depends on, as every HTTP platform's request has them. */
interface CostedRequest {
  method: string;
  url: string;
  query?: unknown;
}

export function requestCost(req: CostedRequest): number {
  if (req.method !== 'GET') return 1;
  const path = req.url.split('?', 1)[0].toLowerCase().replace(/\/+$/, '');
  if (path === '/v1/graph' || path === '/v1/export' || path === '/v1/activity')
    return HEAVY_REQUEST_COST;
  const q = (req.query as Record<string, unknown> | undefined)?.q;
  if (path === '/v1/claims' && typeof q === 'string' && q.trim() !== '') return HEAVY_REQUEST_COST;
  return 1;
}

/**
 * One budget per API key across all routes (per address for anonymous readers), shared by every
 * instance when the store is (see RateLimitStore). Runs after the auth guard, which has already
 * said who is calling. A request spends its whole cost in one step; over the limit it is answered
 * 429 with Retry-After, and still counted.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest({
    context,
    limit,
    ttl,
    throttler,
    getTracker,
    generateKey,
  }: ThrottlerRequest): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<CostedRequest>();
    const key = generateKey(context, await getTracker(req, context), throttler.name ?? 'default');
    const store = this.storageService as RateLimitStore;
    const { hits, resetsInMs } = await store.spend(key, requestCost(req), ttl);
    const seconds = Math.max(1, Math.ceil(resetsInMs / 1000));
    if (hits > limit) {
      store.refused();
      throw new DomainError(
        RateLimitErrors.RATE_LIMITED,
        `Over ${limit} requests in ${Math.round(ttl / 1000)} s; try again in ${seconds} s.`,
      ).retryAfter(seconds);
    }
    const res = http.getResponse<object>();
    this.setResponseHeader(res, `${this.headerPrefix}-Limit`, limit);
    this.setResponseHeader(res, `${this.headerPrefix}-Remaining`, limit - hits);
    this.setResponseHeader(res, `${this.headerPrefix}-Reset`, seconds);
    return true;
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    return Promise.resolve(callerOf(req as unknown as Parameters<typeof callerOf>[0]));
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttler: string,
  ): string {
    return `${throttler}:${tracker}`;
  }
}
