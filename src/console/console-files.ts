import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { StreamableFile } from '@nestjs/common';
import { CommonErrors, DomainError, errorCodes } from '../domain/errors.js';
import { CONSOLE_DIR } from './console-dir.js';

export { CONSOLE_DIR };

export const ConsoleErrors = errorCodes({
  CONSOLE_NOT_BUILT: { status: 503, title: 'The web console has not been built' },
});

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Bundle names as Vite makes them: `index-<hash>.js`. No slashes, no leading dot. */
const ASSET_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,200}$/;

/**
 * Reads the built console's files from disk. The page is read on every request (it is small, and a
 * rebuild is then served without a restart); bundles are streamed.
 */
export class ConsoleFiles {
  constructor(private readonly dir = CONSOLE_DIR) {}

  async page(): Promise<StreamableFile> {
    let html: Buffer;
    try {
      html = await readFile(join(this.dir, 'index.html'));
    } catch {
      throw new DomainError(
        ConsoleErrors.CONSOLE_NOT_BUILT,
        'The web console has not been built: run `npm run build:web` (`npm start` does it).',
      );
    }
    return new StreamableFile(html, { type: 'text/html; charset=utf-8', length: html.length });
  }

  async asset(name: string): Promise<StreamableFile> {
    const type = TYPES[extname(name)];
    const notFound = new DomainError(CommonErrors.ROUTE_NOT_FOUND, `No console file ${name}.`);
    if (!ASSET_NAME.test(name) || !type) throw notFound;
    const path = join(this.dir, 'assets', name);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw notFound;
    return new StreamableFile(createReadStream(path), { type, length: info.size });
  }
}
