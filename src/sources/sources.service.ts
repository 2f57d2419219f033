import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../domain/actors.js';
import { CommonErrors, DomainError } from '../domain/errors.js';
import { decodeCursor, encodeCursor, toPage, type Page } from '../common/pagination.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { changeCause } from '../corroboration/corroboration.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { inTransaction } from '../common/sql.js';
import {
  toSourceResponse,
  type CreateSourceDto,
  type ListSourcesQueryDto,
  type NewSourceDto,
  type SourceRefDto,
  type UpdateSourceDto,
} from './dto/source.dto.js';
import type { SourceEntity } from './source.entity.js';
import { SourceErrors } from './sources.errors.js';
import {
  SourcesRepository,
  type DuplicatePairRow,
  type SourceListFilter,
  type SourceMatchRow,
} from './sources.repository.js';
import { DEFAULT_GRADE } from '../domain/grades.js';
import { Reads } from '../common/reads.js';

const LIST_SORT = 'name';

/** How alike two folded names must be (trigram similarity) to be shown as possible duplicates. */
export const NEAR_NAME = 0.5;
const MAX_POSSIBLE_DUPLICATES = 5;

/** A source named in a write: which one it is, and whether it was found or made. */
export interface ResolvedSource {
  source: SourceEntity;
  outcome: 'matched' | 'created';
}

/** The names of a source to be: its name and aliases. */
const namesOf = (dto: { name: string; aliases?: string[] }): string[] => [
  dto.name,
  ...(dto.aliases ?? []),
];

const quoted = (s: SourceEntity): string => `"${s.name}" (${s.id})`;

/** 404 for a source id no source has. */
export const sourceNotFound = (id: string): DomainError =>
  new DomainError(SourceErrors.SOURCE_NOT_FOUND, `No source has id ${id}.`);

/** 410 for a source merged into another, naming the survivor. */
export const sourceMerged = (s: SourceEntity): DomainError =>
  new DomainError(
    SourceErrors.SOURCE_MERGED,
    `Source ${s.id} was merged into ${s.mergedIntoId}.`,
    undefined,
    { mergedIntoId: s.mergedIntoId },
  );

@Injectable()
export class SourcesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: SourcesRepository,
    private readonly corroboration: CorroborationService,
    private readonly audit: AuditService,
    private readonly reads: Reads,
  ) {}

  /**
   * Creates a source, refusing (409 SOURCE_EXISTS) a name or alias that is already another source's
   * once case, accents, punctuation and spacing are folded, unless `allowDuplicate`. Answers it with
   * the sources whose names are close to its own (possible duplicates to check).
   */
  async createSource(
    dto: NewSourceDto,
    actor: Actor,
  ): Promise<{ source: SourceEntity; possibleDuplicates: SourceMatchRow[] }> {
    return inTransaction(this.dataSource, async (db) => {
      await this.repo.lockNames(db, namesOf(dto));
      const same = await this.repo.findByNames(db, namesOf(dto));
      if (same.length > 0 && !dto.allowDuplicate) throw this.exists(same[0]);
      const source = await this.insertSource(db, dto, actor);
      const similar = await this.repo.findSimilar(
        db,
        source.name,
        [source.id, ...same.map((s) => s.id)],
        NEAR_NAME,
        MAX_POSSIBLE_DUPLICATES,
      );
      const exact = same.map((s) => ({
        id: s.id,
        name: s.name,
        aliases: s.aliases,
        similarity: 1,
      }));
      return {
        source,
        possibleDuplicates: [...exact, ...similar].slice(0, MAX_POSSIBLE_DUPLICATES),
      };
    });
  }

  /**
   * The source a write names instead of giving its id, inside the write's transaction: the one
   * source one of whose names folds to the same key as `ref`'s name or aliases, or a new source made
   * from `ref` (which then needs a `kind`). Two sources with that name: 422 SOURCE_AMBIGUOUS, naming
   * them, so the caller can give the id. `field` names the reference in errors.
   */
  async resolveSource(
    db: EntityManager,
    ref: SourceRefDto,
    actor: Actor,
    field: string,
  ): Promise<ResolvedSource> {
    await this.repo.lockNames(db, namesOf(ref));
    const same = await this.repo.findByNames(db, namesOf(ref));
    if (same.length === 1) return { source: same[0], outcome: 'matched' };
    if (same.length > 1) {
      const message = `${same.length} sources have this name: ${same.map(quoted).join(', ')}; give the id of the one meant`;
      throw new DomainError(SourceErrors.SOURCE_AMBIGUOUS, `${field}: ${message}.`, [
        { field: `${field}.name`, message },
      ]);
    }
    if (!ref.kind) {
      const message = `no source is named "${ref.name}"; give a kind to create it`;
      throw new DomainError(SourceErrors.SOURCE_KIND_NEEDED, `${field}: ${message}.`, [
        { field: `${field}.kind`, message },
      ]);
    }
    const source = await this.insertSource(db, { ...ref, kind: ref.kind }, actor);
    return { source, outcome: 'created' };
  }

  /** Stores a new source (under its parent's group when affiliated) and audits it. */
  private async insertSource(
    db: EntityManager,
    dto: CreateSourceDto,
    actor: Actor,
  ): Promise<SourceEntity> {
    const id = randomUUID();
    let groupId: string = id;
    if (dto.affiliatedWithId) {
      await this.repo.lockAffiliations(db);
      const parent = await this.repo.findById(db, dto.affiliatedWithId);
      if (!parent || parent.mergedIntoId) throw this.affiliateNotFound(dto.affiliatedWithId);
      groupId = parent.independenceGroupId;
    }
    const source = await this.repo.insert(db, {
      id,
      name: dto.name,
      kind: dto.kind,
      description: dto.description ?? null,
      aliases: dto.aliases ?? [],
      url: dto.url ?? null,
      affiliatedWithId: dto.affiliatedWithId ?? null,
      reliability: dto.reliability ?? DEFAULT_GRADE,
      anonymous: dto.anonymous ?? false,
      independenceGroupId: groupId,
      createdByKeyId: actor.keyId,
      updatedByKeyId: actor.keyId,
    });
    await this.audit.record(db, actor, {
      action: 'create',
      entityType: 'source',
      entityId: id,
      after: toSourceResponse(source),
    });
    return source;
  }

  /** Likely duplicate pairs for an editor to look at: a shared name first, then the most alike. */
  async findDuplicates(limit: number): Promise<DuplicatePairRow[]> {
    return this.repo.findDuplicatePairs(await this.reads.manager(), NEAR_NAME, limit);
  }

  private exists(existing: SourceEntity): DomainError {
    return new DomainError(
      SourceErrors.SOURCE_EXISTS,
      `${quoted(existing)} already has this name or alias (ignoring case, accents, punctuation and spacing). Use that source, add the name to its aliases, or send allowDuplicate: true if this is a different source of the same name.`,
      undefined,
      { existingSourceId: existing.id },
    );
  }

  async getSource(id: string): Promise<SourceEntity> {
    const source = await this.repo.findById(await this.reads.manager(), id);
    if (!source) throw sourceNotFound(id);
    if (source.mergedIntoId) throw sourceMerged(source);
    return source;
  }

  /** These sources and their independence groups' roots, by id. */
  async getSourcesWithGroups(ids: Iterable<string>): Promise<SourceEntity[]> {
    const db = await this.reads.manager();
    const sources = await this.repo.findByIds(db, [...new Set(ids)]);
    const known = new Set(sources.map((s) => s.id));
    const roots = [...new Set(sources.map((s) => s.independenceGroupId))].filter(
      (id) => !known.has(id),
    );
    return [...sources, ...(await this.repo.findByIds(db, roots))];
  }

  async listSources(query: ListSourcesQueryDto): Promise<Page<SourceEntity>> {
    // A search's cursor carries the match value too, and belongs to that search only.
    const sort = query.q ? `match ${query.q}` : LIST_SORT;
    let after: SourceListFilter['after'];
    if (query.cursor && query.q) {
      const [match, name, id] = decodeCursor(query.cursor, sort, ['number', 'string', 'uuid']);
      after = { match: match as number, name: name as string, id: id as string };
    } else if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, sort, ['string', 'uuid']);
      after = { name: name as string, id: id as string };
    }
    const rows = await this.repo.list(await this.reads.manager(), {
      kind: query.kind,
      q: query.q,
      after,
      limit: query.limit,
    });
    return toPage(
      rows,
      query.limit,
      (r) => r.source,
      (r) =>
        encodeCursor(
          sort,
          r.match === undefined
            ? [r.source.name, r.source.id]
            : [r.match, r.source.name, r.source.id],
        ),
    );
  }

  /**
   * Edits a source. A new affiliation moves the source and everything beneath it into the new
   * parent's independence group; a new group or grade re-evaluates every claim those sources have
   * spoken on — all in this one transaction.
   */
  async updateSource(
    id: string,
    dto: UpdateSourceDto,
    actor: Actor,
    ifMatch?: number,
  ): Promise<SourceEntity> {
    return inTransaction(this.dataSource, async (db) => {
      const renames = dto.name !== undefined || dto.aliases !== undefined;
      if (renames) {
        const given = [dto.name, ...(dto.aliases ?? [])].filter((n) => n !== undefined);
        await this.repo.lockNames(db, given);
      }
      const changesAffiliation = dto.affiliatedWithId !== undefined;
      let subtree: string[] = [id];
      if (changesAffiliation) {
        // The whole subtree may move: lock it in id order, the order stance writers use too.
        await this.repo.lockAffiliations(db);
        subtree = await this.repo.lockSubtree(db, id);
      }
      const current = await this.repo.lockForUpdate(db, id);
      if (!current) throw sourceNotFound(id);
      if (current.mergedIntoId) throw sourceMerged(current);
      if (ifMatch !== undefined && ifMatch !== current.version) {
        throw new DomainError(
          CommonErrors.VERSION_MISMATCH,
          `The source is at version ${current.version}, not ${ifMatch}.`,
        );
      }

      if (renames && !dto.allowDuplicate) {
        const names = namesOf({
          name: dto.name ?? current.name,
          aliases: dto.aliases ?? current.aliases,
        });
        const [other] = await this.repo.findByNames(db, names, id);
        if (other) throw this.exists(other);
      }

      let groupId = current.independenceGroupId;
      if (changesAffiliation && dto.affiliatedWithId !== current.affiliatedWithId) {
        groupId = dto.affiliatedWithId ? await this.groupUnder(db, id, dto.affiliatedWithId) : id;
      }

      const updated = await this.repo.update(db, id, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.kind !== undefined && { kind: dto.kind }),
        ...(dto.description !== undefined && { description: dto.description }),
        ...(dto.aliases !== undefined && { aliases: dto.aliases }),
        ...(dto.url !== undefined && { url: dto.url }),
        ...(changesAffiliation && { affiliatedWithId: dto.affiliatedWithId }),
        ...(dto.reliability !== undefined && { reliability: dto.reliability }),
        ...(dto.anonymous !== undefined && { anonymous: dto.anonymous }),
        updatedByKeyId: actor.keyId,
      });

      let affected: string[] = [];
      if (groupId !== current.independenceGroupId) {
        affected = await this.repo.moveSubtreeToGroup(db, id, subtree, groupId);
      } else if (
        updated.reliability !== current.reliability ||
        updated.anonymous !== current.anonymous
      ) {
        affected = [id];
      }
      await this.corroboration.refreshClaimsOfSources(
        db,
        affected,
        changeCause('source_changed', id, actor),
      );
      const after = affected.length > 0 ? (await this.repo.findById(db, id))! : updated;
      await this.audit.record(db, actor, {
        action: 'update',
        entityType: 'source',
        entityId: id,
        before: toSourceResponse(current),
        after: toSourceResponse(after),
      });
      return after;
    });
  }

  async deleteSource(id: string, actor: Actor): Promise<void> {
    await inTransaction(this.dataSource, async (db) => {
      await this.repo.lockAffiliations(db);
      const source = await this.repo.lockForUpdate(db, id);
      if (!source) throw sourceNotFound(id);
      if (source.mergedIntoId) throw sourceMerged(source);
      if (await this.repo.hasMergedInto(db, id)) {
        throw new DomainError(
          SourceErrors.SOURCE_HAS_MERGED,
          'Other sources were merged into this one; unmerge them first.',
        );
      }
      if (await this.repo.hasStances(db, id)) {
        throw new DomainError(
          SourceErrors.SOURCE_HAS_STANCES,
          'The source has taken or relayed stances; delete those first.',
        );
      }
      if (await this.repo.hasAffiliates(db, id)) {
        throw new DomainError(
          SourceErrors.SOURCE_HAS_AFFILIATES,
          'Other sources are affiliated with this one; re-affiliate them first.',
        );
      }
      await this.repo.delete(db, id);
      await this.audit.record(db, actor, {
        action: 'delete',
        entityType: 'source',
        entityId: id,
        before: toSourceResponse(source),
      });
    });
  }

  /** The group a source joins under `parentId`, refusing a parent that lies beneath it. */
  private async groupUnder(db: EntityManager, id: string, parentId: string): Promise<string> {
    if (parentId === id) {
      throw new DomainError(
        SourceErrors.AFFILIATION_CYCLE,
        'A source cannot be affiliated with itself.',
      );
    }
    const chain = await this.repo.findAncestorIds(db, parentId);
    if (chain.length === 0) throw this.affiliateNotFound(parentId);
    if (chain.includes(id)) {
      throw new DomainError(
        SourceErrors.AFFILIATION_CYCLE,
        `Source ${parentId} is already affiliated, directly or not, with ${id}.`,
      );
    }
    const parent = await this.repo.findById(db, parentId);
    if (parent!.mergedIntoId) throw this.affiliateNotFound(parentId);
    return parent!.independenceGroupId;
  }

  private affiliateNotFound(id: string): DomainError {
    return new DomainError(
      SourceErrors.AFFILIATE_NOT_FOUND,
      `affiliatedWithId ${id} is not a known source.`,
      [{ field: 'affiliatedWithId', message: 'no source has this id' }],
    );
  }
}
