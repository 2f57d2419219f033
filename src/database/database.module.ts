import { Global, Inject, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AppConfig, isEmbedded } from '../config/env.js';
import { dataSourceOptions } from './data-source.js';
import { runMigrations } from './migrate.js';
import { Reads } from '../common/reads.js';
import { ConsistencyInterceptor } from './consistency.interceptor.js';
import { ReadRouter } from './read-router.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<AppConfig, true>) =>
        dataSourceOptions({
          DATABASE_URL: config.get('DATABASE_URL', { infer: true }),
          DATA_DIR: config.get('DATA_DIR', { infer: true }),
          DB_POOL_SIZE: config.get('DB_POOL_SIZE', { infer: true }),
          DB_STATEMENT_TIMEOUT_MS: config.get('DB_STATEMENT_TIMEOUT_MS', { infer: true }),
          DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: config.get('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', {
            infer: true,
          }),
        }),
    }),
  ],
  providers: [
    ReadRouter,
    { provide: Reads, useExisting: ReadRouter },
    { provide: APP_INTERCEPTOR, useClass: ConsistencyInterceptor },
  ],
  exports: [Reads],
})
export class DatabaseModule implements OnModuleInit {
  private readonly logger = new Logger('Database');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  /** Brings the schema up to date before the server accepts requests (unless MIGRATIONS_RUN=false). */
  async onModuleInit(): Promise<void> {
    const embedded = isEmbedded({ DATABASE_URL: this.config.get('DATABASE_URL', { infer: true }) });
    this.logger.log(
      embedded
        ? `Embedded PostgreSQL (PGlite) in ${this.config.get('DATA_DIR', { infer: true })}`
        : 'PostgreSQL server from DATABASE_URL',
    );
    if (!this.config.get('MIGRATIONS_RUN', { infer: true })) return;
    const ran = await runMigrations(this.dataSource, { lock: !embedded });
    if (ran.length > 0) this.logger.log(`Applied migrations: ${ran.map((m) => m.name).join(', ')}`);
  }
}
