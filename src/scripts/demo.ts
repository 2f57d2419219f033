/**
 * `npm run demo`: loads the worked example (fixtures/founding-article.json) into a running server
 * through its HTTP API, then prints each claim's status and explanation, and the story as it stood
 * before the White House denial. Exits non-zero if a status differs from the expected one.
 *
 * DEMO_URL picks the server (default http://127.0.0.1:$PORT, PORT defaulting to 3000) and
 * CLAIMGRAPH_KEY the API key (analyst or above). Each run adds a fresh copy of the example.
 */
import { loadWorkedExample, readWorkedExample } from './worked-example.js';

interface Explanation {
  status: string;
  score: number;
  summary: string;
  groups: { summary: string }[];
}

const base = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.PORT ?? '3000'}`;
const key = process.env.CLAIMGRAPH_KEY;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function main(): Promise<void> {
  const fixture = readWorkedExample();
  await call('GET', '/health');
  if (!key)
    throw new Error(
      'Set CLAIMGRAPH_KEY to an API key (analyst or above); the server prints an admin key on its first start.',
    );
  console.log(`Loading the worked example into ${base}\n`);

  const { claims } = await loadWorkedExample(
    fixture,
    async (path, body) => (await call<{ id: string }>('POST', path, body)).id,
  );

  let mismatches = 0;
  for (const { key, statement } of fixture.claims) {
    const e = await call<Explanation>('GET', `/v1/claims/${claims[key]}/corroboration`);
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
  const before = await call<Explanation>(
    'GET',
    `/v1/claims/${claims['trump-request']}/corroboration?asOf=${asOf}`,
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
