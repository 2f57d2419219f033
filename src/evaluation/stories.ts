/**
 * Synthetic stories with a known truth, for measuring the learned assessment: outlets with planted
 * accuracies, outlets that copy another outlet's stance (some saying so with `viaSourceId`, most
 * not), unnamed officials relayed by outlets, a ministry and its spokesman (one independence
 * group), and an editor's verdict on every claim. The lines are an import file, so the server
 * itself resolves groups and relays when the stories are loaded.
 */
import { Random } from '../common/random.js';
import type { ReliabilityGrade } from '../domain/grades.js';
import type { Verdict } from '../domain/review.rules.js';
import type { StanceKind } from '../domain/stances.js';
import { gradeForAccuracy } from '../corroboration/track-records.js';
import type { Outcome } from '../domain/outcomes.js';

export interface StoryOptions {
  claims: number;
  outlets: number;
  seed: number;
}

export const DEFAULT_STORY_OPTIONS: StoryOptions = { claims: 600, outlets: 40, seed: 1 };

/** A planted outlet: how often it takes the right side, and whom it copies. */
export interface PlantedOutlet {
  key: string;
  name: string;
  accuracy: number;
  /** How often it covers a claim. */
  reach: number;
  grade: ReliabilityGrade;
  /** The outlet it copies, when it covers what that outlet covered. */
  copies: string | null;
  /** Whether its copies say so (`viaSourceId`). */
  citesCopies: boolean;
}

export interface Stories {
  lines: Record<string, unknown>[];
  outlets: PlantedOutlet[];
  truth: Map<string, Outcome>;
}

const ACCURACIES = [0.92, 0.85, 0.75, 0.65, 0.55, 0.4];
const PRIOR: readonly [Outcome, number][] = [
  ['true', 0.4],
  ['false', 0.35],
  ['unproven', 0.25],
];

const draw = <T>(rng: Random, weighted: readonly (readonly [T, number])[]): T => {
  let x = rng.next() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of weighted) {
    x -= w;
    if (x < 0) return value;
  }
  return weighted[weighted.length - 1][0];
};

/**
 * What a source of this accuracy says about a claim of this truth: on a true or false claim it
 * reports or declines a fifth of the time, questions a tenth, and otherwise takes a side, the right
 * one with probability `accuracy` — so its planted accuracy is exactly the share of its sides that
 * are right, which its learned track record should find.
 */
function stanceFor(rng: Random, truth: Outcome, accuracy: number): StanceKind {
  if (truth === 'unproven') {
    return draw(rng, [
      ['reports', 0.4],
      ['asserts', 0.25],
      ['questions', 0.2],
      ['declines_to_confirm', 0.05],
      ['denies', 0.1],
    ]);
  }
  const x = rng.next();
  if (x < 0.2) return x < 0.16 ? 'reports' : 'declines_to_confirm';
  if (x < 0.3) return 'questions';
  const right = rng.chance(accuracy);
  const supports = truth === 'true' ? right : !right;
  if (supports) return rng.chance(0.7) ? 'asserts' : 'confirms';
  return 'denies';
}

const VERDICTS: Record<Outcome, readonly (readonly [Verdict, number])[]> = {
  true: [
    ['true', 0.7],
    ['mostly_true', 0.3],
  ],
  false: [
    ['false', 0.7],
    ['mostly_false', 0.3],
  ],
  unproven: [['unproven', 1]],
};

export function generateStories(options: Partial<StoryOptions> = {}): Stories {
  const { claims, outlets: outletCount, seed } = { ...DEFAULT_STORY_OPTIONS, ...options };
  const rng = new Random(seed);
  const lines: Record<string, unknown>[] = [];
  const outlets: PlantedOutlet[] = [];
  for (let i = 0; i < outletCount; i++) {
    const accuracy = rng.pick(ACCURACIES);
    // A third of the outlets copy an earlier independent one; some of them cite it.
    const leaders = outlets.filter((o) => !o.copies);
    const copies = i >= 4 && leaders.length > 0 && rng.chance(1 / 3) ? rng.pick(leaders).key : null;
    outlets.push({
      key: `outlet-${i + 1}`,
      name: `Outlet ${i + 1}`,
      accuracy,
      reach: 0.08 + rng.next() * 0.3,
      // Most outlets are ungraded; a few carry the grade their accuracy deserves.
      grade: rng.chance(0.25) ? gradeForAccuracy(accuracy) : 'F',
      copies,
      citesCopies: copies !== null && rng.chance(0.4),
    });
  }
  for (const o of outlets) {
    lines.push({ type: 'source', key: o.key, name: o.name, kind: 'outlet', reliability: o.grade });
  }
  lines.push(
    { type: 'source', key: 'ministry', name: 'Ministry of Information', kind: 'government' },
    {
      type: 'source',
      key: 'spokesman',
      name: 'Ministry spokesman',
      kind: 'person',
      affiliatedWithId: 'ministry',
    },
    {
      type: 'source',
      key: 'officials',
      name: 'unnamed officials',
      kind: 'person',
      anonymous: true,
    },
  );

  const truth = new Map<string, Outcome>();
  const stances: Record<string, unknown>[] = [];
  const reviews: Record<string, unknown>[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let c = 0; c < claims; c++) {
    const key = `claim-${c + 1}`;
    const outcome = draw(rng, PRIOR);
    truth.set(key, outcome);
    lines.push({ type: 'claim', key, statement: `Synthetic claim number ${c + 1}` });
    let at = start + c * 3_600_000;
    const said = (sourceId: string, kind: StanceKind, via?: string) => {
      at += 60_000;
      stances.push({
        type: 'stance',
        claimId: key,
        sourceId,
        kind,
        statedAt: new Date(at).toISOString(),
        ...(via && { viaSourceId: via }),
      });
    };
    const spoke = new Map<string, StanceKind>();
    for (const o of outlets.filter((x) => !x.copies)) {
      if (!rng.chance(o.reach)) continue;
      const kind = stanceFor(rng, outcome, o.accuracy);
      spoke.set(o.key, kind);
      said(o.key, kind);
    }
    for (const o of outlets.filter((x) => x.copies)) {
      const copied = spoke.get(o.copies!);
      if (copied && rng.chance(0.8)) said(o.key, copied, o.citesCopies ? o.copies! : undefined);
      else if (rng.chance(o.reach / 2)) said(o.key, stanceFor(rng, outcome, o.accuracy));
    }
    // The ministry speaks on a fifth of the claims, its spokesman repeating it half the time.
    if (rng.chance(0.2)) {
      const kind = stanceFor(rng, outcome, 0.75);
      said('ministry', kind);
      if (rng.chance(0.5)) said('spokesman', kind);
    }
    // Unnamed officials, through an outlet that reports them, on a sixth of the claims.
    if (rng.chance(1 / 6)) {
      const relay = rng.pick(outlets).key;
      said('officials', stanceFor(rng, outcome, 0.7), relay);
    }
    reviews.push({
      type: 'review',
      claimId: key,
      // One verdict in twenty is "mixed", which teaches nothing.
      verdict: rng.chance(0.05) ? 'mixed' : draw(rng, VERDICTS[outcome]),
      rationale: 'Synthetic verdict',
    });
  }
  lines.push(...stances, ...reviews);
  return { lines, outlets, truth };
}
