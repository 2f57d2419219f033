import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Plain Node only: the build script reads this too, and starts faster without Nest.

/** The folder holding package.json: the same from src/ (tests) and from dist/src/ (the built server). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('No package.json above the console module');
    dir = parent;
  }
  return dir;
}

/** Where Vite writes the console (web/vite.config.ts says the same). */
export const CONSOLE_DIR = join(projectRoot(), 'dist', 'web');
