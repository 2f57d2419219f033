/**
 * `npm run demo`: loads the worked example (fixtures/founding-article.json) into a running server
 * through its HTTP API, then prints each claim's status and explanation, and the story as it stood
 * before the White House denial. Exits non-zero if a status differs from the expected one.
 *
 * DEMO_URL picks the server (default http://127.0.0.1:$PORT, PORT defaulting to 3000) and
 * CLAIMGRAPH_KEY the API key (analyst or above). Each run adds a fresh copy of the example.
 */
import { readFileSync } from 'node:fs';

interface Fixture {
  sources: { key: string; affiliatedWith?: string; [field: string]: unknown }[];
  claims: { key: string; [field: string]: unknown }[];
  stances: { claim: string; source: string; via?: string; [field: string]: unknown }[];
  links: { from: string; to: string; kind: string }[];
  expected: Record<string, { status: string }>;
}

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
  const fixture = JSON.parse(
    readFileSync(new URL('../../../fixtures/founding-article.json', import.meta.url), 'utf8'),
  ) as Fixture;
  await call('GET', '/health');
  if (!key)
    throw new Error(
      'Set CLAIMGRAPH_KEY to an API key (analyst or above); the server prints an admin key on its first start.',
    );
  console.log(`Loading the worked example into ${base}\n`);

  const sources: Record<string, string> = {};
  const pending = [...fixture.sources];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => !s.affiliatedWith || sources[s.affiliatedWith]);
    const { key, affiliatedWith, ...fields } = pending.splice(i, 1)[0];
    const body = {
      ...fields,
      ...(affiliatedWith && { affiliatedWithId: sources[affiliatedWith] }),
    };
    sources[key] = (await call<{ id: string }>('POST', '/v1/sources', body)).id;
  }
  const claims: Record<string, string> = {};
  for (const { key, ...fields } of fixture.claims) {
    claims[key] = (await call<{ id: string }>('POST', '/v1/claims', fields)).id;
  }
  for (const { claim, source, via, ...fields } of fixture.stances) {
    const body = {
      ...fields,
      sourceId: sources[source],
      ...(via && { viaSourceId: sources[via] }),
    };
    await call('POST', `/v1/claims/${claims[claim]}/stances`, body);
  }
  for (const link of fixture.links) {
    await call('POST', `/v1/claims/${claims[link.from]}/links`, {
      toClaimId: claims[link.to],
      kind: link.kind,
    });
  }

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
