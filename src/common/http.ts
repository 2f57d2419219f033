import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A request header as one string (Node joins repeated ones), or undefined when absent. */
export function headerOf(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The request's path as sent, without the query string. */
export function pathOf(req: FastifyRequest): string {
  const url = req.url;
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** The path in the form routes are matched: lower case, no trailing slash. */
export const routePathOf = (req: FastifyRequest): string =>
  pathOf(req).toLowerCase().replace(/\/+$/, '');

/**
 * Takes the response out of Fastify's hands for a route that writes it itself (a stream): the
 * headers set so far (request id, security headers) go with it, and Fastify sends nothing more.
 */
export function takeOver(reply: FastifyReply): ServerResponse {
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) reply.raw.setHeader(name, value);
  }
  reply.hijack();
  return reply.raw;
}
