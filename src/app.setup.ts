import { ConsoleLogger, Logger, type INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, problemType } from './common/problem.js';
import type { AppConfig } from './config/env.js';
import { jsonBodyMiddleware, queryTextMiddleware } from './common/body.js';
import { ProblemFilter } from './common/problem.filter.js';
import { requestIdMiddleware, requestIdOf } from './common/request-id.js';
import { validationPipe } from './common/validation.js';
import { actorOf } from './auth/auth.decorators.js';
import helmet from 'helmet';

export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_FORMAT'>): ConsoleLogger {
  const levels = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return new ConsoleLogger({
    json: config.LOG_FORMAT === 'json',
    colors: config.LOG_FORMAT !== 'json' && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    logLevels: levels.slice(0, levels.indexOf(config.LOG_LEVEL) + 1),
  });
}

/** One line per request: structured in JSON logs, a readable sentence in text logs. */
function requestLogger(json: boolean) {
  const logger = new Logger('HTTP');
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const requestId = requestIdOf(req);
      const keyId = actorOf(req)?.keyId ?? null;
      if (json) {
        logger.log({ requestId, keyId, method: req.method, path: req.originalUrl, status: res.statusCode, durationMs });
      } else {
        logger.log(`${req.method} ${req.originalUrl} ${res.statusCode} ${durationMs}ms [${requestId}]${keyId ? ` key ${keyId}` : ''}`);
      }
    });
    next();
  };
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Claimgraph')
    .setDescription(
      'Who said what about which claim, and how well each claim is corroborated by independent sources. Errors are application/problem+json (RFC 9457) with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key: cg_…' })
    .addSecurityRequirements('bearer')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey, methodKey) => methodKey,
  });
}

/** Everything between Nest and the wire, shared by the server and the end-to-end tests. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', false);
  app.use(requestIdMiddleware);
  if (config.LOG_REQUESTS) app.use(requestLogger(config.LOG_FORMAT === 'json'));
  app.use(securityHeaders());
  const origins = config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins.includes('*') ? '*' : origins,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'],
      exposedHeaders: ['Location', 'ETag', 'X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  app.use(queryTextMiddleware);
  app.use(jsonBodyMiddleware);
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs-json' });
  answerClientErrorsAsProblems(app.getHttpServer());
}

/**
 * Requests Node's HTTP parser refuses before any handler sees them (headers or URL over 16 KiB,
 * garbage on the wire) still get a problem+json answer rather than a bare status line.
 */
function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (error.code === 'ECONNRESET')) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    // The headers were never parsed, so a caller's X-Request-Id is unknown: the answer gets its own.
    const requestId = randomUUID();
    const body = JSON.stringify({
      type: problemType(tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST'),
      title: tooLarge ? 'The request line or headers are too large' : 'The request could not be parsed',
      status,
      detail: tooLarge ? 'Keep the URL and headers under 16 KiB.' : 'The request is not valid HTTP.',
      code: tooLarge ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST',
      requestId,
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nX-Request-Id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** Helmet's headers everywhere; Swagger UI's page needs its own scripts and styles, so no CSP there. */
function securityHeaders() {
  const api = helmet();
  const docs = helmet({ contentSecurityPolicy: false });
  return (req: Request, res: Response, next: NextFunction): void => {
    (req.path.startsWith('/docs') ? docs : api)(req, res, next);
  };
}
