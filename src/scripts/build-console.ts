/**
 * `npm run build:web` (and the first step of `npm start`): builds the web console into dist/web
 * when web/ changed since the last build; `--force` builds it anyway.
 */
import { buildConsoleIfStale } from './console-build.js';

buildConsoleIfStale({ force: process.argv.includes('--force') }).then(
  (result) => {
    if (result === 'fresh') console.log('The web console is up to date.');
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
