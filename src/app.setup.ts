import { ConsoleLogger, HttpException, Logger, type INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import fastifyCors from '@fastify/cors';
import etag from 'etag';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, problemType } from './common/problem.js';
import type { AppConfig } from './config/env.js';
import {
  checkBodyHeaders,
  checkQueryText,
  jsonBodyParser,
  noteReply,
  settleBody,
} from './common/body.js';
import { ProblemFilter, writeProblem } from './common/problem.filter.js';
import { assignRequestId, requestIdOf } from './common/request-id.js';
import { validationPipe } from './common/validation.js';
import { documentCommonProblems, documentConsistency } from './common/openapi.js';
import { actorOf } from './common/auth.decorators.js';
import { Authenticator, unauthenticated } from './auth/authenticator.js';

export function createLogger(config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_FORMAT'>): ConsoleLogger {
  const levels = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  return new ConsoleLogger({
    json: config.LOG_FORMAT === 'json',
    colors: config.LOG_FORMAT !== 'json' && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    logLevels: levels.slice(0, levels.indexOf(config.LOG_LEVEL) + 1),
  });
}

/** One line per request: structured in JSON logs, a readable sentence in text logs. */
function logRequests(json: boolean) {
  const logger = new Logger('HTTP');
  return (req: FastifyRequest, reply: FastifyReply): void => {
    const started = process.hrtime.bigint();
    reply.raw.once('finish', () => {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
      const requestId = requestIdOf(req);
      const keyId = actorOf(req)?.keyId ?? null;
      const status = reply.raw.statusCode;
      if (json) {
        logger.log({ requestId, keyId, method: req.method, path: req.url, status, durationMs });
      } else {
        logger.log(
          `${req.method} ${req.url} ${status} ${durationMs}ms [${requestId}]${keyId ? ` key ${keyId}` : ''}`,
        );
      }
    });
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

/** Longest route parameter the router takes: as long as a URL may be (see HEADERS_TOO_LARGE). */
const MAX_PARAM_LENGTH = 16 * 1024;

/**
 * The HTTP server under Nest: routes match whatever their case and with or without a trailing
 * slash, query strings parse the simple way (a repeated name gives an array, no nesting),
 * no proxy is trusted, and requests the parser or the router refuse still get a problem.
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: false,
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: MAX_PARAM_LENGTH,
      querystringParser: (query: string) => parseQuery(query),
    },
    // Node's default bound on a whole request (Fastify's is none); HEADERS_TIMEOUT_MS and the body
    // deadline are the tighter ones.
    requestTimeout: 300_000,
    keepAliveTimeout: 5_000,
    // Stopping lets requests already on a connection finish (see main.ts) rather than answer 503.
    return503OnClosing: false,
    clientErrorHandler: answerClientErrorAsProblem,
    // A URL the router cannot decode is refused before any hook runs: it gets its request id here.
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      assignRequestId(req, reply);
      writeProblem(req, reply, new HttpException(error.message, error.statusCode ?? 400));
    },
  });
}

/** Everything between Nest and the wire, shared by the server and the end-to-end tests. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const logRequest = config.LOG_REQUESTS ? logRequests(config.LOG_FORMAT === 'json') : undefined;
  fastify.addHook('onRequest', (req, reply, done) => {
    assignRequestId(req, reply);
    logRequest?.(req, reply);
    done();
  });
  // Helmet's headers everywhere; Swagger UI's page needs its own scripts and styles, so no CSP
  // there. Each middleware is built once: the Fastify plugin builds one for every request.
  const secured = helmet();
  const securedDocs = helmet({ contentSecurityPolicy: false });
  fastify.addHook('onRequest', (req, reply, done) => {
    const route = req.routeOptions.url;
    const docs = route !== undefined && (route === '/docs' || route.startsWith('/docs/'));
    (docs ? securedDocs : secured)(req.raw, reply.raw, (error?: unknown) =>
      done(error instanceof Error ? error : undefined),
    );
  });
  const origins = config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  if (origins.length > 0) {
    await app.register(fastifyCors, {
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
  fastify.addHook('onRequest', (req, _reply, done) => done(problemOf(() => checkQueryText(req))));
  fastify.addHook('onRequest', keyBeforeBody(app.get(Authenticator)));
  fastify.addHook('preParsing', (req, reply, payload, done) => {
    noteReply(req, reply);
    const problem = problemOf(() => checkBodyHeaders(req));
    if (problem) done(problem);
    else done(null, payload);
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', jsonBodyParser(config.BODY_TIMEOUT_MS));
  fastify.addHook('preValidation', (req, _reply, done) => {
    settleBody(req);
    done();
  });
  fastify.addHook('onSend', conditionalGet);
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
}

/**
 * Every answer with a body carries an ETag (the resource version where a route sets one, a hash of
 * the body otherwise), and a GET whose If-None-Match names it is answered 304 with no body.
 */
function conditionalGet(
  req: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
): void {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return done(null, payload);
  if (!reply.hasHeader('etag')) reply.header('ETag', etag(payload, { weak: true }));
  const status = reply.statusCode;
  if (
    (req.method === 'GET' || req.method === 'HEAD') &&
    ((status >= 200 && status < 300) || status === 304) &&
    fresh(req.headers, { etag: reply.getHeader('etag') })
  ) {
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    reply.removeHeader('transfer-encoding');
    return done(null, '');
  }
  done(null, payload);
}

/** The error a check throws, for a hook to hand on; undefined when the check passes. */
function problemOf(check: () => void): Error | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

const MAY_HAVE_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A request that would send a body must first show a live key: a request without one is refused
 * before a byte of its body is read, and its connection closed, so anonymous clients cannot make
 * the server read and parse megabytes. (Every route that takes a body needs a key.)
 */
function keyBeforeBody(authenticator: Authenticator) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!MAY_HAVE_BODY.has(req.method)) return;
    try {
      const key = await authenticator.keyOf(req, reply);
      if (!key) throw unauthenticated(reply, 'Send an API key as "Authorization: Bearer <key>".');
    } catch (error) {
      reply.header('Connection', 'close');
      throw error;
    }
  };
}

/**
 * Requests Node's HTTP parser refuses before any handler sees them (headers or URL over 16 KiB,
 * garbage on the wire) still get a problem+json answer rather than a bare status line.
 */
function answerClientErrorAsProblem(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
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
}
