import { randomUUID } from 'node:crypto';
import { isUUID } from 'class-validator';
import { roleAtLeast, type Role } from '../../domain/actors.js';
import { ApiKeyErrors } from '../../api-keys/api-keys.errors.js';
import { findBodyHazard } from '../../common/body.js';
import { DomainError } from '../../domain/errors.js';
import type { LinkKind } from '../../domain/links.js';
import type { SourceKind } from '../../domain/sources.js';
import { DEFAULT_GRADE, type ReliabilityGrade } from '../../domain/grades.js';
import type { StanceKind } from '../../domain/stances.js';
import {
  LINE_DTOS,
  LINE_TYPES,
  REFERENCES,
  type ClaimLineDto,
  type LineType,
  type LinkLineDto,
  type ReviewLineDto,
  type SourceLineDto,
  type StanceLineDto,
} from '../dto/import-line.dto.js';
import type { ClaimStatus } from '../../domain/claims.js';
import type { Verdict } from '../../domain/review.rules.js';

type LineDto = SourceLineDto | ClaimLineDto | StanceLineDto | LinkLineDto | ReviewLineDto;
import { MAX_KEYS_ANSWERED } from '../dto/import-result.dto.js';
import { KeyTable } from './key-table.js';
import type { RawLine } from './line-reader.js';
import { LineValidator } from './line-validator.js';

export interface LineError {
  line: number;
  field?: string;
  message: string;
}

interface RowBase {
  line: number;
  id: string;
  /** The file gave the id (it may collide with a stored record); otherwise it was made here. */
  explicitId: boolean;
}

export interface SourceRow extends RowBase {
  name: string;
  kind: SourceKind;
  description: string | null;
  aliases: string[];
  url: string | null;
  parentId: string | null;
  reliability: ReliabilityGrade;
  anonymous: boolean;
  createdAt: string | null;
  updatedAt: string | null;
  mergedIntoId: string | null;
  mergedAt: string | null;
}

export interface ClaimRow extends RowBase {
  statement: string;
  context: string | null;
  tags: string[];
  occurredAt: string | null;
  language: string;
  mergedIntoId: string | null;
  mergedAt: string | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface StanceRow extends RowBase {
  claimId: string;
  sourceId: string;
  viaSourceId: string | null;
  kind: StanceKind;
  statedAt: string | null;
  quote: string | null;
  evidenceUrl: string | null;
  note: string | null;
  recordedAt: string | null;
  updatedAt: string | null;
}

export interface LinkRow extends RowBase {
  fromClaimId: string;
  toClaimId: string;
  kind: LinkKind;
  note: string | null;
  createdAt: string | null;
}

export interface ReviewRow extends RowBase {
  claimId: string;
  verdict: Verdict;
  rationale: string;
  /** Stored values from an export; null: the claim's, once the import is stored. */
  statusAtReview: ClaimStatus | null;
  scoreAtReview: number | null;
  createdAt: string | null;
}

export type ParsedLine =
  | { type: 'source'; row: SourceRow }
  | { type: 'claim'; row: ClaimRow }
  | { type: 'stance'; row: StanceRow }
  | { type: 'link'; row: LinkRow }
  | { type: 'review'; row: ReviewRow };

/** How many errors an answer lists; the detail says how many there were in all. */
export const MAX_LISTED_ERRORS = 100;

/**
 * Keys one file may define. Each costs about 50 bytes of memory for the length of the import (a
 * digest of its text, and the id it names: see KeyTable), so this bounds what keys can cost;
 * records past it are referred to by id.
 */
export const MAX_KEYS = 1_000_000;

/** Stands in for a reference that could not be resolved, so the rest of the line is still checked. */
const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Stored timestamps, by line type: the API always sets them to the time of the write, so only an
 * admin may give them (to restore an export, say). Anyone else's records get the import's time.
 */
/** What is wrong with a line's merge fields (a source's or a claim's `mergedIntoId` and `mergedAt`). */
function mergeProblems(
  line: number,
  type: 'source' | 'claim',
  id: string,
  d: { mergedIntoId?: string | null; mergedAt?: string | null },
): LineError[] {
  const problems: LineError[] = [];
  if (d.mergedAt && !d.mergedIntoId) {
    problems.push({
      line,
      field: 'mergedAt',
      message: `is only for a merged ${type} (one with mergedIntoId)`,
    });
  }
  if (d.mergedIntoId === id) {
    problems.push({ line, field: 'mergedIntoId', message: `is the ${type} itself` });
  }
  return problems;
}

export const STORED_TIMES: Record<LineType, readonly string[]> = {
  source: ['createdAt', 'updatedAt', 'mergedAt'],
  claim: ['createdAt', 'updatedAt', 'mergedAt'],
  stance: ['recordedAt', 'updatedAt'],
  link: ['createdAt'],
  review: ['createdAt', 'statusAtReview', 'scoreAtReview'],
};

const shown = (value: string): string =>
  JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

/** An instant the validator has accepted, as the ISO form PostgreSQL reads back the same. */
const iso = (value: string | null | undefined): string | null =>
  value ? new Date(value).toISOString() : null;

/** Collects line errors: counts them all and keeps the MAX_LISTED_ERRORS with the lowest line numbers. */
export class LineErrors {
  private kept: LineError[] = [];
  count = 0;

  add(error: LineError): void {
    this.count++;
    if (this.kept.length < MAX_LISTED_ERRORS) {
      this.kept.push(error);
      return;
    }
    let worst = 0;
    for (let i = 1; i < this.kept.length; i++) {
      if (this.kept[i].line > this.kept[worst].line) worst = i;
    }
    if (error.line < this.kept[worst].line) this.kept[worst] = error;
  }

  list(): LineError[] {
    return [...this.kept].sort((a, b) => a.line - b.line);
  }
}

/**
 * Turns raw lines into rows ready to store: parses the JSON, resolves keys to ids, validates with
 * the API's own DTOs, and remembers the keys of sources and claims for the lines that follow.
 * Whatever is wrong with a line goes to `errors` with its line number; a line the importing key's
 * role may not write (a merge, a stored timestamp) stops the import with 403.
 *
 * Keys are remembered as digests (see KeyTable), a refused line's key with no id, so that lines
 * referring to it are skipped rather than reported again. The text of the first stored lines' keys
 * is kept too, to answer with each key's id when there are few.
 */
export class LineParser {
  private readonly validator = new LineValidator();
  private readonly keys = new KeyTable();
  /** The first `answerable` keys of stored lines and their ids, in file order. */
  private readonly answered: [string, string][] = [];
  lines = 0;

  constructor(
    private readonly errors: LineErrors,
    /** The importing key's role. */
    private readonly role: Role,
    /** How many keys `keyIds` may answer with. */
    private readonly answerable = MAX_KEYS_ANSWERED,
  ) {}

  /** The id of every key, when there are at most `answerable` of them. */
  keyIds(): Record<string, string> | null {
    if (this.keys.size > this.answerable) return null;
    const out: Record<string, string> = {};
    for (const [key, id] of this.answered) out[key] = id;
    return out;
  }

  /** Bytes the keys take (their digests and ids); the few kept as text for the answer aside. */
  get keyBytes(): number {
    return this.keys.bytes;
  }

  /** The row a line describes, or undefined when the line is refused (its errors are reported). */
  async parse(raw: RawLine): Promise<ParsedLine | undefined> {
    this.lines = raw.number;
    const fail = (message: string, field?: string): undefined => {
      this.errors.add({ line: raw.number, ...(field !== undefined && { field }), message });
      return undefined;
    };
    if (raw.error !== undefined) return fail(raw.error);

    let body: unknown;
    try {
      body = JSON.parse(raw.text);
    } catch (error) {
      return fail(`is not valid JSON (${(error as Error).message})`);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return fail('must be a JSON object');
    }
    const hazard = findBodyHazard(body);
    if (hazard) return fail(hazard.message, hazard.field);
    const fields = body as Record<string, unknown>;
    const type = fields.type;
    if (typeof type !== 'string' || !(LINE_TYPES as readonly string[]).includes(type)) {
      return fail(`must be one of ${LINE_TYPES.join(', ')}`, 'type');
    }
    this.authorize(raw.number, type as LineType, fields);
    return this.parseTyped(raw.number, type as LineType, fields);
  }

  /**
   * A line may only do what the importing key could do through the API: merging a claim needs an
   * editor, and stored timestamps (which the API never lets a client set) an admin.
   */
  private authorize(line: number, type: LineType, fields: Record<string, unknown>): void {
    const given = (field: string): boolean => fields[field] !== undefined && fields[field] !== null;
    if (
      (type === 'claim' || type === 'source') &&
      given('mergedIntoId') &&
      !roleAtLeast(this.role, 'editor')
    ) {
      throw new DomainError(
        ApiKeyErrors.FORBIDDEN,
        `Line ${line}: a ${type} merged into another (mergedIntoId) needs the editor role, as a merge through the API does; this key is ${this.role}. Nothing was imported.`,
      );
    }
    if (type === 'review' && !roleAtLeast(this.role, 'editor')) {
      throw new DomainError(
        ApiKeyErrors.FORBIDDEN,
        `Line ${line}: a verdict needs the editor role, as recording one through the API does; this key is ${this.role}. Nothing was imported.`,
      );
    }
    if (this.role === 'admin') return;
    const times = STORED_TIMES[type].filter(given);
    if (times.length > 0) {
      throw new DomainError(
        ApiKeyErrors.FORBIDDEN,
        `Line ${line}: ${times.join(', ')} ${times.length === 1 ? 'is' : 'are'} set by the server; only an admin key may import stored times (this key is ${this.role}). Leave ${times.length === 1 ? 'it' : 'them'} out and the import's time is stored. Nothing was imported.`,
      );
    }
  }

  private async parseTyped(
    line: number,
    type: LineType,
    fields: Record<string, unknown>,
  ): Promise<ParsedLine | undefined> {
    const problems: LineError[] = [];
    let dependsOnRefused = false;

    for (const { field, to } of REFERENCES[type]) {
      const value = fields[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') {
        problems.push({
          line,
          field,
          message: `${field} must be the key of an earlier line or the id of a stored record, as a string`,
        });
        fields[field] = PLACEHOLDER_ID;
        continue;
      }
      const named = this.keys.get(value);
      if (named?.type === to) {
        if (named.id === null) dependsOnRefused = true;
        fields[field] = named.id ?? PLACEHOLDER_ID;
        continue;
      }
      if (named) {
        problems.push({
          line,
          field,
          message: `the key ${shown(value)} names a ${named.type}, not a ${to}`,
        });
      } else if (isUUID(value, 'all')) {
        continue;
      } else {
        problems.push({
          line,
          field,
          message: `no earlier line has the key ${shown(value)}, and it is not an id`,
        });
      }
      fields[field] = PLACEHOLDER_ID;
    }

    let dto: LineDto | undefined;
    const checked = await this.validator.validate<NonNullable<typeof dto>>(LINE_DTOS[type], fields);
    if ('value' in checked) {
      dto = checked.value;
    } else {
      for (const e of checked.errors) problems.push({ line, field: e.field, message: e.message });
    }

    const key = typeof fields.key === 'string' && fields.key.length > 0 ? fields.key : undefined;
    const remembers = type === 'source' || type === 'claim';
    const taken = remembers && key !== undefined && this.keys.has(key);
    if (dto && remembers && key !== undefined) {
      if (taken) {
        problems.push({
          line,
          field: 'key',
          message: `the key ${shown(key)} is already used by an earlier line`,
        });
      } else if (this.keys.size >= MAX_KEYS) {
        problems.push({
          line,
          field: 'key',
          message: `the file defines more than ${MAX_KEYS} keys; refer to further records by id`,
        });
      }
    }

    const parsed = dto && problems.length === 0 ? this.toRow(line, type, dto, problems) : undefined;
    for (const p of problems) this.errors.add(p);

    if (remembers && key !== undefined && !taken && this.keys.size < MAX_KEYS) {
      const id = parsed && problems.length === 0 ? parsed.row.id : null;
      this.keys.set(key, type, id);
      if (id !== null && this.answered.length < this.answerable) this.answered.push([key, id]);
    }
    // A line that refers to a refused line is not stored, but not reported either: the refused line is.
    if (problems.length > 0 || dependsOnRefused) return undefined;
    return parsed;
  }

  /** The row to store; rules that span fields go to `problems`. */
  private toRow(line: number, type: LineType, dto: LineDto, problems: LineError[]): ParsedLine {
    // Object literals with every field written out: they cost less to build than spreads.
    const id = dto.id ?? randomUUID();
    const explicitId = dto.id !== undefined;
    switch (type) {
      case 'source': {
        const d = dto as SourceLineDto;
        if (d.affiliatedWithId === id) {
          problems.push({ line, field: 'affiliatedWithId', message: 'is the source itself' });
        }
        problems.push(...mergeProblems(line, 'source', id, d));
        return {
          type,
          row: {
            line,
            id,
            explicitId,
            name: d.name,
            kind: d.kind,
            description: d.description ?? null,
            aliases: d.aliases ?? [],
            url: d.url ?? null,
            parentId: d.affiliatedWithId ?? null,
            reliability: d.reliability ?? DEFAULT_GRADE,
            anonymous: d.anonymous ?? false,
            createdAt: iso(d.createdAt),
            updatedAt: iso(d.updatedAt),
            mergedIntoId: d.mergedIntoId ?? null,
            mergedAt: d.mergedIntoId ? iso(d.mergedAt) : null,
          },
        };
      }
      case 'claim': {
        const d = dto as ClaimLineDto;
        if (d.stances !== undefined) {
          problems.push({
            line,
            field: 'stances',
            message: 'is not accepted in a file; give each stance a line of its own',
          });
        }
        problems.push(...mergeProblems(line, 'claim', id, d));
        return {
          type,
          row: {
            line,
            id,
            explicitId,
            statement: d.statement,
            context: d.context ?? null,
            tags: d.tags ?? [],
            occurredAt: iso(d.occurredAt),
            language: d.language ? Intl.getCanonicalLocales(d.language)[0] : 'en',
            mergedIntoId: d.mergedIntoId ?? null,
            mergedAt: iso(d.mergedAt),
            createdAt: iso(d.createdAt),
            updatedAt: iso(d.updatedAt),
          },
        };
      }
      case 'stance': {
        const d = dto as StanceLineDto;
        return {
          type,
          row: {
            line,
            id,
            explicitId,
            claimId: d.claimId,
            sourceId: d.sourceId,
            viaSourceId: d.viaSourceId ?? null,
            kind: d.kind,
            statedAt: iso(d.statedAt),
            quote: d.quote ?? null,
            evidenceUrl: d.evidenceUrl ?? null,
            note: d.note ?? null,
            recordedAt: iso(d.recordedAt),
            updatedAt: iso(d.updatedAt),
          },
        };
      }
      case 'link': {
        const d = dto as LinkLineDto;
        if (d.fromClaimId === d.toClaimId) {
          problems.push({
            line,
            field: 'toClaimId',
            message: 'is the claim itself: a claim cannot link to itself',
          });
        }
        return {
          type,
          row: {
            line,
            id,
            explicitId,
            fromClaimId: d.fromClaimId,
            toClaimId: d.toClaimId,
            kind: d.kind,
            note: d.note ?? null,
            createdAt: iso(d.createdAt),
          },
        };
      }
      case 'review': {
        const d = dto as ReviewLineDto;
        if ((d.statusAtReview === undefined) !== (d.scoreAtReview === undefined)) {
          problems.push({
            line,
            field: d.statusAtReview === undefined ? 'statusAtReview' : 'scoreAtReview',
            message: 'statusAtReview and scoreAtReview go together: give both or neither',
          });
        }
        return {
          type,
          row: {
            line,
            id,
            explicitId,
            claimId: d.claimId,
            verdict: d.verdict,
            rationale: d.rationale,
            statusAtReview: d.statusAtReview ?? null,
            scoreAtReview: d.scoreAtReview ?? null,
            createdAt: iso(d.createdAt),
          },
        };
      }
    }
  }
}
