import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CommonErrors, DomainError } from '../domain/errors.js';
import { headerOf, routePathOf } from './http.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Deeper than any real payload; refusing it keeps later recursive code safe. */
export const MAX_BODY_DEPTH = 32;

/** Keys that name prototype machinery: never data, always refused. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Text PostgreSQL cannot store faithfully: NUL is refused by `text` columns, and a lone UTF-16
 * surrogate would be silently replaced.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const unstorableText = (s: string): boolean => UNSTORABLE.test(s);

/**
 * Finds the first thing wrong with the shape of a parsed body: a key that names prototype machinery
 * (JSON.parse makes `__proto__` an ordinary own key, which later code might not treat as one), or
 * nesting deeper than MAX_BODY_DEPTH. Walks iteratively so no body can exhaust the stack.
 */
export function findBodyHazard(body: unknown): { field: string; message: string } | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [
    { value: body, path: '', depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string' && unstorableText(value)) {
      return {
        field: path || '(body)',
        message: 'contains a NUL character or an unpaired surrogate',
      };
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_BODY_DEPTH)
      return {
        field: path || '(body)',
        message: `is nested more than ${MAX_BODY_DEPTH} levels deep`,
      };
    if (Array.isArray(value)) {
      value.forEach((item, i) =>
        stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }),
      );
      continue;
    }
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { field, message: 'is not a known field' };
      if (unstorableText(key))
        return {
          field: path || '(body)',
          message: 'has a key with a NUL character or an unpaired surrogate',
        };
      stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Query strings obey the same text rules as bodies: no NUL, no unpaired surrogates. */
export function checkQueryText(req: FastifyRequest): void {
  for (const [name, value] of Object.entries(req.query as Record<string, unknown>)) {
    const values = Array.isArray(value) ? value : [value];
    if (unstorableText(name) || values.some((v) => typeof v === 'string' && unstorableText(v))) {
      throw new DomainError(
        CommonErrors.VALIDATION_FAILED,
        `${name}: contains a NUL character or an unpaired surrogate`,
        [{ field: name, message: 'contains a NUL character or an unpaired surrogate' }],
      );
    }
  }
}

/**
 * Routes that read their own body as a stream (the bulk import, NDJSON of any length): their body is
 * left unread here, and the route checks its media type itself.
 */
const STREAMED_BODY_ROUTES = new Set(['POST /v1/import']);

const readsOwnBody = (req: FastifyRequest): boolean =>
  STREAMED_BODY_ROUTES.has(`${req.method} ${routePathOf(req)}`);

const JSON_TYPE = /^application\/(?:json|[^\s/;]+\+json)$/;

/** The media type and charset of a Content-Type header, lower-cased; undefined when it has none. */
function mediaTypeOf(header: string | undefined): { type: string; charset?: string } | undefined {
  if (header === undefined) return undefined;
  const [type, ...params] = header.split(';');
  let charset: string | undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq !== -1 && param.slice(0, eq).trim().toLowerCase() === 'charset')
      charset = param
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
  }
  return { type: type.trim().toLowerCase(), charset };
}

/**
 * Before a body is read: it must be uncompressed JSON. Runs for every request that may send one
 * (the routes that read their own body check their own media type).
 */
export function checkBodyHeaders(req: FastifyRequest): void {
  if (!WITH_BODY.has(req.method) || readsOwnBody(req)) return;
  const encoding = headerOf(req, 'content-encoding');
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    throw new DomainError(
      CommonErrors.UNSUPPORTED_MEDIA_TYPE,
      `Content-Encoding ${encoding} is not accepted; send the body uncompressed.`,
    );
  }
  const length = Number(headerOf(req, 'content-length') ?? 0);
  const chunked = headerOf(req, 'transfer-encoding') !== undefined;
  const media = mediaTypeOf(headerOf(req, 'content-type'));
  if ((length > 0 || chunked) && !(media && JSON_TYPE.test(media.type))) {
    throw new DomainError(
      CommonErrors.UNSUPPORTED_MEDIA_TYPE,
      `Content-Type ${headerOf(req, 'content-type') ?? '(none)'} is not accepted; send application/json.`,
    );
  }
  if (
    (length > 0 || chunked) &&
    media?.charset !== undefined &&
    !media.charset.startsWith('utf-')
  ) {
    throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, 'Send the body as UTF-8 JSON.');
  }
}

/**
 * What a handler sees as the body when none was sent: an empty object; for a route that reads its
 * own body, the digest the client declares for it. (The Idempotency-Key check hashes the body: an
 * upload nothing buffers would otherwise look the same every time; the import verifies the digest.)
 */
export function settleBody(req: FastifyRequest): void {
  if (!WITH_BODY.has(req.method)) return;
  if (readsOwnBody(req)) req.body = { contentDigest: headerOf(req, 'content-digest') ?? null };
  else req.body ??= {};
}

const replies = new WeakMap<IncomingMessage, FastifyReply>();

/** Lets the body parser, which Fastify gives only the request, close the connection it answers. */
export function noteReply(req: FastifyRequest, reply: FastifyReply): void {
  replies.set(req.raw, reply);
}

/** Decodes a body in its declared charset; undefined for one this server does not read. */
function decode(bytes: Buffer, charset: string | undefined): string | undefined {
  const label = charset ?? 'utf-8';
  if (label === 'utf-8' || label === 'utf8') return bytes.toString('utf8').replace(/^\ufeff/, '');
  if (!/^utf-16(?:le|be)?$/.test(label)) return undefined;
  return new TextDecoder(label).decode(bytes);
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The only body parser: JSON bodies at most 1 MiB, always an object, sent within `timeoutMs`.
 * Parse failures become problems before any handler runs, so a bad body can never reach a write.
 * A body still arriving at the deadline is answered 408 and its connection closed. Bodies of
 * routes that read their own, and of methods that take none, are left unread.
 */
export const jsonBodyParser =
  (timeoutMs: number) =>
  (req: FastifyRequest, payload: IncomingMessage, done: Done): void => {
    if (!WITH_BODY.has(req.method) || readsOwnBody(req)) return done(null, undefined);
    const parts: Buffer[] = [];
    let received = 0;
    let failure: DomainError | undefined;
    let settled = false;
    const finish = (error: Error | null, body?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      payload.off('data', onData);
      payload.off('end', onEnd);
      payload.off('error', onError);
      done(error, body);
    };
    const tooLarge = (): DomainError =>
      new DomainError(CommonErrors.PAYLOAD_TOO_LARGE, `The body exceeds ${MAX_BODY_BYTES} bytes.`);
    const deadline = setTimeout(() => {
      const reply = replies.get(req.raw);
      if (reply) {
        reply.header('Connection', 'close');
        reply.raw.once('finish', () => req.raw.socket.destroy());
      }
      finish(
        new DomainError(
          CommonErrors.REQUEST_TIMEOUT,
          `The body was not received within ${timeoutMs / 1000} s.`,
        ),
      );
    }, timeoutMs);
    // A body refused for its size is still read to its end (and dropped) before the answer, so the
    // client can read it; the deadline bounds how long that takes.
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (failure) return;
      if (received > MAX_BODY_BYTES) {
        failure = tooLarge();
        parts.length = 0;
        return;
      }
      parts.push(chunk);
    };
    const onEnd = (): void => {
      if (failure) return finish(failure);
      try {
        finish(null, parseBody(Buffer.concat(parts), mediaTypeOf(headerOf(req, 'content-type'))));
      } catch (error) {
        finish(error as Error);
      }
    };
    const onError = (): void =>
      finish(new DomainError(CommonErrors.INVALID_BODY, 'The body could not be read.'));
    if (Number(headerOf(req, 'content-length') ?? 0) > MAX_BODY_BYTES) failure = tooLarge();
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  };

// Not strict: a bare string, number or null must parse, so it can be refused as "not an object"
// rather than misreported as malformed JSON.
// Bytes that are not UTF-8 are refused, not decoded to U+FFFD: what is stored is what was sent.
function parseBody(bytes: Buffer, media: { charset?: string } | undefined): object {
  if (!isUtf8(bytes))
    throw new DomainError(CommonErrors.MALFORMED_JSON, 'The body is not valid UTF-8.');
  const text = decode(bytes, media?.charset);
  if (text === undefined)
    throw new DomainError(CommonErrors.UNSUPPORTED_MEDIA_TYPE, 'Send the body as UTF-8 JSON.');
  if (text.length === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError(CommonErrors.MALFORMED_JSON, 'The body could not be parsed as JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError(CommonErrors.INVALID_BODY, 'The request body must be a JSON object.');
  }
  const hazard = findBodyHazard(body);
  if (hazard) {
    throw new DomainError(CommonErrors.VALIDATION_FAILED, `${hazard.field}: ${hazard.message}`, [
      hazard,
    ]);
  }
  return body;
}
