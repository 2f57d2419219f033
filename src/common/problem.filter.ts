import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { requestIdOf } from './request-id.js';

const logger = new Logger('Errors');

const PROBLEM_TYPE_HEADER = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/**
 * Answers a request with the problem an exception stands for, whether a handler threw it or a
 * hook did; internals of unexpected errors stay in the log. A route that took over its response
 * (a stream) and failed before writing gets the problem on that response.
 */
export function writeProblem(req: FastifyRequest, reply: FastifyReply, exception: unknown): void {
  const { problem, internal } = toProblem(exception);
  const requestId = requestIdOf(req);
  if (internal) {
    logger.error(
      { requestId, method: req.method, path: req.url, error: String(exception) },
      exception instanceof Error ? exception.stack : undefined,
    );
  }
  const res = reply.raw;
  if (res.headersSent) {
    res.end();
    return;
  }
  // Refusals that pass (a busy instance, a limit) say when to try again; so does trouble with the
  // database, which usually passes within seconds.
  const retryAfter = exception instanceof DomainError ? exception.retryAfterSeconds : undefined;
  const retry =
    retryAfter !== undefined
      ? String(retryAfter)
      : problem.status === 503 && !reply.hasHeader('retry-after') && !res.hasHeader('retry-after')
        ? '2'
        : undefined;
  const body = JSON.stringify({ ...problem, requestId });
  if (reply.sent) {
    if (res.destroyed) return;
    if (retry !== undefined) res.setHeader('Retry-After', retry);
    res.statusCode = problem.status;
    res.setHeader('Content-Type', PROBLEM_TYPE_HEADER);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(body);
    return;
  }
  if (retry !== undefined) reply.header('Retry-After', retry);
  void reply.code(problem.status).type(PROBLEM_TYPE_HEADER).send(body);
}

/** Writes every error Nest catches as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    writeProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), exception);
  }
}
