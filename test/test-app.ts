import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module.js';
import { configureApp } from '../src/app.setup.js';
import { createTestDatabase } from './test-database.js';

export interface TestApp {
  app: NestExpressApplication;
  http: Server;
  /** The app's own data source, for asserting what was stored. */
  db: DataSource;
  close(): Promise<void>;
}

/** The real AppModule, pipes and filter, on a clean database of its own. */
export async function createTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(database.config)] }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app, database.config);
  // Listening on a real port lets many requests run at once, as they would in production.
  await app.listen(0, '127.0.0.1');
  return {
    app,
    http: app.getHttpServer(),
    db: app.get(DataSource),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
