/**
 * k-fold cross-validation of the learned assessment against two baselines, on reviewed claims. In
 * each fold the other folds' verdicts are the only ones known: the track records are counted from
 * them alone, and the fold's claims are assessed by the same functions the server uses.
 */
import type { StanceFact } from '../corroboration/evaluation.js';
import { evaluateClaim } from '../corroboration/status.rules.js';
import {
  assess,
  countTrackRecords,
  type OutcomeProbabilities,
} from '../corroboration/track-records.js';
import { OUTCOMES, type Outcome } from '../domain/outcomes.js';
import type { ClaimStatus } from '../domain/claims.js';
import { Random } from '../common/random.js';
import { score, type Prediction, type Scores } from './metrics.js';

export interface ReviewedClaim {
  id: string;
  facts: readonly StanceFact[];
  outcome: Outcome;
}

export const METHODS = ['majority', 'rule', 'learned'] as const;
export type Method = (typeof METHODS)[number];

export interface CrossValidation {
  folds: number;
  seed: number;
  claims: number;
  results: Record<Method, Scores>;
}

/** The rule status read as an outcome: corroborated → true; disputed or denied → false; else unproven. */
export function ruleOutcome(status: ClaimStatus): Outcome {
  if (status === 'corroborated') return 'true';
  if (status === 'disputed' || status === 'denied') return 'false';
  return 'unproven';
}

const oneHot = (o: Outcome): OutcomeProbabilities => ({
  true: o === 'true' ? 1 : 0,
  false: o === 'false' ? 1 : 0,
  unproven: o === 'unproven' ? 1 : 0,
});

/** Splits the claims into `folds` folds of (nearly) equal size, in an order drawn from `seed`. */
export function assignFolds(count: number, folds: number, seed: number): number[] {
  const order = new Random(seed).permutation(count);
  const fold = new Array<number>(count);
  order.forEach((claim, i) => (fold[claim] = i % folds));
  return fold;
}

export function crossValidate(
  claims: readonly ReviewedClaim[],
  folds: number,
  seed: number,
): CrossValidation {
  if (!Number.isInteger(folds) || folds < 2) throw new RangeError('folds must be an integer ≥ 2');
  if (claims.length < folds) {
    throw new RangeError(`${claims.length} reviewed claims cannot make ${folds} folds`);
  }
  const fold = assignFolds(claims.length, folds, seed);
  const predictions: Record<Method, Prediction[]> = { majority: [], rule: [], learned: [] };
  for (let k = 0; k < folds; k++) {
    const train = claims.filter((_, i) => fold[i] !== k);
    const test = claims.filter((_, i) => fold[i] === k);
    const counts = countTrackRecords(train);
    const frequency = OUTCOMES.map((o) => train.filter((c) => c.outcome === o).length);
    const majority = OUTCOMES[frequency.indexOf(Math.max(...frequency))];
    const shares = Object.fromEntries(
      OUTCOMES.map((o, i) => [o, frequency[i] / train.length]),
    ) as OutcomeProbabilities;
    for (const claim of test) {
      const evaluation = evaluateClaim(claim.facts);
      predictions.majority.push({
        actual: claim.outcome,
        predicted: majority,
        probabilities: shares,
        // One value for every claim: the majority class ranks nothing (an AUC of 0.5).
        pTrue: 0,
      });
      const rule = ruleOutcome(evaluation.status);
      predictions.rule.push({
        actual: claim.outcome,
        predicted: rule,
        probabilities: oneHot(rule),
        pTrue: evaluation.score,
      });
      const learned = assess(counts, evaluation.groups);
      predictions.learned.push({
        actual: claim.outcome,
        predicted: learned.likely,
        probabilities: learned.probabilities,
        pTrue: learned.probabilities.true,
      });
    }
  }
  return {
    folds,
    seed,
    claims: claims.length,
    results: {
      majority: score(predictions.majority),
      rule: score(predictions.rule),
      learned: score(predictions.learned),
    },
  };
}

const fixed = (x: number | null, digits = 3): string => (x === null ? '–' : x.toFixed(digits));

/** The report `npm run evaluate` prints. */
export function formatCrossValidation(cv: CrossValidation): string {
  const label: Record<Method, string> = {
    majority: 'majority class',
    rule: 'rule status',
    learned: 'learned assessment',
  };
  const lines = [
    `${cv.folds}-fold cross-validation on ${cv.claims} reviewed claims (seed ${cv.seed})`,
    '',
    'method               accuracy  macro-F1  AUC p(true)  Brier',
  ];
  for (const m of METHODS) {
    const r = cv.results[m];
    lines.push(
      `${label[m].padEnd(20)} ${fixed(r.accuracy).padStart(8)}  ${fixed(r.macroF1).padStart(8)}  ${fixed(r.auc).padStart(11)}  ${fixed(r.brier).padStart(5)}`,
    );
  }
  for (const m of METHODS) {
    lines.push('', `${label[m]}: confusion (rows: verdict, columns: predicted)`);
    lines.push(`${''.padEnd(10)}${OUTCOMES.map((o) => o.padStart(10)).join('')}`);
    for (const a of OUTCOMES) {
      lines.push(
        `${a.padEnd(10)}${OUTCOMES.map((p) => String(cv.results[m].confusion[a][p]).padStart(10)).join('')}`,
      );
    }
  }
  lines.push(
    '',
    'AUC ranks p(true) of claims found true against those found false (the rule status ranks its score).',
    'Brier: mean squared distance of the three probabilities from the outcome (the rule status is scored as certain).',
  );
  return lines.join('\n');
}
