import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerRequest,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { routePathOf } from '../common/http.js';
import { errorCodes, DomainError } from '../domain/errors.js';
import { callerOf } from '../common/auth.decorators.js';

export const RateLimitErrors = errorCodes({
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
});

/**
 * What one request costs of its caller's budget: reads whose work grows with the data (a search,
 * the graph, a full export) cost HEAVY_REQUEST_COST, so a key cannot spend its whole budget on
 * them; everything else costs 1.
 */
export const HEAVY_REQUEST_COST = 5;

export function requestCost(req: FastifyRequest): number {
  if (req.method !== 'GET') return 1;
  const path = routePathOf(req);
  const { q } = req.query as { q?: unknown };
  if (path === '/v1/graph' || path === '/v1/export') return HEAVY_REQUEST_COST;
  if (path === '/v1/claims' && typeof q === 'string' && q.trim() !== '') return HEAVY_REQUEST_COST;
  return 1;
}

/**
 * One budget per API key across all routes (per address for anonymous readers). Runs after the
 * auth guard, which has already said who is calling. Answers 429 with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const req = props.context.switchToHttp().getRequest<FastifyRequest>();
    const extra = requestCost(req) - 1;
    if (extra > 0) {
      // The rest of a heavy request's cost, spent before the request itself counts (and is refused
      // if the budget is gone).
      const key = props.generateKey(
        props.context,
        await props.getTracker(req, props.context),
        props.throttler.name ?? 'default',
      );
      for (let i = 0; i < extra; i++)
        await this.storageService.increment(
          key,
          props.ttl,
          props.limit,
          props.blockDuration,
          props.throttler.name ?? 'default',
        );
    }
    return super.handleRequest(props);
  }

  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    return Promise.resolve(callerOf(req as unknown as FastifyRequest));
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttler: string,
  ): string {
    return `${throttler}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new DomainError(
      RateLimitErrors.RATE_LIMITED,
      `Over ${detail.limit} requests in ${Math.round(detail.ttl / 1000)} s; try again in ${seconds} s.`,
    );
  }
}
