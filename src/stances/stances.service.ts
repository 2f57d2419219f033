import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Actor, roleAtLeast } from '../domain/actors.js';
import { ApiKeyErrors } from '../api-keys/api-keys.errors.js';
import { DomainError, type FieldError } from '../domain/errors.js';
import { parseInstant } from '../common/dto.js';
import {
  decodeCursor,
  encodeCursor,
  toPage,
  type Page,
  type PageQueryDto,
} from '../common/pagination.js';
import { changeCause } from '../corroboration/corroboration.repository.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { AuditService } from '../audit/audit.service.js';
import {
  toStanceResponse,
  type CreateStanceDto,
  type ListStancesQueryDto,
  type ResolvedSourcesDto,
  type UpdateStanceDto,
} from './dto/stance.dto.js';
import { inTransaction } from '../common/sql.js';
import { SourceErrors } from '../sources/sources.errors.js';
import { SourcesRepository } from '../sources/sources.repository.js';
import { SourcesService, type ResolvedSource } from '../sources/sources.service.js';
import type { StanceEntity } from './stance.entity.js';
import { StanceErrors } from './stances.errors.js';
import { StancesRepository, type StanceCursor } from './stances.repository.js';
import { Reads } from '../common/reads.js';

/** A stored stance, with the sources it named (when it named them) and what became of each name. */
export interface WrittenStance {
  stance: StanceEntity;
  resolved?: ResolvedSourcesDto;
}

const CURSOR_SHAPE = ['timestamp', 'timestamp', 'integer'] as const;
const cursorOf = (sort: string) => (s: StanceEntity) =>
  encodeCursor(sort, [s.statedAt.toISOString(), s.recordedAt.toISOString(), s.seq]);

@Injectable()
export class StancesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: StancesRepository,
    private readonly sources: SourcesRepository,
    private readonly sourceNames: SourcesService,
    private readonly corroboration: CorroborationService,
    private readonly audit: AuditService,
    private readonly reads: Reads,
  ) {}

  async addStance(claimId: string, dto: CreateStanceDto, actor: Actor): Promise<WrittenStance> {
    return inTransaction(this.dataSource, async (db) => {
      const [written] = await this.writeStances(db, claimId, [dto], 'sourceId', actor);
      return written;
    });
  }

  /**
   * The sources the stances name instead of giving ids (`source`, `via`): matched by name or made,
   * in the write's transaction. A claim that is not there is a 404 (410 if merged) first.
   */
  private async resolveNamed(
    db: EntityManager,
    claimId: string,
    dtos: CreateStanceDto[],
    prefix: (i: number) => string,
    actor: Actor,
  ): Promise<(ResolvedSourcesDto | undefined)[]> {
    if (!dtos.some((d) => d.source || d.via)) return dtos.map(() => undefined);
    await this.corroboration.requireLiveClaim(db, claimId);
    const answer = (r: ResolvedSource) => ({
      id: r.source.id,
      name: r.source.name,
      outcome: r.outcome,
    });
    const resolved: (ResolvedSourcesDto | undefined)[] = [];
    for (const [i, d] of dtos.entries()) {
      const source = d.source
        ? await this.sourceNames.resolveSource(db, d.source, actor, `${prefix(i)}source`)
        : undefined;
      const via = d.via
        ? await this.sourceNames.resolveSource(db, d.via, actor, `${prefix(i)}via`)
        : undefined;
      resolved.push(
        source || via
          ? { ...(source && { source: answer(source) }), ...(via && { via: answer(via) }) }
          : undefined,
      );
    }
    return resolved;
  }

  /**
   * Stores stances on one claim and brings its status up to date, inside the caller's transaction.
   * Locks the sources (shared) and then the claim, always in that order, so a concurrent change to a
   * source's group or grade is either seen here or sees these stances. A claim that is not there is a
   * 404 (410 if merged away) before any problem with the stances. `field` prefixes error paths.
   */
  async writeStances(
    db: EntityManager,
    claimId: string,
    dtos: CreateStanceDto[],
    field: string,
    actor: Actor,
  ): Promise<WrittenStance[]> {
    const prefix = (i: number) =>
      dtos.length > 1 || field !== 'sourceId' ? `${field}[${i}].` : '';
    const resolved = await this.resolveNamed(db, claimId, dtos, prefix, actor);
    const refs = dtos.map((d, i) => ({
      sourceId: d.sourceId ?? resolved[i]!.source!.id,
      viaSourceId: d.viaSourceId ?? resolved[i]?.via?.id ?? null,
    }));
    const referenced = refs.flatMap((r) => [r.sourceId, ...(r.viaSourceId ? [r.viaSourceId] : [])]);
    const { claim, sources: found } = await this.corroboration.lockLiveClaimAfterSources(
      db,
      claimId,
      referenced,
    );
    const errors: FieldError[] = [];
    refs.forEach((d, i) => {
      const at = prefix(i);
      if (!found.has(d.sourceId))
        errors.push({ field: `${at}sourceId`, message: 'no source has this id' });
      if (d.viaSourceId && !found.has(d.viaSourceId))
        errors.push({ field: `${at}viaSourceId`, message: 'no source has this id' });
    });
    if (errors.length > 0) {
      const spec = errors.every((e) => e.field.endsWith('viaSourceId'))
        ? StanceErrors.VIA_SOURCE_NOT_FOUND
        : StanceErrors.STANCE_SOURCE_NOT_FOUND;
      throw new DomainError(spec, errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    }
    const {
      stored: stances,
      facts,
      sides,
    } = await this.repo.insertWithFacts(
      db,
      claimId,
      dtos.map((d, i) => ({
        id: randomUUID(),
        claimId,
        sourceId: refs[i].sourceId,
        kind: d.kind,
        // Unstated: the transaction's clock, as recorded_at (both kept to the millisecond).
        statedAt: d.statedAt ? parseInstant(d.statedAt)! : null,
        quote: d.quote ?? null,
        evidenceUrl: d.evidenceUrl ?? null,
        viaSourceId: refs[i].viaSourceId,
        note: d.note ?? null,
        createdByKeyId: actor.keyId,
        updatedByKeyId: actor.keyId,
      })),
    );
    const audit = stances.map((stance) =>
      this.audit.row(actor, {
        action: 'create',
        entityType: 'stance',
        entityId: stance.id,
        after: toStanceResponse(stance),
      }),
    );
    const cause = changeCause('stance_added', stances.length === 1 ? stances[0].id : null, actor);
    // The claim's stances were read with the insert, under the claim's lock; the audit entries are
    // stored with the claim's new values: the write's effects in as few round trips as they allow.
    await this.corroboration.refreshClaims(db, [claimId], {
      touch: true,
      cause,
      locked: [claim],
      facts,
      sides,
      audit,
    });
    return stances.map((stance, i) => ({
      stance,
      ...(resolved[i] && { resolved: resolved[i] }),
    }));
  }

  async getStance(id: string): Promise<StanceEntity> {
    const stance = await this.repo.findById(await this.reads.manager(), id);
    if (!stance) throw this.notFound(id);
    return stance;
  }

  /** Corrects a stance; the claim's status follows in the same transaction. */
  async updateStance(id: string, dto: UpdateStanceDto, actor: Actor): Promise<StanceEntity> {
    return inTransaction(this.dataSource, async (db) => {
      if (!(await this.repo.findById(db, id))) throw this.notFound(id);
      // Sources before the claim, as every writer does.
      if (dto.viaSourceId) {
        const found = await this.sources.lockForShare(db, [dto.viaSourceId]);
        if (found.size === 0) {
          throw new DomainError(
            StanceErrors.VIA_SOURCE_NOT_FOUND,
            'viaSourceId: no source has this id',
            [{ field: 'viaSourceId', message: 'no source has this id' }],
          );
        }
      }
      const { claimId, stance: before } = await this.lockClaimOf(db, id, actor);
      const updated = await this.repo.update(db, id, {
        ...(dto.kind !== undefined && { kind: dto.kind }),
        ...(dto.statedAt !== undefined && { statedAt: parseInstant(dto.statedAt)! }),
        ...(dto.quote !== undefined && { quote: dto.quote }),
        ...(dto.evidenceUrl !== undefined && { evidenceUrl: dto.evidenceUrl }),
        ...(dto.viaSourceId !== undefined && { viaSourceId: dto.viaSourceId }),
        ...(dto.note !== undefined && { note: dto.note }),
        updatedByKeyId: actor.keyId,
      });
      await this.audit.record(db, actor, {
        action: 'update',
        entityType: 'stance',
        entityId: id,
        before: toStanceResponse(before),
        after: toStanceResponse(updated),
      });
      await this.corroboration.refreshClaims(db, [claimId], {
        touch: true,
        cause: changeCause('stance_corrected', id, actor),
      });
      return updated;
    });
  }

  async deleteStance(id: string, actor: Actor): Promise<void> {
    await inTransaction(this.dataSource, async (db) => {
      const { claimId, stance } = await this.lockClaimOf(db, id);
      await this.repo.delete(db, id);
      await this.audit.record(db, actor, {
        action: 'delete',
        entityType: 'stance',
        entityId: id,
        before: toStanceResponse(stance),
      });
      await this.corroboration.refreshClaims(db, [claimId], {
        touch: true,
        cause: changeCause('stance_deleted', id, actor),
      });
    });
  }

  async listClaimStances(claimId: string, query: ListStancesQueryDto): Promise<Page<StanceEntity>> {
    const db = await this.reads.manager();
    await this.requireClaim(db, claimId);
    const sort = query.effective ? 'effective' : 'history';
    const after = this.decode(query.cursor, sort);
    const rows = query.effective
      ? await this.repo.findEffectiveStances(db, claimId, after, query.limit)
      : await this.repo.findClaimHistory(db, claimId, after, query.limit);
    return toPage(rows, query.limit, (s) => s, cursorOf(sort));
  }

  async listSourceStances(sourceId: string, query: PageQueryDto): Promise<Page<StanceEntity>> {
    const db = await this.reads.manager();
    if (!(await this.sources.findById(db, sourceId))) {
      throw new DomainError(SourceErrors.SOURCE_NOT_FOUND, `No source has id ${sourceId}.`);
    }
    const after = this.decode(query.cursor, 'source');
    const rows = await this.repo.findSourceHistory(db, sourceId, after, query.limit);
    return toPage(rows, query.limit, (s) => s, cursorOf('source'));
  }

  private decode(cursor: string | undefined, sort: string): StanceCursor | undefined {
    if (!cursor) return undefined;
    const [statedAt, recordedAt, seq] = decodeCursor(cursor, sort, [...CURSOR_SHAPE]) as [
      string,
      string,
      number,
    ];
    return { statedAt, recordedAt, seq };
  }

  /**
   * Locks the stance's claim, then the stance itself; returns the claim id. With an `editor` check
   * actor, only editors may touch a stance another key recorded.
   */
  private async lockClaimOf(
    db: EntityManager,
    stanceId: string,
    editor?: Actor,
  ): Promise<{ claimId: string; stance: StanceEntity }> {
    const found = await this.repo.findById(db, stanceId);
    if (!found) throw this.notFound(stanceId);
    if (editor && found.createdByKeyId !== editor.keyId && !roleAtLeast(editor.role, 'editor')) {
      throw new DomainError(
        ApiKeyErrors.FORBIDDEN,
        'Only editors may correct a stance another key recorded.',
      );
    }
    await this.corroboration.lockClaims(db, [found.claimId]);
    const stance = await this.repo.lockForUpdate(db, stanceId);
    if (!stance) throw this.notFound(stanceId);
    return { claimId: stance.claimId, stance };
  }

  private requireClaim(db: EntityManager, claimId: string): Promise<void> {
    return this.corroboration.requireLiveClaim(db, claimId);
  }

  private notFound(id: string): DomainError {
    return new DomainError(StanceErrors.STANCE_NOT_FOUND, `No stance has id ${id}.`);
  }
}
