import { Global, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/env.js';
import { HttpMetrics } from './http-metrics.js';
import { Metrics, type PoolCounts } from './metrics.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsServer } from './metrics-server.js';

/** What the database driver's pool keeps (node-postgres's Pool, or the embedded one's likeness). */
interface CountingPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/**
 * The app's metrics: the registry every feature adds to (global, so any feature can inject
 * `Metrics`), HTTP and database-pool metrics, and GET /metrics — on the API's port behind a key,
 * or on METRICS_PORT.
 */
@Global()
@Module({})
export class MetricsModule implements OnApplicationBootstrap {
  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
  ) {}

  static forRoot(config: Pick<AppConfig, 'METRICS_PORT'>): DynamicModule {
    return {
      module: MetricsModule,
      imports: [DiscoveryModule],
      providers: [Metrics, HttpMetrics, MetricsServer],
      controllers: config.METRICS_PORT ? [] : [MetricsController],
      exports: [Metrics],
    };
  }

  onApplicationBootstrap(): void {
    this.metrics.watchPool('main', () => {
      const pool = (this.dataSource.driver as { master?: CountingPool }).master;
      if (!pool || typeof pool.totalCount !== 'number') return null;
      return {
        totalCount: pool.totalCount,
        idleCount: pool.idleCount,
        waitingCount: pool.waitingCount,
        max: pool.options?.max ?? 0,
      } satisfies PoolCounts;
    });
  }
}
