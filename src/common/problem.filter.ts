import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../domain/errors.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { requestIdOf } from './request-id.js';

const logger = new Logger('Errors');

/**
 * Answers a request with the problem an exception stands for, whether Nest caught it or middleware
 * did; internals of unexpected errors stay in the log.
 */
export function writeProblem(req: Request, res: Response, exception: unknown): void {
  const { problem, internal } = toProblem(exception);
  const requestId = requestIdOf(req);
  if (internal) {
    logger.error(
      { requestId, method: req.method, path: req.originalUrl, error: String(exception) },
      exception instanceof Error ? exception.stack : undefined,
    );
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  // Refusals that pass (a busy instance, a limit) say when to try again; so does trouble with the
  // database, which usually passes within seconds.
  const retryAfter = exception instanceof DomainError ? exception.retryAfterSeconds : undefined;
  if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
  else if (problem.status === 503 && !res.getHeader('Retry-After'))
    res.setHeader('Retry-After', '2');
  res
    .status(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify({ ...problem, requestId }));
}

/** Writes every error Nest catches as application/problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    writeProblem(http.getRequest<Request>(), http.getResponse<Response>(), exception);
  }
}
