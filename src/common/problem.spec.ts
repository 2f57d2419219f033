import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { toProblem } from './problem.js';

/** A driver error as TypeORM hands it on: a QueryFailedError wrapping pg's error with its SQLSTATE. */
const failed = (code: string, message = 'failed'): QueryFailedError =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code }));

describe('database trouble is 503 DATABASE_UNAVAILABLE, never an internal error', () => {
  it.each([
    ['55000', 'database "x" is not currently accepting connections'],
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['53300', 'sorry, too many clients already'],
    ['53100', 'could not extend file: No space left on device'],
    ['08006', 'connection failure'],
  ])('SQLSTATE %s (%s)', (code, message) => {
    for (const error of [failed(code, message), Object.assign(new Error(message), { code })]) {
      const { problem, internal } = toProblem(error);
      expect(internal).toBe(false);
      expect(problem).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    }
  });

  it.each([
    'timeout exceeded when trying to connect',
    'Connection terminated unexpectedly',
    'Query read timeout',
    'Cannot use a pool after calling end on the pool',
  ])('the driver saying "%s"', (message) => {
    const { problem, internal } = toProblem(new Error(message));
    expect(internal).toBe(false);
    expect(problem).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE' });
  });

  it.each(['ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE'])(
    'a file-system %s is 503 RESOURCES_EXHAUSTED',
    (code) => {
      const { problem, internal } = toProblem(
        Object.assign(new Error(`${code}: write failed`), { code }),
      );
      expect(internal).toBe(false);
      expect(problem).toMatchObject({ status: 503, code: 'RESOURCES_EXHAUSTED' });
    },
  );

  it('leaves a statement timeout as TIMEOUT and a lock-not-available or unknown error alone', () => {
    expect(toProblem(failed('57014')).problem.code).toBe('TIMEOUT');
    expect(toProblem(failed('55P03')).problem.code).toBe('INTERNAL_ERROR');
    expect(toProblem(new Error('boom')).internal).toBe(true);
  });
});
