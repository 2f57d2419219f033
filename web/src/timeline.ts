/** One moment of a claim's story: when something was stated, and what. */
export interface StoryMoment {
  /** The instant, as the API gives it (ISO 8601). */
  at: string;
  /** The stances stated at that instant, in the order given. */
  stances: { kind: string; sourceId: string }[];
}

/**
 * The moments of a claim's story in story time (`statedAt`), oldest first, stances stated at the
 * same instant together. What the timeline's slider steps through.
 */
export function storyMoments(
  stances: readonly { statedAt: string; kind: string; sourceId: string }[],
): StoryMoment[] {
  const byInstant = new Map<number, StoryMoment>();
  for (const s of stances) {
    const t = Date.parse(s.statedAt);
    if (Number.isNaN(t)) continue;
    const moment = byInstant.get(t) ?? { at: new Date(t).toISOString(), stances: [] };
    moment.stances.push({ kind: s.kind, sourceId: s.sourceId });
    byInstant.set(t, moment);
  }
  return [...byInstant.entries()].sort(([a], [b]) => a - b).map(([, m]) => m);
}
