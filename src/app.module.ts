import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApiKeysModule } from './api-keys/api-keys.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthGuard } from './auth/auth.guard.js';
import { Authenticator } from './auth/authenticator.js';
import { RateLimitGuard } from './auth/rate-limit.guard.js';
import { RateLimitModule } from './auth/rate-limit.module.js';
import { RateLimitStore } from './auth/rate-limit.storage.js';
import { ActivityModule } from './activity/activity.module.js';
import { ClaimPagesModule } from './claim-pages/claim-pages.module.js';
import { ClaimsModule } from './claims/claims.module.js';
import type { AppConfig } from './config/env.js';
import { ConsoleModule } from './console/console.module.js';
import { CorroborationModule } from './corroboration/corroboration.module.js';
import { DatabaseModule } from './database/database.module.js';
import { BulkModule } from './bulk/bulk.module.js';
import { EventsModule } from './events/events.module.js';
import { GraphModule } from './graph/graph.module.js';
import { HealthModule } from './health/health.module.js';
import { IdempotencyModule } from './idempotency/idempotency.module.js';
import { LinksModule } from './links/links.module.js';
import { MergesModule } from './merges/merges.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ReviewsModule } from './reviews/reviews.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { StatsModule } from './stats/stats.module.js';
import { SourcesModule } from './sources/sources.module.js';
import { StancesModule } from './stances/stances.module.js';

@Module({})
export class AppModule {
  /**
   * The app for one validated configuration (see `loadConfig`). The configuration is handed to
   * ConfigService as it is: nothing is read from, or written back to, `process.env` here.
   */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => ({ ...config })],
        }),
        ThrottlerModule.forRootAsync({
          imports: [RateLimitModule],
          inject: [ConfigService, RateLimitStore],
          useFactory: (c: ConfigService<AppConfig, true>, storage: RateLimitStore) => ({
            throttlers: [
              {
                ttl: c.get('RATE_LIMIT_WINDOW_MS', { infer: true }),
                limit: c.get('RATE_LIMIT', { infer: true }),
              },
            ],
            storage,
          }),
        }),
        DatabaseModule,
        MetricsModule.forRoot(config),
        HealthModule,
        AuditModule,
        ApiKeysModule,
        SessionsModule,
        IdempotencyModule,
        SourcesModule,
        ClaimsModule,
        ClaimPagesModule,
        StancesModule,
        CorroborationModule,
        LinksModule,
        ReviewsModule,
        MergesModule,
        GraphModule,
        StatsModule,
        ActivityModule,
        EventsModule,
        BulkModule,
        ConsoleModule,
      ],
      providers: [
        Authenticator,
        // Order matters: first who is calling, then whether they have budget left.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
