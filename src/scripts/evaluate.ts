/**
 * `npm run evaluate -- file.ndjson [--folds 5] [--seed N] [--json] [--database-url postgres://…]`:
 * k-fold cross-validation of the learned assessment on the reviewed claims of an export (or any
 * import file with verdicts), against the majority class and the rule status. In each fold the
 * other folds' verdicts are the only ones known. The file is loaded into a private scratch database
 * (in memory unless --database-url names an empty one), never into a running server's.
 */
import { parseArgs } from 'node:util';
import { formatCrossValidation } from '../evaluation/cross-validation.js';
import { runEvaluation } from './evaluation-run.js';

const USAGE =
  'Usage: npm run evaluate -- <file.ndjson> [--folds 5] [--seed 1] [--json] [--database-url postgres://…]';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      folds: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      'database-url': { type: 'string' },
    },
  });
  const folds = Number(values.folds);
  const seed = Number(values.seed);
  if (
    positionals.length !== 1 ||
    !Number.isInteger(folds) ||
    folds < 2 ||
    !Number.isInteger(seed)
  ) {
    console.error(USAGE);
    return 2;
  }
  const result = await runEvaluation({
    file: positionals[0],
    folds,
    seed,
    databaseUrl: values['database-url'],
  });
  console.log(values.json ? JSON.stringify(result, null, 2) : formatCrossValidation(result));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
