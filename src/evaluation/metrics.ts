/** How well predictions of an outcome match the verdicts: the figures `npm run evaluate` prints. */
import type { OutcomeProbabilities } from '../corroboration/track-records.js';
import { OUTCOMES, type Outcome } from '../domain/outcomes.js';

export interface Prediction {
  actual: Outcome;
  predicted: Outcome;
  probabilities: OutcomeProbabilities;
  /** The value ranked for the AUC: higher means "more likely true". */
  pTrue: number;
}

export interface Scores {
  claims: number;
  accuracy: number;
  /** The mean of the F1 of true, false and unproven (a class never predicted nor present counts 0). */
  macroF1: number;
  /** Area under the ROC curve of `pTrue`, claims found true against claims found false. */
  auc: number | null;
  /** Mean over claims of the squared distance between the probabilities and the outcome (0 best, 2 worst). */
  brier: number;
  /** confusion[actual][predicted] */
  confusion: Record<Outcome, Record<Outcome, number>>;
}

/** Mann–Whitney: the chance a random positive ranks above a random negative, ties counting half. */
export function auc(positives: readonly number[], negatives: readonly number[]): number | null {
  if (positives.length === 0 || negatives.length === 0) return null;
  const all = [
    ...positives.map((v) => ({ v, pos: true })),
    ...negatives.map((v) => ({ v, pos: false })),
  ].sort((a, b) => a.v - b.v);
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j].v === all[i].v) j++;
    const rank = (i + 1 + j) / 2; // the average of ranks i+1 … j
    for (let k = i; k < j; k++) if (all[k].pos) rankSum += rank;
    i = j;
  }
  const n = positives.length;
  return (rankSum - (n * (n + 1)) / 2) / (n * negatives.length);
}

export function score(predictions: readonly Prediction[]): Scores {
  const confusion = Object.fromEntries(
    OUTCOMES.map((a) => [a, Object.fromEntries(OUTCOMES.map((p) => [p, 0]))]),
  ) as Record<Outcome, Record<Outcome, number>>;
  let right = 0;
  let brier = 0;
  for (const p of predictions) {
    confusion[p.actual][p.predicted]++;
    if (p.actual === p.predicted) right++;
    for (const o of OUTCOMES) brier += (p.probabilities[o] - (o === p.actual ? 1 : 0)) ** 2;
  }
  const f1s = OUTCOMES.map((o) => {
    const tp = confusion[o][o];
    const predicted = OUTCOMES.reduce((sum, a) => sum + confusion[a][o], 0);
    const actual = OUTCOMES.reduce((sum, q) => sum + confusion[o][q], 0);
    return predicted + actual === 0 ? 0 : (2 * tp) / (predicted + actual);
  });
  const n = predictions.length;
  return {
    claims: n,
    accuracy: n ? right / n : 0,
    macroF1: f1s.reduce((a, b) => a + b, 0) / f1s.length,
    auc: auc(
      predictions.filter((p) => p.actual === 'true').map((p) => p.pTrue),
      predictions.filter((p) => p.actual === 'false').map((p) => p.pTrue),
    ),
    brier: n ? brier / n : 0,
    confusion,
  };
}
