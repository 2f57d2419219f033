/**
 * The worked example (fixtures/founding-article.json) and how to load it through the API, in the
 * order a person would: sources (parents before the sources affiliated with them), claims,
 * stances, links. Shared by `npm run demo` and the test suites.
 */
import { existsSync, readFileSync } from 'node:fs';
import { ok, ProblemError, type ClaimgraphClient, type Schemas } from '../client/index.js';

export interface WorkedExample {
  sources: { key: string; affiliatedWith?: string; [field: string]: unknown }[];
  claims: { key: string; [field: string]: unknown }[];
  stances: { claim: string; source: string; via?: string; [field: string]: unknown }[];
  links: { from: string; to: string; kind: string }[];
  expected: Record<
    string,
    {
      status: string;
      support: { groups: number; sources: number };
      refute: { groups: number; sources: number };
    }
  >;
}

/** Reads the fixture from `fixtures/` at the repository's root (run from `src/` or built `dist/src/`). */
export function readWorkedExample(): WorkedExample {
  const candidates = ['../../', '../../../'].map(
    (up) => new URL(`${up}fixtures/founding-article.json`, import.meta.url),
  );
  const url = candidates.find((u) => existsSync(u)) ?? candidates[0];
  return JSON.parse(readFileSync(url, 'utf8')) as WorkedExample;
}

/** Creates the source, or answers the id of the one that already has its name (one identity per source). */
async function sourceId(api: ClaimgraphClient, body: Schemas['NewSourceDto']): Promise<string> {
  try {
    return (await ok(api.POST('/v1/sources', { body }))).id;
  } catch (error) {
    const existing = error instanceof ProblemError && error.problem?.existingSourceId;
    if (existing) return existing;
    throw error;
  }
}

/** Loads the example through the typed client; answers the ids by fixture key. Throws on a refusal. */
export async function loadWorkedExample(
  example: WorkedExample,
  api: ClaimgraphClient,
): Promise<{ sources: Record<string, string>; claims: Record<string, string> }> {
  const sources: Record<string, string> = {};
  const claims: Record<string, string> = {};
  const pending = [...example.sources];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => !s.affiliatedWith || sources[s.affiliatedWith]);
    if (i < 0) throw new Error('The example names a parent source it does not define');
    const { key, affiliatedWith, ...fields } = pending.splice(i, 1)[0];
    const body = {
      ...fields,
      ...(affiliatedWith && { affiliatedWithId: sources[affiliatedWith] }),
    } as Schemas['NewSourceDto'];
    sources[key] = await sourceId(api, body);
  }
  for (const { key, ...fields } of example.claims) {
    const body = fields as Schemas['CreateClaimDto'];
    claims[key] = (await ok(api.POST('/v1/claims', { body }))).id;
  }
  for (const { claim, source, via, ...fields } of example.stances) {
    const body = {
      ...fields,
      sourceId: sources[source],
      ...(via && { viaSourceId: sources[via] }),
    } as Schemas['CreateStanceDto'];
    await ok(
      api.POST('/v1/claims/{id}/stances', { params: { path: { id: claims[claim] } }, body }),
    );
  }
  for (const link of example.links) {
    const body = { toClaimId: claims[link.to], kind: link.kind } as Schemas['CreateLinkDto'];
    await ok(
      api.POST('/v1/claims/{id}/links', { params: { path: { id: claims[link.from] } }, body }),
    );
  }
  return { sources, claims };
}
