/**
 * `npm run demo`: loads the worked example (fixtures/founding-article.json) into a running server
 * through its HTTP API, then prints each claim's status and explanation, and the story as it stood
 * before the White House denial. Exits non-zero if a status differs from the expected one.
 *
 * DEMO_URL picks the server (default http://127.0.0.1:$PORT, PORT defaulting to 3000) and
 * CLAIMGRAPH_KEY the API key (analyst or above). Each run adds a fresh copy of the example's claims;
 * its sources exist once, so a later run uses those already there.
 */
import { createClaimgraphClient, ok } from '../client/index.js';
import { loadWorkedExample, readWorkedExample } from './worked-example.js';

const base = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
const key = process.env.CLAIMGRAPH_KEY;
const api = createClaimgraphClient({ baseUrl: base, key });

async function main(): Promise<void> {
  const fixture = readWorkedExample();
  await ok(api.GET('/health'));
  if (!key)
    throw new Error(
      'Set CLAIMGRAPH_KEY to an API key (analyst or above); the server prints an admin key on its first start.',
    );
  console.log(`Loading the worked example into ${base}\n`);

  const { claims } = await loadWorkedExample(fixture, api);

  let mismatches = 0;
  for (const { key, statement } of fixture.claims) {
    const e = await ok(
      api.GET('/v1/claims/{id}/corroboration', { params: { path: { id: claims[key] } } }),
    );
    const expected = fixture.expected[key]?.status;
    const mark = e.status === expected ? 'ok' : `EXPECTED ${expected}`;
    if (e.status !== expected) mismatches++;
    console.log(
      `${String(statement)}\n  ${e.status.toUpperCase()} (score ${e.score.toFixed(3)}) [${mark}]  /v1/claims/${claims[key]}`,
    );
    console.log(`  ${e.summary}`);
    for (const g of e.groups) console.log(`    - ${g.summary}`);
    console.log('');
  }

  const asOf = '2017-10-30T00:00:00Z';
  const before = await ok(
    api.GET('/v1/claims/{id}/corroboration', {
      params: { path: { id: claims['trump-request'] }, query: { asOf } },
    }),
  );
  console.log(`Before the White House denial — ${before.summary}`);

  if (mismatches > 0) {
    console.error(`\n${mismatches} claim(s) did not reach the expected status.`);
    process.exit(1);
  }
  console.log('\nEvery claim reached its expected status.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
