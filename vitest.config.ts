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
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
