import { AuditLogEntity } from '../audit/audit-log.entity.js';
import { ClaimHistoryEntity } from '../corroboration/claim-history.entity.js';
import { ClaimReviewEntity } from '../reviews/claim-review.entity.js';
import { ApiKeyEntity } from '../api-keys/api-key.entity.js';
import { ClaimEntity } from '../claims/claim.entity.js';
import { IdempotencyRecordEntity } from '../idempotency/idempotency-record.entity.js';
import { ClaimLinkEntity } from '../links/claim-link.entity.js';
import { SessionEntity } from '../sessions/session.entity.js';
import { SourceEntity } from '../sources/source.entity.js';
import { StanceEntity } from '../stances/stance.entity.js';

export const ENTITIES = [
  ApiKeyEntity,
  SourceEntity,
  ClaimEntity,
  StanceEntity,
  ClaimLinkEntity,
  IdempotencyRecordEntity,
  ClaimReviewEntity,
  ClaimHistoryEntity,
  AuditLogEntity,
  SessionEntity,
];
