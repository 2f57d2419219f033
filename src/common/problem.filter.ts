import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';
import { requestIdOf } from './request-id.js';

/** Writes every error as application/problem+json; internals of unexpected errors stay in the log. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const { problem, internal } = toProblem(exception);
    const requestId = requestIdOf(req);
    if (internal) {
      this.logger.error(
        { requestId, method: req.method, path: req.originalUrl, error: String(exception) },
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    // Trouble on our side that passes (the database, a busy instance): say when to try again.
    if (problem.status === 503 && !res.getHeader('Retry-After')) res.setHeader('Retry-After', '2');
    res
      .status(problem.status)
      .type(PROBLEM_CONTENT_TYPE)
      .send(JSON.stringify({ ...problem, requestId }));
  }
}
