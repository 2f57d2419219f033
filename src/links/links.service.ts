import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../domain/actors.js';
import { DomainError, ClaimErrors } from '../domain/errors.js';
import { decodeCursor, encodeCursor, toPage, type Page } from '../common/pagination.js';
import { inTransaction } from '../common/sql.js';
import { DIRECTED_LINK_KINDS, type ClaimLinkEntity } from './claim-link.entity.js';
import { toLinkResponse, type CreateLinkDto, type ListLinksQueryDto } from './dto/link.dto.js';
import { AuditService } from '../audit/audit.service.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { LinkErrors } from './links.errors.js';
import { LinksRepository } from './links.repository.js';
import { Reads } from '../common/reads.js';

@Injectable()
export class LinksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: LinksRepository,
    private readonly corroboration: CorroborationService,
    private readonly audit: AuditService,
    private readonly reads: Reads,
  ) {}

  async createLink(
    fromClaimId: string,
    dto: CreateLinkDto,
    actor: Actor,
  ): Promise<ClaimLinkEntity> {
    const { toClaimId } = dto;
    return inTransaction(this.dataSource, async (db) => {
      await this.repo.lockLinks(db);
      await this.corroboration.requireLiveClaim(db, fromClaimId);
      const existing = await this.repo.claimsExisting(db, [fromClaimId, toClaimId]);
      if (!existing.has(fromClaimId)) throw this.claimNotFound(fromClaimId);
      if (fromClaimId === toClaimId) {
        throw new DomainError(LinkErrors.LINK_TO_SELF, 'A claim cannot link to itself.', [
          { field: 'toClaimId', message: 'is the claim itself' },
        ]);
      }
      if (!existing.has(toClaimId)) {
        throw new DomainError(LinkErrors.LINK_TARGET_NOT_FOUND, `No claim has id ${toClaimId}.`, [
          { field: 'toClaimId', message: 'no claim has this id' },
        ]);
      }
      const same = await this.repo.findSame(db, fromClaimId, toClaimId, dto.kind);
      if (same)
        throw new DomainError(
          LinkErrors.LINK_EXISTS,
          `These claims are already linked as ${dto.kind} (link ${same.id}).`,
        );
      if (
        DIRECTED_LINK_KINDS.includes(dto.kind) &&
        (await this.repo.reaches(db, toClaimId, fromClaimId, dto.kind))
      ) {
        throw new DomainError(
          LinkErrors.LINK_CYCLE,
          `The target already ${dto.kind === 'part_of' ? 'is made up of' : 'depends on'} this claim, directly or not; the link would make a ${dto.kind} cycle.`,
        );
      }
      const link = await this.repo.insert(db, {
        id: randomUUID(),
        fromClaimId,
        toClaimId,
        kind: dto.kind,
        note: dto.note ?? null,
        createdByKeyId: actor.keyId,
        updatedByKeyId: actor.keyId,
      });
      await this.audit.record(db, actor, {
        action: 'create',
        entityType: 'link',
        entityId: link.id,
        after: toLinkResponse(link),
      });
      return link;
    });
  }

  async getLink(id: string): Promise<ClaimLinkEntity> {
    const link = await this.repo.findById(await this.reads.manager(), id);
    if (!link) throw this.linkNotFound(id);
    return link;
  }

  async listClaimLinks(claimId: string, query: ListLinksQueryDto): Promise<Page<ClaimLinkEntity>> {
    const db = await this.reads.manager();
    await this.corroboration.requireLiveClaim(db, claimId);
    const sort = `links-${query.direction}-${query.kind ?? 'all'}`;
    const after = query.cursor
      ? decodeCursor(query.cursor, sort, ['timestamp', 'uuid'])
      : undefined;
    const rows = await this.repo.listForClaim(
      db,
      claimId,
      query.direction,
      query.kind,
      after ? { createdAt: after[0] as string, id: after[1] as string } : undefined,
      query.limit,
    );
    return toPage(
      rows,
      query.limit,
      (l) => l,
      (l) => encodeCursor(sort, [l.createdAt.toISOString(), l.id]),
    );
  }

  async deleteLink(id: string, actor: Actor): Promise<void> {
    await inTransaction(this.dataSource, async (db) => {
      const link = await this.repo.findById(db, id);
      if (!link || !(await this.repo.delete(db, id))) throw this.linkNotFound(id);
      await this.audit.record(db, actor, {
        action: 'delete',
        entityType: 'link',
        entityId: id,
        before: toLinkResponse(link),
      });
    });
  }

  private claimNotFound(id: string): DomainError {
    return new DomainError(ClaimErrors.CLAIM_NOT_FOUND, `No claim has id ${id}.`);
  }

  private linkNotFound(id: string): DomainError {
    return new DomainError(LinkErrors.LINK_NOT_FOUND, `No link has id ${id}.`);
  }
}
