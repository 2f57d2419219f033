import { availableParallelism } from 'node:os';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    // SWC emits the decorator metadata Nest and class-validator read at run time.
    swc.vite({ module: { type: 'es6' } }),
  ],
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    // Fault suites cut, lock and kill things only a PostgreSQL server offers; they run whenever
    // DATABASE_URL names one (as in CI) and are left out on the embedded database.
    exclude: process.env.DATABASE_URL ? [] : ['test/**/*.postgres.e2e-spec.ts'],
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Most suites spend their time waiting on the database, sockets and timers, not on the CPU:
    // one worker more than there are cores keeps the cores busy (vitest's default is one fewer,
    // which on two cores runs every suite one after another). \`npm test -- --maxWorkers=1\` to debug.
    maxWorkers: availableParallelism() + 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
