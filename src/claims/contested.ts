import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClaimEntity } from './claim.entity.js';
import { toClaimResponse, type ClaimResponseDto } from './dto/claim.dto.js';
import { queryRows } from '../common/sql.js';

/**
 * Whether the claim row `alias` `depends_on` a live claim whose status is disputed or denied: its
 * own truth is then in doubt whatever its own sources say. Derived when read, never stored, so it
 * follows the other claim's status at once.
 */
export const DEPENDS_ON_CONTESTED = (alias: string): string =>
  `EXISTS (SELECT 1 FROM claim_links l JOIN claims t ON t.id = l.to_claim_id
            WHERE l.kind = 'depends_on' AND l.from_claim_id = ${alias}.id
              AND t.status IN ('disputed', 'denied') AND t.merged_into_id IS NULL)`;

/** Which of these claims depend on a contested one (see `DEPENDS_ON_CONTESTED`). */
export async function findDependingOnContested(
  db: EntityManager,
  claimIds: string[],
): Promise<Set<string>> {
  if (claimIds.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    `SELECT c.id FROM unnest($1::uuid[]) AS c(id) WHERE ${DEPENDS_ON_CONTESTED('c')}`,
    [claimIds],
  );
  return new Set(rows.map((r) => r.id));
}

/** Turns stored claims into API responses, with what is derived from other claims filled in. */
@Injectable()
export class ClaimViews {
  constructor(private readonly dataSource: DataSource) {}

  async present(
    claims: ClaimEntity[],
    db: EntityManager = this.dataSource.manager,
  ): Promise<ClaimResponseDto[]> {
    const contested = await findDependingOnContested(
      db,
      claims.map((c) => c.id),
    );
    return claims.map((c) => toClaimResponse(c, { dependsOnContested: contested.has(c.id) }));
  }

  async presentOne(claim: ClaimEntity, db?: EntityManager): Promise<ClaimResponseDto> {
    const [view] = await this.present([claim], db);
    return view;
  }
}
