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
  type UpdateSourceDto,
} from './dto/source.dto.js';
import type { SourceEntity } from './source.entity.js';
import { SourceErrors } from './sources.errors.js';
import { SourcesRepository, type SourceListFilter } from './sources.repository.js';
import { DEFAULT_GRADE } from '../domain/grades.js';

const LIST_SORT = 'name';

@Injectable()
export class SourcesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: SourcesRepository,
    private readonly corroboration: CorroborationService,
    private readonly audit: AuditService,
  ) {}

  async createSource(dto: CreateSourceDto, actor: Actor): Promise<SourceEntity> {
    return inTransaction(this.dataSource, async (db) => {
      const id = randomUUID();
      let groupId: string = id;
      if (dto.affiliatedWithId) {
        await this.repo.lockAffiliations(db);
        const parent = await this.repo.findById(db, dto.affiliatedWithId);
        if (!parent) throw this.affiliateNotFound(dto.affiliatedWithId);
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
    });
  }

  async getSource(id: string): Promise<SourceEntity> {
    const source = await this.repo.findById(this.dataSource.manager, id);
    if (!source) throw this.notFound(id);
    return source;
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
    const rows = await this.repo.list(this.dataSource.manager, {
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
      const changesAffiliation = dto.affiliatedWithId !== undefined;
      let subtree: string[] = [id];
      if (changesAffiliation) {
        // The whole subtree may move: lock it in id order, the order stance writers use too.
        await this.repo.lockAffiliations(db);
        subtree = await this.repo.lockSubtree(db, id);
      }
      const current = await this.repo.lockForUpdate(db, id);
      if (!current) throw this.notFound(id);
      if (ifMatch !== undefined && ifMatch !== current.version) {
        throw new DomainError(
          CommonErrors.VERSION_MISMATCH,
          `The source is at version ${current.version}, not ${ifMatch}.`,
        );
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
      if (!source) throw this.notFound(id);
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
    return parent!.independenceGroupId;
  }

  private notFound(id: string): DomainError {
    return new DomainError(SourceErrors.SOURCE_NOT_FOUND, `No source has id ${id}.`);
  }

  private affiliateNotFound(id: string): DomainError {
    return new DomainError(
      SourceErrors.AFFILIATE_NOT_FOUND,
      `affiliatedWithId ${id} is not a known source.`,
      [{ field: 'affiliatedWithId', message: 'no source has this id' }],
    );
  }
}
