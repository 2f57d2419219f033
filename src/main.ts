import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp, createLogger } from './app.setup.js';
import { ConfigError, loadConfig } from './config/env.js';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger,
  });
  configureApp(app, config);
  await app.listen(config.PORT, config.HOST);
  logger.log(`Claimgraph listening on http://${config.HOST}:${config.PORT} (API docs at /docs)`, 'Bootstrap');
}

void bootstrap();
