import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const REQUEST_ID = Symbol('requestId');
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestIdOf = (req: Request): string =>
  (req as Request & { [REQUEST_ID]?: string })[REQUEST_ID] ?? 'unknown';

/** Echoes the caller's X-Request-Id when it is a sane token; otherwise makes one. */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.get('x-request-id');
  const id = incoming && ACCEPTABLE.test(incoming) ? incoming : randomUUID();
  (req as Request & { [REQUEST_ID]?: string })[REQUEST_ID] = id;
  res.setHeader('X-Request-Id', id);
  next();
}
