/**
 * Builds the web console (web/ → dist/web) with Vite when its sources changed since the last build,
 * so `npm start` stays fast: the sources (web/, the typed client it uses, package-lock.json) are
 * hashed, and the hash is kept beside the build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_DIR, projectRoot } from '../console/console-dir.js';

const STAMP = join(CONSOLE_DIR, '.source-hash');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** A hash of everything the console is built from. */
export function consoleSourceHash(): string {
  const root = projectRoot();
  const files = [
    ...filesUnder(join(root, 'web')),
    ...filesUnder(join(root, 'src', 'client')),
    join(root, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** The JavaScript a first visit loads (the entry and what it preloads), raw and gzipped bytes. */
export function initialJavaScriptSize(): { files: string[]; bytes: number; gzipBytes: number } {
  const html = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(
      /<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/assets\/([^"]+\.js)"/g,
    ),
  ].map((m) => m[1]);
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = readFileSync(join(CONSOLE_DIR, 'assets', file));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files, bytes, gzipBytes };
}

export type ConsoleBuild = 'fresh' | 'built' | 'unavailable';

/**
 * Builds the console unless the last build was made from these very sources. Without Vite (an
 * install without dev dependencies) it keeps whatever build there is and says so.
 */
export async function buildConsoleIfStale({
  force = false,
  log = console.log,
}: { force?: boolean; log?: (line: string) => void } = {}): Promise<ConsoleBuild> {
  const hash = consoleSourceHash();
  const built = existsSync(join(CONSOLE_DIR, 'index.html'));
  if (!force && built && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return 'fresh';
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    log(
      built
        ? 'Vite is not installed (no dev dependencies): serving the console built before.'
        : 'Vite is not installed (no dev dependencies): the console is not built; the API works.',
    );
    return 'unavailable';
  }
  const started = Date.now();
  await vite.build({ configFile: join(projectRoot(), 'web', 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(STAMP, hash);
  const size = initialJavaScriptSize();
  log(
    `Built the web console in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `first load ${(size.gzipBytes / 1024).toFixed(1)} KiB of JavaScript gzipped ` +
      `(${(size.bytes / 1024).toFixed(1)} KiB raw).`,
  );
  return 'built';
}
