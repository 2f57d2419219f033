import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClaimEntity } from './claim.entity.js';
import { findDependingOnContested, type ClaimView } from './claims.repository.js';
import { toClaimResponse, type ClaimResponseDto } from './dto/claim.dto.js';
import { AssessmentService } from '../corroboration/assessment.service.js';
import { toStoredAssessmentResponse } from '../corroboration/dto/corroboration-response.dto.js';
import { Reads } from '../common/reads.js';

/** Turns stored claims into API responses, with what is derived from other claims filled in. */
@Injectable()
export class ClaimViews {
  constructor(
    private readonly reads: Reads,
    private readonly assessments: AssessmentService,
  ) {}

  async present(claims: ClaimEntity[], db?: EntityManager): Promise<ClaimResponseDto[]> {
    const manager = db ?? (await this.reads.manager());
    const ids = claims.map((c) => c.id);
    const contested = await findDependingOnContested(manager, ids);
    const assessments = await this.assessments.findStored(ids, manager);
    return claims.map((c) => {
      const assessment = assessments.get(c.id);
      return toClaimResponse(c, {
        dependsOnContested: contested.has(c.id),
        assessment: assessment && toStoredAssessmentResponse(assessment),
      });
    });
  }

  /** Claims as read with what their answers derive (`ClaimView`); the others are looked up. */
  async presentRows(
    rows: { claim: ClaimEntity; view?: ClaimView }[],
    db?: EntityManager,
  ): Promise<ClaimResponseDto[]> {
    if (rows.every((r) => r.view !== undefined)) return rows.map((r) => fromView(r.view!));
    return this.present(
      rows.map((r) => r.claim),
      db,
    );
  }

  async presentOne(claim: ClaimEntity, db?: EntityManager): Promise<ClaimResponseDto> {
    const [view] = await this.present([claim], db);
    return view;
  }
}

/** The answer for a claim read with what it derives. */
export function fromView(view: ClaimView): ClaimResponseDto {
  return toClaimResponse(view.claim, {
    dependsOnContested: view.dependsOnContested,
    assessment: view.assessment ? toStoredAssessmentResponse(view.assessment) : undefined,
  });
}
