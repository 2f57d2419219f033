/** What a source can say about a claim, and which side each kind of stance takes. */

export const STANCE_KINDS = [
  'asserts',
  'confirms',
  'denies',
  'questions',
  'reports',
  'declines_to_confirm',
  'retracts',
] as const;
export type StanceKind = (typeof STANCE_KINDS)[number];

export const POLARITIES = ['support', 'refute', 'doubt', 'neutral', 'withdrawn'] as const;
export type Polarity = (typeof POLARITIES)[number];

export const POLARITY: Readonly<Record<StanceKind, Polarity>> = {
  asserts: 'support',
  confirms: 'support',
  denies: 'refute',
  questions: 'doubt',
  reports: 'neutral',
  declines_to_confirm: 'neutral',
  retracts: 'withdrawn',
};
