import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * This app's metrics, in one registry of its own (several apps can share a process, as the tests
 * do). Features add theirs to `registry` where the thing they count lives; the ones several
 * features feed, or that describe the process and its HTTP traffic, are here.
 */
/** A connection pool's counts, as node-postgres's Pool keeps them. */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  /** Its size limit. */
  max: number;
}

@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly pools = new Map<string, () => PoolCounts | null>();

  readonly httpRequests = new Counter({
    name: 'claimgraph_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'claimgraph_http_request_duration_seconds',
    help: 'Time from a request arriving to its response ending (event streams and exports last as long as the transfer)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly claimsReevaluated = new Counter({
    name: 'claimgraph_claims_reevaluated_total',
    help: 'Claims whose status was worked out again from their stances, by whether the stored values changed',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly rateLimitRejections = new Counter({
    name: 'claimgraph_rate_limit_rejections_total',
    help: 'Requests refused with 429 RATE_LIMITED',
    registers: [this.registry],
  });

  readonly rateLimitStoreFailures = new Counter({
    name: 'claimgraph_rate_limit_store_failures_total',
    help: 'Calls to the shared rate-limit store that failed or timed out (the request was counted locally)',
    labelNames: ['store'] as const,
    registers: [this.registry],
  });

  readonly rateLimitLocalFallback = new Gauge({
    name: 'claimgraph_rate_limit_local_fallback',
    help: '1 while the shared rate-limit store is being left alone after a failure and requests are counted on this instance alone',
    registers: [this.registry],
  });

  readonly poolConnections = new Gauge({
    name: 'claimgraph_db_pool_connections',
    help: 'Database connections by pool and state: in_use (lent to a request) or idle (open, free)',
    labelNames: ['pool', 'state'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [pool, counts] of this.poolCounts()) {
        this.poolConnections.set({ pool, state: 'in_use' }, counts.totalCount - counts.idleCount);
        this.poolConnections.set({ pool, state: 'idle' }, counts.idleCount);
      }
    },
  });

  readonly poolWaiting = new Gauge({
    name: 'claimgraph_db_pool_waiting',
    help: 'Requests waiting for a database connection, by pool',
    labelNames: ['pool'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [pool, counts] of this.poolCounts())
        this.poolWaiting.set({ pool }, counts.waitingCount);
    },
  });

  readonly poolMax = new Gauge({
    name: 'claimgraph_db_pool_max',
    help: 'Most connections a pool may open',
    labelNames: ['pool'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [pool, counts] of this.poolCounts()) this.poolMax.set({ pool }, counts.max);
    },
  });

  constructor() {
    // The event loop's delay sampled every 100 ms rather than prom-client's 10: a blocked loop
    // still shows, and the sampling timer stays out of the way of the deadlines the server keeps.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 100 });
    this.rateLimitLocalFallback.set(0);
  }

  /** Reports a connection pool's counts under `pool` at each scrape (null: none to report now). */
  watchPool(pool: string, counts: () => PoolCounts | null): void {
    this.pools.set(pool, counts);
  }

  private *poolCounts(): Generator<[string, PoolCounts]> {
    for (const [pool, read] of this.pools) {
      const counts = read();
      if (counts) yield [pool, counts];
    }
  }

  /** The text a scraper reads, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
