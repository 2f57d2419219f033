import { InitialSchema1795824000000 } from './1795824000000-initial-schema.js';
import { ApiKeysAndAuthorship1795910400000 } from './1795910400000-api-keys-and-authorship.js';
import { EditorialReviewHistoryAudit1795996800000 } from './1795996800000-editorial-review-history-audit.js';
import { ClaimSearch1796083200000 } from './1796083200000-claim-search.js';
import { LiveEvents1796169600000 } from './1796169600000-live-events.js';
import { DashboardAggregates1796256000000 } from './1796256000000-dashboard-aggregates.js';
import { ClaimListIndexes1796342400000 } from './1796342400000-claim-list-indexes.js';
import { CoveringClaimListIndexes1796428800000 } from './1796428800000-covering-claim-list-indexes.js';
import { StoredClaimSearchVector1796515200000 } from './1796515200000-stored-claim-search-vector.js';
import { GraphStancePages1796601600000 } from './1796601600000-graph-stance-pages.js';
import { AnonymousSources1796688000000 } from './1796688000000-anonymous-sources.js';
import { SourceIdentity1796774400000 } from './1796774400000-source-identity.js';
import { SourceMerges1796860800000 } from './1796860800000-source-merges.js';
import { ClaimAssessments1796947200000 } from './1796947200000-claim-assessments.js';
import { ConsoleSessions1797033600000 } from './1797033600000-console-sessions.js';
import { RateLimitWindows1797120000000 } from './1797120000000-rate-limit-windows.js';
import { EventsByTime1797206400000 } from './1797206400000-events-by-time.js';
import { AuditByClaim1797292800000 } from './1797292800000-audit-by-claim.js';
import { MoreLiveEvents1797379200000 } from './1797379200000-more-live-events.js';
import { HistoryByTime1797465600000 } from './1797465600000-history-by-time.js';
import { DeferredAgreement1797552000000 } from './1797552000000-deferred-agreement.js';
import { GraphStanceRelays1797638400000 } from './1797638400000-graph-stance-relays.js';

/** Every migration, oldest first. Listed explicitly so the built app and the tests run the same set. */
export const MIGRATIONS = [
  InitialSchema1795824000000,
  ApiKeysAndAuthorship1795910400000,
  EditorialReviewHistoryAudit1795996800000,
  ClaimSearch1796083200000,
  LiveEvents1796169600000,
  DashboardAggregates1796256000000,
  ClaimListIndexes1796342400000,
  CoveringClaimListIndexes1796428800000,
  StoredClaimSearchVector1796515200000,
  GraphStancePages1796601600000,
  AnonymousSources1796688000000,
  SourceIdentity1796774400000,
  SourceMerges1796860800000,
  ClaimAssessments1796947200000,
  ConsoleSessions1797033600000,
  RateLimitWindows1797120000000,
  EventsByTime1797206400000,
  AuditByClaim1797292800000,
  MoreLiveEvents1797379200000,
  HistoryByTime1797465600000,
  DeferredAgreement1797552000000,
  GraphStanceRelays1797638400000,
];
