import type { Response } from 'supertest';
import { expect } from 'vitest';

/** The members a problem may carry: RFC 9457's, ours, and the one extension (a merged claim's survivor). */
const MEMBERS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'code',
  'errors',
  'requestId',
  'mergedIntoId',
]);

/**
 * Asserts an RFC 9457 problem as docs/design.md §4 describes it: the status, application/problem+json, every
 * required member (the request id equal to X-Request-Id), the stable `code` — a given one, or any
 * SCREAMING_SNAKE one — its matching `type`, and, when given, exactly these `errors[].field`s.
 */
export function expectProblem(
  res: Response,
  status: number,
  code?: string,
  fields?: string[],
): void {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    type: expect.any(String),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    code: code ?? expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
    requestId: res.headers['x-request-id'],
  });
  expect(res.body.type).toBe(
    `urn:claimgraph:problem:${String(res.body.code).toLowerCase().replace(/_/g, '-')}`,
  );
  expect(Object.keys(res.body).filter((k) => !MEMBERS.has(k))).toEqual([]);
  expect(res.body.title).not.toBe('');
  expect(res.body.detail).not.toBe('');
  if (fields) {
    expect(
      res.body.errors?.map((e: { field: string }) => e.field),
      JSON.stringify(res.body),
    ).toEqual(fields);
  }
}
