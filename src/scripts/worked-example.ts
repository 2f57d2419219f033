/**
 * The worked example (fixtures/founding-article.json) and how to load it through the API, in the
 * order a person would: sources (parents before the sources affiliated with them), claims,
 * stances, links. Shared by `npm run demo` and the test suites.
 */
import { existsSync, readFileSync } from 'node:fs';

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

/** Creates one record (POST `path` with `body`) and answers its id; throws when refused. */
export type Create = (path: string, body: Record<string, unknown>) => Promise<string>;

/** Loads the example through `create`; answers the ids by fixture key. */
export async function loadWorkedExample(
  example: WorkedExample,
  create: Create,
): Promise<{ sources: Record<string, string>; claims: Record<string, string> }> {
  const sources: Record<string, string> = {};
  const claims: Record<string, string> = {};
  const pending = [...example.sources];
  while (pending.length > 0) {
    const i = pending.findIndex((s) => !s.affiliatedWith || sources[s.affiliatedWith]);
    if (i < 0) throw new Error('The example names a parent source it does not define');
    const { key, affiliatedWith, ...fields } = pending.splice(i, 1)[0];
    sources[key] = await create('/v1/sources', {
      ...fields,
      ...(affiliatedWith && { affiliatedWithId: sources[affiliatedWith] }),
    });
  }
  for (const { key, ...fields } of example.claims) {
    claims[key] = await create('/v1/claims', fields);
  }
  for (const { claim, source, via, ...fields } of example.stances) {
    await create(`/v1/claims/${claims[claim]}/stances`, {
      ...fields,
      sourceId: sources[source],
      ...(via && { viaSourceId: sources[via] }),
    });
  }
  for (const link of example.links) {
    await create(`/v1/claims/${claims[link.from]}/links`, {
      toClaimId: claims[link.to],
      kind: link.kind,
    });
  }
  return { sources, claims };
}
