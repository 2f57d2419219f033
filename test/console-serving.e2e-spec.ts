import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIR, ConsoleFiles } from '../src/console/console-files.js';
import { DomainError } from '../src/domain/errors.js';
import { expectProblem } from './problem.js';
import { createTestApp, type TestApp } from './test-app.js';

/** The web console is served by the API's own server: its page at every screen's address, its bundles under /assets. */
describe('serving the console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const page = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');

  it.each([
    '/',
    '/sign-in',
    '/queue',
    '/claims',
    '/claims/x',
    '/sources/y',
    '/dashboard',
    '/activity',
  ])(
    '%s answers the console page without a key, never cached stale, with a CSP of its own',
    async (path) => {
      const res = await request(t.raw).get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toBe(page);
      expect(res.headers['cache-control']).toBe('no-cache');
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    },
  );

  it('serves every bundle the page names, with its type, for a year', async () => {
    const named = [...page.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1]);
    expect(named.length).toBeGreaterThanOrEqual(2);
    for (const file of named) {
      const res = await request(t.raw).get(`/assets/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/(javascript|css); charset=utf-8$/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(Number(res.headers['content-length'])).toBe(
        readFileSync(join(CONSOLE_DIR, 'assets', file)).length,
      );
    }
  });

  it('answers 404 problems for files it does not have, and never leaves its folder', async () => {
    for (const path of [
      '/assets/nope.js',
      '/assets/..%2Findex.html',
      '/assets/.source-hash',
      '/assets/x.exe',
    ]) {
      expectProblem(await request(t.raw).get(path), 404, 'ROUTE_NOT_FOUND');
    }
    // The API's unknown routes stay JSON problems, not the console page.
    expectProblem(await request(t.raw).get('/v1/nothing-here'), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await request(t.raw).get('/queue/extra'), 404, 'ROUTE_NOT_FOUND');
  });

  it('says how to build the console when it has not been built', async () => {
    const files = new ConsoleFiles(mkdtempSync(join(tmpdir(), 'console-empty-')));
    const error = await files.page().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).spec).toMatchObject({ status: 503, code: 'CONSOLE_NOT_BUILT' });
    expect((error as DomainError).detail).toMatch(/npm run build:web/);
  });

  it('keeps the first load small: the entry bundles stay under 250 KiB gzipped', async () => {
    const { initialJavaScriptSize } = await import('../src/scripts/console-build.js');
    const size = initialJavaScriptSize();
    expect(size.files.length).toBeGreaterThan(0);
    // Cytoscape.js (the graph) is not among them: it loads with the dashboard.
    expect(size.files.some((f) => f.startsWith('Dashboard'))).toBe(false);
    expect(readdirSync(join(CONSOLE_DIR, 'assets')).some((f) => f.startsWith('Dashboard'))).toBe(
      true,
    );
    expect(size.gzipBytes).toBeLessThan(250 * 1024);
  });
});
