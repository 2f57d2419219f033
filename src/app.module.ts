import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ClaimsModule } from './claims/claims.module.js';
import { loadConfig, type AppConfig } from './config/env.js';
import { CorroborationModule } from './corroboration/corroboration.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { LinksModule } from './links/links.module.js';
import { SourcesModule } from './sources/sources.module.js';
import { StancesModule } from './stances/stances.module.js';

@Module({})
export class AppModule {
  /** `config` overrides the environment (tests pass their own database); it is validated either way. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: config !== undefined,
          validate: config ? () => config : (env) => loadConfig(env),
        }),
        DatabaseModule,
        HealthModule,
        SourcesModule,
        ClaimsModule,
        StancesModule,
        CorroborationModule,
        LinksModule,
      ],
    };
  }
}
