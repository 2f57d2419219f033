import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClaimEntity } from './claim.entity.js';
import { toClaimResponse, type ClaimResponseDto } from './dto/claim.dto.js';
import { queryRows } from '../database/sql.js';

/**
 * Which of these claims `depends_on` a live claim whose status is disputed or denied: their own
 * truth is then in doubt whatever their own sources say. Derived when read, never stored, so it
 * follows the other claim's status at once.
 */
/** `DEPENDS_ON_CONTESTED(alias)`: the same test for one claim row, as an SQL expression. */
export const DEPENDS_ON_CONTESTED = (alias: string): string =>
  `EXISTS (SELECT 1 FROM claim_links l JOIN claims t ON t.id = l.to_claim_id
            WHERE l.kind = 'depends_on' AND l.from_claim_id = ${alias}.id
              AND t.status IN ('disputed', 'denied') AND t.merged_into_id IS NULL)`;

export async function findDependingOnContested(
  db: EntityManager,
  claimIds: string[],
): Promise<Set<string>> {
  if (claimIds.length === 0) return new Set();
  const rows = await queryRows<{ id: string }>(
    db,
    `SELECT DISTINCT l.from_claim_id AS id FROM claim_links l JOIN claims t ON t.id = l.to_claim_id
      WHERE l.kind = 'depends_on' AND l.from_claim_id = ANY($1::uuid[])
        AND t.status IN ('disputed', 'denied') AND t.merged_into_id IS NULL`,
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
