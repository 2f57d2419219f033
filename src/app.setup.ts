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
import { ProblemFilter, writeProblem } from './common/problem.filter.js';
import { requestIdMiddleware, requestIdOf } from './common/request-id.js';
import { validationPipe } from './common/validation.js';
import { documentCommonProblems, documentConsistency } from './common/openapi.js';
import { actorOf } from './common/auth.decorators.js';
import { Authenticator, unauthenticated } from './auth/authenticator.js';
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
        logger.log({
          requestId,
          keyId,
          method: req.method,
          path: req.originalUrl,
          status: res.statusCode,
          durationMs,
        });
      } else {
        logger.log(
          `${req.method} ${req.originalUrl} ${res.statusCode} ${durationMs}ms [${requestId}]${keyId ? ` key ${keyId}` : ''}`,
        );
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
  return documentConsistency(
    documentCommonProblems(
      SwaggerModule.createDocument(app, config, {
        operationIdFactory: (_controllerKey, methodKey) => methodKey,
      }),
    ),
  );
}

/** Everything between Nest and the wire, shared by the server and the end-to-end tests. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', false);
  app.use(requestIdMiddleware);
  if (config.LOG_REQUESTS) app.use(requestLogger(config.LOG_FORMAT === 'json'));
  app.use(securityHeaders());
  const origins = config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins.includes('*') ? '*' : origins,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: [
        'Authorization',
        'Content-Type',
        'If-Match',
        'Idempotency-Key',
        'X-Request-Id',
      ],
      exposedHeaders: ['Location', 'ETag', 'X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }
  app.use(queryTextMiddleware);
  app.use(keyBeforeBody(app.get(Authenticator)));
  app.use(jsonBodyMiddleware(config.BODY_TIMEOUT_MS));
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemFilter());
  SwaggerModule.setup('docs', app, () => buildOpenApi(app), { jsonDocumentUrl: 'docs-json' });
  const server: Server = app.getHttpServer();
  // Node checks these deadlines every connectionsCheckingInterval (read when the server starts
  // listening; 30 s by default): each second, so a client trickling headers is cut off within a
  // second of HEADERS_TIMEOUT_MS. Idle keep-alive connections close after 5 s.
  server.headersTimeout = config.HEADERS_TIMEOUT_MS;
  Object.assign(server, { connectionsCheckingInterval: 1_000 });
  server.keepAliveTimeout = 5_000;
  answerClientErrorsAsProblems(server);
}

const MAY_HAVE_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A request that would send a body must first show a live key: a request without one is refused
 * before a byte of its body is read, and its connection closed, so anonymous clients cannot make
 * the server read and parse megabytes. (Every route that takes a body needs a key.)
 */
function keyBeforeBody(authenticator: Authenticator) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!MAY_HAVE_BODY.has(req.method)) return next();
    const refuse = (error: unknown): void => {
      res.setHeader('Connection', 'close');
      writeProblem(req, res, error);
    };
    authenticator
      .keyOf(req, res)
      .then(
        (key) =>
          key
            ? next()
            : refuse(unauthenticated(res, 'Send an API key as "Authorization: Bearer <key>".')),
        refuse,
      );
  };
}

/**
 * Requests Node's HTTP parser refuses before any handler sees them (headers or URL over 16 KiB,
 * garbage on the wire) still get a problem+json answer rather than a bare status line.
 */
function answerClientErrorsAsProblems(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const tooSlow = error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = tooLarge ? 431 : tooSlow ? 408 : 400;
    // The headers were never parsed, so a caller's X-Request-Id is unknown: the answer gets its own.
    const requestId = randomUUID();
    const [code, title, detail, reason] = tooLarge
      ? [
          'HEADERS_TOO_LARGE',
          'The request line or headers are too large',
          'Keep the URL and headers under 16 KiB.',
          'Request Header Fields Too Large',
        ]
      : tooSlow
        ? [
            'REQUEST_TIMEOUT',
            'The request was not sent in time',
            'The request line and headers, or the body, arrived too slowly.',
            'Request Timeout',
          ]
        : [
            'BAD_REQUEST',
            'The request could not be parsed',
            'The request is not valid HTTP.',
            'Bad Request',
          ];
    const body = JSON.stringify({
      type: problemType(code),
      title,
      status,
      detail,
      code,
      requestId,
    });
    // The answer, then the socket is gone: a half-closed socket would let a slow client keep it.
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nX-Request-Id: ${requestId}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      () => socket.destroy(),
    );
    setTimeout(() => socket.destroy(), 1_000).unref();
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
