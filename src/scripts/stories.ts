/**
 * `npm run stories -- [file.ndjson] [--claims 600] [--outlets 40] [--seed 1]`: writes synthetic
 * stories with a known truth as an import file (standard output without a file), for
 * `npm run evaluate`: outlets with planted accuracies, outlets that copy one another, relayed
 * unnamed officials, and a verdict on every claim. The planted accuracies go to standard error.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_STORY_OPTIONS, generateStories } from '../evaluation/stories.js';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      claims: { type: 'string', default: String(DEFAULT_STORY_OPTIONS.claims) },
      outlets: { type: 'string', default: String(DEFAULT_STORY_OPTIONS.outlets) },
      seed: { type: 'string', default: String(DEFAULT_STORY_OPTIONS.seed) },
    },
  });
  const options = {
    claims: Number(values.claims),
    outlets: Number(values.outlets),
    seed: Number(values.seed),
  };
  if (
    positionals.length > 1 ||
    !Object.values(options).every((n) => Number.isInteger(n) && n > 0) ||
    options.claims > 1_000_000 ||
    options.outlets > 10_000
  ) {
    console.error(
      'Usage: npm run stories -- [file.ndjson] [--claims 600] [--outlets 40] [--seed 1]',
    );
    return 2;
  }
  const stories = generateStories(options);
  const text = stories.lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
  if (positionals[0]) writeFileSync(positionals[0], text);
  else process.stdout.write(text);
  for (const o of stories.outlets) {
    const copies = o.copies ? `, copies ${o.copies}${o.citesCopies ? ' (citing it)' : ''}` : '';
    console.error(`${o.name}: accuracy ${o.accuracy}, grade ${o.grade}${copies}`);
  }
  return 0;
}

process.exitCode = main();
