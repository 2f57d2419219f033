import { Controller, Get, Header, Param } from '@nestjs/common';
import type { StreamableFile } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../common/auth.decorators.js';
import { ConsoleFiles } from './console-files.js';

/**
 * The console's addresses. Every one answers the same page, which then shows the screen the
 * address names, so any screen can be linked to; the page signs in through /v1/session.
 */
export const CONSOLE_PAGES = [
  '/',
  'sign-in',
  'queue',
  'claims',
  'claims/:id',
  'sources/:id',
  'dashboard',
  'activity',
];

/**
 * The page's Content-Security-Policy: helmet's default, without `upgrade-insecure-requests` (which
 * would send the page's own scripts to https:// when the console is served over plain http on a
 * private network) and with no framing at all.
 */
const CONSOLE_CSP = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
].join(';');

/**
 * Serves the web console (built by Vite from web/ into dist/web) from the API's own server, so
 * there is no second server and no CORS. The only static-file serving in the app: pages answer
 * index.html, /assets/<name> the hashed bundles. Files are returned as StreamableFile, which every
 * Nest HTTP platform sends, so nothing here depends on the platform. No key is needed: the files
 * hold no data, and they count against no rate budget.
 */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller()
export class ConsoleController {
  private readonly files = new ConsoleFiles();

  @Get(CONSOLE_PAGES)
  @Header('Cache-Control', 'no-cache')
  @Header('Content-Security-Policy', CONSOLE_CSP)
  getConsolePage(): Promise<StreamableFile> {
    return this.files.page();
  }

  // Bundle names carry a hash of their content: they never change, so browsers may keep them.
  @Get('assets/:file')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  getConsoleAsset(@Param('file') file: string): Promise<StreamableFile> {
    return this.files.asset(file);
  }
}
