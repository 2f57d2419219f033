/** The Admiralty (NATO) source-reliability scale, A (completely reliable) to F (cannot be judged). */

export const RELIABILITY_GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type ReliabilityGrade = (typeof RELIABILITY_GRADES)[number];

/** A source nobody has graded yet: reliability cannot be judged. */
export const DEFAULT_GRADE: ReliabilityGrade = 'F';

/** Probability that a source of this Admiralty grade is right when it takes a side. */
export const GRADE_PROBABILITY: Readonly<Record<ReliabilityGrade, number>> = {
  A: 0.95,
  B: 0.8,
  C: 0.65,
  D: 0.45,
  E: 0.25,
  F: 0.6,
};
