import { createWriteStream, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { DatasetSize } from './options.js';
import { Random, Weighted } from '../src/common/random.js';

/**
 * The synthetic dataset: sources (a tenth of them institutions that others are affiliated with, so
 * independence groups have several members), claims (tags from a small vocabulary, mostly English),
 * stances (popular claims and sources get more, kinds weighted like a newsroom's log, stated over
 * two years) and `depends_on`/`related` links. Written twice: as the NDJSON import format, and as
 * PostgreSQL COPY text files of exactly the same rows.
 */
export interface Dataset {
  dir: string;
  ndjson: string;
  ndjsonBytes: number;
  copy: { sources: string; claims: string; stances: string; links: string };
  counts: { sources: number; claims: number; stances: number; links: number };
  claimIds: string[];
  sourceIds: string[];
  /** The tag vocabulary, most used first. */
  tags: string[];
}

export const TABLE_COLUMNS = {
  sources: [
    'id',
    'name',
    'kind',
    'description',
    'aliases',
    'url',
    'affiliated_with_id',
    'reliability',
    'independence_group_id',
    'created_at',
    'updated_at',
  ],
  claims: [
    'id',
    'statement',
    'context',
    'tags',
    'occurred_at',
    'language',
    'created_at',
    'updated_at',
  ],
  stances: [
    'id',
    'claim_id',
    'source_id',
    'kind',
    'stated_at',
    'recorded_at',
    'quote',
    'evidence_url',
    'via_source_id',
    'note',
  ],
  claim_links: ['id', 'from_claim_id', 'to_claim_id', 'kind', 'created_at'],
} as const;

/** Stances are stated between these two instants. */
export const WINDOW_START = Date.UTC(2023, 0, 1);
export const WINDOW_MS = 730 * 24 * 3600 * 1000;

// prettier-ignore
const TAGS = [
  'politics', 'economy', 'elections', 'diplomacy', 'conflict', 'health', 'climate', 'energy', 'trade', 'security',
  'migration', 'technology', 'sanctions', 'finance', 'media', 'europe', 'middle-east', 'asia', 'africa', 'americas',
  'iran', 'united-states', 'russia', 'ukraine', 'china', 'vaccines', 'oil', 'nuclear', 'cyber', 'corruption',
  'courts', 'labour', 'education', 'science', 'space', 'agriculture', 'water', 'housing', 'sport', 'culture',
];
const TAG_PICK = new Weighted(TAGS.map((t, i) => [t, 1 / Math.pow(i + 1, 0.8)] as const));

// prettier-ignore
const FIRST = ['Amir', 'Sara', 'John', 'Maria', 'Li', 'Fatima', 'Omar', 'Elena', 'David', 'Aisha', 'Chen', 'Ivan',
  'Noor', 'Pedro', 'Yuki', 'Hassan', 'Anna', 'Kofi', 'Leila', 'Marco', 'Olga', 'Samir', 'Grace', 'Tomas'];
// prettier-ignore
const LAST = ['Rahimi', 'Smith', 'Garcia', 'Wang', 'Haddad', 'Petrov', 'Nakamura', 'Okafor', 'Rossi', 'Karimi',
  'Novak', 'Silva', 'Khan', 'Mueller', 'Dubois', 'Cohen', 'Ali', 'Kim', 'Jensen', 'Moreau', 'Ghassemi', 'Fazaeli',
  'Osei', 'Lindqvist'];
// prettier-ignore
const COUNTRIES = ['Iran', 'the United States', 'Russia', 'Ukraine', 'China', 'France', 'Germany', 'Brazil',
  'Nigeria', 'India', 'Japan', 'Turkey', 'Egypt', 'Mexico', 'Kenya', 'Poland', 'Canada', 'Indonesia'];
// prettier-ignore
const BODIES = ['Ministry of Foreign Affairs', 'Ministry of Defence', 'Ministry of Health', 'Central Bank',
  'Electoral Commission', 'Office of the President', 'Parliament', 'Supreme Court', 'Ministry of Energy', 'Police'];
// prettier-ignore
const ORGS = ['Institute for Policy Studies', 'Human Rights Watchers', 'Energy Council', 'Trade Federation',
  'Press Union', 'Medical Association', 'Climate Alliance', 'Workers Union', 'Security Forum', 'Open Data Project'];
// prettier-ignore
const PAPERS = ['Daily', 'Herald', 'Times', 'Post', 'Observer', 'Tribune', 'Gazette', 'Wire', 'Courier', 'Chronicle'];
// prettier-ignore
const CITIES = ['Tehran', 'Washington', 'Moscow', 'Kyiv', 'Beijing', 'Paris', 'Berlin', 'Lagos', 'Delhi', 'Tokyo',
  'Ankara', 'Cairo', 'Nairobi', 'Warsaw', 'Toronto', 'Jakarta'];
// prettier-ignore
const VERBS = ['requested a meeting with', 'denied any contact with', 'signed an agreement with',
  'announced sanctions against', 'met secretly with', 'received funding from', 'withdrew its ambassador from',
  'offered a loan to', 'accused', 'opened talks with', 'suspended flights to', 'shared intelligence with'];
// prettier-ignore
const EVENTS = ['during the UN General Assembly', 'at the G20 summit', 'before the election',
  'after the border incident', 'in a leaked memo', 'at a closed-door meeting', 'in a televised interview',
  'during the energy crisis', 'at the trade talks', 'in a court filing'];
// prettier-ignore
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];

// prettier-ignore
const INSTITUTION_KIND = new Weighted([['government', 3], ['organization', 3.5], ['outlet', 3.5]] as const);
// prettier-ignore
const OTHER_KIND = new Weighted([['person', 55], ['outlet', 12], ['organization', 8], ['document', 15],
  ['other', 5], ['government', 5]] as const);
// prettier-ignore
const GRADE = new Weighted([['A', 4], ['B', 18], ['C', 30], ['D', 16], ['E', 7], ['F', 25]] as const);
// prettier-ignore
const LANGUAGE = new Weighted([['en', 85], ['fr', 4], ['de', 3], ['es', 3], ['ar', 2], ['fa', 2], ['ru', 1]] as const);
/** Stance kinds as a newsroom logs them: reports and assertions common, retractions rare. */
// prettier-ignore
export const STANCE_KIND = new Weighted([['asserts', 28], ['reports', 26], ['confirms', 12], ['denies', 12],
  ['questions', 10], ['declines_to_confirm', 8], ['retracts', 4]] as const);

/** Lines are gathered and written in large chunks, waiting whenever the file stream is full. */
class ChunkWriter {
  private readonly stream: WriteStream;
  private lines: string[] = [];

  constructor(path: string) {
    this.stream = createWriteStream(path);
  }

  async write(line: string): Promise<void> {
    this.lines.push(line);
    if (this.lines.length >= 4096) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('\n') + '\n';
    this.lines = [];
    if (!this.stream.write(chunk))
      await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

/** A COPY text field: `\N` for null, backslash escapes for the characters COPY gives meaning to. */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** A text[] literal, as COPY reads it. */
export function copyArray(values: readonly string[]): string {
  return copyField(
    `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`,
  );
}

const iso = (ms: number): string => new Date(ms).toISOString();
const withoutNulls = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

/**
 * How the NDJSON lines refer to each other: `ids`, by the uuid each record carries (as an export
 * writes them), or `keys`, by a short `key` given to every source and claim (as a file put together
 * by another tool might). Either way every record keeps its `id`, so the rows are the same.
 */
export type ReferenceStyle = 'ids' | 'keys';

export async function generateDataset(
  dir: string,
  size: DatasetSize,
  seed: number,
  refs: ReferenceStyle = 'ids',
): Promise<Dataset> {
  const random = new Random(seed);
  const keyed = refs === 'keys';
  const ndjsonPath = join(dir, 'dataset.ndjson');
  const copy = {
    sources: join(dir, 'sources.copy'),
    claims: join(dir, 'claims.copy'),
    stances: join(dir, 'stances.copy'),
    links: join(dir, 'claim_links.copy'),
  };
  const ndjson = new ChunkWriter(ndjsonPath);
  const moment = () => WINDOW_START + random.int(WINDOW_MS);

  // Sources: institutions first, so every affiliation points at an earlier line.
  const sourceIds: string[] = [];
  const groupOf: number[] = [];
  const institutions: number[] = [];
  const outlets: number[] = [];
  const institutionCount = Math.max(5, Math.floor(size.sources / 10));
  const sources = new ChunkWriter(copy.sources);
  for (let i = 0; i < size.sources; i++) {
    const id = random.uuid();
    const institution = i < institutionCount;
    const kind = institution ? INSTITUTION_KIND.pick(random) : OTHER_KIND.pick(random);
    let parent: number | null = null;
    if (institution ? institutions.length >= 5 && random.chance(0.3) : random.chance(0.35)) {
      parent = random.pick(institutions);
    }
    const country = random.pick(COUNTRIES);
    let name: string;
    let url: string | null = null;
    const aliases: string[] = [];
    if (kind === 'person') {
      const first = random.pick(FIRST);
      const last = random.pick(LAST);
      name = `${first} ${last}`;
      if (random.chance(0.2)) aliases.push(`${first[0]}. ${last}`);
    } else if (kind === 'outlet') {
      const city = random.pick(CITIES);
      const paper = random.pick(PAPERS);
      name = `The ${city} ${paper}`;
      url = `https://www.${city.toLowerCase()}-${paper.toLowerCase()}.example/`;
    } else if (kind === 'government') {
      name = random.chance(0.3)
        ? `Government of ${country}`
        : `${random.pick(BODIES)} of ${country}`;
    } else if (kind === 'organization') {
      name = `${random.pick(ORGS)} (${country})`;
    } else if (kind === 'document') {
      name = `Report ${1000 + random.int(9000)} of the ${random.pick(BODIES)}`;
    } else {
      name = `Account @${random.pick(LAST).toLowerCase()}${random.int(10000)}`;
    }
    const description = random.chance(0.3)
      ? `${kind === 'person' ? 'Speaks' : 'Publishes'} on ${random.pick(TAGS)} in ${country}.`
      : null;
    const reliability = GRADE.pick(random);
    const created = moment();
    sourceIds.push(id);
    groupOf.push(parent === null ? i : groupOf[parent]);
    if (institution) institutions.push(i);
    if (kind === 'outlet') outlets.push(i);
    const affiliatedWithId = parent === null ? null : sourceIds[parent];
    await ndjson.write(
      JSON.stringify(
        withoutNulls({
          type: 'source',
          key: keyed ? `s${i}` : null,
          id,
          name,
          kind,
          description,
          aliases: aliases.length > 0 ? aliases : null,
          url,
          affiliatedWithId: keyed && parent !== null ? `s${parent}` : affiliatedWithId,
          reliability,
          createdAt: iso(created),
          updatedAt: iso(created),
        }),
      ),
    );
    await sources.write(
      [
        id,
        copyField(name),
        kind,
        copyField(description),
        copyArray(aliases),
        copyField(url),
        copyField(affiliatedWithId),
        reliability,
        sourceIds[groupOf[i]],
        iso(created),
        iso(created),
      ].join('\t'),
    );
  }
  await sources.close();

  // Claims.
  const claimIds: string[] = [];
  const claims = new ChunkWriter(copy.claims);
  for (let i = 0; i < size.claims; i++) {
    const id = random.uuid();
    const tags = new Set<string>();
    const tagCount = 1 + random.int(3);
    while (tags.size < tagCount) tags.add(TAG_PICK.pick(random));
    const occurred = random.chance(0.6) ? moment() : null;
    const when =
      occurred === null
        ? ''
        : ` in ${MONTHS[new Date(occurred).getUTCMonth()]} ${new Date(occurred).getUTCFullYear()}`;
    const statement = `${random.chance(0.5) ? `${random.pick(FIRST)} ${random.pick(LAST)} of ${random.pick(COUNTRIES)}` : random.pick(COUNTRIES)} ${random.pick(VERBS)} ${random.pick(COUNTRIES)} ${random.pick(EVENTS)}${when}.`;
    const context = random.chance(0.25)
      ? `First reported by ${random.pick(CITIES)} media; follow-up ${1 + random.int(500)}.`
      : null;
    const language = LANGUAGE.pick(random);
    const created = moment();
    claimIds.push(id);
    await ndjson.write(
      JSON.stringify(
        withoutNulls({
          type: 'claim',
          key: keyed ? `c${i}` : null,
          id,
          statement,
          context,
          tags: [...tags],
          occurredAt: occurred === null ? null : iso(occurred),
          language,
          createdAt: iso(created),
          updatedAt: iso(created),
        }),
      ),
    );
    await claims.write(
      [
        id,
        copyField(statement),
        copyField(context),
        copyArray([...tags]),
        occurred === null ? '\\N' : iso(occurred),
        language,
        iso(created),
        iso(created),
      ].join('\t'),
    );
  }
  await claims.close();

  // Stances: the popular claims and sources are spread over the id space by a permutation; a
  // twentieth of the claims get none (they stay unsourced).
  const claimOrder = random.permutation(size.claims);
  const sourceOrder = random.permutation(size.sources);
  const spoken = Math.max(1, Math.floor(size.claims * 0.95));
  const stances = new ChunkWriter(copy.stances);
  for (let i = 0; i < size.stances; i++) {
    const id = random.uuid();
    const claim = claimOrder[Math.floor(spoken * Math.pow(random.next(), 1.5))];
    const claimId = claimIds[claim];
    const source = sourceOrder[Math.floor(size.sources * Math.pow(random.next(), 1.7))];
    const kind = STANCE_KIND.pick(random);
    const stated = moment();
    const recorded = stated + random.int(72 * 3600 * 1000);
    const quote = random.chance(0.3)
      ? `"${random.pick(VERBS)} ${random.pick(COUNTRIES)}", the statement said.`
      : null;
    const evidenceUrl = random.chance(0.4)
      ? `https://evidence.example/${random.pick(TAGS)}/${i}`
      : null;
    let via: number | null = null;
    if (kind === 'reports' && outlets.length > 1 && random.chance(0.3)) {
      via = random.pick(outlets);
      if (via === source) via = null;
    }
    const viaSourceId = via === null ? null : sourceIds[via];
    const note = random.chance(0.05) ? 'Checked against the original recording.' : null;
    await ndjson.write(
      JSON.stringify(
        withoutNulls({
          type: 'stance',
          id,
          claimId: keyed ? `c${claim}` : claimId,
          sourceId: keyed ? `s${source}` : sourceIds[source],
          kind,
          statedAt: iso(stated),
          recordedAt: iso(recorded),
          quote,
          evidenceUrl,
          viaSourceId: keyed && via !== null ? `s${via}` : viaSourceId,
          note,
        }),
      ),
    );
    await stances.write(
      [
        id,
        claimId,
        sourceIds[source],
        kind,
        iso(stated),
        iso(recorded),
        copyField(quote),
        copyField(evidenceUrl),
        copyField(viaSourceId),
        copyField(note),
      ].join('\t'),
    );
  }
  await stances.close();

  // Links always point at an earlier claim, so no chain of them can close a cycle.
  const links = new ChunkWriter(copy.links);
  const seen = new Set<string>();
  let linkCount = 0;
  for (let i = 1; i < size.claims; i++) {
    for (const [kind, p] of [
      ['depends_on', 0.03],
      ['related', 0.02],
    ] as const) {
      if (!random.chance(p)) continue;
      const j = random.int(i);
      if (seen.has(`${i}:${j}:${kind}`)) continue;
      seen.add(`${i}:${j}:${kind}`);
      const id = random.uuid();
      const created = moment();
      await ndjson.write(
        JSON.stringify({
          type: 'link',
          id,
          fromClaimId: keyed ? `c${i}` : claimIds[i],
          toClaimId: keyed ? `c${j}` : claimIds[j],
          kind,
          createdAt: iso(created),
        }),
      );
      await links.write([id, claimIds[i], claimIds[j], kind, iso(created)].join('\t'));
      linkCount++;
    }
  }
  await links.close();
  await ndjson.close();

  return {
    dir,
    ndjson: ndjsonPath,
    ndjsonBytes: statSync(ndjsonPath).size,
    copy,
    counts: { sources: size.sources, claims: size.claims, stances: size.stances, links: linkCount },
    claimIds,
    sourceIds,
    tags: [...TAGS],
  };
}
