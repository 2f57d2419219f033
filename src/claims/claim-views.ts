import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClaimEntity } from './claim.entity.js';
import { findDependingOnContested } from './claims.repository.js';
import { toClaimResponse, type ClaimResponseDto } from './dto/claim.dto.js';
import { Reads } from '../common/reads.js';

/** Turns stored claims into API responses, with what is derived from other claims filled in. */
@Injectable()
export class ClaimViews {
  constructor(private readonly reads: Reads) {}

  async present(claims: ClaimEntity[], db?: EntityManager): Promise<ClaimResponseDto[]> {
    const contested = await findDependingOnContested(
      db ?? (await this.reads.manager()),
      claims.map((c) => c.id),
    );
    return claims.map((c) => toClaimResponse(c, { dependsOnContested: contested.has(c.id) }));
  }

  async presentOne(claim: ClaimEntity, db?: EntityManager): Promise<ClaimResponseDto> {
    const [view] = await this.present([claim], db);
    return view;
  }
}
