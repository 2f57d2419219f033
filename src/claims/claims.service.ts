import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../domain/actors.js';
import { CommonErrors, DomainError, ClaimErrors } from '../domain/errors.js';
import { parseInstant } from '../common/dto.js';
import { decodeCursor, encodeCursor, toPage, type Page } from '../common/pagination.js';
import { inTransaction } from '../common/sql.js';
import { StancesService, type WrittenStance } from '../stances/stances.service.js';
import type { ClaimEntity } from './claim.entity.js';
import {
  ClaimsRepository,
  MARK_END,
  MARK_START,
  SORT_KEYS,
  type SimilarClaimRow,
} from './claims.repository.js';

/**
 * How alike two statements must be to be named possible duplicates: the share of their distinct
 * words (as searched: stemmed, stop words left out) they have in common, of all the words either has.
 */
export const SIMILAR_STATEMENT = 0.5;
const MAX_POSSIBLE_DUPLICATES = 5;
import {
  toClaimSnapshot,
  type ClaimListItemDto,
  type ClaimResponseDto,
  type ClaimSort,
  type CreateClaimDto,
  type ListClaimsQueryDto,
  type UpdateClaimDto,
} from './dto/claim.dto.js';
import { ClaimViews, fromView } from './claim-views.js';
import { AuditService } from '../audit/audit.service.js';
import { CorroborationService } from '../corroboration/corroboration.service.js';
import { changeCause } from '../corroboration/corroboration.repository.js';
import { Reads } from '../common/reads.js';

@Injectable()
export class ClaimsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ClaimsRepository,
    private readonly stances: StancesService,
    private readonly corroboration: CorroborationService,
    private readonly audit: AuditService,
    private readonly views: ClaimViews,
    private readonly reads: Reads,
  ) {}

  /** Creates a claim and its inline stances in one transaction: one bad stance and nothing is stored. */
  async createClaim(
    dto: CreateClaimDto,
    actor: Actor,
  ): Promise<{
    claim: ClaimEntity;
    stances: WrittenStance[];
    possibleDuplicates: SimilarClaimRow[];
  }> {
    return inTransaction(this.dataSource, async (db) => {
      const id = randomUUID();
      const language = dto.language ? Intl.getCanonicalLocales(dto.language)[0] : 'en';
      await this.repo.insert(db, {
        id,
        statement: dto.statement,
        context: dto.context ?? null,
        tags: dto.tags ?? [],
        occurredAt: dto.occurredAt ? parseInstant(dto.occurredAt)! : null,
        language,
        createdByKeyId: actor.keyId,
        updatedByKeyId: actor.keyId,
      });
      await this.corroboration.recordLifecycle(
        db,
        id,
        'claim_created',
        changeCause('claim_created', id, actor),
      );
      const stances = dto.stances?.length
        ? await this.stances.writeStances(db, id, dto.stances, 'stances', actor)
        : [];
      const claim = (await this.repo.findById(db, id))!;
      await this.audit.record(db, actor, {
        action: 'create',
        entityType: 'claim',
        entityId: id,
        after: toClaimSnapshot(claim),
      });
      // Said before a duplicate spreads: claims in the same language saying mostly the same words.
      const words = await this.repo.lexemes(db, dto.statement, language);
      const possibleDuplicates = await this.repo.findSimilar(
        db,
        id,
        words,
        language,
        SIMILAR_STATEMENT,
        MAX_POSSIBLE_DUPLICATES,
      );
      return { claim, stances, possibleDuplicates };
    });
  }

  /** The claim as GET shows it (404, or 410 if merged away). */
  async getClaim(id: string): Promise<ClaimResponseDto> {
    const found = await this.repo.findViewById(await this.reads.manager(), id);
    live(id, found?.claim ?? null);
    return fromView(found!);
  }

  /** A page of claims; with `q`, ranked by relevance (unless sorted otherwise) and with snippets. */
  async listClaims(query: ListClaimsQueryDto): Promise<Page<ClaimListItemDto>> {
    const sort: ClaimSort = query.sort ?? (query.q ? 'relevance' : '-updatedAt');
    if (sort === 'relevance' && !query.q) {
      throw new DomainError(CommonErrors.INVALID_VALUE, 'sort=relevance needs a search: add q.');
    }
    const key = SORT_KEYS[sort];
    // A relevance cursor belongs to its query: the ranks of another search mean nothing here.
    const cursorSort = sort === 'relevance' ? `relevance ${query.q}` : sort;
    const valueShape =
      key.property === 'score' || key.property === 'rank' || key.property === 'likelihood'
        ? 'number'
        : 'timestamp';
    const after = query.cursor
      ? decodeCursor(query.cursor, cursorSort, [valueShape, 'uuid'])
      : undefined;
    const db = await this.reads.manager();
    const rows = await this.repo.list(db, {
      status: query.status,
      likely: query.likely,
      tag: query.tag?.toLowerCase(),
      sourceId: query.sourceId,
      q: query.q,
      updatedSince: query.updatedSince ? parseInstant(query.updatedSince) : undefined,
      sort,
      after: after ? { value: after[0], id: after[1] as string } : undefined,
      limit: query.limit,
    });
    const page = toPage(
      rows,
      query.limit,
      (r) => r,
      (r) => {
        const value =
          key.property === 'rank'
            ? r.rank!
            : key.property === 'likelihood'
              ? r.likelihood!
              : r.claim[key.property];
        return encodeCursor(cursorSort, [
          value instanceof Date ? value.toISOString() : value,
          r.claim.id,
        ]);
      },
    );
    const claims = page.items.map((r) => r.claim);
    const [views, snippets] = await Promise.all([
      this.views.presentRows(page.items, db),
      query.q
        ? this.repo.snippets(
            db,
            claims.map((c) => c.id),
            query.q,
          )
        : Promise.resolve(new Map<string, string>()),
    ]);
    return {
      // Each view gains its match in place: copying fifty views to add it cost more than making them.
      items: page.items.map((r, i) => {
        const item: ClaimListItemDto = views[i];
        if (r.rank !== undefined) {
          item.match = { rank: r.rank, snippet: highlight(snippets.get(r.claim.id) ?? '') };
        }
        return item;
      }),
      nextCursor: page.nextCursor,
    };
  }

  async updateClaim(
    id: string,
    dto: UpdateClaimDto,
    actor: Actor,
    ifMatch?: number,
  ): Promise<ClaimEntity> {
    return inTransaction(this.dataSource, async (db) => {
      const current = live(id, await this.repo.lockForUpdate(db, id));
      if (ifMatch !== undefined && ifMatch !== current.version) {
        throw new DomainError(
          CommonErrors.VERSION_MISMATCH,
          `The claim is at version ${current.version}, not ${ifMatch}.`,
        );
      }
      const updated = await this.repo.update(db, id, {
        ...(dto.statement !== undefined && { statement: dto.statement }),
        ...(dto.context !== undefined && { context: dto.context }),
        ...(dto.tags !== undefined && { tags: dto.tags }),
        ...(dto.occurredAt !== undefined && {
          occurredAt: dto.occurredAt === null ? null : parseInstant(dto.occurredAt)!,
        }),
        ...(dto.language !== undefined && { language: Intl.getCanonicalLocales(dto.language)[0] }),
        updatedByKeyId: actor.keyId,
      });
      await this.audit.record(db, actor, {
        action: 'update',
        entityType: 'claim',
        entityId: id,
        before: toClaimSnapshot(current),
        after: toClaimSnapshot(updated),
      });
      return updated;
    });
  }

  /** Deletes a claim with its stances, links and reviews; its history and audit trail remain. */
  async deleteClaim(id: string, actor: Actor): Promise<void> {
    await inTransaction(this.dataSource, async (db) => {
      // A merged claim keeps its pointer to the survivor (unmerge it first to delete it).
      const claim = live(id, await this.repo.lockForUpdate(db, id));
      if (await this.repo.hasMergedClaims(db, id)) {
        throw new DomainError(
          ClaimErrors.CLAIM_HAS_MERGED_CLAIMS,
          'Other claims were merged into this one; unmerge them first.',
        );
      }
      await this.corroboration.recordLifecycle(
        db,
        id,
        'claim_deleted',
        changeCause('claim_deleted', id, actor),
      );
      await this.repo.delete(db, id);
      await this.audit.record(db, actor, {
        action: 'delete',
        entityType: 'claim',
        entityId: id,
        before: toClaimSnapshot(claim),
      });
    });
  }
}

/** The claim, if it exists and was not merged away (404 or 410, naming the survivor, otherwise). */
function live(id: string, claim: ClaimEntity | null): ClaimEntity {
  if (!claim) throw new DomainError(ClaimErrors.CLAIM_NOT_FOUND, `No claim has id ${id}.`);
  if (claim.mergedIntoId) {
    throw new DomainError(
      ClaimErrors.CLAIM_MERGED,
      `Claim ${id} was merged into ${claim.mergedIntoId}.`,
      undefined,
      {
        mergedIntoId: claim.mergedIntoId,
      },
    );
  }
  return claim;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** A snippet made safe to put in HTML, its matched words in `<mark>`. */
export function highlight(snippet: string): string {
  return snippet
    .replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
    .replaceAll(MARK_START, '<mark>')
    .replaceAll(MARK_END, '</mark>');
}
