import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { configureApp, createHttpAdapter, createLogger } from './app.setup.js';
import { ConfigError, loadEnvironment } from './config/env.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createHttpAdapter(),
    { bodyParser: false, logger },
  );
  await configureApp(app, config);
  await app.listen(config.PORT, config.HOST);
  logger.log(
    `Claimgraph listening on http://${config.HOST}:${config.PORT} (API docs at /docs)`,
    'Bootstrap',
  );

  // Graceful stop: refuse new connections, let requests in flight finish, close the database, exit 0;
  // past SHUTDOWN_TIMEOUT_MS, give up waiting and exit 1.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: finishing requests in flight, then stopping`, 'Bootstrap');
    setTimeout(() => {
      logger.error(
        `Requests still running after ${config.SHUTDOWN_TIMEOUT_MS} ms; exiting anyway`,
        undefined,
        'Bootstrap',
      );
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS).unref();
    // A keep-alive connection goes idle once its last request is answered; close it then rather
    // than waiting for the client to hang up.
    const server: Server = app.getHttpServer();
    setInterval(() => server.closeIdleConnections(), 100).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Shutdown failed: ${String(error)}`, undefined, 'Bootstrap');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void bootstrap();
