import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the benchmark runs from the build: the server, its commands, and the baseline server. */
export const BUILT = {
  server: 'src/main.js',
  migrate: 'src/scripts/migrate.js',
  recompute: 'src/scripts/recompute.js',
  baseline: 'bench/baseline-server.js',
} as const;

/**
 * A private copy of the build (`dist/`) that the servers and commands run from, so a rebuild
 * during a long run (`npm run build` rewrites `dist/`) cannot change files under it. It sits
 * under node_modules/.cache, where packages still resolve and no linter or compiler looks.
 */
export class BuildCopy {
  private constructor(readonly dir: string) {}

  /** A copy of this build, or of another one's `dist/` (to compare two builds in one run). */
  static make(from?: string): BuildCopy {
    const dist = from ? resolve(from) : resolve(dirname(fileURLToPath(import.meta.url)), '..');
    for (const file of Object.values(BUILT)) {
      if (!existsSync(join(dist, file))) {
        throw new Error(
          `${join(dist, file)} is missing: build first (npm run bench builds, then runs)`,
        );
      }
    }
    const dir = join(
      dirname(dist),
      'node_modules',
      '.cache',
      'claimgraph-bench',
      `build-${randomBytes(4).toString('hex')}`,
    );
    cpSync(dist, dir, { recursive: true });
    return new BuildCopy(dir);
  }

  path(file: keyof typeof BUILT): string {
    return join(this.dir, BUILT[file]);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
