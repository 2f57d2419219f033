/**
 * What `npm run evaluate` does, as a function the tests call too: starts a private Claimgraph on a
 * scratch database (an in-memory embedded one unless a URL is given), imports the file through
 * `POST /v1/import` as any client would, then cross-validates the learned assessment on the
 * reviewed claims with the server's own code: the stances as the server stored them (groups, relays
 * and all), the rules that evaluate them, and the functions that learn track records and assess.
 */
import 'reflect-metadata';
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module.js';
import { configureApp, createHttpAdapter } from '../app.setup.js';
import { generateKey } from '../api-keys/secrets.js';
import { loadConfig, type AppConfig } from '../config/env.js';
import { AssessmentService } from '../corroboration/assessment.service.js';
import { crossValidate, type CrossValidation } from '../evaluation/cross-validation.js';
import { describeOutcome, importFile } from './bulk-client.js';

export interface EvaluationOptions {
  file: string;
  folds: number;
  seed: number;
  /** A scratch PostgreSQL database to load into (it must be empty); default: in memory. */
  databaseUrl?: string;
}

/** A Claimgraph of its own on a scratch database, listening on a free loopback port. */
async function scratchServer(databaseUrl: string | undefined) {
  const adminKey = generateKey().secret;
  const config: AppConfig = loadConfig({
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: 'memory://' }),
    BOOTSTRAP_ADMIN_KEY: adminKey,
    LOG_REQUESTS: 'false',
    // The cross-validation learns what it needs itself; nothing waits for stored assessments.
    ASSESSMENT_REFRESH_MS: '0',
    RATE_LIMIT: '1000000',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(),
    { bodyParser: false, logger: false },
  );
  await configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, adminKey, url: `http://127.0.0.1:${port}` };
}

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });

export async function runEvaluation(options: EvaluationOptions): Promise<CrossValidation> {
  const { app, adminKey, url } = await scratchServer(options.databaseUrl);
  try {
    const started = Date.now();
    const outcome = await importFile({ file: options.file, url, key: adminKey, out: discard });
    if (!outcome.ok) throw new Error(describeOutcome(outcome, Date.now() - started));
    const claims = await app.get(AssessmentService).labelledClaims();
    return crossValidate(claims, options.folds, options.seed);
  } finally {
    await app.close();
  }
}
