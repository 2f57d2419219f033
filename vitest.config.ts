import { availableParallelism } from 'node:os';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/** Fault suites cut, lock and kill things only a PostgreSQL server offers: without one, left out. */
const postgresOnly = process.env.DATABASE_URL ? [] : ['test/**/*.postgres.e2e-spec.ts'];

/** The Redis suites need a Redis server (REDIS_URL) as well as PostgreSQL: without one, left out. */
const redisOnly = process.env.REDIS_URL ? [] : ['test/**/*redis*.e2e-spec.ts'];

/**
 * The live-event suites check that a stream starts at "now". On PostgreSQL, "now" is bounded by the
 * oldest transaction running anywhere on the server, so another suite's open transaction would
 * move it: these run after the others, one at a time.
 */
const LIVE_EVENTS = 'test/events*.e2e-spec.ts';
/**
 * The browser suite waits for live updates too (and Chromium is heavy on two cores): it runs with
 * them, after the others.
 */
const BROWSER = 'test/console.e2e-spec.ts';

export default defineConfig({
  plugins: [
    // SWC emits the decorator metadata Nest and class-validator read at run time.
    swc.vite({ module: { type: 'es6' } }),
  ],
  test: {
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/contract-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'suites',
          include: ['src/**/*.spec.ts', 'web/src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
          exclude: [...postgresOnly, ...redisOnly, LIVE_EVENTS, BROWSER],
          // Most suites spend their time waiting on the database, sockets and timers, not on the
          // CPU: one worker more than there are cores keeps the cores busy (vitest's default is one
          // fewer, which on two cores runs every suite one after another).
          maxWorkers: availableParallelism() + 1,
        },
      },
      {
        extends: true,
        test: {
          name: 'live events',
          include: [LIVE_EVENTS, BROWSER],
          exclude: postgresOnly,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
