/**
 * `npm run export -- [file.ndjson] [--url http://127.0.0.1:3000] [--key cg_…]`: saves a running
 * server's `GET /v1/export` (the whole database, in the import format) to a file, or to standard
 * output when no file is named. Key and server as for `npm run import`.
 */
import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeOutcome, exportFile } from './bulk-client.js';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, key: { type: 'string' } },
  });
  if (positionals.length > 1) {
    console.error(
      'Usage: npm run export -- [file.ndjson] [--url http://127.0.0.1:3000] [--key cg_…]',
    );
    return 2;
  }
  const url =
    values.url ?? process.env.CLAIMGRAPH_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  const key = values.key ?? process.env.CLAIMGRAPH_KEY;
  const started = Date.now();
  const to = positionals[0] ? createWriteStream(positionals[0]) : process.stdout;
  const outcome = await exportFile({ url, key, to });
  if (!outcome.ok) {
    console.error(describeOutcome(outcome, Date.now() - started));
    return 1;
  }
  if (positionals[0])
    console.error(
      `Exported to ${positionals[0]} in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A reader that stops early (`npm run export | head`) is not a failure.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
