/**
 * `npm run import -- file.ndjson [--url http://127.0.0.1:3000] [--key cg_…]`: streams an NDJSON file
 * to a running server's `POST /v1/import`, with a progress bar (bytes sent, rows per second, time
 * left) on a terminal and a plain line every few seconds otherwise. Prints the counts, or the
 * problem and each wrong line; exits non-zero unless the import was stored.
 *
 * The key comes from --key or CLAIMGRAPH_KEY (analyst or above; the environment keeps it out of
 * the process list); the server from --url, CLAIMGRAPH_URL, or http://127.0.0.1:$PORT (3000).
 */
import { parseArgs } from 'node:util';
import { describeOutcome, importFile } from './bulk-client.js';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, key: { type: 'string' } },
  });
  if (positionals.length !== 1) {
    console.error(
      'Usage: npm run import -- <file.ndjson> [--url http://127.0.0.1:3000] [--key cg_…]',
    );
    return 2;
  }
  const url =
    values.url ?? process.env.CLAIMGRAPH_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
  const key = values.key ?? process.env.CLAIMGRAPH_KEY;
  if (!key)
    console.error('No key given (--key or CLAIMGRAPH_KEY): the server will refuse the import.');
  const started = Date.now();
  const outcome = await importFile({ file: positionals[0], url, key, out: process.stderr });
  const text = describeOutcome(outcome, Date.now() - started);
  if (outcome.ok) console.log(text);
  else console.error(text);
  return outcome.ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
