import { randomUUID } from 'node:crypto';
import { isUUID } from 'class-validator';
import { findBodyHazard } from '../common/body.js';
import type { LinkKind } from '../links/claim-link.entity.js';
import type { SourceKind } from '../sources/source.entity.js';
import type { ReliabilityGrade, StanceKind } from '../corroboration/status.rules.js';
import {
  LINE_DTOS,
  LINE_TYPES,
  REFERENCES,
  type ClaimLineDto,
  type LineType,
  type LinkLineDto,
  type SourceLineDto,
  type StanceLineDto,
} from './dto/import-line.dto.js';
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
  createdAt: string | null;
  updatedAt: string | null;
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

export type ParsedLine =
  | { type: 'source'; row: SourceRow }
  | { type: 'claim'; row: ClaimRow }
  | { type: 'stance'; row: StanceRow }
  | { type: 'link'; row: LinkRow };

/** How many errors an answer lists; the detail says how many there were in all. */
export const MAX_LISTED_ERRORS = 100;

/**
 * Keys one file may define. Each costs about 150 bytes of memory for the length of the import (its
 * text and the id it names), so this bounds what keys can cost; records past it are referred to by id.
 */
export const MAX_KEYS = 1_000_000;

/** Stands in for a reference that could not be resolved, so the rest of the line is still checked. */
const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

/** A key marked with this names a record whose own line was refused. */
const FAILED = '';

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
 * Whatever is wrong with a line goes to `errors` with its line number.
 */
export class LineParser {
  private readonly validator = new LineValidator();
  private readonly keys = { source: new Map<string, string>(), claim: new Map<string, string>() };
  lines = 0;

  constructor(private readonly errors: LineErrors) {}

  /** The id of every key, when there are at most `limit` of them. */
  keyIds(limit: number): Record<string, string> | null {
    if (this.keys.source.size + this.keys.claim.size > limit) return null;
    const out: Record<string, string> = {};
    for (const map of [this.keys.source, this.keys.claim]) {
      for (const [key, id] of map) if (id !== FAILED) out[key] = id;
    }
    return out;
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
    return this.parseTyped(raw.number, type as LineType, fields);
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
      if (typeof value !== 'string') continue;
      const id = this.keys[to].get(value);
      if (id !== undefined) {
        if (id === FAILED) dependsOnRefused = true;
        fields[field] = id === FAILED ? PLACEHOLDER_ID : id;
        continue;
      }
      const other = to === 'source' ? 'claim' : 'source';
      if (this.keys[other].has(value)) {
        problems.push({
          line,
          field,
          message: `the key ${shown(value)} names a ${other}, not a ${to}`,
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

    let dto: SourceLineDto | ClaimLineDto | StanceLineDto | LinkLineDto | undefined;
    const checked = await this.validator.validate<NonNullable<typeof dto>>(LINE_DTOS[type], fields);
    if ('value' in checked) {
      dto = checked.value;
    } else {
      for (const e of checked.errors) problems.push({ line, field: e.field, message: e.message });
    }

    const key = typeof fields.key === 'string' && fields.key.length > 0 ? fields.key : undefined;
    const remembers = type === 'source' || type === 'claim';
    if (dto && remembers && key !== undefined) {
      if (this.keys.source.has(key) || this.keys.claim.has(key)) {
        problems.push({
          line,
          field: 'key',
          message: `the key ${shown(key)} is already used by an earlier line`,
        });
      } else if (this.keys.source.size + this.keys.claim.size >= MAX_KEYS) {
        problems.push({
          line,
          field: 'key',
          message: `the file defines more than ${MAX_KEYS} keys; refer to further records by id`,
        });
      }
    }

    const parsed = dto && problems.length === 0 ? this.toRow(line, type, dto, problems) : undefined;
    for (const p of problems) this.errors.add(p);

    if (remembers && key !== undefined && !this.keys.source.has(key) && !this.keys.claim.has(key)) {
      if (this.keys.source.size + this.keys.claim.size < MAX_KEYS) {
        this.keys[type].set(key, parsed && problems.length === 0 ? parsed.row.id : FAILED);
      }
    }
    // A line that refers to a refused line is not stored, but not reported either: the refused line is.
    if (problems.length > 0 || dependsOnRefused) return undefined;
    return parsed;
  }

  /** The row to store; rules that span fields go to `problems`. */
  private toRow(
    line: number,
    type: LineType,
    dto: SourceLineDto | ClaimLineDto | StanceLineDto | LinkLineDto,
    problems: LineError[],
  ): ParsedLine {
    // Object literals with every field written out: they cost less to build than spreads.
    const id = dto.id ?? randomUUID();
    const explicitId = dto.id !== undefined;
    switch (type) {
      case 'source': {
        const d = dto as SourceLineDto;
        if (d.affiliatedWithId === id) {
          problems.push({ line, field: 'affiliatedWithId', message: 'is the source itself' });
        }
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
            reliability: d.reliability ?? 'F',
            createdAt: iso(d.createdAt),
            updatedAt: iso(d.updatedAt),
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
        if (d.mergedAt && !d.mergedIntoId) {
          problems.push({
            line,
            field: 'mergedAt',
            message: 'is only for a merged claim (one with mergedIntoId)',
          });
        }
        if (d.mergedIntoId === id) {
          problems.push({ line, field: 'mergedIntoId', message: 'is the claim itself' });
        }
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
    }
  }
}
