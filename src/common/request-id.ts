import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { headerOf } from './http.js';

const REQUEST_ID = Symbol('requestId');
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

type WithId = FastifyRequest & { [REQUEST_ID]?: string };

export const requestIdOf = (req: FastifyRequest): string =>
  (req as WithId)[REQUEST_ID] ?? 'unknown';

/** Echoes the caller's X-Request-Id when it is a sane token; otherwise makes one. */
export function assignRequestId(req: FastifyRequest, reply: FastifyReply): void {
  const incoming = headerOf(req, 'x-request-id');
  const id = incoming && ACCEPTABLE.test(incoming) ? incoming : randomUUID();
  (req as WithId)[REQUEST_ID] = id;
  reply.header('X-Request-Id', id);
}
