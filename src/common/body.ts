import express, { type NextFunction, type Request, type Response } from 'express';
import { CommonErrors, type CodedErrorSpec } from './domain-error.js';
import { PROBLEM_CONTENT_TYPE, problemFrom } from './problem.js';
import { requestIdOf } from './request-id.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

function send(req: Request, res: Response, spec: CodedErrorSpec, detail: string): void {
  res
    .status(spec.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problemFrom(spec, detail), requestId: requestIdOf(req) }));
}

const json = express.json({ limit: MAX_BODY_BYTES, strict: true, type: ['application/json', 'application/*+json'] });

/**
 * JSON bodies only, at most 1 MiB, always an object. Parse failures are answered here as problem+json,
 * before any handler runs, so a bad body can never reach a write.
 */
export function jsonBodyMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (!WITH_BODY.has(req.method)) return next();
  const length = Number(req.get('content-length') ?? 0);
  const chunked = req.get('transfer-encoding') !== undefined;
  if ((length > 0 || chunked) && !req.is(['application/json', 'application/*+json'])) {
    return send(req, res, CommonErrors.UNSUPPORTED_MEDIA_TYPE, `Content-Type ${req.get('content-type') ?? '(none)'} is not accepted; send application/json.`);
  }
  json(req, res, (err?: unknown) => {
    if (err) {
      const e = err as { type?: string; status?: number };
      if (e.type === 'entity.too.large' || e.status === 413) {
        return send(req, res, CommonErrors.PAYLOAD_TOO_LARGE, `The body exceeds ${MAX_BODY_BYTES} bytes.`);
      }
      if (e.type === 'entity.parse.failed') {
        return send(req, res, CommonErrors.MALFORMED_JSON, 'The body could not be parsed as JSON.');
      }
      if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') {
        return send(req, res, CommonErrors.UNSUPPORTED_MEDIA_TYPE, 'Send the body as UTF-8 JSON.');
      }
      return send(req, res, CommonErrors.INVALID_BODY, 'The body could not be read.');
    }
    const body: unknown = req.body;
    if (body === undefined) {
      req.body = {};
    } else if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return send(req, res, CommonErrors.INVALID_BODY, 'The request body must be a JSON object.');
    }
    next();
  });
}
