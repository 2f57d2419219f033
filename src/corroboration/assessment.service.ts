import { createHash } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, type EntityManager } from 'typeorm';
import { inTransaction } from '../common/sql.js';
import type { AppConfig } from '../config/env.js';
import type { ReliabilityGrade } from '../domain/grades.js';
import type { Verdict } from '../domain/review.rules.js';
import { AssessmentsRepository, type StoredAssessment } from './assessments.repository.js';
import { CorroborationRepository } from './corroboration.repository.js';
import type { Evaluation, StanceFact } from './evaluation.js';
import { effectiveStances, evaluateClaim } from './status.rules.js';
import { outcomeOf } from '../domain/outcomes.js';
import {
  assess,
  countTrackRecords,
  summariseTrackRecord,
  type Assessment,
  type LabelledClaim,
  type TrackCounts,
  type TrackRecordSummary,
} from './track-records.js';

/** Claims assessed per transaction of the refresher. */
const BATCH = 250;
/** Claims whose stances are read at once while learning the track records. */
const LEARN_BATCH = 1000;

/** The track records as learned from one state of the verdicts. */
interface Model {
  /** `AssessmentsRepository.probe` when they were learned. */
  probe: string;
  counts: TrackCounts;
  /** A digest of the counts: equal digests, equal track records. */
  digest: string;
}

/** A claim's evaluation by the rules, and its learned assessment beside it. */
export interface AssessedClaim {
  evaluation: Evaluation;
  assessment: Assessment;
}

/** The reviewed claims whose verdicts teach something, with their stances: what the model learns from. */
export interface LabelledClaimWithId extends LabelledClaim {
  id: string;
}

function digestOf(counts: TrackCounts): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([counts.outcomes, counts.pooled]));
  for (const id of [...counts.bySource.keys()].sort())
    hash.update(`${id}${JSON.stringify(counts.bySource.get(id))}`);
  return hash.digest('base64url');
}

/** A claim's assessment from its stances: its own verdict, if it teaches something, left out. */
export function assessFacts(
  counts: TrackCounts,
  facts: readonly StanceFact[],
  verdict: Verdict | null,
  asOf?: Date,
): AssessedClaim {
  const evaluation = evaluateClaim(facts, asOf);
  const outcome = outcomeOf(verdict);
  // What was counted under the claim's outcome is its stances as they stand now, whatever `asOf`.
  const own = outcome ? { outcome, effective: effectiveStances(facts) } : null;
  return { evaluation, assessment: assess(counts, evaluation.groups, own) };
}

/**
 * The learned side of corroboration: track records from editors' verdicts, and each claim's
 * assessment from them. Stored assessments are kept current in the background: every
 * re-evaluation queues its claims, and a verdict that changes the track records queues every
 * claim; the refresher drains the queue in batches. Reads of one claim's explanation compute it
 * afresh.
 */
@Injectable()
export class AssessmentService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Assessments');
  private model: Model | undefined;
  private learning: Promise<Model> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly interval: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: AssessmentsRepository,
    private readonly corroboration: CorroborationRepository,
    config: ConfigService<AppConfig, true>,
  ) {
    this.interval = config.get('ASSESSMENT_REFRESH_MS', { infer: true });
  }

  /** After the migrations (they run in onModuleInit): the tables exist. */
  onApplicationBootstrap(): void {
    if (this.interval > 0) this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Asks for a refresh soon (after a verdict, say), rather than at the next interval. */
  nudge(): void {
    if (this.stopped || this.interval <= 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  /** The reviewed claims whose verdict teaches something, with their stances. */
  async labelledClaims(
    db: EntityManager = this.dataSource.manager,
  ): Promise<LabelledClaimWithId[]> {
    const verdicts = await this.repo.findVerdicts(db);
    const labelled: LabelledClaimWithId[] = [];
    const taught = verdicts.flatMap((v) => {
      const outcome = outcomeOf(v.verdict);
      return outcome ? [{ id: v.id, outcome }] : [];
    });
    for (let i = 0; i < taught.length; i += LEARN_BATCH) {
      const batch = taught.slice(i, i + LEARN_BATCH);
      const facts = await this.corroboration.findStanceFacts(
        db,
        batch.map((c) => c.id),
      );
      for (const c of batch) labelled.push({ ...c, facts: facts.get(c.id) ?? [] });
      await setImmediate();
    }
    return labelled;
  }

  /** The current track records: learned again only when what they are learned from has changed. */
  async counts(db: EntityManager = this.dataSource.manager): Promise<TrackCounts> {
    return (await this.currentModel(db)).counts;
  }

  private async currentModel(db: EntityManager): Promise<Model> {
    const probe = await this.repo.probe(db);
    if (this.model?.probe === probe) return this.model;
    // One learning at a time per instance; a caller that arrives meanwhile waits for it.
    if (this.learning) {
      const learned = await this.learning;
      if (learned.probe === probe) return learned;
    }
    const learning = this.labelledClaims(db).then((labelled) => {
      const counts = countTrackRecords(labelled);
      return { probe, counts, digest: digestOf(counts) };
    });
    this.learning = learning;
    try {
      this.model = await learning;
      return this.model;
    } finally {
      if (this.learning === learning) this.learning = undefined;
    }
  }

  /** A claim's evaluation and assessment now, or with its stances as of a past moment. */
  async assessClaim(claimId: string, verdict: Verdict | null, asOf?: Date): Promise<AssessedClaim> {
    const db = this.dataSource.manager;
    const counts = await this.counts(db);
    const facts = await this.corroboration.findStanceFacts(db, [claimId]);
    return assessFacts(counts, facts.get(claimId) ?? [], verdict, asOf);
  }

  /** Stored assessments of these claims, by claim id (a claim not yet assessed is absent). */
  findStored(
    claimIds: string[],
    db: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, StoredAssessment>> {
    return this.repo.find(db, claimIds);
  }

  /** A source's track record, learned from every verdict so far. */
  async trackRecord(sourceId: string, grade: ReliabilityGrade): Promise<TrackRecordSummary> {
    return summariseTrackRecord(await this.counts(), sourceId, grade);
  }

  /**
   * Brings stored assessments up to date once: when the track records changed, every claim is
   * queued; then the queue is drained. Returns how many claims were assessed.
   */
  async refresh(): Promise<number> {
    // One state of the track records for the whole pass: a verdict meanwhile changes their
    // digest, so the next pass queues every claim again.
    const { counts } = await this.queueAllIfModelChanged();
    let assessed = 0;
    for (;;) {
      const n = await this.assessQueued(counts, BATCH);
      if (n === 0 || this.stopped) return assessed;
      assessed += n;
      await setImmediate();
    }
  }

  private async queueAllIfModelChanged(): Promise<Model> {
    const model = await this.currentModel(this.dataSource.manager);
    await inTransaction(this.dataSource, async (db) => {
      const stored = await this.repo.lockModel(db);
      if (stored === model.digest) return;
      await this.repo.enqueueAll(db);
      await this.repo.saveModel(db, model.digest);
    });
    return model;
  }

  private assessQueued(counts: TrackCounts, limit: number): Promise<number> {
    return inTransaction(this.dataSource, async (db) => {
      const ids = await this.repo.takeQueued(db, limit);
      if (ids.length === 0) return 0;
      const live = await this.repo.findLiveVerdicts(db, ids);
      const facts = await this.corroboration.findStanceFacts(db, [...live.keys()]);
      await this.repo.save(
        db,
        [...live].map(([claimId, verdict]) => {
          const { assessment: a } = assessFacts(counts, facts.get(claimId) ?? [], verdict);
          return {
            claimId,
            likely: a.likely,
            pTrue: a.probabilities.true,
            pFalse: a.probabilities.false,
            pUnproven: a.probabilities.unproven,
            verdicts: a.basis.verdicts,
            groups: a.basis.groups,
          };
        }),
      );
      return ids.length;
    });
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = this.refresh().then(
      () => undefined,
      (error: unknown) => {
        if (!this.stopped) this.logger.warn(`Refreshing assessments failed: ${String(error)}`);
      },
    );
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const again = this.again;
    this.again = false;
    this.schedule(again ? 0 : this.interval);
  }
}
