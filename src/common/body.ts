import { isUtf8 } from 'node:buffer';
import express, { type NextFunction, type Request, type Response } from 'express';
import { CommonErrors, type CodedErrorSpec, type FieldError } from '../domain/errors.js';
import { PROBLEM_CONTENT_TYPE, problemFrom } from './problem.js';
import { requestIdOf } from './request-id.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Answers a problem from middleware, before any handler runs. */
export function sendProblem(
  req: Request,
  res: Response,
  spec: CodedErrorSpec,
  detail: string,
  errors?: FieldError[],
): void {
  res
    .status(spec.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problemFrom(spec, detail, errors), requestId: requestIdOf(req) }));
}

// Not strict: a bare string, number or null must parse, so it can be refused as "not an object"
// rather than misreported as malformed JSON.
// Bytes that are not UTF-8 are refused, not decoded to U+FFFD: what is stored is what was sent.
const json = express.json({
  limit: MAX_BODY_BYTES,
  strict: false,
  type: ['application/json', 'application/*+json'],
  verify: (_req, _res, buf) => {
    if (!isUtf8(buf)) throw new Error('The body is not valid UTF-8');
  },
});

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
export function queryTextMiddleware(req: Request, res: Response, next: NextFunction): void {
  for (const [name, value] of Object.entries(req.query)) {
    const values = Array.isArray(value) ? value : [value];
    if (unstorableText(name) || values.some((v) => typeof v === 'string' && unstorableText(v))) {
      return sendProblem(
        req,
        res,
        CommonErrors.VALIDATION_FAILED,
        `${name}: contains a NUL character or an unpaired surrogate`,
        [{ field: name, message: 'contains a NUL character or an unpaired surrogate' }],
      );
    }
  }
  next();
}

/**
 * Routes that read their own body as a stream (the bulk import, NDJSON of any length): their body is
 * left unread here, and the route checks its media type itself.
 */
const STREAMED_BODY_ROUTES = new Set(['POST /v1/import']);

const readsOwnBody = (req: Request): boolean =>
  STREAMED_BODY_ROUTES.has(`${req.method} ${req.path.toLowerCase().replace(/\/+$/, '')}`);

/**
 * JSON bodies only, at most 1 MiB, always an object, sent within `timeoutMs`. Parse failures are
 * answered here as problem+json, before any handler runs, so a bad body can never reach a write.
 * A body still arriving at the deadline is answered 408 and its connection closed.
 */
export const jsonBodyMiddleware =
  (timeoutMs: number) =>
  (req: Request, res: Response, next: NextFunction): void => {
    if (!WITH_BODY.has(req.method) || readsOwnBody(req)) return next();
    const encoding = req.get('content-encoding');
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      return sendProblem(
        req,
        res,
        CommonErrors.UNSUPPORTED_MEDIA_TYPE,
        `Content-Encoding ${encoding} is not accepted; send the body uncompressed.`,
      );
    }
    const length = Number(req.get('content-length') ?? 0);
    const chunked = req.get('transfer-encoding') !== undefined;
    if ((length > 0 || chunked) && !req.is(['application/json', 'application/*+json'])) {
      return sendProblem(
        req,
        res,
        CommonErrors.UNSUPPORTED_MEDIA_TYPE,
        `Content-Type ${req.get('content-type') ?? '(none)'} is not accepted; send application/json.`,
      );
    }
    const deadline = setTimeout(() => {
      if (res.headersSent) return;
      res.setHeader('Connection', 'close');
      res.on('finish', () => req.socket.destroy());
      sendProblem(
        req,
        res,
        CommonErrors.REQUEST_TIMEOUT,
        `The body was not received within ${timeoutMs / 1000} s.`,
      );
    }, timeoutMs);
    json(req, res, (err?: unknown) => {
      clearTimeout(deadline);
      if (res.headersSent) return;
      if (err) {
        const e = err as { type?: string; status?: number };
        if (e.type === 'entity.too.large' || e.status === 413) {
          return sendProblem(
            req,
            res,
            CommonErrors.PAYLOAD_TOO_LARGE,
            `The body exceeds ${MAX_BODY_BYTES} bytes.`,
          );
        }
        if (e.type === 'entity.verify.failed') {
          return sendProblem(req, res, CommonErrors.MALFORMED_JSON, 'The body is not valid UTF-8.');
        }
        if (e.type === 'entity.parse.failed') {
          return sendProblem(
            req,
            res,
            CommonErrors.MALFORMED_JSON,
            'The body could not be parsed as JSON.',
          );
        }
        if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
          return sendProblem(
            req,
            res,
            CommonErrors.UNSUPPORTED_MEDIA_TYPE,
            'Send the body as UTF-8 JSON.',
          );
        }
        return sendProblem(req, res, CommonErrors.INVALID_BODY, 'The body could not be read.');
      }
      const body: unknown = req.body;
      if (body === undefined) {
        req.body = {};
      } else if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return sendProblem(
          req,
          res,
          CommonErrors.INVALID_BODY,
          'The request body must be a JSON object.',
        );
      } else {
        const hazard = findBodyHazard(body);
        if (hazard)
          return sendProblem(
            req,
            res,
            CommonErrors.VALIDATION_FAILED,
            `${hazard.field}: ${hazard.message}`,
            [hazard],
          );
      }
      next();
    });
  };
